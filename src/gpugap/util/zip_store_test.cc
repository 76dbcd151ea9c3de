// ZipStore: the bytes of a stored ZIP as the format (APPNOTE 4.3) lays them out.
#include "gpugap/util/zip_store.h"

#include <gtest/gtest.h>

#include <sstream>

namespace gpugap {
namespace {

uint32_t read32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

TEST(ZipStore, AnEmptyArchiveIsItsEndRecord) {
  std::ostringstream out;
  ZipStore zip(out);
  ASSERT_TRUE(zip.finish());
  EXPECT_EQ(out.str(), std::string("PK\x05\x06", 4) + std::string(18, '\0'));
}

TEST(ZipStore, AnEntryHasItsCrcSizeAndNameInBothHeaders) {
  std::ostringstream out;
  ZipStore zip(out);
  ASSERT_TRUE(zip.add("a.npy", "abc"));
  ASSERT_TRUE(zip.add("b.npy", ""));
  ASSERT_TRUE(zip.finish());
  const std::string s = out.str();
  // Local header of a.npy: signature, CRC-32 of "abc", sizes, name, data.
  EXPECT_EQ(read32(s, 0), 0x04034b50u);
  EXPECT_EQ(read32(s, 14), 0x352441c2u);
  EXPECT_EQ(read32(s, 18), 3u);
  EXPECT_EQ(read32(s, 22), 3u);
  EXPECT_EQ(s.substr(30, 8), "a.npyabc");
  // The second entry starts right after; the central directory after both.
  EXPECT_EQ(read32(s, 38), 0x04034b50u);
  const size_t directory = 38 + 30 + 5;
  EXPECT_EQ(read32(s, directory), 0x02014b50u);
  EXPECT_EQ(read32(s, directory + 16), 0x352441c2u);
  EXPECT_EQ(read32(s, directory + 42), 0u);  // a.npy's local header offset
  EXPECT_EQ(s.substr(directory + 46, 5), "a.npy");
  // End record: two entries, the directory's size and offset.
  const size_t end = s.size() - 22;
  EXPECT_EQ(read32(s, end), 0x06054b50u);
  EXPECT_EQ(read32(s, end + 8), 0x00020002u);
  EXPECT_EQ(read32(s, end + 12), end - directory);
  EXPECT_EQ(read32(s, end + 16), directory);
}

}  // namespace
}  // namespace gpugap
