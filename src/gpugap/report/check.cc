#include "gpugap/report/check.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "gpugap/expr/constant.h"
#include "gpugap/expr/parser.h"
#include "gpugap/units/format.h"

namespace gpugap {

Result<std::vector<CheckOutcome>> check_expectations(const Model& model,
                                                     const PointResults& results) {
  std::vector<CheckOutcome> outcomes;
  std::vector<Diagnostic> diagnostics;
  for (const Expectation& e : model.scenario.expectations) {
    int index = model.index_of(e.name);
    const CompiledQuantity& q = model.quantities[index];
    if (q.series) {
      diagnostics.push_back({e.location,
                             fmt::format("'{}' is a series; [expect] checks single values", e.name),
                             fmt::format("add a quantity such as {0}_2030 = \"at({0}, 2030)\" and "
                                         "expect that",
                                         e.name)});
      continue;
    }
    // Like a quantity's value, a published figure is in the quantity's unit; "50%" is already a
    // fraction.
    auto published = [&](const std::string& text,
                         const TextOrigin& origin) -> std::optional<double> {
      auto number =
          number_in_unit(text, origin, q.unit, fmt::format("the published value of '{}'", e.name));
      if (!number) {
        diagnostics.insert(diagnostics.end(), number.diagnostics().begin(),
                           number.diagnostics().end());
        return std::nullopt;
      }
      return *number;
    };
    auto low = published(e.text, e.origin);
    if (!low) continue;
    double expected = *low;
    double high = 0;
    if (e.kind == Expectation::Kind::kBetween) {
      auto h = published(e.high_text, e.high_origin);
      if (!h) continue;
      high = *h;
    }
    double computed = results.values[index][0];
    CheckOutcome outcome;
    outcome.name = e.name;
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
      case Expectation::Kind::kBetween:
        outcome.passed = computed >= expected && computed <= high;
        outcome.expected = shown + " to " + format_value(high, q.unit);
        break;
    }
    outcomes.push_back(std::move(outcome));
  }
  if (!diagnostics.empty()) return diagnostics;
  return outcomes;
}

}  // namespace gpugap
