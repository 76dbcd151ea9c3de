#include "gpugap/expr/ast.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <string>

namespace gpugap {
namespace {

// Binding strength, loosest first, as the grammar in parser.h nests its rules.
enum Level : int {
  kPairLevel = 0,    // value: weight, only as an argument of a call
  kToLevel,          // a to b, not associative
  kOrLevel,          // left-associative
  kAndLevel,         // left-associative
  kNotLevel,         // prefix; looser than comparisons: not a < b is not (a < b)
  kCompareLevel,     // not associative: comparisons do not chain
  kSumLevel,         // left-associative
  kProductLevel,     // left-associative
  kNegLevel,         // prefix; looser than ^: -a^2 is -(a^2)
  kPowerLevel,       // right-associative; its base is an atom
  kAtomLevel = 100,  // numbers, names, calls, anything in parentheses
};

int level_of(Operator op) {
  switch (op) {
    case Operator::kPair:
      return kPairLevel;
    case Operator::kTo:
      return kToLevel;
    case Operator::kOr:
      return kOrLevel;
    case Operator::kAnd:
      return kAndLevel;
    case Operator::kNot:
      return kNotLevel;
    case Operator::kLess:
    case Operator::kLessEqual:
    case Operator::kGreater:
    case Operator::kGreaterEqual:
    case Operator::kEqual:
    case Operator::kNotEqual:
      return kCompareLevel;
    case Operator::kAdd:
    case Operator::kSub:
      return kSumLevel;
    case Operator::kMul:
    case Operator::kDiv:
      return kProductLevel;
    case Operator::kNeg:
      return kNegLevel;
    case Operator::kPow:
      return kPowerLevel;
  }
  return kAtomLevel;
}

// The lowest level an operand may have without parentheses, as the parser's rule for that
// operand reads it back.
int lowest_operand_level(Operator op, bool right) {
  int level = level_of(op);
  switch (op) {
    case Operator::kNot:
    case Operator::kNeg:
      return level;  // not not a, - -a
    case Operator::kPow:
      return right ? kNegLevel : kAtomLevel;  // a^-b, but (a^b)^c and (-a)^b
    case Operator::kTo:
    case Operator::kPair:
    case Operator::kLess:
    case Operator::kLessEqual:
    case Operator::kGreater:
    case Operator::kGreaterEqual:
    case Operator::kEqual:
    case Operator::kNotEqual:
      return level + 1;  // not associative
    default:
      return right ? level + 1 : level;  // left-associative
  }
}

// The text of v as the parser reads numbers: strtod of the digits, times the suffix's scale.
double read_back(const std::string& digits, double scale) {
  return std::strtod(digits.c_str(), nullptr) * scale;
}

// The shortest text that reads back as exactly v: "150B" rather than "150000000000", but "2030"
// rather than "2.03k" (which would not be exact). Used for numbers built in code; the parser
// keeps the text as written.
std::string number_text(double v) {
  std::string best = fmt::format("{}", v);
  const struct {
    double scale;
    const char* suffix;
  } kSuffixes[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& s : kSuffixes) {
    double scaled = v / s.scale;
    // No "k" below 10,000: years and small counts read best as they are (2030, 1500).
    if (std::abs(scaled) < 1 || std::abs(v) < 1e4) continue;
    std::string digits = fmt::format("{}", scaled);
    if (read_back(digits, s.scale) != v) continue;
    if (digits.size() + 1 < best.size()) best = digits + s.suffix;
  }
  return best;
}

// A fraction as a percentage that reads back as exactly v (x% is read as x * 0.01), or the plain
// number when no decimal text does.
std::string percent_text(double v) {
  double hundredfold = v * 100;
  for (double h : {hundredfold, std::nextafter(hundredfold, HUGE_VAL),
                   std::nextafter(hundredfold, -HUGE_VAL)}) {
    for (const std::string& digits : {fmt::format("{}", h), fmt::format("{:.17g}", h)}) {
      if (read_back(digits, 1e-2) == v) return digits + "%";
    }
  }
  return number_text(v);
}

struct Printed {
  std::string text;
  int level;
};

using NameText = std::function<std::string(const std::string&)>;

Printed print(const Expr& e, const NameText& name_text);

std::string operand(const Expr& parent, size_t i, const NameText& name_text) {
  Printed p = print(*parent.args[i], name_text);
  bool right = i > 0;
  return p.level < lowest_operand_level(parent.op, right) ? "(" + p.text + ")" : p.text;
}

Printed print(const Expr& e, const NameText& name_text) {
  switch (e.kind) {
    case ExprKind::kNumber: {
      std::string text = !e.literal.empty() ? e.literal
                         : e.percent        ? percent_text(e.number)
                                            : number_text(e.number);
      if (!e.unit_text.empty()) text += "[" + e.unit_text + "]";
      // A number built in code may be negative: it prints, and reads back, as a negation.
      return {text, text.starts_with('-') ? kNegLevel : kAtomLevel};
    }
    case ExprKind::kName: {
      if (!name_text) return {e.name, kAtomLevel};
      std::string text = name_text(e.name);
      return {text, text.starts_with('-') ? kNegLevel : kAtomLevel};
    }
    case ExprKind::kCall: {
      std::string text = e.name + "(";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i > 0) text += ", ";
        text += print(*e.args[i], name_text).text;
      }
      return {text + ")", kAtomLevel};
    }
    case ExprKind::kUnary:
      return {operator_text(e.op) + operand(e, 0, name_text), level_of(e.op)};
    case ExprKind::kBinary: {
      std::string lhs = operand(e, 0, name_text);
      std::string rhs = operand(e, 1, name_text);
      std::string text = e.op == Operator::kPair  ? lhs + ": " + rhs
                         : e.op == Operator::kPow ? lhs + "^" + rhs
                                                  : lhs + " " + operator_text(e.op) + " " + rhs;
      return {text, level_of(e.op)};
    }
  }
  return {"", kAtomLevel};
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

std::string to_text(const Expr& e, const NameText& name_text) { return print(e, name_text).text; }

}  // namespace gpugap
