// Expressions: numbers with units, names, operators; calls go to the function table
// (functions.cc) or to the distributions (distributions.cc).
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <cmath>

#include "gpugap/expr/constant.h"
#include "gpugap/util/check.h"

namespace gpugap {

bool Compiler::gen(const Context& ctx, const Expr& e, Value& out) {
  switch (e.kind) {
    case ExprKind::kNumber: {
      double v = e.number;
      Dimension dim;
      if (!e.unit_text.empty()) {
        auto unit = parse_unit(e.unit_text);
        if (!unit) {
          fail(ctx, e, unit.error(), kUnitHint);
          return false;
        }
        v *= unit->scale;
        dim = unit->dimension;
      }
      out = constant(ctx, e, v, dim);
      out.zero = e.number == 0 && e.unit_text.empty();
      return true;
    }
    case ExprKind::kName: {
      if (e.name == "year") {
        if (!need_time(ctx, e, "'year'")) return false;
        out = emit(ctx, e, Op::kYear, {}, true, {});
        return true;
      }
      int index = m_.index_of(e.name);
      GPUGAP_DCHECK(index >= 0);  // parse_all() resolved every name
      // A quantity that did not compile has said why; a formula that names it would only add
      // errors about its unknown shape ("'cash' is a single value"), so it stops here, silently.
      if (failed_.count(index) != 0) return false;
      const CompiledQuantity& q = m_.quantities[index];
      out.operand = q.value;
      out.dimension = q.unit.dimension;
      out.series = q.series;
      out.never = q.may_be_never;
      return true;
    }
    case ExprKind::kUnary: {
      Value a;
      if (!gen(ctx, *e.args[0], a)) return false;
      if (e.op == Operator::kNeg) {
        out = emit(ctx, e, Op::kNeg, a.dimension, a.series, {a});
      } else {
        out = emit(ctx, e, Op::kNot, {}, a.series, {a});
      }
      return true;
    }
    case ExprKind::kBinary:
      return gen_binary(ctx, e, out);
    case ExprKind::kCall:
      return gen_call(ctx, e, out);
  }
  return false;
}

bool Compiler::gen_binary(const Context& ctx, const Expr& e, Value& out) {
  if (e.op == Operator::kTo) return gen_interval(ctx, e, out);
  if (e.op == Operator::kPair) {
    fail(ctx, e, "':' only separates a value from its probability, inside discrete(…)",
         "write discrete(100B: 0.3, 200B: 0.7)");
    return false;
  }
  Value a, b;
  if (!gen(ctx, *e.args[0], a)) return false;
  if (!gen(ctx, *e.args[1], b)) return false;
  bool series = a.series || b.series;
  switch (e.op) {
    case Operator::kAdd:
    case Operator::kSub: {
      const char* verb = e.op == Operator::kAdd ? "+" : "-";
      if (!same_dimension(ctx, e, a, b, verb, e.args[0].get(), e.args[1].get())) return false;
      out = emit(ctx, e, e.op == Operator::kAdd ? Op::kAdd : Op::kSub, a.dimension, series, {a, b});
      return true;
    }
    case Operator::kMul:
      if (!dimension_in_range(ctx, e, a.dimension * b.dimension)) return false;
      out = emit(ctx, e, Op::kMul, a.dimension * b.dimension, series, {a, b});
      return true;
    case Operator::kDiv:
      if (!dimension_in_range(ctx, e, a.dimension / b.dimension)) return false;
      out = emit(ctx, e, Op::kDiv, a.dimension / b.dimension, series, {a, b});
      return true;
    case Operator::kPow: {
      if (!need_dimensionless(ctx, *e.args[1], b, "an exponent")) return false;
      Dimension dim;
      if (!a.dimension.dimensionless()) {
        int64_t n = 0;
        if (!literal_integer(*e.args[1], n)) {
          fail(ctx, e,
               fmt::format("'{}' raises a quantity in {} to a power that is not a whole "
                           "number written in the formula",
                           snippet(ctx, e), unit_name(a.dimension)),
               "only plain numbers can be raised to computed or fractional powers");
          return false;
        }
        dim = a.dimension.power(static_cast<int>(n));
        if (!dimension_in_range(ctx, e, dim)) return false;
      }
      out = emit(ctx, e, Op::kPow, dim, series, {a, b});
      return true;
    }
    case Operator::kLess:
    case Operator::kLessEqual:
    case Operator::kGreater:
    case Operator::kGreaterEqual:
    case Operator::kEqual:
    case Operator::kNotEqual: {
      if (!same_dimension(ctx, e, a, b, operator_text(e.op), e.args[0].get(), e.args[1].get())) {
        return false;
      }
      static const std::pair<Operator, Op> kOps[] = {
          {Operator::kLess, Op::kLess},       {Operator::kLessEqual, Op::kLessEqual},
          {Operator::kGreater, Op::kGreater}, {Operator::kGreaterEqual, Op::kGreaterEqual},
          {Operator::kEqual, Op::kEqual},     {Operator::kNotEqual, Op::kNotEqual}};
      Op op = Op::kLess;
      for (const auto& [from, to] : kOps) {
        if (from == e.op) op = to;
      }
      out = emit(ctx, e, op, {}, series, {a, b});
      return true;
    }
    case Operator::kAnd:
    case Operator::kOr:
      out = emit(ctx, e, e.op == Operator::kAnd ? Op::kAnd : Op::kOr, {}, series, {a, b});
      return true;
    default:
      break;
  }
  fail(ctx, e, "internal: unexpected operator", "this is a bug in gpugap; please report it");
  return false;
}

bool Compiler::gen_call(const Context& ctx, const Expr& e, Value& out) {
  if (is_distribution(e.name)) return gen_distribution(ctx, e, out);
  const Function* f = find_function(e.name);
  if (f == nullptr) {
    fail(ctx, e, fmt::format("unknown function '{}'", e.name),
         fmt::format("functions are: {}", fmt::join(function_names(), ", ")));
    return false;
  }
  std::vector<Value> args(e.args.size());
  for (size_t i = 0; i < e.args.size(); ++i) {
    // lag's shift and at's year are literal integers, not values to compute.
    if (static_cast<int>(i) == f->literal_arg) continue;
    if (!gen(ctx, *e.args[i], args[i])) return false;
  }
  if (!arity(ctx, e, f->min_args, f->max_args, f->usage)) return false;
  return (this->*(f->rule))(ctx, e, *f, args, out);
}

}  // namespace gpugap
