// The formula language: numbers and suffixes, precedence, unit annotations, comments, the
// round trip through to_text, and every parse error with its exact message and column.
#include "gpugap/expr/parser.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "gpugap/expr/constant.h"

namespace gpugap {
namespace {

// Parses the formula between the first and the last double quote of `line`, a line of a TOML
// file, so that errors are located in that line as the loader would locate them.
Result<ExprPtr> parse_in_line(const std::string& line) {
  size_t open = line.find('"');
  size_t close = line.rfind('"');
  std::string formula = line.substr(open + 1, close - open - 1);
  return parse_formula(
      formula, TextOrigin{SourceText::from_string("f.toml", line), 1, static_cast<int>(open) + 2});
}

ExprPtr parse(const std::string& formula) {
  auto parsed = parse_in_line("x = \"" + formula + "\"");
  EXPECT_TRUE(parsed.ok()) << formula << ": "
                           << (parsed.ok() ? "" : format_diagnostics(parsed.diagnostics()));
  return parsed.ok() ? std::move(*parsed) : nullptr;
}

// The diagnostics of a formula that must not parse, as the CLI prints them.
std::string error_of(const std::string& line) {
  auto parsed = parse_in_line(line);
  if (parsed.ok()) return "parsed: " + to_text(**parsed);
  return format_diagnostics(parsed.diagnostics());
}

// A fully parenthesised rendering of the tree, so that tests see its shape.
std::string tree(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kNumber: {
      std::string text = fmt::format("{:g}", e.number);
      if (e.percent) text += "%";
      if (!e.unit_text.empty()) text += "[" + e.unit_text + "]";
      return text;
    }
    case ExprKind::kName:
      return e.name;
    case ExprKind::kUnary:
      return fmt::format("({} {})", e.op == Operator::kNeg ? "neg" : "not", tree(*e.args[0]));
    case ExprKind::kBinary:
      return fmt::format("({} {} {})", operator_text(e.op), tree(*e.args[0]), tree(*e.args[1]));
    case ExprKind::kCall: {
      std::string text = "(" + e.name;
      for (const auto& a : e.args) text += " " + tree(*a);
      return text + ")";
    }
  }
  return "?";
}

std::string tree_of(const std::string& formula) {
  ExprPtr e = parse(formula);
  return e ? tree(*e) : "<error>";
}

double number_of(const std::string& formula) {
  ExprPtr e = parse(formula);
  if (!e) return -1;
  auto v = constant_value(*e);
  EXPECT_TRUE(v.has_value()) << formula;
  return v.value_or(-1);
}

TEST(Parser, NumbersTakeSuffixes) {
  EXPECT_DOUBLE_EQ(number_of("150B"), 150e9);
  EXPECT_DOUBLE_EQ(number_of("2.5k"), 2500);
  EXPECT_DOUBLE_EQ(number_of("700M"), 700e6);
  EXPECT_DOUBLE_EQ(number_of("1.2T"), 1.2e12);
  EXPECT_DOUBLE_EQ(number_of("3.4B"), 3.4e9);
  EXPECT_DOUBLE_EQ(number_of("42"), 42);
  EXPECT_DOUBLE_EQ(number_of("0.125"), 0.125);
}

TEST(Parser, PercentIsAFractionAndRemembersItWasWrittenSo) {
  ExprPtr e = parse("50%");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, ExprKind::kNumber);
  EXPECT_DOUBLE_EQ(e->number, 0.5);
  EXPECT_TRUE(e->percent);
  EXPECT_FALSE(parse("0.5")->percent);
  EXPECT_DOUBLE_EQ(number_of("-3.5%"), -0.035);
}

TEST(Parser, ScientificNotation) {
  EXPECT_DOUBLE_EQ(number_of("1e3"), 1000);
  EXPECT_DOUBLE_EQ(number_of("1.5e-3"), 0.0015);
  EXPECT_DOUBLE_EQ(number_of("2E+2"), 200);
  EXPECT_DOUBLE_EQ(number_of("6e11"), 6e11);
  // An exponent and a suffix together.
  EXPECT_DOUBLE_EQ(number_of("1e3B"), 1e12);
}

TEST(Parser, UnaryMinusBindsLooserThanPower) {
  EXPECT_EQ(tree_of("-2^2"), "(neg (^ 2 2))");
  EXPECT_DOUBLE_EQ(number_of("-2^2"), -4);
  EXPECT_DOUBLE_EQ(number_of("(-2)^2"), 4);
  // A power's exponent may itself be negative.
  EXPECT_EQ(tree_of("2^-1"), "(^ 2 (neg 1))");
  EXPECT_DOUBLE_EQ(number_of("2^-1"), 0.5);
}

TEST(Parser, PowerIsRightAssociative) {
  EXPECT_EQ(tree_of("2^3^2"), "(^ 2 (^ 3 2))");
  EXPECT_DOUBLE_EQ(number_of("2^3^2"), 512);
}

TEST(Parser, ArithmeticPrecedenceAndAssociativity) {
  EXPECT_EQ(tree_of("1 + 2 * 3"), "(+ 1 (* 2 3))");
  EXPECT_EQ(tree_of("(1 + 2) * 3"), "(* (+ 1 2) 3)");
  EXPECT_EQ(tree_of("10 - 4 - 3"), "(- (- 10 4) 3)");
  EXPECT_EQ(tree_of("24 / 4 / 2"), "(/ (/ 24 4) 2)");
  EXPECT_EQ(tree_of("a * b ^ 2"), "(* a (^ b 2))");
  EXPECT_DOUBLE_EQ(number_of("10 - 4 - 3"), 3);
  EXPECT_DOUBLE_EQ(number_of("24 / 4 / 2"), 3);
  EXPECT_DOUBLE_EQ(number_of("2 * 3 + 4 * 5"), 26);
}

TEST(Parser, ComparisonsBindLooserThanArithmetic) {
  EXPECT_EQ(tree_of("a + 1 < b * 2"), "(< (+ a 1) (* b 2))");
  EXPECT_EQ(tree_of("a <= b"), "(<= a b)");
  EXPECT_EQ(tree_of("a > b"), "(> a b)");
  EXPECT_EQ(tree_of("a >= b"), "(>= a b)");
  EXPECT_EQ(tree_of("a == b"), "(== a b)");
  EXPECT_EQ(tree_of("a != b"), "(!= a b)");
}

TEST(Parser, AndBindsTighterThanOrAndNotTighterThanBoth) {
  EXPECT_EQ(tree_of("a < b and c > d or not e"), "(or (and (< a b) (> c d)) (not e))");
  EXPECT_EQ(tree_of("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(tree_of("not a and b"), "(and (not a) b)");
  EXPECT_EQ(tree_of("not (a and b)"), "(not (and a b))");
  EXPECT_EQ(tree_of("a or b or c"), "(or (or a b) c)");
}

TEST(Parser, NotBindsLooserThanComparisons) {
  // As in Python and SQL: "not margin > 50%" negates the comparison. Binding tighter would
  // silently compute "(not margin) > 50%", which is always false.
  EXPECT_EQ(tree_of("not a < b"), "(not (< a b))");
  EXPECT_EQ(tree_of("not a == b and c"), "(and (not (== a b)) c)");
  EXPECT_EQ(tree_of("not -a"), "(not (neg a))");
}

TEST(Parser, ChainedComparisonsAreAnError) {
  EXPECT_EQ(error_of(R"~(c = "1 < 2 < 3")~"),
            R"~(f.toml:1:6: error: comparisons do not chain: '1 < 2 < 3'
    c = "1 < 2 < 3"
         ^~~~~~~~~
hint: write 'a < b and b < c'
)~");
}

TEST(Parser, NamesAndCalls) {
  EXPECT_EQ(tree_of("gpu_runrate * (1 + energy_ratio)"), "(* gpu_runrate (+ 1 energy_ratio))");
  EXPECT_EQ(tree_of("if(a > b, a, b)"), "(if (> a b) a b)");
  EXPECT_EQ(tree_of("max(a, b, c)"), "(max a b c)");
  EXPECT_EQ(tree_of("first_year(cumsum(x) > 0)"), "(first_year (> (cumsum x) 0))");
  EXPECT_EQ(tree_of("f()"), "(f)");
  ExprPtr call = parse("at(required_revenue, 2030)");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->kind, ExprKind::kCall);
  EXPECT_EQ(call->name, "at");
  ASSERT_EQ(call->args.size(), 2u);
  EXPECT_EQ(call->args[0]->kind, ExprKind::kName);
}

TEST(Parser, UnitAnnotationsOnNumbers) {
  ExprPtr e = parse("10[GW]");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, ExprKind::kNumber);
  EXPECT_DOUBLE_EQ(e->number, 10);
  EXPECT_EQ(e->unit_text, "GW");
  EXPECT_EQ(e->begin, 0u);
  EXPECT_EQ(e->end, 6u);
  EXPECT_EQ(tree_of("consumer_revenue * 1[yr] / required_revenue"),
            "(/ (* consumer_revenue 1[yr]) required_revenue)");
  EXPECT_EQ(tree_of("20[USD/user/month]"), "20[USD/user/month]");
  // A number with a unit is not a bare constant: it does not take the declared unit.
  EXPECT_FALSE(is_constant(*parse("10[GW]")));
  EXPECT_FALSE(constant_value(*parse("10[GW]")).has_value());
}

TEST(Parser, IsConstantMeansAPlainNumber) {
  EXPECT_TRUE(is_constant(*parse("150B")));
  EXPECT_TRUE(is_constant(*parse("-3.5%")));
  EXPECT_FALSE(is_constant(*parse("a")));
  EXPECT_FALSE(is_constant(*parse("1 + 2")));
}

TEST(Parser, CommentsAndWhitespaceAreIgnored) {
  EXPECT_EQ(tree_of("a # the first\n + b # the second"), "(+ a b)");
  EXPECT_EQ(tree_of("  a\t*\n\nb  "), "(* a b)");
  EXPECT_EQ(tree_of("# a note first\n42"), "42");
}

TEST(Parser, NodesKeepTheirTextRange) {
  const std::string text = "datacenter_cost / (1 - end_user_margin)";
  ExprPtr e = parse(text);
  ASSERT_TRUE(e);
  const Expr& divisor = *e->args[1];
  // Parentheses belong to the node they wrap, so that a message quoting it reads as written.
  EXPECT_EQ(text.substr(divisor.begin, divisor.end - divisor.begin), "(1 - end_user_margin)");
  // An operation spans its operands, parentheses included: a message that quotes it must not
  // quote "datacenter_cost / (1 - end_user_margin" or "a + b) * 2".
  EXPECT_EQ(e->begin, 0u);
  EXPECT_EQ(e->end, text.size());
  ExprPtr grouped = parse("(a + b) * 2");
  ASSERT_TRUE(grouped);
  EXPECT_EQ(grouped->begin, 0u);
  EXPECT_EQ(grouped->end, 11u);
}

TEST(Parser, ToTextRoundTrips) {
  const char* formulas[] = {
      "gpu_runrate * (1 + energy_ratio)",
      "datacenter_cost / (1 - end_user_margin)",
      "listed_ai_revenue_2023 - openai_revenue_2023 + openai_revenue",
      "a - (b - c)",
      "a / (b * c)",
      "2^3^2",
      "(2^3)^2",
      "-2^2",
      "(-2)^2",
      "-(a + b)",
      "not (a and b)",
      "a < b and c >= d or not e",
      "if(a > b, a, b)",
      "consumer_revenue * 1[yr] / required_revenue",
      "at(required_revenue, 2030)",
      "lag(x, 1, 0)",
      "150B",
      "50%",
      "25k",
      "2500",
      "0.125",
  };
  for (const char* formula : formulas) {
    ExprPtr e = parse(formula);
    ASSERT_TRUE(e) << formula;
    EXPECT_EQ(to_text(*e), formula);
    // And the text parses back to the same tree.
    EXPECT_EQ(tree_of(to_text(*e)), tree(*e)) << formula;
  }
}

TEST(Parser, ToTextKeepsEveryDigit) {
  // Years and exact figures must come back as written, not rounded to six digits with a suffix.
  EXPECT_EQ(to_text(*parse("at(x, 2030)")), "at(x, 2030)");
  for (const char* number : {"1234567", "193.7B", "15.49", "0.0125", "12.345678%"}) {
    ExprPtr e = parse(number);
    ASSERT_TRUE(e);
    ExprPtr back = parse(to_text(*e));
    ASSERT_TRUE(back);
    EXPECT_EQ(constant_value(*back), constant_value(*e)) << number << " → " << to_text(*e);
  }
}

TEST(Parser, ToTextDropsRedundantParentheses) {
  EXPECT_EQ(to_text(*parse("(a * b) + c")), "a * b + c");
  EXPECT_EQ(to_text(*parse("(a - b) - c")), "a - b - c");
  EXPECT_EQ(to_text(*parse("((a))")), "a");
  EXPECT_EQ(to_text(*parse("a   *   # comment\n b")), "a * b");
}

TEST(Parser, ToTextSubstitutesNames) {
  ExprPtr e = parse("gpu_runrate * (1 + energy_ratio)");
  ASSERT_TRUE(e);
  EXPECT_EQ(to_text(*e, [](const std::string& name) { return "<" + name + ">"; }),
            "<gpu_runrate> * (1 + <energy_ratio>)");
}

TEST(ParserErrors, BadSuffix) {
  EXPECT_EQ(error_of(R"~(gpu_runrate = { value = "150Bx", unit = "USD" })~"),
            R"~(f.toml:1:26: error: bad number '150Bx'
    gpu_runrate = { value = "150Bx", unit = "USD" }
                             ^~~~~
hint: numbers take one suffix: k (thousand), M (million), B (billion), T (trillion) or %; put a space or an operator between a number and a name
)~");
}

TEST(ParserErrors, NumberRunIntoAName) {
  // "5kW" is not five kilowatts: a unit is written 5[kW].
  EXPECT_EQ(error_of(R"~(p = "5kW * 2")~"),
            R"~(f.toml:1:6: error: bad number '5kW'
    p = "5kW * 2"
         ^~~
hint: numbers take one suffix: k (thousand), M (million), B (billion), T (trillion) or %; put a space or an operator between a number and a name
)~");
  EXPECT_EQ(error_of(R"~(p = "2.5.1")~"),
            R"~(f.toml:1:6: error: bad number '2.5.1'
    p = "2.5.1"
         ^~~~~
hint: numbers take one suffix: k (thousand), M (million), B (billion), T (trillion) or %; put a space or an operator between a number and a name
)~");
}

TEST(ParserErrors, NumberTooLarge) {
  EXPECT_EQ(error_of(R"~(p = "1e400")~"), R"~(f.toml:1:6: error: number '1e400' is too large
    p = "1e400"
         ^~~~~
hint: numbers go up to about 1.8e308; write large amounts with a suffix, e.g. 150B
)~");
}

TEST(ParserErrors, LonelyDot) {
  EXPECT_EQ(error_of(R"~(p = "1 + .")~"), R"~(f.toml:1:10: error: a number needs digits
    p = "1 + ."
             ^
hint: write 0.5, not .
)~");
}

TEST(ParserErrors, UnclosedParenthesis) {
  // The caret is just after the formula's last character: where the ')' is missing.
  EXPECT_EQ(error_of(R"~(c = { value = "gpu_runrate * (1 + energy_ratio" })~"),
            R"~(f.toml:1:47: error: expected ')' but found the end of the formula
    c = { value = "gpu_runrate * (1 + energy_ratio" }
                                                  ^
hint: every '(' needs its ')'
)~");
}

TEST(ParserErrors, UnclosedCall) {
  EXPECT_EQ(
      error_of(R"~(m = "max(a, b")~"),
      R"~(f.toml:1:14: error: expected ',' or ')' in the call of max but found the end of the formula
    m = "max(a, b"
                 ^
hint: separate arguments with ',' and close the call with ')'
)~");
}

TEST(ParserErrors, EmptyFormula) {
  EXPECT_EQ(error_of(R"~(a = { value = "" })~"), R"~(f.toml:1:16: error: empty formula
    a = { value = "" }
                   ^
hint: write a number such as 150B or a formula
)~");
  // Blanks and a comment are still empty.
  EXPECT_EQ(error_of(R"~(a = "   # nothing")~"), R"~(f.toml:1:6: error: empty formula
    a = "   # nothing"
         ^~~~~~~~~~~~
hint: write a number such as 150B or a formula
)~");
}

TEST(ParserErrors, SingleEqualsIsNotComparison) {
  EXPECT_EQ(error_of(R"~(c = "if(a = b, 1, 0)")~"), R"~(f.toml:1:11: error: '=' is not an operator
    c = "if(a = b, 1, 0)"
              ^
hint: compare with '=='
)~");
}

TEST(ParserErrors, BangAloneIsNotAnOperator) {
  EXPECT_EQ(error_of(R"~(c = "!a")~"), R"~(f.toml:1:6: error: '!' is not an operator
    c = "!a"
         ^
hint: write 'not x' or 'a != b'
)~");
}

TEST(ParserErrors, StrayCharacter) {
  EXPECT_EQ(error_of(R"~(c = "a $ b")~"), R"~(f.toml:1:8: error: unexpected character '$'
    c = "a $ b"
           ^
hint: formulas are made of numbers, names (letters, digits, '_' and '.'), operators + - * / ^ < > == != and parentheses; put text in 'note' or after '#'
)~");
  // A non-ASCII character is named whole, not as a broken byte.
  EXPECT_EQ(error_of(R"~(c = "a × b")~"), R"~(f.toml:1:8: error: unexpected character '×'
    c = "a × b"
           ^
hint: formulas are made of numbers, names (letters, digits, '_' and '.'), operators + - * / ^ < > == != and parentheses; put text in 'note' or after '#'
)~");
}

TEST(ParserErrors, MissingOperator) {
  EXPECT_EQ(error_of(R"~(c = "a b")~"),
            R"~(f.toml:1:8: error: unexpected 'b' after the end of the formula
    c = "a b"
           ^
hint: is an operator missing?
)~");
}

TEST(ParserErrors, MissingOperand) {
  EXPECT_EQ(error_of(R"~(c = "a +")~"),
            R"~(f.toml:1:8: error: the formula ends where a value was expected
    c = "a +"
           ^
hint: an operator, '(' or ',' needs a value after it
)~");
  EXPECT_EQ(error_of(R"~(c = "* b")~"),
            R"~(f.toml:1:6: error: unexpected '*' where a value was expected
    c = "* b"
         ^
hint: a value is a number, a name, a function call or a formula in parentheses
)~");
  EXPECT_EQ(error_of(R"~(c = "a + and")~"),
            R"~(f.toml:1:10: error: 'and' is a keyword; a value was expected here
    c = "a + and"
             ^~~
hint: a value is a number, a name, a function call or a formula in parentheses
)~");
}

TEST(ParserErrors, UnclosedUnit) {
  EXPECT_EQ(error_of(R"~(p = "10[GW")~"),
            R"~(f.toml:1:8: error: '[' opens a unit that is never closed
    p = "10[GW"
           ^
hint: write a unit as 10[GW]
)~");
}

TEST(ParserErrors, ErrorsOnLaterLinesOfAMultiLineFormula) {
  // The origin is where the formula's text starts; a newline inside it moves to the next line.
  auto source = SourceText::from_string("f.toml", "x = \"\"\"\na +\n  b $ c\"\"\"");
  auto parsed = parse_formula("a +\n  b $ c", TextOrigin{source, 2, 1});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(format_diagnostics(parsed.diagnostics()),
            R"~(f.toml:3:5: error: unexpected character '$'
      b $ c"""
        ^
hint: formulas are made of numbers, names (letters, digits, '_' and '.'), operators + - * / ^ < > == != and parentheses; put text in 'note' or after '#'
)~");
}

// Deep input is an error, never a stack overflow: every later pass (unit checks, code generation,
// explain) recurses over the tree, so the parser bounds its height.
std::string repeat(const std::string& piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(ParserErrors, DeepNestingIsAnErrorNotACrash) {
  const std::string kTooDeep = "formula nested too deeply (more than 256 levels)";
  for (const std::string& formula :
       {repeat("(", 10000) + "1", repeat("-", 20000) + "1", "2" + repeat("^2", 20000),
        repeat("not ", 20000) + "1", repeat("abs(", 10000) + "1", "1" + repeat(" + 1", 20000),
        "1" + repeat("*a", 20000), repeat("max(1, ", 10000) + "1"}) {
    auto parsed =
        parse_formula(formula, TextOrigin{SourceText::from_string("f.toml", formula), 1, 1});
    ASSERT_FALSE(parsed.ok()) << formula.substr(0, 20);
    ASSERT_EQ(parsed.diagnostics().size(), 1u);
    EXPECT_EQ(parsed.diagnostics()[0].message, kTooDeep) << formula.substr(0, 20);
    EXPECT_FALSE(parsed.diagnostics()[0].hint.empty());
  }
}

TEST(ParserErrors, DeepNestingPointsWhereTheLimitIsCrossed) {
  // 256 levels parse; the 257th parenthesis is the one underlined.
  EXPECT_TRUE(parse(repeat("(", 255) + "1" + repeat(")", 255)) != nullptr);
  EXPECT_TRUE(parse("1" + repeat("+1", 255)) != nullptr);
  std::string line = "x = \"" + repeat("(", 300) + "1\"";
  auto parsed = parse_in_line(line);
  ASSERT_FALSE(parsed.ok());
  const SourceLocation& where = parsed.diagnostics()[0].where;
  EXPECT_EQ(where.column, 6 + 256);
  EXPECT_EQ(parsed.diagnostics()[0].hint,
            "each parenthesis, function call, operator and term of a chain such as a + b + c is a "
            "level; split the formula into named quantities");
}

TEST(Parser, TreeHeightIsRecorded) {
  EXPECT_EQ(parse("1")->height, 1);
  EXPECT_EQ(parse("1 + 2 + 3")->height, 3);
  EXPECT_EQ(parse("((((1))))")->height, 1);
  EXPECT_EQ(parse("max(a, -b)")->height, 3);
}

TEST(Parser, IsNameIsWhatTheLexerReadsAsAName) {
  for (const char* good : {"a", "_a", "gpu_runrate", "fleet.capex", "a1", "A"}) {
    EXPECT_TRUE(is_name(good)) << good;
  }
  for (const char* bad : {"", "1abc", "a b", "a,b", "café", ".a", "a-b", "a$"}) {
    EXPECT_FALSE(is_name(bad)) << bad;
  }
}

TEST(ParserErrors, EveryErrorHasAHint) {
  for (const char* formula : {"()", "1 +", "(1", "min(", "min(1,", "1e400", "a é b", "to", "a b",
                              "1..2", "10[GW", "a = b", "!a", "1 < 2 < 3", ""}) {
    auto parsed =
        parse_formula(formula, TextOrigin{SourceText::from_string("f.toml", formula), 1, 1});
    ASSERT_FALSE(parsed.ok()) << formula;
    EXPECT_FALSE(parsed.diagnostics()[0].hint.empty())
        << formula << ": " << parsed.diagnostics()[0].message;
  }
}

}  // namespace
}  // namespace gpugap
