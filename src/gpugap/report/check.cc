#include "gpugap/report/check.h"

#include <fmt/format.h>

#include <cmath>

#include "gpugap/units/format.h"
#include "gpugap/util/check.h"

namespace gpugap {

Result<std::vector<CheckOutcome>> check_expectations(const Model& model,
                                                     const PointResults& results) {
  GPUGAP_DCHECK(model.expectations.size() == model.scenario.expectations.size());
  std::vector<CheckOutcome> outcomes;
  // The compiler has read every published figure (in the quantity's unit; "50%" of a % quantity
  // is already a fraction) and rejected the files whose figures are not numbers.
  for (size_t i = 0; i < model.scenario.expectations.size(); ++i) {
    const Expectation& e = model.scenario.expectations[i];
    const CompiledExpectation& compiled = model.expectations[i];
    const int index = compiled.quantity;
    const CompiledQuantity& q = model.quantities[index];
    const double expected = compiled.low;
    const double high = compiled.high;
    double computed = results.values[index][0];
    CheckOutcome outcome;
    outcome.name = e.name;
    outcome.published = e.published;
    outcome.source = e.source;
    outcome.computed = format_value(computed, q.unit);
    std::string shown = format_value(expected, q.unit);
    switch (e.kind) {
      case Expectation::Kind::kEqual:
        outcome.passed = std::abs(computed - expected) <= e.tolerance * std::abs(expected);
        outcome.expected = fmt::format("{} ± {:g}%", shown, e.tolerance * 100);
        break;
      case Expectation::Kind::kAtLeast:
        outcome.passed = computed >= expected;
        outcome.expected = "≥ " + shown;
        break;
      case Expectation::Kind::kAtMost:
        outcome.passed = computed <= expected;
        outcome.expected = "≤ " + shown;
        break;
      case Expectation::Kind::kRounded:
        outcome.passed = computed >= expected && computed <= high;
        // As published, and the values that round to it (one more digit shows the half step).
        outcome.expected =
            fmt::format("{} (rounded: {} to {})", format_value((expected + high) / 2, q.unit, 4),
                        format_value(expected, q.unit, 5), format_value(high, q.unit, 5));
        break;
      case Expectation::Kind::kBetween:
        outcome.passed = computed >= expected && computed <= high;
        outcome.expected = shown + " to " + format_value(high, q.unit);
        break;
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace gpugap
