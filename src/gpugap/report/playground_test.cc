#include "gpugap/report/playground.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>
#include <string>

namespace gpugap {
namespace {

// What the page's DecompressionStream("gzip") does, with zlib.
std::string gunzip(const std::string& bytes) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(Playground, Base64IsRfc4648) {
  EXPECT_EQ(base64(""), "");
  EXPECT_EQ(base64("f"), "Zg==");
  EXPECT_EQ(base64("fo"), "Zm8=");
  EXPECT_EQ(base64("foo"), "Zm9v");
  EXPECT_EQ(base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Playground, GzipRoundTripsAndShrinks) {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "gpu_runrate = { value = \"150B\" }\n" + std::to_string(i);
  std::string packed = gzip(text);
  ASSERT_FALSE(packed.empty());
  EXPECT_EQ(packed.substr(0, 2), "\x1f\x8b");  // a gzip member
  EXPECT_LT(packed.size(), text.size() / 4);
  EXPECT_EQ(gunzip(packed), text);
}

TEST(Playground, PageCarriesTextScenariosAndPolicyOrSaysWhatIsMissing) {
  auto page = render_playground_html("mine", "title = \"</script><b>\"\n");
  if (playground_script().empty() || wasm_engine_dir().empty()) {
    ASSERT_FALSE(page);
    EXPECT_NE(page.diagnostics().front().hint, "");
    GTEST_SKIP() << "built without the playground's script or the WebAssembly engine";
  }
  ASSERT_TRUE(page) << page.diagnostics().front().message;
  EXPECT_NE(page->find("connect-src 'none'"), std::string::npos);
  EXPECT_NE(page->find("worker-src blob:"), std::string::npos);
  // The text is in the data, where "</script>" cannot end the element.
  EXPECT_EQ(page->find("</script><b>"), std::string::npos);
  EXPECT_NE(page->find("\\u003c/script>\\u003cb>"), std::string::npos);
  EXPECT_NE(page->find("\"sequoia-2024-uncertain\":"), std::string::npos);
  EXPECT_NE(page->find("<title>mine — gpugap playground</title>"), std::string::npos);
}

TEST(Playground, WasmFolderFromTheEnvironmentMustHoldTheEngine) {
  ::setenv("GPUGAP_WASM", "/nonexistent-folder", 1);
  EXPECT_EQ(wasm_engine_dir(), "");
  ::unsetenv("GPUGAP_WASM");
}

}  // namespace
}  // namespace gpugap
