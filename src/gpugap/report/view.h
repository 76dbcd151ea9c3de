// What the report's page shows beyond a run's JSON ("the view"): display names, the headline,
// the Vega-Lite charts (report/vega.h), the explain tree of every final result, the published
// figures' checks, the blocks' views. docs/report.md describes its shape.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

// `run` is the run's JSON (render_json()); each of `analyses` (tornado_json(), sobol_json()) adds
// its chart. `results` are point values, for the explain tree.
nlohmann::ordered_json report_view(const Model& model, const PointResults& results,
                                   const nlohmann::ordered_json& run,
                                   const std::vector<nlohmann::ordered_json>& analyses = {});

// Every quantity's name as a chart shows it: the scenario's `label`, else display_name() (report/
// vega.h). The view's "labels"; also what the sensitivity charts of `gpugap sensitivity` and of
// the server's POST /api/sensitivity name their inputs and output by.
nlohmann::ordered_json quantity_labels(const Scenario& scenario);

// The Vega-Lite specs of a run, for `gpugap run --format vega-lite`: a JSON array of the specs the
// report draws (its view's "charts", the blocks' views included; the Sankey is no Vega-Lite).
nlohmann::ordered_json vega_lite_specs(const Model& model, const PointResults& results,
                                       const nlohmann::ordered_json& run);

}  // namespace gpugap
