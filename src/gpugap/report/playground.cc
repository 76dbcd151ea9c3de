#include "gpugap/report/playground.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gpugap/report/engine_embed.h"
#include "gpugap/report/html_text.h"
#include "gpugap/scenario/bundled.h"

namespace gpugap {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

// Nothing but the page itself: no request of any kind, a worker only from the page's own bytes.
constexpr const char* kPolicy =
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; worker-src blob:; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; "
    "form-action 'none'; base-uri 'none'";

bool read_file(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return static_cast<bool>(in) || in.eof();
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

Result<std::string> render_playground_html(const std::string& name, const std::string& text) {
  if (playground_script().empty()) {
    return Diagnostic{{},
                      "this gpugap was built without its web UI (Node.js or web/node_modules "
                      "was missing at build time)",
                      "run scripts/setup, then build again"};
  }
  if (!has_web_engine()) {
    return Diagnostic{{},
                      "this gpugap was built without its WebAssembly engine, which the playground "
                      "computes with",
                      "install emscripten (scripts/setup) and build again"};
  }
  json data;
  data["gpugap"] = GPUGAP_VERSION;
  data["name"] = name;
  data["text"] = text;
  data["samples"] = 10000;
  data["scenarios"] = bundled_texts();
  std::string out;
  out.reserve(playground_script().size() + web_engine_script().size() + web_engine_wasm().size() +
              262144);
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
  out += "</script>\n";
  out += engine_elements();
  out += "<script>\n";
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
