// Point evaluation: every quantity at its single value (a block of one sample); uncertain inputs
// take their medians. A value that is
// not a finite number (division by zero, log of a negative, …) is an error that names the
// quantity, the sub-expression that produced it and the inputs behind it.
#pragma once

#include <vector>

#include "gpugap/compile/model.h"

namespace gpugap {

struct PointResults {
  // Per quantity (parallel to Model::quantities): one value, or one per year; base units.
  std::vector<std::vector<double>> values;
};

Result<PointResults> evaluate_point(const Model& model);

// The instruction that first turned finite operands into a non-finite value, or -1. Exposed for
// the Monte Carlo engine, which diagnoses the first failing sample the same way.
// `at_medians`: the uncertain inputs were at their medians (evaluate_point), not sampled.
int first_non_finite(const Model& model, const Workspace& workspace, size_t sample);
Diagnostic describe_non_finite(const Model& model, const Workspace& workspace, size_t sample,
                               int instruction, bool at_medians = false);

}  // namespace gpugap
