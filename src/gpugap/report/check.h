// `gpugap check`: each [expect] entry against the value computed from the scenario's inputs — a
// published figure (with its source, compared with its rounding) or a consistency check of the
// scenario's own arithmetic.
#pragma once

#include <string>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

struct CheckOutcome {
  std::string name;
  bool published = false;  // a figure from a source; else a consistency check
  std::string source;
  std::string expected;  // as people read it: "$600B ($599.5B to $600.5B)", "≥ $125B", "$500B ± 1%"
  std::string computed;
  bool passed = false;
};

// The compiler rejects a published value that is not a number and an expectation on a series;
// what is left cannot fail.
Result<std::vector<CheckOutcome>> check_expectations(const Model& model,
                                                     const PointResults& results);

}  // namespace gpugap
