// The HTML report and the page of `gpugap serve`. Both are one HTML file whose script and style are
// the web UI (web/, built with esbuild and embedded in the binary at build time): the report also
// carries its data (a run's JSON and the view below) and a Content-Security-Policy that forbids
// every network request, so it opens offline and can be mailed as it is.
// The page draws everything from the data; docs/report.md describes the data's shape.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

// The quantities of the headline, at most six scalars: required revenue, AI revenue and the gap
// when the scenario has them; the results in money whose names say they are a gap, a shortfall or
// a required revenue ("shortfall_2030"); the published figures ([expect]), results before inputs;
// failing all of these, the final results.
std::vector<std::string> headline_quantities(const Model& model);

// What the page shows beyond the run's JSON: display names, the headline, the Vega-Lite charts
// (report/vega.h), the explain tree of every final result, the published figures' checks.
// `run` is the run's JSON (render_json()); each of `analyses` (tornado_json(), sobol_json()) adds
// its chart. `results` are point values, for the explain tree.
nlohmann::ordered_json report_view(const Model& model, const PointResults& results,
                                   const nlohmann::ordered_json& run,
                                   const std::vector<nlohmann::ordered_json>& analyses = {});

// A sensitivity analysis as `gpugap sensitivity --format json` prints it.
nlohmann::ordered_json tornado_json(const Model& model, const Tornado& tornado);
nlohmann::ordered_json sobol_json(const Model& model, const SobolResult& sobol);

// The Vega-Lite specs of a run, for `gpugap run --format vega-lite`: a JSON array of the specs the
// report draws (its view's "charts", the blocks' views included; the Sankey is no Vega-Lite).
nlohmann::ordered_json vega_lite_specs(const Model& model, const PointResults& results,
                                       const nlohmann::ordered_json& run);

// How the report was made, shown in its footer and used by "open in gpugap serve" links.
struct ReportRequest {
  std::vector<std::string> sets;
  uint64_t samples = 0;  // 0: point values
  uint64_t seed = 0;
};

// The self-contained report. Diagnostic when the binary was built without the web UI.
Result<std::string> render_report_html(const nlohmann::ordered_json& run,
                                       const nlohmann::ordered_json& view,
                                       const ReportRequest& request);

// The page of `gpugap serve`: the same script and style, with the JSON API as its data source.
Result<std::string> render_app_html();

// The web UI's built script and style (generated at build time from web/); empty when the binary
// was built without Node.js or web/node_modules (scripts/setup installs both).
std::string_view web_script();
std::string_view web_style();

}  // namespace gpugap
