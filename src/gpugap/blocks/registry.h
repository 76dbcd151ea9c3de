// The blocks a scenario can switch on with a top-level table, and their expansion: each block's
// table becomes a Block (engine/block.h) and its inputs become quantities of the scenario.
// Call after load_scenario and before apply_overrides, so that --set reaches block inputs.
#pragma once

#include <vector>

#include "gpugap/scenario/scenario.h"

namespace gpugap {

std::vector<Diagnostic> expand_blocks(Scenario& scenario);

}  // namespace gpugap
