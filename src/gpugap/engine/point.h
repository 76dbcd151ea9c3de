// Point evaluation: every quantity at its single value (a batch of one sample); uncertain inputs
// take their medians. A quantity whose value is not a finite number (division by zero, log of a
// negative, …; "never" from first_year() excepted) is an error naming the quantity, the
// sub-expression that produced it and the inputs behind it. A non-finite intermediate that `if`
// or another function discards is not an error.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/engine/interpreter.h"

namespace gpugap {

struct PointResults {
  // Per quantity (parallel to Model::quantities): one value, or one per year; base units.
  std::vector<std::vector<double>> values;
};

Result<PointResults> evaluate_point(const Model& model);

// Where a value stopped being a finite number: the instruction that made it from finite (or, for
// a NaN, NaN-free) operands, the slot it wrote (a year of a series), and the quantity it belongs
// to.
struct NonFinite {
  int quantity = -1;
  int instruction = -1;
  uint32_t slot = 0;
};

// The first quantity in evaluation order whose value in `sample` is not finite (an allowed
// "never" excepted), traced back to its cause; only quantities in `among` are checked when it is
// given. Shared with the Monte Carlo engine, which diagnoses its first failing sample this way.
std::optional<NonFinite> find_non_finite(const Model& model, const Workspace& workspace,
                                         size_t sample, const std::vector<int>* among = nullptr);
// `at_medians`: the uncertain inputs were at their medians (evaluate_point), not sampled.
Diagnostic describe_non_finite(const Model& model, const Workspace& workspace, size_t sample,
                               const NonFinite& cause, bool at_medians = false);

}  // namespace gpugap
