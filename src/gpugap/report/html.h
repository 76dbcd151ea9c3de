// The HTML report and the page of `gpugap serve`. Both are one HTML file whose script and style are
// the web UI (web/, built with esbuild and embedded in the binary at build time): the report also
// carries its data (a run's JSON and its view) and a Content-Security-Policy that forbids
// every network request, so it opens offline and can be mailed as it is.
// The page draws everything from the data (report/view.h); docs/report.md describes its shape.
// Both carry the WebAssembly engine as report/engine_embed.h says (without it, the report says
// its reader cannot recompute).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/util/diagnostics.h"

namespace gpugap {

// How the report was made, shown in its footer and used by "open in gpugap serve" links.
struct ReportRequest {
  std::vector<std::string> sets;
  uint64_t samples = 0;  // 0: point values
  uint64_t seed = 0;
};

// The self-contained report. Diagnostic when the binary was built without the web UI. `source` is
// the scenario as the page's engine is asked for it (docs/wasm.md): {"scenario": a bundled name}
// or {"text": the file's TOML, "path": its name}; null: the reader cannot recompute.
Result<std::string> render_report_html(const nlohmann::ordered_json& run,
                                       const nlohmann::ordered_json& view,
                                       const ReportRequest& request,
                                       const nlohmann::ordered_json& source = nullptr);

// The page of `gpugap serve`: the same script and style, with the JSON API as its data source.
Result<std::string> render_app_html();

// The web UI's built script and style (generated at build time from web/); empty when the binary
// was built without Node.js or web/node_modules (scripts/setup installs both).
std::string_view web_script();
std::string_view web_style();

}  // namespace gpugap
