// `gpugap diff A B`: every quantity whose definition or value differs between two scenarios,
// with both values, the change, and the changed inputs that caused it.
#pragma once

#include <string>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

struct DiffRow {
  std::string name;
  std::string change;          // "value", "formula", "only in A", "only in B"
  std::string a_text, b_text;  // shown values (series: the last year's)
  double a = 0, b = 0;         // in B's unit (A's when only in A)
  std::string unit;
  std::vector<std::string> caused_by;  // changed definitions upstream (or itself)
};

std::vector<DiffRow> diff_models(const Model& a, const PointResults& ra, const Model& b,
                                 const PointResults& rb);

}  // namespace gpugap
