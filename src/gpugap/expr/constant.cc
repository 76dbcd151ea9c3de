#include "gpugap/expr/constant.h"

#include <cmath>

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

}  // namespace gpugap
