// `gpugap explain`: the derivation of a quantity as a tree. Each node shows the formula, the same
// formula with its inputs' values substituted, the unit and the source, down to sourced inputs.
// The tree stops at a depth limit with a marker saying how many levels lie below.
#pragma once

#include <string>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

// Levels shown below the quantity when --depth is not given, and the most --depth may ask for:
// a deeper tree is unreadable (and each level costs stack while it is drawn).
inline constexpr int kDefaultExplainDepth = 25;
inline constexpr int kMaxExplainDepth = 500;

// Expands at most `depth` levels below the root (clamped to 0..kMaxExplainDepth).
std::string render_explain(const Model& model, const PointResults& results, int quantity,
                           int depth);

// A series as explain shows it: every year when there are few, else the first and last years
// with the smallest and largest values and their years.
std::string series_text(const std::vector<double>& values, int first_year, const Unit& unit);

}  // namespace gpugap
