#include "gpugap/analysis/solve.h"

#include <fmt/format.h>

#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"
#include "gpugap/expr/constant.h"
#include "gpugap/expr/parser.h"
#include "gpugap/report/format.h"
#include "gpugap/util/text.h"

namespace gpugap {
namespace {

std::optional<Diagnostic> unknown(const Scenario& scenario, const std::string& name,
                                  const char* role) {
  if (scenario.find(name) != nullptr) return std::nullopt;
  std::string guess = closest_name(name, scenario.names());
  return Diagnostic{{},
                    fmt::format("{} '{}' is not a quantity of {}", role, name, scenario.id),
                    guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)};
}

// A number written on the command line, in `unit` ("600B", "40%").
Result<double> number_in_unit(const std::string& text, const Unit& unit, const char* what) {
  return gpugap::number_in_unit(text, TextOrigin{SourceText::from_string(what, text), 1, 1}, unit,
                                what);
}

}  // namespace

Result<SolveResult> solve(const Scenario& scenario, const SolveRequest& request) {
  if (auto e = unknown(scenario, request.target, "--target")) return *e;
  if (auto e = unknown(scenario, request.vary, "--vary")) return *e;

  // Compile once as given, for units and the starting point.
  auto base = compile(Scenario(scenario));
  if (!base) return base.diagnostics();
  const int target = base->index_of(request.target);
  const int vary = base->index_of(request.vary);
  if (base->quantities[target].series || base->quantities[vary].series) {
    return Diagnostic{{},
                      "solve works on single values; --target and --vary name a series",
                      "add a quantity such as x_2030 = \"at(x, 2030)\" and solve for that"};
  }
  const Unit& vary_unit = base->quantities[vary].unit;
  auto goal = number_in_unit(request.target_text, base->quantities[target].unit, "--target");
  if (!goal) return goal.diagnostics();
  auto point = evaluate_point(*base);
  if (!point) return point.diagnostics();
  const double start = point->values[vary][0];

  SolveResult result;
  result.target_value = *goal;
  if (request.between) {
    auto low = number_in_unit(request.between->first, vary_unit, "--between");
    if (!low) return low.diagnostics();
    auto high = number_in_unit(request.between->second, vary_unit, "--between");
    if (!high) return high.diagnostics();
    result.low = std::min(*low, *high);
    result.high = std::max(*low, *high);
  } else if (start > 0) {
    result.low = start / 100;
    result.high = start * 100;
  } else {
    return Diagnostic{{},
                      fmt::format("'{}' is {} now: give the range to search with --between",
                                  request.vary, format_value(start, vary_unit)),
                      "e.g. --between 0,1T"};
  }

  // The target as a function of the varied quantity's value (base units).
  std::vector<Diagnostic> failure;
  auto f = [&](double x) -> double {
    ++result.evaluations;
    Scenario trial = scenario;
    QuantityDef* q = trial.find(request.vary);
    q->text = fmt::format("{:.17g}", x / vary_unit.scale);
    q->origin = TextOrigin{SourceText::from_string("<solve>", q->text), 1, 1};
    q->years.clear();
    q->defined_in = "--set";
    auto model = compile(std::move(trial));
    if (!model) {
      failure = model.diagnostics();
      return std::nan("");
    }
    auto values = evaluate_point(*model);
    if (!values) {
      failure = values.diagnostics();
      return std::nan("");
    }
    return values->values[target][0] - *goal;
  };
  result.target_at_low = f(result.low) + *goal;
  result.target_at_high = f(result.high) + *goal;
  if (!failure.empty()) return failure;
  double fl = result.target_at_low - *goal, fh = result.target_at_high - *goal;
  const Unit& target_unit = base->quantities[target].unit;
  if (fl == 0 || fh == 0) {
    result.found = true;
    result.value = fl == 0 ? result.low : result.high;
    return result;
  }
  if ((fl > 0) == (fh > 0)) {
    result.explanation = fmt::format(
        "no root in [{}, {}]: {} goes from {} to {} there and never reaches {}",
        format_value(result.low, vary_unit), format_value(result.high, vary_unit), request.target,
        format_value(result.target_at_low, target_unit),
        format_value(result.target_at_high, target_unit), format_value(*goal, target_unit));
    return result;
  }
  boost::uintmax_t iterations = 200;
  auto tolerance = boost::math::tools::eps_tolerance<double>(48);
  auto [a, b] =
      boost::math::tools::toms748_solve(f, result.low, result.high, fl, fh, tolerance, iterations);
  if (!failure.empty()) return failure;
  result.found = true;
  result.value = 0.5 * (a + b);
  return result;
}

}  // namespace gpugap
