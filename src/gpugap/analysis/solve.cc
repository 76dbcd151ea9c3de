#include "gpugap/analysis/solve.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"
#include "gpugap/expr/constant.h"
#include "gpugap/expr/parser.h"
#include "gpugap/units/format.h"
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

// The inputs (quantities without dependencies) that `target` depends on, directly or not, in
// file order, and whether `vary` is among the quantities it depends on.
std::pair<std::vector<std::string>, bool> upstream(const Model& model, int target, int vary) {
  std::vector<bool> seen(model.quantities.size(), false);
  std::vector<int> stack{target};
  while (!stack.empty()) {
    int q = stack.back();
    stack.pop_back();
    if (seen[static_cast<size_t>(q)]) continue;
    seen[static_cast<size_t>(q)] = true;
    for (int d : model.quantities[static_cast<size_t>(q)].dependencies) stack.push_back(d);
  }
  std::vector<std::string> inputs;
  for (size_t q = 0; q < seen.size(); ++q) {
    if (seen[q] && static_cast<int>(q) != target && model.quantities[q].is_input()) {
      inputs.push_back(model.def(static_cast<int>(q)).name);
    }
  }
  return {inputs, seen[static_cast<size_t>(vary)]};
}

// A solve whose --vary cannot move its --target: refused, naming what the target depends on.
Diagnostic independent(const Model& model, const SolveRequest& request, int target) {
  std::vector<std::string> inputs = upstream(model, target, target).first;
  std::string hint;
  if (inputs.empty()) {
    hint = fmt::format("'{}' is an input itself: nothing else moves it", request.target);
  } else {
    constexpr size_t kListed = 12;
    std::string listed;
    for (size_t i = 0; i < inputs.size() && i < kListed; ++i) {
      listed += (i == 0 ? "" : ", ") + inputs[i];
    }
    if (inputs.size() > kListed) {
      listed += fmt::format(" and {} more (gpugap explain {} {} shows them)",
                            inputs.size() - kListed, model.scenario.id, request.target);
    }
    hint = fmt::format("'{}' depends on the input{} {}: vary one of those", request.target,
                       inputs.size() == 1 ? "" : "s", listed);
  }
  return Diagnostic{{},
                    fmt::format("'{}' does not depend on '{}': varying it cannot move the target",
                                request.target, request.vary),
                    hint};
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
  if (vary != target && !upstream(*base, target, vary).second) {
    return independent(*base, request, target);
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
  } else if (vary_unit.is_percent() && start > 0 && start < 1) {
    // A share (a margin, a utilisation): 1/100 to 100 times its odds p / (1 - p), which stays
    // inside 0% to 100% as 1/100 to 100 times the value would not (50% → 0.99% to 99%).
    const double odds = start / (1 - start);
    result.low = odds / 100 / (1 + odds / 100);
    result.high = odds * 100 / (1 + odds * 100);
  } else if (start > 0) {
    result.low = start / 100;
    result.high = start * 100;
  } else {
    return Diagnostic{{},
                      fmt::format("'{}' is {} now: give the range to search with --between",
                                  request.vary, format_value(start, vary_unit)),
                      "e.g. --between 0,1T"};
  }

  // The target minus the goal as a function of the varied quantity's value (base units).
  // Every evaluation is remembered: the bracket TOMS 748 returns is made of points it evaluated.
  std::vector<Diagnostic> failure;
  std::vector<std::pair<double, double>> seen;
  auto evaluate = [&](double x) -> double {
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
    double y = values->values[target][0] - *goal;
    seen.emplace_back(x, y);
    return y;
  };
  result.target_at_low = evaluate(result.low) + *goal;
  result.target_at_high = evaluate(result.high) + *goal;
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
        "no root in [{}, {}]: {} is {} at {} and {} at {}, {} {} at both ends (a curve that "
        "turns back could still reach it in between: narrow --between to look)",
        format_value(result.low, vary_unit), format_value(result.high, vary_unit), request.target,
        format_value(result.target_at_low, target_unit), format_value(result.low, vary_unit),
        format_value(result.target_at_high, target_unit), format_value(result.high, vary_unit),
        fl > 0 ? "above" : "below", format_value(*goal, target_unit));
    return result;
  }

  // Inside the bracket, a point where the scenario cannot be evaluated (a division by zero)
  // ends the search: it is where the target jumps, not a root.
  struct Undefined {
    double x;
  };
  auto f = [&](double x) {
    double y = evaluate(x);
    if (std::isnan(y)) throw Undefined{x};
    return y;
  };
  auto jump = [&](double x, const std::string& why) {
    result.explanation = fmt::format(
        "no root in [{}, {}]: {} changes sign around {} = {} without reaching {} ({})",
        format_value(result.low, vary_unit), format_value(result.high, vary_unit), request.target,
        request.vary, format_value(x, vary_unit), format_value(*goal, target_unit), why);
    return result;
  };
  std::pair<double, double> bracket;
  try {
    boost::uintmax_t iterations = 200;
    auto tolerance = boost::math::tools::eps_tolerance<double>(48);
    bracket = boost::math::tools::toms748_solve(f, result.low, result.high, fl, fh, tolerance,
                                                iterations);
  } catch (const Undefined& undefined) {
    std::string message = failure.empty() ? "it cannot be evaluated there" : failure[0].message;
    return jump(undefined.x, message);
  }
  // A sign change is a root only where the target comes close to the goal: across a pole
  // (1 / (1 - margin) at a margin of 100%) or a jump (`if`) it changes sign without.
  auto at = [&](double x) {
    for (const auto& [sx, sy] : seen)
      if (sx == x) return sy;
    return evaluate(x);
  };
  const auto [a, b] = bracket;
  const double at_a = at(a), at_b = at(b);
  const double scale = std::max({std::abs(*goal), std::abs(fl), std::abs(fh)});
  if (!(std::min(std::abs(at_a), std::abs(at_b)) <= 1e-6 * scale)) {
    return jump(0.5 * (a + b), "it jumps there: a discontinuity, such as a division by zero");
  }
  result.found = true;
  result.value = std::abs(at_a) <= std::abs(at_b) ? a : b;
  return result;
}

}  // namespace gpugap
