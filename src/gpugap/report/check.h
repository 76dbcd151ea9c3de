// `gpugap check`: each published figure in [expect] against the value computed from the
// scenario's inputs.
#pragma once

#include <string>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

struct CheckOutcome {
  std::string name;
  std::string expected;  // as people read it: "$600B", "≥ $125B", "$500B ± 1%"
  std::string computed;
  bool passed = false;
};

// The compiler rejects a published value that is not a number and an expectation on a series;
// what is left cannot fail.
Result<std::vector<CheckOutcome>> check_expectations(const Model& model,
                                                     const PointResults& results);

}  // namespace gpugap
