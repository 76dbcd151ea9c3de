// Break-even: the value of one quantity that makes another hit a target, everything else at its
// point value (uncertain inputs at their medians). Each trial replaces the varied quantity's
// formula with a number and recompiles the scenario, so any quantity can be varied; the root is
// bracketed and found with Boost.Math's TOMS 748.
#pragma once

#include <optional>
#include <string>

#include "gpugap/scenario/scenario.h"

namespace gpugap {

struct SolveRequest {
  std::string target;       // quantity to hit …
  std::string target_text;  // … this value (a number in its unit: "0", "600B")
  std::string vary;         // quantity to vary …
  std::optional<std::pair<std::string, std::string>> between;  // … in this bracket (its unit)
};

struct SolveResult {
  bool found = false;
  double value = 0;          // of `vary`, in base units
  double low = 0, high = 0;  // the bracket searched, base units
  double target_at_low = 0, target_at_high = 0;
  double target_value = 0;  // base units
  int evaluations = 0;
  std::string explanation;  // why there is no root, when none
};

Result<SolveResult> solve(const Scenario& scenario, const SolveRequest& request);

}  // namespace gpugap
