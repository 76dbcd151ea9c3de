#include "gpugap/report/engine_embed.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include <nlohmann/json.hpp>

#include "gpugap/report/html.h"
#include "gpugap/report/playground.h"

namespace gpugap {
namespace {

// What the page does with an element's text: atob, then DecompressionStream("gzip").
std::string unbase64(std::string_view text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned bits = 0;
  int count = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) continue;  // '=' padding
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  return out;
}

std::string gunzip(const std::string& bytes) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(16 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

TEST(EngineEmbed, ElementsCarryTheModuleAndItsScriptOrNothing) {
  std::string elements = engine_elements();
  if (!has_web_engine()) {
    EXPECT_EQ(elements, "");
    GTEST_SKIP() << "built without the WebAssembly engine";
  }
  EXPECT_EQ(elements.find("<script type=\"application/gzip;base64\" id=\"gpugap-engine-script\">"),
            0u);
  EXPECT_NE(elements.find("id=\"gpugap-engine-wasm\">"), std::string::npos);
  // Nothing inside the elements can end them early.
  EXPECT_EQ(web_engine_script().find('<'), std::string_view::npos);
  EXPECT_EQ(web_engine_wasm().find('<'), std::string_view::npos);
  std::string wasm = gunzip(unbase64(web_engine_wasm()));
  ASSERT_GE(wasm.size(), 8u);
  EXPECT_EQ(wasm.substr(0, 4), std::string("\0asm", 4));  // a WebAssembly module
  EXPECT_NE(gunzip(unbase64(web_engine_script())).find("gpugap_run"), std::string::npos);
}

// The report, the page of `gpugap serve` and the playground embed the engine one way: the same
// elements, once each.
TEST(EngineEmbed, EveryPageCarriesTheSameElements) {
  if (!has_web_engine()) GTEST_SKIP() << "built without the WebAssembly engine";
  nlohmann::ordered_json run = {
      {"scenario", "x"}, {"title", "x"}, {"quantities", nlohmann::ordered_json::object()}};
  auto report = render_report_html(run, nlohmann::ordered_json::object(), ReportRequest{});
  auto app = render_app_html();
  auto playground = render_playground_html("x", "");
  std::string elements = engine_elements();
  for (const auto* page : {&report, &app, &playground}) {
    if (!*page) GTEST_SKIP() << page->diagnostics().front().message;  // no web UI in this build
    size_t at = (**page).find(elements);
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ((**page).find("id=\"gpugap-engine-wasm\"", at + elements.size()), std::string::npos);
  }
}

}  // namespace
}  // namespace gpugap
