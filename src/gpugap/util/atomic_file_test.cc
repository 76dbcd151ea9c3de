#include "gpugap/util/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gpugap/util/testing.h"

namespace gpugap {
namespace {
namespace fs = std::filesystem;

// Each test gets a fresh, empty folder.
class AtomicFileTest : public testing::TempFolder {
 protected:
  fs::path fresh_dir(const std::string& name) {
    fs::path dir = dir_ / name;
    fs::create_directories(dir);
    return dir;
  }
};

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t entries(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST_F(AtomicFileTest, CommitReplacesTheTargetAndLeavesNothingElse) {
  fs::path dir = fresh_dir("commit");
  fs::path target = dir / "out.txt";
  std::ofstream(target) << "old";
  {
    AtomicFile file(target.string());
    ASSERT_TRUE(file.is_open()) << file.error();
    file.stream() << "new text";
    EXPECT_EQ(contents(target), "old");  // not visible before the commit
    ASSERT_TRUE(file.commit()) << file.error();
  }
  EXPECT_EQ(contents(target), "new text");
  EXPECT_EQ(entries(dir), 1u);
  auto perms = fs::status(target).permissions();
  EXPECT_NE(perms & fs::perms::others_read, fs::perms::none);
}

TEST_F(AtomicFileTest, WithoutCommitTheTargetIsUntouchedAndTheTemporaryGone) {
  fs::path dir = fresh_dir("abandon");
  fs::path target = dir / "out.txt";
  std::ofstream(target) << "old";
  {
    AtomicFile file(target.string());
    file.stream() << "half of it";
  }
  EXPECT_EQ(contents(target), "old");
  EXPECT_EQ(entries(dir), 1u);
}

TEST_F(AtomicFileTest, MissingFolderIsAnErrorNamingThePath) {
  fs::path target = fresh_dir("missing") / "no" / "such" / "out.txt";
  AtomicFile file(target.string());
  EXPECT_FALSE(file.is_open());
  EXPECT_FALSE(file.commit());
  EXPECT_NE(file.error().find("cannot write '" + target.string() + "'"), std::string::npos)
      << file.error();
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(AtomicFileTest, TwoWritersOfOnePathDoNotShareATemporary) {
  fs::path dir = fresh_dir("two");
  fs::path target = dir / "out.txt";
  AtomicFile first(target.string());
  AtomicFile second(target.string());
  first.stream() << "first";
  second.stream() << "second";
  ASSERT_TRUE(second.commit());
  ASSERT_TRUE(first.commit());
  EXPECT_EQ(contents(target), "first");
  EXPECT_EQ(entries(dir), 1u);
}

}  // namespace
}  // namespace gpugap
