// `gpugap explain`: the derivation of a quantity as a tree. Each node shows the formula, the same
// formula with its inputs' values substituted, the unit and the source, down to sourced inputs.
#pragma once

#include <string>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

// `depth` limits how many levels below the root are expanded (negative: no limit).
std::string render_explain(const Model& model, const PointResults& results, int quantity,
                           int depth);

}  // namespace gpugap
