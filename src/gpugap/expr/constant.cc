#include "gpugap/expr/constant.h"

#include <fmt/format.h>

#include <cmath>

#include "gpugap/expr/parser.h"

namespace gpugap {

std::optional<double> constant_value(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kNumber:
      if (!e.unit_text.empty()) return std::nullopt;
      return e.number;
    case ExprKind::kUnary: {
      auto a = constant_value(*e.args[0]);
      if (!a || e.op != Operator::kNeg) return std::nullopt;
      return -*a;
    }
    case ExprKind::kBinary: {
      auto a = constant_value(*e.args[0]);
      auto b = constant_value(*e.args[1]);
      if (!a || !b) return std::nullopt;
      switch (e.op) {
        case Operator::kAdd:
          return *a + *b;
        case Operator::kSub:
          return *a - *b;
        case Operator::kMul:
          return *a * *b;
        case Operator::kDiv:
          return *a / *b;
        case Operator::kPow:
          return std::pow(*a, *b);
        default:
          return std::nullopt;
      }
    }
    default:
      return std::nullopt;
  }
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
