// The compiler's checks of names, units and [expect]: quantity names formulas can refer to, unit
// powers in range, a literal 0 in any unit, min/max arity, hints on every error, expectations that
// `run` and `check` reject alike, deep formulas and long chains of quantities.
#include <gtest/gtest.h>
#include <pthread.h>

#include <chrono>
#include <cmath>
#include <limits>

#include "gpugap/compile/compile.h"
#include "gpugap/engine/point.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/scenario/scenario.h"

namespace gpugap {
namespace {

// The diagnostics of loading, --set and compiling `toml`, or "compiled".
std::string errors_of(const std::string& toml, const std::vector<std::string>& sets = {}) {
  auto model = load_and_compile(ScenarioSource::text_of("s.toml", toml), sets);
  return model.ok() ? "compiled" : format_diagnostics(model.diagnostics());
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// The point value of `name` in base units.
double value_of(const std::string& toml, const std::string& name) {
  auto scenario = load_scenario_text("s.toml", toml);
  EXPECT_TRUE(scenario.ok());
  auto model = compile(std::move(*scenario));
  EXPECT_TRUE(model.ok()) << format_diagnostics(model.diagnostics());
  if (!model.ok()) return std::nan("");
  auto results = evaluate_point(*model);
  EXPECT_TRUE(results.ok());
  return results->values[model->index_of(name)][0];
}

TEST(Names, QuantitiesMustBeNamesFormulasCanReferTo) {
  EXPECT_EQ(errors_of("[quantities]\n\"café\" = \"1\"\n"),
            R"~(s.toml:2:1: error: 'café' cannot name a quantity: formulas could not refer to it
    "café" = "1"
    ^~~~~~
hint: names start with a letter or '_' and go on with letters, digits, '_' and '.', e.g. 'caf_'
)~");
  EXPECT_EQ(first_line(errors_of("[quantities]\n\"a b\" = \"1\"\n")),
            "s.toml:2:1: error: 'a b' cannot name a quantity: formulas could not refer to it");
  EXPECT_EQ(first_line(errors_of("[quantities]\n\"a,b\" = \"1\"\n")),
            "s.toml:2:1: error: 'a,b' cannot name a quantity: formulas could not refer to it");
  EXPECT_EQ(errors_of("[quantities]\n1abc = \"1\"\n"),
            R"~(s.toml:2:1: error: '1abc' cannot name a quantity: formulas could not refer to it
    1abc = "1"
    ^~~~
hint: names start with a letter or '_' and go on with letters, digits, '_' and '.', e.g. '_1abc'
)~");
  EXPECT_EQ(errors_of("[quantities]\n\"\" = \"1\"\n"),
            R"~(s.toml:2:1: error: '' cannot name a quantity: formulas could not refer to it
    "" = "1"
    ^~
hint: give the quantity a name; names start with a letter or '_' and go on with letters, digits, '_' and '.'
)~");
  // Dotted names are names (block outputs are written fleet.capex).
  EXPECT_EQ(errors_of("[quantities]\n\"a.b\" = \"1\"\nc = \"a.b * 2\"\n"), "compiled");
}

// A quantity that does not compile is reported once: the formulas that name it add no errors
// about its shape, which the compiler never learnt ("sum() needs a series, but 'cash' is a single
// value" used to follow). A second, unrelated mistake is still reported.
TEST(Names, AFailedQuantityDoesNotCascade) {
  const std::string head =
      "[time]\nyears = \"2024..2030\"\n[quantities]\n"
      "revenue = { value = \"10[USD/yr] * (year - 2023)\" }\n"
      "total = { value = \"sum(cash)\" }\nlater = { value = \"cumsum(cash) + at(cash, 2025)\" }\n";
  for (const char* cash : {"revenue + 1[USD]", "lag(revenue)", "at(revenue, 2050)"}) {
    const std::string errors = errors_of(head + "cash = { value = \"" + cash + "\" }\n");
    size_t count = 0;
    for (size_t at = errors.find("error:"); at != std::string::npos;
         at = errors.find("error:", at + 1)) {
      ++count;
    }
    EXPECT_EQ(count, 1u) << cash << "\n" << errors;
    EXPECT_EQ(errors.find("single value"), std::string::npos) << errors;
  }
  const std::string two = errors_of(head + "cash = { value = \"lag(revenue)\" }\n" +
                                    "other = { value = \"revenue + 1[USD]\" }\n");
  EXPECT_NE(two.find("lag() takes"), std::string::npos) << two;
  EXPECT_NE(two.find("unit mismatch"), std::string::npos) << two;
}

TEST(Units, PowersOutOfRangeAreErrorsNamingTheFormula) {
  const std::string inputs = "[quantities]\na = { value = \"2\", unit = \"USD\" }\n";
  // a^256 wrapped to a plain number and passed; a^128 showed as 1/USD^128.
  EXPECT_EQ(errors_of(inputs + "b = \"a^256 + 1\"\n"),
            R"~(s.toml:3:6: error: the unit of 'a^256' has a power beyond 100: a mistake, not a unit
    b = "a^256 + 1"
         ^~~~~
hint: check the exponents and the products in this formula
)~");
  EXPECT_EQ(first_line(errors_of(inputs + "b = \"a^128\"\n")),
            "s.toml:3:6: error: the unit of 'a^128' has a power beyond 100: a mistake, not a unit");
  EXPECT_EQ(first_line(errors_of(inputs + "b = \"(a^60) * (a^60)\"\n")),
            "s.toml:3:6: error: the unit of '(a^60) * (a^60)' has a power beyond 100: a mistake, "
            "not a unit");
  // discrete() folds its values without generating them: the same check (was USD^120).
  EXPECT_EQ(first_line(errors_of("[quantities]\nx = \"discrete(1[USD^60]*1[USD^60]: 1)\"\n")),
            "s.toml:2:15: error: the unit of '1[USD^60]*1[USD^60]' has a power beyond 100: a "
            "mistake, not a unit");
  EXPECT_EQ(first_line(errors_of(inputs + "b = \"1 / (a^60) / (a^60)\"\n")),
            "s.toml:3:6: error: the unit of '1 / (a^60) / (a^60)' has a power beyond 100: a "
            "mistake, not a unit");
  EXPECT_EQ(
      first_line(errors_of("[quantities]\na = { value = \"1\", unit = \"USD^2147483647\" }\n")),
      "s.toml:2:27: error: unit 'USD^2147483647': the exponent 2147483647 is out of range; "
      "powers go from -100 to 100");
  EXPECT_EQ(errors_of(inputs + "b = { value = \"a^100\", unit = \"USD^100\" }\n"), "compiled");
}

TEST(Units, UnitMistakesInFormulasHaveAHint) {
  EXPECT_EQ(
      errors_of("[quantities]\na = \"1[USD/(GPU*h)]\"\n"),
      R"~(s.toml:2:6: error: unit 'USD/(GPU*h)': units take no parentheses; '/' divides by every factor after it, so write 'USD/GPU/h'
    a = "1[USD/(GPU*h)]"
         ^~~~~~~~~~~~~~
hint: units: USD, yr, month, h, W, kW, MW, GW, Wh, kWh, MWh, GPU, user, token, FLOP, %, x; combine with / and *, and raise with ^ (USD/GPU/h, GPU^2)
)~");
  EXPECT_EQ(first_line(errors_of("[quantities]\na = { value = \"1\", unit = \"usd\" }\n")),
            "s.toml:2:27: error: unknown unit 'usd' (did you mean 'USD'?)");
  EXPECT_EQ(errors_of("[quantities]\na = { value = \"1\", unit = \"USD\" }\nb = \"exp(a)\"\n"),
            R"~(s.toml:3:10: error: the argument of exp() must be a plain number, but 'a' is in USD
    b = "exp(a)"
             ^
hint: divide it by an amount in USD to make it a ratio, e.g. 'a / 1[USD]'
)~");
}

TEST(Units, ALiteralZeroIsZeroInAnyUnit) {
  const std::string series = R"~([time]
years = "2025..2027"
[quantities]
cash = { value = { 2025 = "-5", 2026 = "2", 2027 = "4" }, unit = "USD" }
)~";
  EXPECT_EQ(value_of(series + "payback = \"first_year(cumsum(cash) > 0)\"\n", "payback"), 2027);
  EXPECT_EQ(
      value_of(series + "floor = { value = \"at(max(cash, 0), 2025) + 0\", unit = \"USD\" }\n",
               "floor"),
      0);
  EXPECT_EQ(value_of(series + "x = { value = \"if(at(cash, 2026) > 0, at(cash, 2026), 0)\", "
                              "unit = \"USD\" }\n",
                     "x"),
            2);
  // Only 0: any other number still needs its unit.
  EXPECT_EQ(first_line(errors_of(series + "bad = \"first_year(cumsum(cash) > 1)\"\n")),
            "s.toml:5:19: error: unit mismatch in 'cumsum(cash) > 1': USD > a plain number");
  EXPECT_EQ(first_line(errors_of(series + "bad = \"first_year(cumsum(cash) > 0[GW])\"\n")),
            "s.toml:5:19: error: unit mismatch in 'cumsum(cash) > 0[GW]': USD > W");
}

TEST(Functions, MinAndMaxTakeTwoOrMore) {
  EXPECT_EQ(errors_of("[quantities]\nx = \"max(1)\"\n"),
            R"~(s.toml:2:6: error: max() takes two or more arguments but was given 1
    x = "max(1)"
         ^~~~~~
hint: write max(a, b, …)
)~");
  EXPECT_EQ(value_of("[quantities]\nx = \"min(3, 1, 2, 5)\"\n", "x"), 1);
}

TEST(Functions, AtOutsideTimeHasAHint) {
  EXPECT_EQ(errors_of(R"~([time]
years = "2025..2030"
[quantities]
a = "year"
b = "at(a, 2031)"
)~"),
            R"~(s.toml:5:12: error: year 2031 is outside the scenario's [time] axis 2025..2030
    b = "at(a, 2031)"
               ^~~~
hint: choose a year of [time], or widen [time] years
)~");
}

TEST(Expectations, MinAboveMaxIsAnError) {
  EXPECT_EQ(errors_of("[quantities]\nd = \"1\"\n[expect]\nd = { min = \"2\", max = \"1\" }\n"),
            R"~(s.toml:4:1: error: expectation 'd' has min 2 above max 1
    d = { min = "2", max = "1" }
    ^
hint: min is the low end and max the high end; swap them
)~");
  // Both ends are in the quantity's unit: with unit "%", "1%" and "3" are 1% and 3%.
  EXPECT_EQ(errors_of("[quantities]\np = { value = \"2\", unit = \"%\" }\n[expect]\n"
                      "p = { min = \"1%\", max = \"3\" }\n"),
            "compiled");
}

// A published figure stands for the values that round to it: half a unit of its last digit
// either side, in the quantity's unit (issue 14 item 11).
TEST(Expectations, APublishedFigureIsComparedWithItsRounding) {
  auto interval = [](const std::string& quantity, const std::string& published) {
    auto model = load_and_compile(
        ScenarioSource::text_of("s.toml", "[quantities]\na = " + quantity +
                                              "\n[expect]\na = { published = \"" + published +
                                              "\", source = \"x\" }\n"),
        {});
    EXPECT_TRUE(model.ok()) << format_diagnostics(model.diagnostics());
    if (!model.ok()) return std::make_pair(0.0, 0.0);
    return std::make_pair(model->expectations[0].low, model->expectations[0].high);
  };
  auto near = [](std::pair<double, double> got, double low, double high) {
    return std::abs(got.first - low) <= 1e-9 * std::abs(low) &&
           std::abs(got.second - high) <= 1e-9 * std::abs(high);
  };
  EXPECT_TRUE(near(interval("\"17\"", "17"), 16.5, 17.5));
  EXPECT_TRUE(near(interval("\"17\"", "17.0"), 16.95, 17.05));
  EXPECT_TRUE(near(interval("\"17\"", "19"), 18.5, 19.5));  // a last 9 moves down, same step
  EXPECT_TRUE(near(interval("{ value = \"1\", unit = \"USD\" }", "600B"), 599.5e9, 600.5e9));
  EXPECT_TRUE(near(interval("{ value = \"1\", unit = \"USD\" }", "6e11"), 5.5e11, 6.5e11));
  EXPECT_TRUE(near(interval("{ value = \"1\", unit = \"GPU\" }", "4.33M"), 4.325e6, 4.335e6));
  EXPECT_TRUE(near(interval("{ value = \"1\", unit = \"%\" }", "38%"), 0.375, 0.385));
  EXPECT_TRUE(near(interval("{ value = \"1\", unit = \"%\" }", "38"), 0.375, 0.385));
}

TEST(Expectations, ASeriesIsRejectedAtCompileTime) {
  // `check` rejected it but `run` accepted it; now both do.
  EXPECT_EQ(errors_of(R"~([time]
years = "2025..2026"
[quantities]
s = { 2025 = "1", 2026 = "2" }
[expect]
s = "1"
)~"),
            R"~(s.toml:6:1: error: 's' is a series; [expect] checks single values
    s = "1"
    ^
hint: add a quantity such as s_2030 = "at(s, 2030)" and expect that
)~");
}

TEST(Expectations, PublishedValuesMustBeNumbersAtCompileTime) {
  EXPECT_EQ(first_line(errors_of("[quantities]\na = \"1\"\n[expect]\na = \"a * 2\"\n")),
            "s.toml:4:6: error: the published value of 'a' must be a number");
}

TEST(DeepFormulas, AreErrorsEvenFromTheCommandLine) {
  std::string chain = "1";
  for (int i = 0; i < 20000; ++i) chain += "+1";
  EXPECT_EQ(first_line(errors_of("[quantities]\na = \"1\"\n", {"a=" + chain})),
            "<--set>:1:515: error: formula nested too deeply (more than 256 levels)");
  EXPECT_EQ(first_line(errors_of("[quantities]\na = \"" + std::string(10000, '(') + "1\"\n")),
            "s.toml:2:262: error: formula nested too deeply (more than 256 levels)");
}

TEST(LongChains, CompileWithoutRecursingPerQuantity) {
  // Ordering the quantities recursed once per link of a chain, so a long chain could exhaust the
  // stack: compile one on a thread with a small stack (1 MB; threads of a server may have no more).
  // Each quantity is written before the one it depends on, so the walk from q0 goes n deep.
  std::string toml = "[quantities]\n";
  const int n = 50000;
  for (int i = 0; i + 1 < n; ++i) {
    toml += "q" + std::to_string(i) + " = \"q" + std::to_string(i + 1) + " + 1\"\n";
  }
  toml += "q" + std::to_string(n - 1) + " = \"1\"\n";
  auto scenario = load_scenario_text("s.toml", toml);
  ASSERT_TRUE(scenario.ok());
  struct Job {
    Scenario scenario;
    bool compiled = false;
    size_t ordered = 0;
  } job{std::move(*scenario)};
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setstacksize(&attributes, 1 << 20);
  pthread_t thread;
  auto run = [](void* argument) -> void* {
    auto* job = static_cast<Job*>(argument);
    auto model = compile(std::move(job->scenario));
    job->compiled = model.ok();
    if (model.ok()) job->ordered = model->order.size();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attributes, run, &job), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attributes);
  EXPECT_TRUE(job.compiled);
  EXPECT_EQ(job.ordered, static_cast<size_t>(n));
}

}  // namespace
}  // namespace gpugap
