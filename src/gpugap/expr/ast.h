// The syntax tree of a formula ("gpu_runrate * (1 + energy_ratio)"). Nodes keep the byte range
// of the text they came from, so that every later error can point at the exact sub-expression.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gpugap {

enum class ExprKind { kNumber, kName, kUnary, kBinary, kCall };

enum class Operator {
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
  kAnd,
  kOr,
  kNeg,
  kNot,
  kTo,    // "a to b": a 90% interval (an uncertain value)
  kPair,  // "value: weight", an argument of discrete(...)
};

const char* operator_text(Operator op);

struct Expr {
  ExprKind kind = ExprKind::kNumber;
  size_t begin = 0;  // byte range in the formula text
  size_t end = 0;
  int height = 1;  // levels of the tree from here down; the parser keeps it <= 256

  // kNumber
  double number = 0;
  bool percent = false;   // written with a '%' suffix
  std::string literal;    // the number as written ("2448044%", "1.5e3B"); empty when built in code
  std::string unit_text;  // written with a '[unit]' annotation, e.g. 10[GW]
  // kName: the quantity's name; kCall: the function's name
  std::string name;
  // kUnary, kBinary
  Operator op = Operator::kAdd;
  // operands of kUnary/kBinary, arguments of kCall
  std::vector<std::unique_ptr<Expr>> args;
};

using ExprPtr = std::unique_ptr<Expr>;

// Renders the tree back to text with minimal parentheses; the text parses back to the same tree
// (numbers as they were written, or else in the shortest text that reads back exactly).
// `name_text`, when given, replaces each name: that is how `explain` substitutes values into a
// formula (a substituted text starting with '-' is parenthesised where a negation would be).
std::string to_text(const Expr& expr,
                    const std::function<std::string(const std::string&)>& name_text = nullptr);

template <class F>
void visit_names(const Expr& expr, F&& f) {
  if (expr.kind == ExprKind::kName) f(expr);
  for (const auto& a : expr.args) visit_names(*a, f);
}

}  // namespace gpugap
