// Explaining a value that is not a finite number (NaN, ±infinity; "never" from first_year()
// excepted): which instruction made it from finite operands, the sub-expression of the scenario
// it came from, and the inputs or --set overrides behind it. Point runs and Monte Carlo runs
// (their first failing sample) report their errors this way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/engine/interpreter.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

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
