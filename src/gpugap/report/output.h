// Results of a point run as a table for people, JSON for programs, CSV for spreadsheets.
// The JSON shape is stable: later versions add fields, never rename them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/analysis/uncertainty.h"
#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

// Which quantities to report: all (empty `only`) or the named ones, in scenario order.
std::vector<int> selected_quantities(const Model& model, const std::vector<std::string>& only);

// `uncertainty`, when given, adds Monte Carlo statistics to the uncertain quantities.
std::string render_table(const Model& model, const PointResults& results,
                         const std::vector<int>& selection,
                         const Uncertainty* uncertainty = nullptr);
nlohmann::ordered_json render_json(const Model& model, const PointResults& results,
                                   const std::vector<int>& selection,
                                   const Uncertainty* uncertainty = nullptr);
std::string render_csv(const Model& model, const PointResults& results,
                       const std::vector<int>& selection, const Uncertainty* uncertainty = nullptr);

// One line about where a scenario comes from: "Sequoia Capital, 2024-06-20".
std::string publication_line(const Scenario& scenario);

}  // namespace gpugap
