// The formula printer (to_text): whatever tree the parser can build, its text parses back to the
// same tree — for the cases that once printed wrongly, for every formula of scenarios/*.toml,
// and for many random trees — and numbers print as they were written.
#include "gpugap/expr/ast.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <toml++/toml.h>
#include <cmath>
#include <filesystem>
#include <random>

#include "gpugap/expr/parser.h"

namespace gpugap {
namespace {

Result<ExprPtr> parse_text(const std::string& formula) {
  return parse_formula(formula, TextOrigin{SourceText::from_string("f", formula), 1, 1});
}

// Where two trees differ (kinds, operators, names, numbers to the bit, units), or "" when they
// are the same. Text ranges are not compared: they belong to the text, not to the tree.
std::string difference(const Expr& a, const Expr& b) {
  if (a.kind != b.kind) return "kind";
  if ((a.kind == ExprKind::kUnary || a.kind == ExprKind::kBinary) && a.op != b.op) {
    return fmt::format("operator {} vs {}", operator_text(a.op), operator_text(b.op));
  }
  if (a.kind == ExprKind::kNumber) {
    if (a.number != b.number) return fmt::format("number {:.17g} vs {:.17g}", a.number, b.number);
    if (a.percent != b.percent) return "percent";
    if (a.unit_text != b.unit_text) return "unit";
  }
  if (a.name != b.name) return "name " + a.name + " vs " + b.name;
  if (a.args.size() != b.args.size()) return "argument count";
  for (size_t i = 0; i < a.args.size(); ++i) {
    std::string d = difference(*a.args[i], *b.args[i]);
    if (!d.empty()) return d;
  }
  return "";
}

// to_text(e) parses, and to the same tree; "" when it does, else what went wrong.
std::string round_trip_failure(const Expr& e) {
  std::string text = to_text(e);
  auto back = parse_text(text);
  if (!back) return fmt::format("'{}' does not parse: {}", text, back.diagnostics()[0].message);
  std::string d = difference(e, **back);
  return d.empty() ? "" : fmt::format("'{}' parses to another tree ({})", text, d);
}

std::string printed(const std::string& formula) {
  auto parsed = parse_text(formula);
  EXPECT_TRUE(parsed.ok()) << formula;
  if (!parsed) return "<error>";
  EXPECT_EQ(round_trip_failure(**parsed), "") << formula;
  return to_text(**parsed);
}

TEST(ToText, ComparisonsAsOperandsOfComparisonsKeepTheirParentheses) {
  // "a >= 1 == (b < 2)" would be a chained comparison, which does not parse.
  EXPECT_EQ(printed("(a >= 1) == (b < 2)"), "(a >= 1) == (b < 2)");
  EXPECT_EQ(printed("(a < b) != c"), "(a < b) != c");
}

TEST(ToText, NotBindsLooserThanArithmeticAndComparisons) {
  EXPECT_EQ(printed("a + (not b)"), "a + (not b)");
  EXPECT_EQ(printed("(not a) < b"), "(not a) < b");
  EXPECT_EQ(printed("not a < b"), "not a < b");
  EXPECT_EQ(printed("not not a"), "not not a");
  EXPECT_EQ(printed("not a and not b"), "not a and not b");
  EXPECT_EQ(printed("not (a and b)"), "not (a and b)");
}

TEST(ToText, IntervalsDoNotChain) {
  EXPECT_EQ(printed("(a to b) to c"), "(a to b) to c");
  EXPECT_EQ(printed("a to (b to c)"), "a to (b to c)");
  EXPECT_EQ(printed("discrete(1 to 2: 30%, 3: 70%)"), "discrete(1 to 2: 30%, 3: 70%)");
  EXPECT_EQ(printed("-(a to b)"), "-(a to b)");
}

TEST(ToText, NumbersPrintAsWritten) {
  EXPECT_EQ(printed("2448044%"), "2448044%");
  EXPECT_EQ(printed("1.5e3B * 0.10"), "1.5e3B * 0.10");
  EXPECT_EQ(printed("150000000000"), "150000000000");
  EXPECT_EQ(printed("10[GW] + 5.[GW]"), "10[GW] + 5.[GW]");
}

TEST(ToText, NumbersBuiltInCodeReadBackExactly) {
  for (double v : {24480.440000000002, 0.1, 1.0 / 3, 0.07, 6.02e23, 123456789.0}) {
    for (bool percent : {false, true}) {
      Expr e;
      e.number = v;
      e.percent = percent;
      EXPECT_EQ(round_trip_failure(e), "") << v << (percent ? "%" : "");
    }
  }
  // A fraction no "x%" reads back as exactly prints as the plain number.
  Expr tiny;
  tiny.number = 1e-300;
  tiny.percent = true;
  EXPECT_EQ(to_text(tiny), "1e-300");
  Expr year;
  year.number = 2030;
  EXPECT_EQ(to_text(year), "2030");
  Expr big;
  big.number = 150e9;
  EXPECT_EQ(to_text(big), "150B");
  Expr share;
  share.number = 0.5;
  share.percent = true;
  EXPECT_EQ(to_text(share), "50%");
}

TEST(ToText, NegativeSubstitutionsAreParenthesisedWhereANegationWouldBe) {
  auto e = parse_text("x^2 + y");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(to_text(**e, [](const std::string& n) { return n == "x" ? "-3" : "4"; }), "(-3)^2 + 4");
}

TEST(ToText, EveryFormulaOfTheScenariosRoundTrips) {
  int formulas = 0;
  for (const auto& entry : std::filesystem::directory_iterator(GPUGAP_SOURCE_SCENARIOS)) {
    if (entry.path().extension() != ".toml") continue;
    toml::table table = toml::parse_file(entry.path().string());
    std::vector<const toml::node*> stack = {&table};
    while (!stack.empty()) {
      const toml::node* node = stack.back();
      stack.pop_back();
      if (const auto* t = node->as_table()) {
        for (const auto& [key, value] : *t) stack.push_back(&value);
      } else if (const auto* a = node->as_array()) {
        for (const auto& value : *a) stack.push_back(&value);
      } else if (const auto* s = node->as_string()) {
        // Notes and sources are strings too; the formulas are the strings that parse.
        auto parsed = parse_text(s->get());
        if (!parsed) continue;
        ++formulas;
        EXPECT_EQ(round_trip_failure(**parsed), "") << entry.path() << ": " << s->get();
      }
    }
  }
  EXPECT_GT(formulas, 200);
}

// Random trees of every shape the parser can build: numbers, names, calls (with value: weight
// arguments), every operator; the printer must give text that reads back as the same tree.
class RandomTrees {
 public:
  explicit RandomTrees(uint32_t seed) : rng_(seed) {}

  ExprPtr make(int depth) {
    auto e = std::make_unique<Expr>();
    int choice = depth <= 0 ? pick(3) : pick(10);
    if (choice == 0) {
      e->kind = ExprKind::kNumber;
      static const double kNumbers[] = {0, 1, 2.5, 2030, 150e9, 0.1, 1.0 / 3, 1e-7, 6.02e23};
      e->number = kNumbers[pick(std::size(kNumbers))];
      if (pick(4) == 0) e->percent = true;
      if (pick(6) == 0) e->unit_text = "GW";
    } else if (choice == 1) {
      e->kind = ExprKind::kName;
      static const char* kNames[] = {"a", "b_2", "gpu.cost", "x"};
      e->name = kNames[pick(std::size(kNames))];
    } else if (choice == 2) {
      e->kind = ExprKind::kCall;
      e->name = pick(2) ? "max" : "discrete";
      for (int i = 0, n = pick(3); i < n; ++i) {
        if (pick(3) == 0) {
          auto pair = std::make_unique<Expr>();
          pair->kind = ExprKind::kBinary;
          pair->op = Operator::kPair;
          pair->args.push_back(make(depth - 1));
          pair->args.push_back(make(depth - 1));
          e->args.push_back(std::move(pair));
        } else {
          e->args.push_back(make(depth - 1));
        }
      }
    } else if (choice == 3) {
      e->kind = ExprKind::kUnary;
      e->op = pick(2) ? Operator::kNeg : Operator::kNot;
      e->args.push_back(make(depth - 1));
    } else {
      static const Operator kBinary[] = {
          Operator::kAdd,          Operator::kSub,   Operator::kMul,       Operator::kDiv,
          Operator::kPow,          Operator::kLess,  Operator::kLessEqual, Operator::kGreater,
          Operator::kGreaterEqual, Operator::kEqual, Operator::kNotEqual,  Operator::kAnd,
          Operator::kOr,           Operator::kTo};
      e->kind = ExprKind::kBinary;
      e->op = kBinary[pick(std::size(kBinary))];
      e->args.push_back(make(depth - 1));
      e->args.push_back(make(depth - 1));
    }
    return e;
  }

 private:
  int pick(size_t n) { return static_cast<int>(rng_() % n); }
  std::mt19937 rng_;
};

TEST(ToText, RandomTreesRoundTrip) {
  RandomTrees trees(20261203);
  for (int i = 0; i < 20000; ++i) {
    ExprPtr e = trees.make(1 + i % 6);
    std::string failure = round_trip_failure(*e);
    ASSERT_EQ(failure, "") << "tree " << i;
  }
}

}  // namespace
}  // namespace gpugap
