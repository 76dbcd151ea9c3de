#include "gpugap/report/playground.h"

#include <fmt/format.h>
#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gpugap/report/html_text.h"
#include "gpugap/scenario/bundled.h"

#ifndef GPUGAP_WASM_BUILD_DIR
#define GPUGAP_WASM_BUILD_DIR ""
#endif

namespace gpugap {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// Nothing but the page itself: no request of any kind, a worker only from the page's own bytes.
constexpr const char* kPolicy =
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
    "form-action 'none'; base-uri 'none'";

bool has_engine(const fs::path& dir) {
  std::error_code ec;
  return fs::is_regular_file(dir / "gpugap.js", ec) && fs::is_regular_file(dir / "gpugap.wasm", ec);
}

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return static_cast<bool>(in) || in.eof();
}

// The engine as the page carries it, read and compressed once per process (`serve` asks often).
struct Engine {
  std::string glue;       // gpugap.js
  std::string wasm_gzip;  // gpugap.wasm, gzipped, base64
  std::string dir;        // where they were read; empty when not found
};

const Engine& engine() {
  static Engine cached;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string dir = wasm_engine_dir();
    std::string wasm;
    if (dir.empty() || !read_file(fs::path(dir) / "gpugap.js", cached.glue) ||
        !read_file(fs::path(dir) / "gpugap.wasm", wasm)) {
      cached.glue.clear();
      return;
    }
    cached.wasm_gzip = base64(gzip(wasm));
    cached.dir = dir;
  });
  return cached;
}

// The bundled scenarios' text by name, for "fork a bundled scenario".
json bundled_texts() {
  json out = json::object();
  for (const std::string& name : bundled_scenario_names()) {
    std::string text;
    if (read_file(fs::path(bundled_scenarios_dir()) / (name + ".toml"), text)) out[name] = text;
  }
  return out;
}

}  // namespace

std::string wasm_engine_dir() {
  if (const char* env = std::getenv("GPUGAP_WASM"); env && *env) {
    return has_engine(env) ? std::string(env) : std::string();
  }
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = self.parent_path() / ".." / "share" / "gpugap" / "wasm";
    if (has_engine(installed)) return installed.lexically_normal().string();
  }
  if (*GPUGAP_WASM_BUILD_DIR && has_engine(GPUGAP_WASM_BUILD_DIR)) return GPUGAP_WASM_BUILD_DIR;
  return {};
}

std::string gzip(std::string_view bytes) {
  z_stream stream{};
  // 15 + 16: a gzip header and trailer around the deflate stream.
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return {};
  }
  std::string out(deflateBound(&stream, bytes.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return status == Z_STREAM_END ? out : std::string();
}

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) |
                 (static_cast<uint8_t>(bytes[i + 1]) << 8) | static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

Result<std::string> render_playground_html(const std::string& name, const std::string& text) {
  if (playground_script().empty()) {
    return Diagnostic{{},
                      "this gpugap was built without its web UI (Node.js or web/node_modules "
                      "was missing at build time)",
                      "run scripts/setup, then build again"};
  }
  const Engine& e = engine();
  if (e.dir.empty()) {
    return Diagnostic{{},
                      "this gpugap has no WebAssembly engine for the playground to compute with "
                      "(gpugap.js and gpugap.wasm were not found)",
                      "install emscripten (scripts/setup) and build again, or point $GPUGAP_WASM "
                      "at the folder that holds them"};
  }
  json data;
  data["gpugap"] = GPUGAP_VERSION;
  data["name"] = name;
  data["text"] = text;
  data["samples"] = 10000;
  data["scenarios"] = bundled_texts();
  data["engine"] = {{"glue", e.glue}, {"wasm_gzip", e.wasm_gzip}};
  std::string out;
  out.reserve(playground_script().size() + e.glue.size() + e.wasm_gzip.size() + 262144);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", kPolicy);
  out += fmt::format("<meta name=\"generator\" content=\"gpugap {}\">\n", GPUGAP_VERSION);
  out += "<link rel=\"icon\" href=\"data:,\">\n";  // so that no browser asks for /favicon.ico
  out += "<title>" + html_escape(name) + " — gpugap playground</title>\n<style>\n";
  out += playground_style();
  out += "\n</style>\n</head>\n<body>\n<div id=\"gpugap-playground\"></div>\n";
  out +=
      "<noscript><p>The playground edits and computes with JavaScript: please allow scripts for "
      "it.</p></noscript>\n";
  out += "<script type=\"application/json\" id=\"gpugap-playground-data\">";
  out += script_json(data);
  out += "</script>\n<script>\n";
  out += playground_script();
  out += "\n</script>\n</body>\n</html>\n";
  return out;
}

Result<std::string> render_playground_file(const std::string& path) {
  std::string text;
  if (!read_file(path, text)) {
    return Diagnostic{{}, fmt::format("cannot read {}", path), "check that the file is readable"};
  }
  return render_playground_html(fs::path(path).stem().string(), text);
}

}  // namespace gpugap
