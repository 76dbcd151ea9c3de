// Distributions: a random leaf for each, "low to high" 90% intervals, the parametric
// distributions with their parameters checked when they are known at compile time, discrete().
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "gpugap/expr/constant.h"
#include "gpugap/program/distributions.h"
#include "gpugap/random/distributions.h"
#include "gpugap/random/streams.h"
#include "gpugap/util/check.h"

namespace gpugap {

bool Compiler::is_distribution(const std::string& f) { return find_distribution(f) != nullptr; }

std::optional<double> Compiler::known(const Expr& e) {
  auto k = fold_constant(e);
  return k ? std::optional<double>(k->value) : std::nullopt;
}

// In a % quantity, a formula that writes one number with % takes the others as written: the
// bare 50 in "triangular(30%, 50, 70%)" is 5000%. The hint for a parameter error there.
std::string Compiler::percent_hint(const Context& ctx, const Expr& e,
                                   const std::string& otherwise) const {
  const CompiledQuantity& c = m_.quantities[ctx.quantity];
  if (!c.unit_declared || !c.unit.is_percent() || !has_percent(e)) return otherwise;
  for (const auto& arg : e.args) {
    if (has_percent(*arg) || has_names_or_units(*arg)) continue;
    auto v = known(*arg);
    if (!v) continue;
    return fmt::format(
        "in a quantity in %, a formula that writes a number with % takes the others as plain "
        "numbers: '{0}' here is {1:g}%; write {0}%",
        snippet(ctx, *arg), *v * 100);
  }
  return otherwise;
}

// A new random leaf for the distribution at `e`: its uniforms, keyed by the quantity's name,
// the year entry and the leaf's order in the formula.
Compiler::Value Compiler::new_leaf(const Context& ctx, const Expr& e) {
  const QuantityDef& q = m_.def(ctx.quantity);
  std::string key = q.name;
  if (ctx.year_entry >= 0) key += fmt::format("@{}", q.years[ctx.year_entry].year);
  key += fmt::format("#{}", leaf_counter_++);
  Value u =
      emit(ctx, e, Op::kUniform, {}, false, {}, static_cast<double>(m_.program.leaves.size()));
  m_.program.leaves.push_back({key, stream_hash(key), u.operand.slot});
  m_.quantities[ctx.quantity].leaves.push_back(static_cast<int>(m_.program.leaves.size() - 1));
  return u;
}

// After the newest leaf's distribution is emitted at `value`: where its value lives, and the
// unit to show that value in (sensitivity/tornado). In a formula without names or units, the
// numbers are in the declared unit (adopt_declared_unit), and so is the value.
void Compiler::finish_leaf(const Context& ctx, const Value& value) {
  m_.program.leaves.back().value = value.operand.slot;
  CompiledQuantity& c = m_.quantities[ctx.quantity];
  const Expr& root = ctx.year_entry < 0 ? *c.formula : *c.year_formulas[ctx.year_entry];
  Unit unit{1.0, value.dimension, ""};
  if (c.unit_declared && !has_names_or_units(root)) {
    unit = c.unit;
    // A value written with % in a % quantity is already a fraction; other numbers are not.
    if (!(c.unit.is_percent() && has_percent(root))) unit.scale = 1.0;
  } else if (c.unit_declared && value.dimension == c.unit.dimension) {
    unit = c.unit;
  }
  c.leaf_units.push_back(unit);
}

bool Compiler::scalar_parameters(const Context& ctx, const Expr& e,
                                 const std::vector<Value>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    if (!need_scalar(ctx, *e.args[i], params[i], "a distribution's parameter")) return false;
  }
  return true;
}

bool Compiler::gen_interval(const Context& ctx, const Expr& e, Value& out) {
  Value low, high;
  if (!gen(ctx, *e.args[0], low) || !gen(ctx, *e.args[1], high)) return false;
  if (!same_dimension(ctx, e, low, high, "to", e.args[0].get(), e.args[1].get())) return false;
  if (!need_scalar(ctx, *e.args[0], low, "the low end of a 90% interval") ||
      !need_scalar(ctx, *e.args[1], high, "the high end of a 90% interval")) {
    return false;
  }
  auto lo = known(*e.args[0]), hi = known(*e.args[1]);
  if (lo && hi && !(*lo < *hi)) {
    fail(ctx, e,
         fmt::format("the 90% interval '{}' needs its low end below its high end", snippet(ctx, e)),
         percent_hint(ctx, e, "write LOW to HIGH, e.g. 100B to 300B"));
    return false;
  }
  Value u = new_leaf(ctx, e);
  if (lo && hi) {
    // Known ends (the usual case): the lognormal's or normal's parameters once, here, rather
    // than two logarithms per sample.
    bool lognormal = *lo > 0;
    double centre = lognormal ? 0.5 * (std::log(*lo) + std::log(*hi)) : 0.5 * (*lo + *hi);
    double spread = (lognormal ? std::log(*hi) - std::log(*lo) : *hi - *lo) / (2 * kZ95);
    Value c = constant(ctx, e, centre), w = constant(ctx, e, spread);
    out = emit(ctx, e, lognormal ? Op::kQLognormal : Op::kQNormal, low.dimension, false, {u, c, w});
  } else {
    out = emit(ctx, e, Op::kQInterval90, low.dimension, false, {u, low, high});
  }
  finish_leaf(ctx, out);
  return true;
}

bool Compiler::gen_distribution(const Context& ctx, const Expr& e, Value& out) {
  const Distribution* found = find_distribution(e.name);
  GPUGAP_DCHECK(found != nullptr);  // gen_call asked is_distribution()
  const Distribution& d = *found;
  if (d.op == Op::kQDiscrete) return gen_discrete(ctx, e, out);
  const bool plain = d.units == Distribution::Units::kPlain;
  if (!arity(ctx, e, d.parameters.size(), d.parameters.size(), d.usage)) return false;
  std::vector<Value> params(e.args.size());
  std::vector<std::optional<double>> values(e.args.size());
  std::vector<std::string> texts(e.args.size());
  for (size_t i = 0; i < e.args.size(); ++i) {
    if (!gen(ctx, *e.args[i], params[i])) return false;
    values[i] = known(*e.args[i]);
    texts[i] = snippet(ctx, *e.args[i]);
    if (plain && !need_dimensionless(ctx, *e.args[i], params[i],
                                     fmt::format("{}()'s parameter", d.name).c_str())) {
      return false;
    }
    if (!plain && i > 0 &&
        !same_dimension(ctx, e, params[0], params[i], "and", e.args[0].get(), e.args[i].get())) {
      return false;
    }
  }
  if (!scalar_parameters(ctx, e, params)) return false;
  if (std::string problem = d.check(values.data(), texts.data()); !problem.empty()) {
    fail(ctx, e, problem, percent_hint(ctx, e, fmt::format("write {}", d.usage)));
    return false;
  }
  Value u = new_leaf(ctx, e);
  Dimension dim = plain ? Dimension{} : params[0].dimension;
  if (params.size() == 2) {
    out = emit(ctx, e, d.op, dim, false, {u, params[0], params[1]});
  } else {
    out = emit(ctx, e, d.op, dim, false, {u, params[0], params[1], params[2]});
  }
  finish_leaf(ctx, out);
  return true;
}

// discrete(v1: p1, …): numbers (a unit is fine) with their probabilities, kept in ascending
// order of value so that the table is a quantile function: the median is the median, p10 is
// below p90, and a copula's rank correlation carries over.
bool Compiler::gen_discrete(const Context& ctx, const Expr& e, Value& out) {
  const char* usage = "write discrete(100B: 0.3, 200B: 0.7)";
  struct Outcome {
    double value, weight;
  };
  std::vector<Outcome> outcomes;
  Dimension dimension;
  double total = 0;
  for (const auto& arg : e.args) {
    if (arg->kind != ExprKind::kBinary || arg->op != Operator::kPair) {
      fail(ctx, *arg, "each argument of discrete() is 'value: probability'", usage);
      return false;
    }
    const Expr& value_expr = *arg->args[0];
    const Expr& weight_expr = *arg->args[1];
    auto value = fold_constant(value_expr);
    auto weight = fold_constant(weight_expr);
    if (!value || !weight) {
      const Expr& part = value ? weight_expr : value_expr;
      fail(ctx, part,
           fmt::format("discrete() takes numbers (with a unit or not), but '{}' is a formula "
                       "over quantities or functions",
                       snippet(ctx, part)),
           usage);
      return false;
    }
    // Folded, not generated: the unit powers are checked here as gen() checks a formula's.
    if (!dimension_in_range(ctx, value_expr, value->dimension)) return false;
    if (!weight->dimension.dimensionless()) {
      fail(ctx, weight_expr,
           fmt::format("a probability is a plain number, but '{}' is in {}",
                       snippet(ctx, weight_expr), unit_name(weight->dimension)),
           usage);
      return false;
    }
    if (!outcomes.empty() && value->dimension != dimension) {
      fail(ctx, e,
           fmt::format("the values of discrete() mix units: {} and {} ('{}')", unit_name(dimension),
                       unit_name(value->dimension), snippet(ctx, value_expr)),
           "give every value the same unit, e.g. discrete(1[GW]: 0.5, 2[GW]: 0.5)");
      return false;
    }
    if (weight->value < 0) {
      fail(ctx, weight_expr, fmt::format("a probability cannot be negative ({:g})", weight->value));
      return false;
    }
    dimension = value->dimension;
    total += weight->value;
    outcomes.push_back({value->value, weight->value});
  }
  if (e.args.empty()) {
    fail(ctx, e, "discrete() needs at least one 'value: probability'");
    return false;
  }
  if (std::abs(total - 1.0) > 1e-9) {
    fail(ctx, e, fmt::format("the probabilities of discrete() sum to {:g}, not 1", total),
         "make them add up to 1");
    return false;
  }
  std::stable_sort(outcomes.begin(), outcomes.end(),
                   [](const Outcome& a, const Outcome& b) { return a.value < b.value; });
  DiscreteTable table;
  double cumulative = 0;
  for (const Outcome& o : outcomes) {
    if (o.weight == 0) continue;  // never drawn; left in, it could be at a pinned u of 0
    cumulative += o.weight;
    table.values.push_back(o.value);
    table.cumulative.push_back(cumulative);
  }
  table.cumulative.back() = 1.0;
  Value u = new_leaf(ctx, e);
  out = emit(ctx, e, Op::kQDiscrete, dimension, false, {u},
             static_cast<double>(m_.program.discretes.size()));
  m_.program.discretes.push_back(std::move(table));
  finish_leaf(ctx, out);
  return true;
}

}  // namespace gpugap
