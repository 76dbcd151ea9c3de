#include "gpugap/report/html.h"

#include <fmt/format.h>

#include "gpugap/report/engine_embed.h"
#include "gpugap/report/html_text.h"

namespace gpugap {
namespace {

using json = nlohmann::ordered_json;

// The report may not reach the network at all; the served page only its own server. Both run the
// engine in Web Workers made from blob: URLs (the page's own script), and compile WebAssembly
// ('unsafe-eval').
constexpr const char* kReportPolicy =
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; worker-src blob:; "
    "form-action 'none'; base-uri 'none'";
constexpr const char* kAppPolicy =
    "default-src 'self'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; worker-src blob:; form-action 'none'; "
    "base-uri 'none'";

Result<std::string> page(const std::string& title, const char* mode, const char* policy,
                         const json* data) {
  if (web_script().empty()) {
    return Diagnostic{{},
                      "this gpugap was built without its web UI (Node.js or web/node_modules "
                      "was missing at build time)",
                      "run scripts/setup, then build again"};
  }
  std::string out;
  out.reserve(web_script().size() + web_style().size() + web_engine_script().size() +
              web_engine_wasm().size() + 65536);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", policy);
  out += fmt::format("<meta name=\"generator\" content=\"gpugap {}\">\n", GPUGAP_VERSION);
  // An empty icon, so that the browser does not ask for /favicon.ico.
  out += "<link rel=\"icon\" href=\"data:,\">\n";
  out += "<title>" + html_escape(title) + "</title>\n<style>\n";
  out += web_style();
  out += "\n</style>\n</head>\n<body>\n";
  out += fmt::format("<div id=\"gpugap\" data-mode=\"{}\"></div>\n", mode);
  out +=
      "<noscript><p class=\"noscript\">This page draws its tables and charts with JavaScript: "
      "please allow scripts for it.</p></noscript>\n";
  if (data) {
    out += "<script type=\"application/json\" id=\"gpugap-data\">";
    out += script_json(*data);
    out += "</script>\n";
  }
  out += engine_elements();
  out += "<script>\n";
  out += web_script();
  out += "\n</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace

Result<std::string> render_report_html(const json& run, const json& view,
                                       const ReportRequest& request, const json& source) {
  json data;
  data["gpugap"] = GPUGAP_VERSION;
  data["run"] = run;
  data["view"] = view;
  data["request"] = {{"sets", request.sets},
                     {"samples", request.samples},
                     {"seed", request.seed},
                     {"source", source}};
  std::string title = run.value("title", "");
  if (title.empty()) title = run.value("scenario", "");
  return page(title + " — gpugap report", "report", kReportPolicy, &data);
}

Result<std::string> render_app_html() { return page("gpugap", "app", kAppPolicy, nullptr); }

}  // namespace gpugap
