// The headline of a report: the few scalars a reader should see first, and the final results (no
// other quantity uses them) that head the explain tree.
#pragma once

#include <string>
#include <vector>

#include "gpugap/compile/model.h"

namespace gpugap {

// The quantities of the headline, at most six scalars: those the scenario names in its
// `headline = [...]` when it has one; else required revenue, AI revenue and the gap
// when the scenario has them; the results in money whose names say they are a gap, a shortfall or
// a required revenue ("shortfall_2030"); the published figures ([expect]), results before inputs;
// failing all of these, the final results.
std::vector<std::string> headline_quantities(const Model& model);

// Results nothing else uses, in scenario order: the roots of the explain tree.
std::vector<int> final_results(const Model& model);

}  // namespace gpugap
