// The function table: every function a formula may call (distributions aside: distributions.cc)
// as one row — name, arity, usage, the rule for its arguments' shapes and units, and the op it
// emits. To add a function: a row here, its rule (often an existing one), and its op in
// program/program.h with its loop in engine/interpreter.cc.
#include <fmt/format.h>

#include <algorithm>

#include "gpugap/compile/compiler.h"
#include "gpugap/expr/constant.h"
#include "gpugap/program/distributions.h"

namespace gpugap {

const std::vector<Compiler::Function>& Compiler::functions() {
  constexpr size_t kAny = Function::kVariadic;
  static const std::vector<Function> kFunctions = {
      {"if", 3, 3, "if(condition, then, else)", Op::kSelect, -1, &Compiler::select_rule},
      {"min", 2, kAny, "min(a, b, …)", Op::kMin, -1, &Compiler::fold_rule},
      {"max", 2, kAny, "max(a, b, …)", Op::kMax, -1, &Compiler::fold_rule},
      {"abs", 1, 1, "abs(x)", Op::kAbs, -1, &Compiler::same_unit_rule},
      {"exp", 1, 1, "exp(x)", Op::kExp, -1, &Compiler::plain_number_rule},
      {"log", 1, 1, "log(x)", Op::kLog, -1, &Compiler::plain_number_rule},
      {"sin", 1, 1, "sin(x)", Op::kSin, -1, &Compiler::plain_number_rule},
      {"cos", 1, 1, "cos(x)", Op::kCos, -1, &Compiler::plain_number_rule},
      {"sqrt", 1, 1, "sqrt(x)", Op::kSqrt, -1, &Compiler::sqrt_rule},
      {"clamp", 3, 3, "clamp(x, low, high)", Op::kClamp, -1, &Compiler::clamp_rule},
      {"sum", 1, 1, "sum(series)", Op::kSum, -1, &Compiler::over_years_rule},
      {"mean", 1, 1, "mean(series)", Op::kMean, -1, &Compiler::over_years_rule},
      {"cumsum", 1, 1, "cumsum(series)", Op::kCumsum, -1, &Compiler::over_years_rule},
      {"lag", 2, 3, "lag(series, years[, fill])", Op::kLag, 1, &Compiler::lag_rule},
      {"at", 2, 2, "at(series, YEAR)", Op::kAt, 1, &Compiler::at_rule},
      {"growth", 2, 2, "growth(start, rate)", Op::kGrowth, -1, &Compiler::growth_rule},
      {"npv", 2, 2, "npv(rate, series)", Op::kNpv, -1, &Compiler::npv_rule},
      {"first_year", 1, 1, "first_year(condition)", Op::kFirstYear, -1, &Compiler::first_year_rule},
  };
  return kFunctions;
}

const Compiler::Function* Compiler::find_function(const std::string& name) {
  for (const Function& f : functions()) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

std::vector<std::string> Compiler::function_names() {
  std::vector<std::string> names;
  for (const Function& f : functions()) names.push_back(f.name);
  for (const std::string& d : distribution_names()) names.push_back(d);
  return names;
}

bool Compiler::any_series(const std::vector<Value>& args) {
  return std::any_of(args.begin(), args.end(), [](const Value& a) { return a.series; });
}

// if(condition, then, else): both branches in one unit.
bool Compiler::select_rule(const Context& ctx, const Expr& e, const Function& f,
                           std::vector<Value>& args, Value& out) {
  if (!same_dimension(ctx, e, args[1], args[2], "or", e.args[1].get(), e.args[2].get())) {
    return false;
  }
  out = emit(ctx, e, f.op, args[1].dimension, any_series(args), {args[0], args[1], args[2]});
  return true;
}

// min(a, b, …), max(a, b, …): pairwise, every argument in one unit.
bool Compiler::fold_rule(const Context& ctx, const Expr& e, const Function& f,
                         std::vector<Value>& args, Value& out) {
  Value acc = args[0];
  for (size_t i = 1; i < args.size(); ++i) {
    // acc has the first argument's unit: name it in a hint.
    if (!same_dimension(ctx, e, acc, args[i], "and", e.args[0].get(), e.args[i].get())) {
      return false;
    }
    acc = emit(ctx, e, f.op, acc.dimension, acc.series || args[i].series, {acc, args[i]});
  }
  out = acc;
  return true;
}

// abs(x): the unit of x.
bool Compiler::same_unit_rule(const Context& ctx, const Expr& e, const Function& f,
                              std::vector<Value>& args, Value& out) {
  out = emit(ctx, e, f.op, args[0].dimension, args[0].series, {args[0]});
  return true;
}

// exp, log, sin, cos: of a plain number, giving one.
bool Compiler::plain_number_rule(const Context& ctx, const Expr& e, const Function& f,
                                 std::vector<Value>& args, Value& out) {
  if (!need_dimensionless(ctx, *e.args[0], args[0],
                          fmt::format("the argument of {}()", f.name).c_str())) {
    return false;
  }
  out = emit(ctx, e, f.op, {}, args[0].series, {args[0]});
  return true;
}

// sqrt(x): half of each power of x's unit, which must be even.
bool Compiler::sqrt_rule(const Context& ctx, const Expr& e, const Function& f,
                         std::vector<Value>& args, Value& out) {
  Dimension dim;
  for (size_t i = 0; i < kBaseDimensions; ++i) {
    int exponent = args[0].dimension.exponents[i];
    if (exponent % 2 != 0) {
      fail(ctx, e,
           fmt::format("sqrt() of a quantity in {} has no unit", unit_name(args[0].dimension)),
           "sqrt() takes units with even powers, such as USD^2; or make the argument a plain "
           "number");
      return false;
    }
    dim.exponents[i] = exponent / 2;
  }
  out = emit(ctx, e, f.op, dim, args[0].series, {args[0]});
  return true;
}

// clamp(x, low, high): all three in one unit.
bool Compiler::clamp_rule(const Context& ctx, const Expr& e, const Function& f,
                          std::vector<Value>& args, Value& out) {
  if (!same_dimension(ctx, e, args[0], args[1], "and", e.args[0].get(), e.args[1].get()) ||
      !same_dimension(ctx, e, args[0], args[2], "and", e.args[0].get(), e.args[2].get())) {
    return false;
  }
  out = emit(ctx, e, f.op, args[0].dimension, any_series(args), {args[0], args[1], args[2]});
  return true;
}

// sum, mean: a series to a single value; cumsum: a series to a series. sum and cumsum accumulate:
// of a flow (USD/yr) they give its stock (USD), each year counting one year; mean keeps the unit.
bool Compiler::over_years_rule(const Context& ctx, const Expr& e, const Function& f,
                               std::vector<Value>& args, Value& out) {
  if (!need_series(ctx, *e.args[0], args[0], f.name)) return false;
  Dimension dim = f.op == Op::kMean ? args[0].dimension : accumulated(args[0].dimension);
  out = emit(ctx, e, f.op, dim, f.op == Op::kCumsum, {args[0]});
  return true;
}

// lag(series, years[, fill]): a whole number of years written in the formula; the fill, a single
// value in the series' unit, defaults to 0.
bool Compiler::lag_rule(const Context& ctx, const Expr& e, const Function& f,
                        std::vector<Value>& args, Value& out) {
  if (!need_series(ctx, *e.args[0], args[0], f.name)) return false;
  int64_t k = 0;
  if (!literal_integer(*e.args[1], k)) {
    fail(ctx, *e.args[1], "lag()'s shift must be a whole number of years written in the formula",
         "write lag(x, 1) for last year's value");
    return false;
  }
  Value fill;
  if (e.args.size() == 3) {
    fill = args[2];
    if (!need_scalar(ctx, *e.args[2], fill, "lag()'s fill value") ||
        !same_dimension(ctx, e, args[0], fill, "and", e.args[0].get(), e.args[2].get())) {
      return false;
    }
  } else {
    fill = constant(ctx, e, 0, args[0].dimension);
  }
  out = emit(ctx, e, f.op, args[0].dimension, true, {args[0], fill}, static_cast<double>(k));
  return true;
}

// at(series, YEAR): a year of [time] written in the formula.
bool Compiler::at_rule(const Context& ctx, const Expr& e, const Function& f,
                       std::vector<Value>& args, Value& out) {
  if (!need_series(ctx, *e.args[0], args[0], f.name)) return false;
  int64_t year = 0;
  if (!literal_integer(*e.args[1], year)) {
    fail(ctx, *e.args[1], "at()'s year must be a year written in the formula", "write at(x, 2030)");
    return false;
  }
  const TimeAxis& time = *m_.scenario.time;
  if (year < time.first_year || year > time.last_year) {
    fail(ctx, *e.args[1],
         fmt::format("year {} is outside the scenario's [time] axis {}..{}", year, time.first_year,
                     time.last_year),
         "choose a year of [time], or widen [time] years");
    return false;
  }
  out = emit(ctx, e, f.op, args[0].dimension, false, {args[0]},
             static_cast<double>(year - time.first_year));
  return true;
}

// growth(start, rate): a single start in any unit, a plain-number rate; a series.
bool Compiler::growth_rule(const Context& ctx, const Expr& e, const Function& f,
                           std::vector<Value>& args, Value& out) {
  if (!need_time(ctx, e, "growth()")) return false;
  if (!need_scalar(ctx, *e.args[0], args[0], "growth()'s start") ||
      !need_dimensionless(ctx, *e.args[1], args[1], "growth()'s rate")) {
    return false;
  }
  out = emit(ctx, e, f.op, args[0].dimension, true, {args[0], args[1]});
  return true;
}

// npv(rate, series): a single plain-number rate; a present value is a stock: of a flow (USD/yr),
// its stock (USD), else the series' unit.
bool Compiler::npv_rule(const Context& ctx, const Expr& e, const Function& f,
                        std::vector<Value>& args, Value& out) {
  if (!need_scalar(ctx, *e.args[0], args[0], "npv()'s rate") ||
      !need_dimensionless(ctx, *e.args[0], args[0], "npv()'s rate") ||
      !need_series(ctx, *e.args[1], args[1], f.name)) {
    return false;
  }
  out = emit(ctx, e, f.op, accumulated(args[1].dimension), false, {args[0], args[1]});
  return true;
}

// first_year(condition): the first year a series is true, or "never".
bool Compiler::first_year_rule(const Context& ctx, const Expr& e, const Function& f,
                               std::vector<Value>& args, Value& out) {
  if (!need_series(ctx, *e.args[0], args[0], f.name)) return false;
  out = emit(ctx, e, f.op, {}, false, {args[0]});
  out.never = true;
  return true;
}

}  // namespace gpugap
