// Point evaluation: every quantity at its single value (a batch of one sample); uncertain inputs
// take their medians. A quantity whose value is not a finite number (division by zero, log of a
// negative, …; "never" from first_year() excepted) is an error naming the quantity, the
// sub-expression that produced it and the inputs behind it (engine/non_finite.h). A non-finite
// intermediate that `if` or another function discards is not an error.
#pragma once

#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/engine/interpreter.h"

namespace gpugap {

struct PointResults {
  // Per quantity (parallel to Model::quantities): one value, or one per year; base units.
  std::vector<std::vector<double>> values;
};

Result<PointResults> evaluate_point(const Model& model);

}  // namespace gpugap
