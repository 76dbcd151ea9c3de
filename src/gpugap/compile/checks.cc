// The unit and shape rules every construct shares: same dimension, plain number, series or
// single value, a [time] axis, the arity of a call, a quantity's declared unit.
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <optional>

#include "gpugap/expr/constant.h"
#include "gpugap/expr/parser.h"

namespace gpugap {

bool Compiler::has_names_or_units(const Expr& e) {
  if (e.kind == ExprKind::kName) return true;
  if (e.kind == ExprKind::kNumber && !e.unit_text.empty()) return true;
  for (const auto& a : e.args) {
    if (has_names_or_units(*a)) return true;
  }
  return false;
}

bool Compiler::has_percent(const Expr& e) {
  if (e.kind == ExprKind::kNumber && e.percent) return true;
  // In discrete(value: probability), a probability written in % says nothing of the values.
  if (e.kind == ExprKind::kBinary && e.op == Operator::kPair) return has_percent(*e.args[0]);
  for (const auto& a : e.args) {
    if (has_percent(*a)) return true;
  }
  return false;
}

std::string Compiler::unit_name(const Dimension& d) const {
  return d.dimensionless() ? "a plain number" : to_string(d);
}

namespace {

// `text` ready to take "* 1[yr]" or "/ 1[yr]" after it: in parentheses when its last operator
// binds looser than a product ("a + b", "a to b").
std::string operand_text(const Expr* e, const std::string& text) {
  bool loose = e && e->kind == ExprKind::kBinary && e->op != Operator::kMul &&
               e->op != Operator::kDiv && e->op != Operator::kPow;
  return loose ? "(" + text + ")" : text;
}

// "x * 1[yr]" (or "1[yr] * x"): the x of a product by one year, or null.
const Expr* times_one_year(const Expr* e) {
  if (!e || e->kind != ExprKind::kBinary || e->op != Operator::kMul) return nullptr;
  for (int i = 0; i < 2; ++i) {
    std::optional<Constant> c = fold_constant(*e->args[i]);
    if (c && c->value == 1 && c->dimension == kYear) return e->args[1 - i].get();
  }
  return nullptr;
}

bool accumulates(const Expr* e) {
  return e && e->kind == ExprKind::kCall &&
         (e->name == "sum" || e->name == "cumsum" || e->name == "npv");
}

}  // namespace

std::string Compiler::year_factor_hint(const Context& ctx, const Expr* big_expr,
                                       const Dimension& big, const Expr* small_expr,
                                       const Dimension& small) const {
  if (big != small * kYear) return "";
  auto text = [&](const Expr* e, const char* otherwise) {
    return e ? fmt::format("'{}'", snippet(ctx, *e)) : std::string(otherwise);
  };
  const Expr* product = times_one_year(big_expr);
  if (accumulates(product)) {
    return fmt::format(
        "sum(), cumsum() and npv() of a flow give its stock in {} already: drop the '* 1[yr]' "
        "from {}",
        unit_name(small), text(big_expr, "the formula"));
  }
  if (is_flow(small)) {
    std::string flow = small_expr ? snippet(ctx, *small_expr) : "";
    return fmt::format(
        "{} is a flow in {} and {} a stock in {}: write '{} * 1[yr]' for one year of the flow, "
        "or sum() or cumsum() of it for the total over the years",
        text(small_expr, "one side"), unit_name(small), text(big_expr, "the other"), unit_name(big),
        small_expr ? operand_text(small_expr, flow) : "flow");
  }
  std::string amount = big_expr ? snippet(ctx, *big_expr) : "";
  return fmt::format("{} in {} is {} times a year: write '{} / 1[yr]' for the amount per year",
                     text(big_expr, "one side"), unit_name(big), unit_name(small),
                     big_expr ? operand_text(big_expr, amount) : "amount");
}

// `a` and `b` in one dimension; a literal 0 takes the other side's (cum > 0, max(x, 0)).
bool Compiler::same_dimension(const Context& ctx, const Expr& e, Value& a, Value& b,
                              const char* what, const Expr* a_expr, const Expr* b_expr) {
  if (a.zero && !b.zero) a.dimension = b.dimension;
  if (b.zero && !a.zero) b.dimension = a.dimension;
  if (a.dimension == b.dimension) return true;
  std::string hint = year_factor_hint(ctx, a_expr, a.dimension, b_expr, b.dimension);
  if (hint.empty()) hint = year_factor_hint(ctx, b_expr, b.dimension, a_expr, a.dimension);
  if (!hint.empty()) {
    const char* kinds = is_flow(a.dimension) == is_flow(b.dimension) ? ""
                        : is_flow(a.dimension)                       ? ", a flow and a stock"
                                                                     : ", a stock and a flow";
    fail(ctx, e,
         fmt::format("unit mismatch in '{}': {} {} {}{}", snippet(ctx, e), unit_name(a.dimension),
                     what, unit_name(b.dimension), kinds),
         hint);
    return false;
  }
  // A bare number next to a quantity with a unit is the usual slip.
  bool bare_number = false;
  for (const auto& arg : e.args) {
    bare_number = bare_number || (is_constant(*arg) && !arg->percent);
  }
  fail(ctx, e,
       fmt::format("unit mismatch in '{}': {} {} {}", snippet(ctx, e), unit_name(a.dimension), what,
                   unit_name(b.dimension)),
       bare_number ? "a number in a formula has no unit: write it with one, e.g. 600B[USD], or "
                     "make it a quantity with a unit and a source"
                   : "both sides must have the same dimension; convert with a quantity that "
                     "carries the unit (e.g. a price in USD/kWh)");
  return false;
}

bool Compiler::need_dimensionless(const Context& ctx, const Expr& e, const Value& v,
                                  const char* what) {
  if (v.dimension.dimensionless()) return true;
  fail(ctx, e,
       fmt::format("{} must be a plain number, but '{}' is in {}", what, snippet(ctx, e),
                   unit_name(v.dimension)),
       fmt::format("divide it by an amount in {0} to make it a ratio, e.g. '{1} / 1[{0}]'",
                   unit_name(v.dimension), snippet(ctx, e)));
  return false;
}

// The dimension of `e`'s result, unless a unit's power leaves the range units are allowed.
bool Compiler::dimension_in_range(const Context& ctx, const Expr& e, const Dimension& d) {
  if (d.in_range()) return true;
  fail(ctx, e,
       fmt::format("the unit of '{}' has a power beyond {}: a mistake, not a unit", snippet(ctx, e),
                   kMaxExponent),
       "check the exponents and the products in this formula");
  return false;
}

bool Compiler::need_series(const Context& ctx, const Expr& e, const Value& v,
                           const char* function) {
  if (v.series) return true;
  fail(ctx, e,
       fmt::format("{}() needs a series, but '{}' is a single value", function, snippet(ctx, e)),
       "series come from tables of years, from 'year', or from formulas over them");
  return false;
}

bool Compiler::need_scalar(const Context& ctx, const Expr& e, const Value& v, const char* what) {
  if (!v.series) return true;
  fail(ctx, e,
       fmt::format("{} must be a single value, but '{}' is a series", what, snippet(ctx, e)),
       "reduce it with at(x, YEAR), sum(x) or mean(x)");
  return false;
}

bool Compiler::need_time(const Context& ctx, const Expr& e, const char* what) {
  if (m_.scenario.time) return true;
  fail(ctx, e, fmt::format("{} needs a [time] axis", what),
       "add [time] years = \"2020..2035\" to the scenario");
  return false;
}

bool Compiler::arity(const Context& ctx, const Expr& e, size_t low, size_t high,
                     const char* usage) {
  if (e.args.size() >= low && e.args.size() <= high) return true;
  fail(ctx, e,
       fmt::format("{}() takes {} but was given {}", e.name,
                   high == Function::kVariadic
                       ? fmt::format("{} or more arguments", low == 2 ? "two" : std::to_string(low))
                   : low == high ? fmt::format("{} argument{}", low, low == 1 ? "" : "s")
                                 : fmt::format("{} to {} arguments", low, high),
                   e.args.size()),
       fmt::format("write {}", usage));
  return false;
}

// A formula without names (e.g. "150B", "-5%", "50B + 25B") is a value in the declared unit.
bool Compiler::adopt_declared_unit(const Context& ctx, const Expr& e, const CompiledQuantity& c,
                                   Value& v) {
  if (!c.unit_declared || has_names_or_units(e) || !v.dimension.dimensionless()) return true;
  bool already_fraction = c.unit.is_percent() && has_percent(e);
  if (c.unit.scale != 1.0 && !already_fraction) {
    Value scale = constant(ctx, e, c.unit.scale);
    v = emit(ctx, e, Op::kMul, {}, v.series, {v, scale});
  }
  v.dimension = c.unit.dimension;
  return true;
}

// "GW (W)": the unit as declared, with its dimension when that says something more.
std::string Compiler::declared_text(const std::string& unit, const Dimension& dimension) const {
  std::string canonical = unit_name(dimension);
  return canonical == unit ? unit : fmt::format("{} ({})", unit, canonical);
}

bool Compiler::check_declared(const Context& ctx, const Expr& e, const CompiledQuantity& c,
                              const Value& v) {
  if (!c.unit_declared || v.dimension == c.unit.dimension) return true;
  const QuantityDef& q = m_.def(ctx.quantity);
  std::string hint = "fix the formula or the declared unit";
  if (v.dimension * kYear == c.unit.dimension) {
    // A flow declared as its stock: one year of it, its total, or the flow's own unit.
    std::string formula = operand_text(&e, snippet(ctx, e));
    // The flow's unit as the declared one per year ("USD/GW/yr"), else in base units.
    std::string flow_unit = q.unit + "/yr";
    if (auto parsed = parse_unit(flow_unit); !parsed || parsed->dimension != v.dimension) {
      flow_unit = unit_name(v.dimension);
    }
    hint = fmt::format(
        "'{}' is a flow in {} and {} a stock: write '{} * 1[yr]' for one year of the flow, "
        "sum() or cumsum() of it for the total over the years, or declare unit = \"{}\"",
        snippet(ctx, e), unit_name(v.dimension), unit_name(c.unit.dimension), formula, flow_unit);
  } else if (v.dimension == c.unit.dimension * kYear) {
    const Expr* product = times_one_year(&e);
    // `total = cumsum(cash)` declared in the flow's unit: the total is a stock.
    hint = accumulates(&e) ? fmt::format(
                                 "sum(), cumsum() and npv() of a flow give its stock: declare "
                                 "'{}' in {} (unit = \"{}\")",
                                 snippet(ctx, e), unit_name(v.dimension), unit_name(v.dimension))
           : accumulates(product)
               ? fmt::format(
                     "sum(), cumsum() and npv() of a flow give its stock in {} already: "
                     "drop the '* 1[yr]'",
                     unit_name(c.unit.dimension))
               : fmt::format(
                     "'{}' in {} is {} times a year: write '{} / 1[yr]' for the amount "
                     "per year",
                     snippet(ctx, e), unit_name(v.dimension), unit_name(c.unit.dimension),
                     operand_text(&e, snippet(ctx, e)));
  }
  fail(
      ctx, e,
      fmt::format("'{}' is declared in {} but its formula '{}' gives {}", q.name,
                  declared_text(q.unit, c.unit.dimension), snippet(ctx, e), unit_name(v.dimension)),
      hint);
  return false;
}

}  // namespace gpugap
