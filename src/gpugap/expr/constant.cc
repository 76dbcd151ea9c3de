#include "gpugap/expr/constant.h"

#include <fmt/format.h>

#include <cmath>

#include "gpugap/expr/parser.h"

namespace gpugap {

std::optional<Constant> fold_constant(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kNumber: {
      if (e.unit_text.empty()) return Constant{e.number, {}};
      auto unit = parse_unit(e.unit_text);
      if (!unit) return std::nullopt;
      return Constant{e.number * unit->scale, unit->dimension};
    }
    case ExprKind::kUnary: {
      auto a = fold_constant(*e.args[0]);
      if (!a || e.op != Operator::kNeg) return std::nullopt;
      return Constant{-a->value, a->dimension};
    }
    case ExprKind::kBinary: {
      auto a = fold_constant(*e.args[0]), b = fold_constant(*e.args[1]);
      if (!a || !b) return std::nullopt;
      switch (e.op) {
        case Operator::kAdd:
        case Operator::kSub:
          if (a->dimension != b->dimension) return std::nullopt;
          return Constant{e.op == Operator::kAdd ? a->value + b->value : a->value - b->value,
                          a->dimension};
        case Operator::kMul:
          return Constant{a->value * b->value, a->dimension * b->dimension};
        case Operator::kDiv:
          return Constant{a->value / b->value, a->dimension / b->dimension};
        case Operator::kPow: {
          int64_t n = 0;
          if (!b->dimension.dimensionless()) return std::nullopt;
          if (a->dimension.dimensionless()) return Constant{std::pow(a->value, b->value), {}};
          if (!literal_integer(*e.args[1], n)) return std::nullopt;
          return Constant{std::pow(a->value, b->value), a->dimension.power(static_cast<int>(n))};
        }
        default:
          return std::nullopt;
      }
    }
    default:
      return std::nullopt;
  }
}

namespace {

bool writes_unit(const Expr& e) {
  if (e.kind == ExprKind::kNumber && !e.unit_text.empty()) return true;
  for (const auto& a : e.args) {
    if (writes_unit(*a)) return true;
  }
  return false;
}

}  // namespace

std::optional<double> constant_value(const Expr& e) {
  if (writes_unit(e)) return std::nullopt;
  auto folded = fold_constant(e);
  return folded ? std::optional<double>(folded->value) : std::nullopt;
}

bool literal_integer(const Expr& e, int64_t& out) {
  double sign = 1;
  const Expr* x = &e;
  if (x->kind == ExprKind::kUnary && x->op == Operator::kNeg) {
    sign = -1;
    x = x->args[0].get();
  }
  if (x->kind != ExprKind::kNumber || !x->unit_text.empty() || x->percent) return false;
  double v = sign * x->number;
  if (v != std::floor(v) || std::abs(v) > 1e6) return false;
  out = static_cast<int64_t>(v);
  return true;
}

Result<double> number_in_unit(const std::string& text, const TextOrigin& origin, const Unit& unit,
                              const std::string& what) {
  auto parsed = parse_formula(text, origin);
  if (!parsed) return parsed.diagnostics();
  auto value = constant_value(**parsed);
  if (!value) {
    return Diagnostic{origin.locate(text, 0, text.size()), fmt::format("{} must be a number", what),
                      "write it as a number such as 600B or 40%"};
  }
  bool fraction = unit.is_percent() && text.find('%') != std::string::npos;
  return fraction ? *value : *value * unit.scale;
}

}  // namespace gpugap
