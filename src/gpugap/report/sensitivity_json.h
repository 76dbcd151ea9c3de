// A sensitivity analysis as `gpugap sensitivity --format json` prints it and the report's charts
// read it (report/vega.h): values in the output's and inputs' display units.
#pragma once

#include <nlohmann/json.hpp>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/compile/model.h"

namespace gpugap {

nlohmann::ordered_json tornado_json(const Model& model, const Tornado& tornado);
nlohmann::ordered_json sobol_json(const Model& model, const SobolResult& sobol);

}  // namespace gpugap
