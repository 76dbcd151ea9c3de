// Loading scenario files: the [time] axis, keys written twice, `extends` of a folder, the
// top-level keys' types, [expect] forms, and where errors in escaped strings point. The messages
// asserted here are the specification.
#include "gpugap/scenario/scenario.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "gpugap/expr/parser.h"
#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

// The diagnostics of loading `toml` as "s.toml", or "loaded".
std::string load_errors(const std::string& toml) {
  auto scenario = load_scenario_text("s.toml", toml);
  return scenario.ok() ? "loaded" : format_diagnostics(scenario.diagnostics());
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST(Time, YearsAreParsedStrictly) {
  auto scenario = load_scenario_text("s.toml", "[time]\nyears = \" 2025 .. 2030 \"\n");
  ASSERT_TRUE(scenario.ok()) << format_diagnostics(scenario.diagnostics());
  EXPECT_EQ(scenario->time->first_year, 2025);
  EXPECT_EQ(scenario->time->last_year, 2030);
  EXPECT_EQ(load_errors("[time]\nyears = \"2025..2030junk\"\n"),
            R"~(s.toml:2:9: error: [time] years = "2025..2030junk": '2030junk' is not a year
    years = "2025..2030junk"
            ^~~~~~~~~~~~~~~~
hint: write two whole years from 1900 to 2200, the first not after the last, e.g. "2020..2035"
)~");
}

TEST(Time, YearsStayInASaneRange) {
  // These overflowed an int (std::bad_alloc) and looped to INT_MAX (a hang).
  EXPECT_EQ(
      load_errors("[time]\nyears = \"-2000000000..2000000000\"\n"),
      R"~(s.toml:2:9: error: [time] years = "-2000000000..2000000000": '-2000000000' is not a year
    years = "-2000000000..2000000000"
            ^~~~~~~~~~~~~~~~~~~~~~~~~
hint: write two whole years from 1900 to 2200, the first not after the last, e.g. "2020..2035"
)~");
  EXPECT_EQ(
      load_errors("[time]\nyears = \"2147483000..2147483647\"\n"),
      R"~(s.toml:2:9: error: [time] years = "2147483000..2147483647": 2147483000 is outside the years 1900..2200 that series may cover
    years = "2147483000..2147483647"
            ^~~~~~~~~~~~~~~~~~~~~~~~
hint: write two whole years from 1900 to 2200, the first not after the last, e.g. "2020..2035"
)~");
  EXPECT_EQ(first_line(load_errors("[time]\nyears = \"2025..99999999999999999999\"\n")),
            "s.toml:2:9: error: [time] years = \"2025..99999999999999999999\": "
            "'99999999999999999999' is not a year");
  EXPECT_EQ(load_errors("[time]\nyears = \"1900..2200\"\n"), "loaded");
}

TEST(Time, EveryTimeErrorHasAHint) {
  for (const char* toml :
       {"time = 5\n", "[time]\n", "[time]\nyears = 2025\n", "[time]\nyears = \"2025\"\n",
        "[time]\nyears = \"2030..2020\"\n", "[time]\nyears = \"2025..2030\"\nyaers = 1\n"}) {
    auto scenario = load_scenario_text("s.toml", toml);
    ASSERT_FALSE(scenario.ok()) << toml;
    for (const auto& d : scenario.diagnostics()) {
      EXPECT_TRUE(d.where.known()) << toml;
      EXPECT_FALSE(d.hint.empty()) << toml << ": " << d.message;
    }
  }
}

TEST(DuplicateKeys, AQuantityDefinedTwice) {
  EXPECT_EQ(load_errors("title = \"d\"\n[quantities]\n  a  =  \"1\"\nab = \"3\"\n   a = \"2\"\n"),
            R"~(s.toml:5:4: error: quantity 'a' is defined twice
       a = "2"
       ^
hint: the first definition is on line 3; keep one (a variant changes a quantity with extends or --set)
)~");
  // A quoted key is the same key; the first definition is found by key, not by substring.
  EXPECT_EQ(load_errors("[quantities]\nxa = { value = \"1\", note = \"a = 3\" }\n\"a\" = \"1\"\n"
                        "a = \"2\"\n"),
            R"~(s.toml:4:1: error: quantity 'a' is defined twice
    a = "2"
    ^
hint: the first definition is on line 3; keep one (a variant changes a quantity with extends or --set)
)~");
  EXPECT_EQ(load_errors("[quantities]\na = \"1\"\n[quantities.a]\nvalue = \"2\"\n"),
            R"~(s.toml:3:1: error: quantity 'a' is defined twice
    [quantities.a]
    ^~~~~~~~~~~~~~
hint: the first definition is on line 2; keep one (a variant changes a quantity with extends or --set)
)~");
}

TEST(DuplicateKeys, AnExpectationGivenTwice) {
  EXPECT_EQ(load_errors("[quantities]\na = \"1\"\n[expect]\na = \"1\"\na = \"2\"\n"),
            R"~(s.toml:5:1: error: [expect] gives 'a' twice
    a = "2"
    ^
hint: the first is on line 4; keep one
)~");
}

TEST(DuplicateKeys, ATopLevelKeyATableAndAField) {
  EXPECT_EQ(load_errors("title = \"d\"\ntitle = \"e\"\n"),
            R"~(s.toml:2:1: error: 'title' is given twice
    title = "e"
    ^~~~~
hint: the first is on line 1; keep one
)~");
  EXPECT_EQ(load_errors("[quantities]\na = \"1\"\n[quantities]\nb = \"2\"\n"),
            R"~(s.toml:3:1: error: table [quantities] is defined twice
    [quantities]
    ^~~~~~~~~~~~
hint: the first is on line 1; put all its keys under one [quantities]
)~");
  EXPECT_EQ(load_errors("[quantities]\na = { value = \"1\", value = \"2\" }\n"),
            R"~(s.toml:2:20: error: quantity 'a' gives 'value' twice
    a = { value = "1", value = "2" }
                       ^~~~~
hint: keep one
)~");
  EXPECT_EQ(load_errors("[time]\nyears = \"2025..2030\"\nyears = \"2025..2031\"\n"),
            R"~(s.toml:3:1: error: 'years' is given twice in [time]
    years = "2025..2031"
    ^~~~~
hint: the first is on line 2; keep one
)~");
}

TEST(TopLevel, WrongTypesAreErrorsNotIgnored) {
  EXPECT_EQ(load_errors("title = 5\n"), R"~(s.toml:1:9: error: 'title' must be a string
    title = 5
            ^
hint: write title = "AI's $600B question"
)~");
  EXPECT_EQ(first_line(load_errors("description = [1]\n")),
            "s.toml:1:15: error: 'description' must be a string");
  EXPECT_EQ(first_line(load_errors("published = \"Sequoia\"\n")),
            "s.toml:1:13: error: 'published' must be a table of by, date and url");
  EXPECT_EQ(load_errors("published = { by = \"S\", dat = 2024-06-20 }\n"),
            R"~(s.toml:1:25: error: unknown field of 'published': 'dat'
    published = { by = "S", dat = 2024-06-20 }
                            ^~~
hint: did you mean 'date'?
)~");
  EXPECT_EQ(first_line(load_errors("published = { by = 5 }\n")),
            "s.toml:1:20: error: 'by' must be a string");
  EXPECT_EQ(first_line(load_errors("published = { date = 5 }\n")),
            "s.toml:1:22: error: 'published.date' must be a TOML date or a string");
  auto scenario = load_scenario_text(
      "s.toml", "published = { by = \"S\", date = 2024-06-20, url = \"https://x\" }\n");
  ASSERT_TRUE(scenario.ok());
  EXPECT_EQ(scenario->published.date, "2024-06-20");
}

TEST(TopLevel, ExtendsMustBeAStringWithAHint) {
  EXPECT_EQ(
      load_errors("extends = 5\n"),
      R"~(s.toml:1:11: error: 'extends' must be a string: the path of the scenario this one extends
    extends = 5
              ^
hint: write extends = "sequoia-2024.toml"
)~");
}

TEST(Quantities, FillNeedsATableOfYears) {
  EXPECT_EQ(
      load_errors("[quantities]\na = { value = \"1\", fill = \"hold\" }\n"),
      R"~(s.toml:2:27: error: 'fill' completes a table of years, but the value of 'a' is not one
    a = { value = "1", fill = "hold" }
                              ^
hint: remove 'fill', or give value as a table such as { 2025 = "1B", 2030 = "5B" }
)~");
}

TEST(Quantities, SourceAndNoteMustBeStrings) {
  EXPECT_EQ(first_line(load_errors("[quantities]\na = { value = \"1\", source = 5 }\n")),
            "s.toml:2:29: error: 'source' must be a string");
}

TEST(Expectations, ValueWithMinOrMaxIsContradictory) {
  // The value used to be dropped silently.
  EXPECT_EQ(load_errors("[quantities]\na = \"1\"\n[expect]\n"
                        "a = { value = \"100B\", tolerance = 0.01, min = \"1B\" }\n"),
            R"~(s.toml:4:15: error: expectation 'a' gives both value and min: it is one or the other
    a = { value = "100B", tolerance = 0.01, min = "1B" }
                  ^
hint: write { published = "600B", source = "…" } for a published figure (compared with its rounding), { value = "500B", tolerance = "1%" } for a consistency check, or min and/or max for a bound
)~");
  EXPECT_EQ(
      load_errors("[quantities]\na = \"1\"\n[expect]\na = { min = \"1\", tolerance = 0.1 }\n"),
      R"~(s.toml:4:30: error: expectation 'a': tolerance applies to value, not to min or max
    a = { min = "1", tolerance = 0.1 }
                                 ^
hint: min and max are exact bounds (both included); remove tolerance
)~");
}

// A published figure has a source and no tolerance (its rounding is the tolerance); a value
// with a source is told to be written as published (issue 14 item 11).
TEST(Expectations, APublishedFigureHasASourceAndNoTolerance) {
  EXPECT_EQ(
      first_line(load_errors("[quantities]\na = \"1\"\n[expect]\na = { published = \"17\" }\n")),
      "s.toml:4:19: error: published figure 'a' has no source");
  EXPECT_EQ(first_line(load_errors("[quantities]\na = \"1\"\n[expect]\n"
                                   "a = { published = \"17\", source = \"x\", tolerance = "
                                   "\"2%\" }\n")),
            "s.toml:4:51: error: expectation 'a': a published figure is compared with its "
            "rounding, not with a tolerance");
  EXPECT_EQ(first_line(load_errors(
                "[quantities]\na = \"1\"\n[expect]\na = { value = \"17\", source = \"x\" }\n")),
            "s.toml:4:15: error: expectation 'a' has a source: a published figure is written "
            "published = …, compared with its rounding");
  EXPECT_EQ(load_errors("[quantities]\na = \"1\"\n[expect]\n"
                        "a = { published = \"1\", source = \"x\" }\n"
                        "b = { min = \"0\", source = \"x\" }\n"
                        "c = \"1\"\n"),
            "loaded");
}

TEST(Expectations, UnknownFieldSuggestsTheClosest) {
  EXPECT_EQ(
      load_errors("[quantities]\na = \"1\"\n[expect]\na = { value = \"1\", tolerence = 0.1 }\n"),
      R"~(s.toml:4:20: error: unknown field of expectation 'a': 'tolerence'
    a = { value = "1", tolerence = 0.1 }
                       ^~~~~~~~~
hint: did you mean 'tolerance'?
)~");
}

using Files = testing::ScenarioFiles;

TEST_F(Files, ExtendsOfAFolderIsAnError) {
  // It used to load as an empty scenario.
  std::filesystem::create_directories(dir_ / "sub");
  std::string child = write("child.toml", "extends = \"sub\"\n");
  auto scenario = load_scenario(child);
  ASSERT_FALSE(scenario.ok());
  ASSERT_EQ(scenario.diagnostics().size(), 1u);
  EXPECT_EQ(scenario.diagnostics()[0].message,
            "'extends' names '" + (dir_ / "sub").string() + "', which is a folder");
  EXPECT_EQ(scenario.diagnostics()[0].where.line, 1);
  EXPECT_FALSE(scenario.diagnostics()[0].hint.empty());
}

TEST_F(Files, AFolderIsNotAScenarioFile) {
  auto scenario = load_scenario(dir_.string());
  ASSERT_FALSE(scenario.ok());
  EXPECT_EQ(scenario.diagnostics()[0].message,
            "'" + dir_.string() + "' is a folder, not a scenario file");
}

TEST_F(Files, ExtendsABundledScenarioByName) {
  // Not beside the file: the bundled scenario of that name (scenario/bundled.h).
  std::string child =
      write("child.toml", "extends = \"sequoia-2024\"\n[quantities]\ngpu_runrate = \"100B\"\n");
  auto scenario = load_scenario(child);
  ASSERT_TRUE(scenario.ok()) << format_diagnostics(scenario.diagnostics());
  ASSERT_NE(scenario->find("revenue_gap"), nullptr);
  EXPECT_EQ(scenario->find("gpu_runrate")->text, "100B");
  EXPECT_EQ(std::filesystem::path(scenario->extends_chain.at(0)).filename(), "sequoia-2024.toml");
  // With .toml too, and a file beside it comes first.
  write("sequoia-2024.toml", "[quantities]\nmine = \"1\"\n");
  std::string near = write("near.toml", "extends = \"sequoia-2024.toml\"\n");
  auto beside = load_scenario(near);
  ASSERT_TRUE(beside.ok()) << format_diagnostics(beside.diagnostics());
  EXPECT_NE(beside->find("mine"), nullptr);
  EXPECT_EQ(beside->find("revenue_gap"), nullptr);
  // A typo: neither, with the closest bundled name.
  std::string typo = write("typo.toml", "extends = \"sequoia-2042\"\n");
  auto missing = load_scenario(typo);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.diagnostics()[0].message,
            "'extends' names 'sequoia-2042', which is neither a file beside this one ('" +
                (dir_ / "sequoia-2042").string() + "') nor a bundled scenario");
  EXPECT_EQ(missing.diagnostics()[0].hint, "did you mean 'sequoia-2023'?");
}

TEST(FrontDoor, AScenarioWithoutQuantitiesIsAnError) {
  EXPECT_EQ(testing::evaluate_text("").errors,
            "s.toml: error: the scenario file is empty: it has no quantities\n"
            "hint: a scenario's figures go under [quantities], one a line, such as gpu_runrate = "
            "{ value = \"150B\", unit = \"USD\" } (docs/scenario-format.md)\n");
  EXPECT_EQ(first_line(testing::evaluate_text("title = \"x\"\n\n[quantities]\n").errors),
            "s.toml: error: the scenario has no quantities");
}

TEST(FrontDoor, ASetGivenTwiceIsAnError) {
  auto twice =
      testing::evaluate_text("[quantities]\na = \"1\"\nb = \"2\"\n", {"a=3", "b=1", "a = 4"});
  EXPECT_EQ(twice.errors, R"~(<--set>:1:1: error: --set a is given twice: --set a=3 and --set a = 4
    a = 4
    ^~~~~
hint: keep one of them
)~");
}

// Where a formula's error points when its TOML string holds escapes or line continuations.
std::string formula_error(const std::string& toml) {
  auto scenario = load_scenario_text("s.toml", toml);
  EXPECT_TRUE(scenario.ok());
  const QuantityDef& q = scenario->quantities.at(0);
  auto parsed = parse_formula(q.text, q.origin);
  return parsed.ok() ? "parsed" : format_diagnostics(parsed.diagnostics());
}

TEST(StringOrigins, CaretsSkipEscapes) {
  EXPECT_EQ(formula_error("[quantities]\na = \"\\t\\t1 + $x\"\n"),
            R"~(s.toml:2:14: error: unexpected character '$'
    a = "\t\t1 + $x"
                 ^
hint: formulas are made of numbers, names (letters, digits, '_' and '.'), operators + - * / ^ < > == != and parentheses; put text in 'note' or after '#'
)~");
  // \u00e9 is two bytes of text for six characters of the file; \n ends the comment.
  EXPECT_EQ(first_line(formula_error("[quantities]\na = \"1 # caf\\u00e9\\n+ $\"\n")),
            "s.toml:2:23: error: unexpected character '$'");
}

TEST(StringOrigins, CaretsCountCharactersNotBytes) {
  // toml++ counts columns in characters and diagnostics in bytes: a 'é' before the formula
  // moved the caret one place left.
  EXPECT_EQ(formula_error("[quantities]\na = { note = \"café\", value = \"1 + $\" }\n"),
            R"~(s.toml:2:36: error: unexpected character '$'
    a = { note = "café", value = "1 + $" }
                                      ^
hint: formulas are made of numbers, names (letters, digits, '_' and '.'), operators + - * / ^ < > == != and parentheses; put text in 'note' or after '#'
)~");
}

TEST(StringOrigins, CaretsFollowLineContinuations) {
  EXPECT_EQ(formula_error("[quantities]\na = \"\"\"1 + \\\n      2 + $\"\"\"\n"),
            R"~(s.toml:3:11: error: unexpected character '$'
          2 + $"""
              ^
hint: formulas are made of numbers, names (letters, digits, '_' and '.'), operators + - * / ^ < > == != and parentheses; put text in 'note' or after '#'
)~");
  // Without escapes, multi-line strings are located by counting, as before.
  EXPECT_EQ(first_line(formula_error("[quantities]\na = \"\"\"\n1 +\n  $\"\"\"\n")),
            "s.toml:4:3: error: unexpected character '$'");
}

TEST(LongScenarios, AChainOf40000QuantitiesLoadsWhole) {
  // Each quantity used to look up every earlier one (20,000 took seconds): the time is measured
  // by BM_LoadCompileChain in bench/; here, that such a file loads, in order, with its names.
  std::string toml = "[quantities]\nq0 = \"1\"\n";
  for (int i = 1; i < 40000; ++i) toml += fmt::format("q{} = \"q{} + 1\"\n", i, i - 1);
  auto scenario = load_scenario_text("s.toml", toml);
  ASSERT_TRUE(scenario.ok());
  ASSERT_EQ(scenario->quantities.size(), 40000u);
  EXPECT_EQ(scenario->quantities.back().name, "q39999");
  EXPECT_EQ(scenario->quantities.back().text, "q39998 + 1");
}

}  // namespace
}  // namespace gpugap

namespace gpugap {
namespace {

// label = "…" names a quantity for the report; headline = [...] picks its headline cards.
TEST(Presentation, LabelAndHeadlineAreRead) {
  auto scenario = load_scenario_text("s.toml",
                                     "headline = [\"b\", \"a\"]\n[quantities]\n"
                                     "a = { value = \"1\", label = \"The a\" }\nb = \"a * 2\"\n");
  ASSERT_TRUE(scenario) << format_diagnostics(scenario.diagnostics());
  EXPECT_EQ(scenario->headline, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(scenario->find("a")->label, "The a");
  EXPECT_EQ(scenario->find("b")->label, "");
  auto bad = load_scenario_text("s.toml", "headline = [1]\n[quantities]\na = \"1\"\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.diagnostics()[0].message.find("'headline' must be a list of quantity names"),
            std::string::npos);
}

}  // namespace
}  // namespace gpugap
