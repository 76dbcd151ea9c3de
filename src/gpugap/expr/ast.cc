#include "gpugap/expr/ast.h"

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace gpugap {
namespace {

int precedence(const Expr& e) {
  if (e.kind != ExprKind::kBinary && e.kind != ExprKind::kUnary) return 100;
  switch (e.op) {
    case Operator::kTo:
      return 0;
    case Operator::kPair:
      return 0;
    case Operator::kOr:
      return 1;
    case Operator::kAnd:
      return 2;
    case Operator::kLess:
    case Operator::kLessEqual:
    case Operator::kGreater:
    case Operator::kGreaterEqual:
    case Operator::kEqual:
    case Operator::kNotEqual:
      return 3;
    case Operator::kAdd:
    case Operator::kSub:
      return 4;
    case Operator::kMul:
    case Operator::kDiv:
      return 5;
    case Operator::kNeg:
    case Operator::kNot:
      return 6;
    case Operator::kPow:
      return 7;
  }
  return 100;
}

// The shortest text that reads back as exactly v: "150B" rather than "150000000000", but "2030"
// rather than "2.03k" (which would not be exact).
std::string number_text(double v) {
  std::string best = fmt::format("{}", v);
  const struct {
    double scale;
    const char* suffix;
  } kSuffixes[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& s : kSuffixes) {
    double scaled = v / s.scale;
    // No "k" below 10,000: years and small counts read best as they are (2030, 1500).
    if (std::abs(scaled) < 1 || scaled * s.scale != v || std::abs(v) < 1e4) continue;
    std::string text = fmt::format("{}{}", scaled, s.suffix);
    if (text.size() < best.size()) best = text;
  }
  return best;
}

std::string percent_text(double v) {
  std::string text = fmt::format("{}", v * 100);
  return std::stod(text) / 100 == v ? text + "%" : fmt::format("{}", v);
}

}  // namespace

const char* operator_text(Operator op) {
  switch (op) {
    case Operator::kAdd:
      return "+";
    case Operator::kSub:
      return "-";
    case Operator::kMul:
      return "*";
    case Operator::kDiv:
      return "/";
    case Operator::kPow:
      return "^";
    case Operator::kLess:
      return "<";
    case Operator::kLessEqual:
      return "<=";
    case Operator::kGreater:
      return ">";
    case Operator::kGreaterEqual:
      return ">=";
    case Operator::kEqual:
      return "==";
    case Operator::kNotEqual:
      return "!=";
    case Operator::kAnd:
      return "and";
    case Operator::kOr:
      return "or";
    case Operator::kNeg:
      return "-";
    case Operator::kNot:
      return "not ";
    case Operator::kTo:
      return "to";
    case Operator::kPair:
      return ":";
  }
  return "?";
}

std::string to_text(const Expr& e,
                    const std::function<std::string(const std::string&)>& name_text) {
  switch (e.kind) {
    case ExprKind::kNumber: {
      std::string text = e.percent ? percent_text(e.number) : number_text(e.number);
      if (!e.unit_text.empty()) text += "[" + e.unit_text + "]";
      return text;
    }
    case ExprKind::kName:
      return name_text ? name_text(e.name) : e.name;
    case ExprKind::kCall: {
      std::string text = e.name + "(";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i > 0) text += ", ";
        text += to_text(*e.args[i], name_text);
      }
      return text + ")";
    }
    case ExprKind::kUnary: {
      std::string inner = to_text(*e.args[0], name_text);
      if (precedence(*e.args[0]) < precedence(e)) inner = "(" + inner + ")";
      return operator_text(e.op) + inner;
    }
    case ExprKind::kBinary: {
      int p = precedence(e);
      // Left-associative operators need parentheses on the right at equal precedence; ^ is
      // right-associative, so the other way round.
      bool right_assoc = e.op == Operator::kPow;
      std::string lhs = to_text(*e.args[0], name_text);
      std::string rhs = to_text(*e.args[1], name_text);
      int lp = precedence(*e.args[0]);
      int rp = precedence(*e.args[1]);
      if (lp < p || (right_assoc && lp == p)) lhs = "(" + lhs + ")";
      if (rp < p || (!right_assoc && rp == p)) rhs = "(" + rhs + ")";
      if (e.op == Operator::kPair) return lhs + ": " + rhs;
      if (e.op == Operator::kPow) return lhs + "^" + rhs;
      return lhs + " " + operator_text(e.op) + " " + rhs;
    }
  }
  return "";
}

}  // namespace gpugap
