// Scenario text → compiled model → point values: name resolution, DAG order, cycles, units,
// constants in their declared unit, yearly series and every formula function, and the run-time
// diagnosis of a division by zero. The messages asserted here are the specification.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>

#include "gpugap/compile/compile.h"
#include "gpugap/engine/point.h"
#include "gpugap/run/testing.h"
#include "gpugap/scenario/scenario.h"

namespace gpugap {
namespace {

using testing::evaluate_text;
using testing::Outcome;

// The diagnostics of a scenario that must fail.
std::string errors_of(const std::string& toml, const std::vector<std::string>& sets = {}) {
  Outcome out = evaluate_text(toml, sets);
  return out.errors.empty() ? "no error" : out.errors;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

Outcome ok(const std::string& toml, const std::vector<std::string>& sets = {}) {
  Outcome out = evaluate_text(toml, sets);
  EXPECT_EQ(out.errors, "");
  return out;
}

Result<Model> compile_text(const std::string& toml) {
  auto scenario = load_scenario_text("s.toml", toml);
  if (!scenario) return scenario.diagnostics();
  return compile(std::move(*scenario));
}

constexpr double kHoursPerYear = 8766;

const char* kSequoiaShuffled = R"~(
[quantities]
revenue_gap = { value = "required_revenue - ai_revenue", unit = "USD" }
required_revenue = { value = "datacenter_cost / (1 - end_user_margin)", unit = "USD" }
datacenter_cost = { value = "gpu_runrate * (1 + energy_ratio)", unit = "USD" }
ai_revenue = { value = "100B", unit = "USD" }
end_user_margin = { value = "50%", unit = "%" }
energy_ratio = "1"
gpu_runrate = { value = "150B", unit = "USD" }
)~";

TEST(Compile, DependencyOrderDoesNotDependOnFileOrder) {
  Outcome out = ok(kSequoiaShuffled);
  EXPECT_DOUBLE_EQ(out.value("datacenter_cost"), 300e9);
  EXPECT_DOUBLE_EQ(out.value("required_revenue"), 600e9);
  EXPECT_DOUBLE_EQ(out.value("revenue_gap"), 500e9);

  auto model = compile_text(kSequoiaShuffled);
  ASSERT_TRUE(model.ok());
  ASSERT_EQ(model->order.size(), model->quantities.size());
  std::vector<size_t> position(model->order.size());
  for (size_t p = 0; p < model->order.size(); ++p) position[model->order[p]] = p;
  for (size_t i = 0; i < model->quantities.size(); ++i) {
    for (int d : model->quantities[i].dependencies) {
      EXPECT_LT(position[d], position[i])
          << model->def(d).name << " must come before " << model->def(static_cast<int>(i)).name;
    }
  }
  // Quantities keep the order they were written in.
  EXPECT_EQ(model->def(0).name, "revenue_gap");
  EXPECT_EQ(model->index_of("gpu_runrate"), 6);
  EXPECT_EQ(model->index_of("nothing"), -1);
}

TEST(Compile, DependenciesAreTheNamesInOrderOfFirstUse) {
  auto model = compile_text(kSequoiaShuffled);
  ASSERT_TRUE(model.ok());
  const CompiledQuantity& datacenter = model->quantities[model->index_of("datacenter_cost")];
  ASSERT_EQ(datacenter.dependencies.size(), 2u);
  EXPECT_EQ(model->def(datacenter.dependencies[0]).name, "gpu_runrate");
  EXPECT_EQ(model->def(datacenter.dependencies[1]).name, "energy_ratio");
  EXPECT_TRUE(model->quantities[model->index_of("gpu_runrate")].is_input());
  EXPECT_FALSE(datacenter.is_input());
}

TEST(CompileErrors, UnknownNameSuggestsTheClosest) {
  EXPECT_EQ(errors_of(R"~([quantities]
gpu_runrate = { value = "150B", unit = "USD" }
energy_ratio = "1"
datacenter_cost = { value = "gpu_runrat * (1 + energy_ratio)", unit = "USD" }
)~"),
            R"~(s.toml:4:30: error: unknown name 'gpu_runrat'
    datacenter_cost = { value = "gpu_runrat * (1 + energy_ratio)", unit = "USD" }
                                 ^~~~~~~~~~
hint: did you mean 'gpu_runrate'?
)~");
}

TEST(CompileErrors, UnknownNameWithNothingClose) {
  EXPECT_EQ(errors_of(R"~([quantities]
a = "1"
b = "a + zebra"
)~"),
            R"~(s.toml:3:10: error: unknown name 'zebra'
    b = "a + zebra"
             ^~~~~
hint: names are the quantities of this scenario, and 'year'
)~");
}

TEST(CompileErrors, EveryUnknownNameIsReported) {
  EXPECT_EQ(errors_of(R"~([quantities]
alpha = "1"
b = "alpah + alphaa"
)~"),
            R"~(s.toml:3:6: error: unknown name 'alpah'
    b = "alpah + alphaa"
         ^~~~~
hint: did you mean 'alpha'?
s.toml:3:14: error: unknown name 'alphaa'
    b = "alpah + alphaa"
                 ^~~~~~
hint: did you mean 'alpha'?
)~");
}

TEST(CompileErrors, UnknownFunction) {
  EXPECT_EQ(errors_of(R"~([time]
years = "2020..2022"
[quantities]
x = { value = { 2020 = "1", 2021 = "2", 2022 = "3" } }
total = "summ(x)"
)~"),
            R"~(s.toml:5:10: error: unknown function 'summ'
    total = "summ(x)"
             ^~~~~~~
hint: did you mean 'sum'?
)~");
}

TEST(CompileErrors, ReservedWordsCannotNameAQuantity) {
  EXPECT_EQ(
      errors_of(R"~([quantities]
year = "2024"
)~"),
      R"~(s.toml:2:1: error: 'year' is a reserved word of the formula language and cannot name a quantity
    year = "2024"
    ^~~~
hint: choose another name
)~");
}

TEST(CompileErrors, CycleListsItsPath) {
  EXPECT_EQ(errors_of(R"~([quantities]
a = "b + 1"
b = "a * 2"
)~"),
            R"~(s.toml:2:1: error: cycle: a → b → a
    a = "b + 1"
    ^
hint: a quantity cannot depend on itself; break the cycle with an input
)~");
}

TEST(CompileErrors, CycleReachedFromOutsideListsOnlyTheCycle) {
  auto out = errors_of(R"~([quantities]
entry = "a"
a = "b"
b = "c"
c = "a + 1"
)~");
  EXPECT_EQ(first_line(out), "s.toml:3:1: error: cycle: a → b → c → a");
}

TEST(CompileErrors, SelfReferenceIsACycle) {
  auto out = errors_of(R"~([quantities]
a = "a + 1"
)~");
  EXPECT_EQ(first_line(out), "s.toml:2:1: error: cycle: a → a");
}

TEST(CompileErrors, UnitMismatchNamesTheFormulaAndBothUnits) {
  EXPECT_EQ(errors_of(R"~([quantities]
cost = { value = "10B", unit = "USD" }
power = { value = "10", unit = "GW" }
total = "cost + power"
)~"),
            R"~(s.toml:4:10: error: unit mismatch in 'cost + power': USD + W
    total = "cost + power"
             ^~~~~~~~~~~~
hint: both sides must have the same dimension; convert with a quantity that carries the unit (e.g. a price in USD/kWh)
)~");
}

TEST(CompileErrors, UnitMismatchInComparisonsAndFunctions) {
  const std::string inputs = R"~([quantities]
cost = { value = "10B", unit = "USD" }
power = { value = "10", unit = "GW" }
)~";
  EXPECT_EQ(first_line(errors_of(inputs + "c = \"cost > power\"\n")),
            "s.toml:4:6: error: unit mismatch in 'cost > power': USD > W");
  EXPECT_EQ(first_line(errors_of(inputs + "c = \"cost - 1\"\n")),
            "s.toml:4:6: error: unit mismatch in 'cost - 1': USD - a plain number");
  EXPECT_EQ(first_line(errors_of(inputs + "c = \"if(1 > 0, cost, power)\"\n")),
            "s.toml:4:6: error: unit mismatch in 'if(1 > 0, cost, power)': USD or W");
  EXPECT_EQ(first_line(errors_of(inputs + "c = \"max(cost, power)\"\n")),
            "s.toml:4:6: error: unit mismatch in 'max(cost, power)': USD and W");
  EXPECT_EQ(first_line(errors_of(inputs + "c = \"clamp(cost, 0[USD], power)\"\n")),
            "s.toml:4:6: error: unit mismatch in 'clamp(cost, 0[USD], power)': USD and W");
}

TEST(CompileErrors, DeclaredUnitDiffersFromComputed) {
  EXPECT_EQ(
      errors_of(R"~([quantities]
capex = { value = "500B", unit = "USD/yr" }
compute = { value = "200", unit = "GW" }
capex_per_gw = { value = "capex / compute", unit = "USD/GW" }
)~"),
      R"~(s.toml:4:27: error: 'capex_per_gw' is declared in USD/GW (USD/W) but its formula 'capex / compute' gives USD/yr/W
    capex_per_gw = { value = "capex / compute", unit = "USD/GW" }
                              ^~~~~~~~~~~~~~~
hint: 'capex / compute' is a flow in USD/yr/W and USD/W a stock: write 'capex / compute * 1[yr]' for one year of the flow, sum() or cumsum() of it for the total over the years, or declare unit = "USD/GW/yr"
)~");
}

TEST(CompileErrors, FormulaQuotedInAMessageKeepsItsParentheses) {
  // The whole formula is quoted and underlined, parentheses included.
  EXPECT_EQ(
      errors_of(R"~([quantities]
a = { value = "10", unit = "USD" }
b = { value = "2", unit = "USD" }
x = { value = "a / (b - 1[USD])", unit = "GW" }
z = { value = "(a + b) * 2", unit = "GW" }
)~"),
      R"~(s.toml:4:16: error: 'x' is declared in GW (W) but its formula 'a / (b - 1[USD])' gives a plain number
    x = { value = "a / (b - 1[USD])", unit = "GW" }
                   ^~~~~~~~~~~~~~~~
hint: fix the formula or the declared unit
s.toml:5:16: error: 'z' is declared in GW (W) but its formula '(a + b) * 2' gives USD
    z = { value = "(a + b) * 2", unit = "GW" }
                   ^~~~~~~~~~~
hint: fix the formula or the declared unit
)~");
}

TEST(CompileErrors, UnknownDeclaredUnit) {
  EXPECT_EQ(errors_of(R"~([quantities]
price = { value = "0.1", unit = "USD/kwh" }
)~"),
            R"~(s.toml:2:33: error: unknown unit 'kwh' (did you mean 'kWh'?)
    price = { value = "0.1", unit = "USD/kwh" }
                                    ^~~~~~~~~
hint: units: USD, yr, month, h, W, kW, MW, GW, Wh, kWh, MWh, GPU, user, token, FLOP, %, x; combine with / and *, and raise with ^ (USD/GPU/h, GPU^2)
)~");
}

TEST(CompileErrors, PowersOfQuantitiesWithUnits) {
  const std::string inputs = R"~([quantities]
cost = { value = "10B", unit = "USD" }
n = "2"
)~";
  EXPECT_EQ(
      errors_of(inputs + "c = \"cost^n\"\n"),
      R"~(s.toml:4:6: error: 'cost^n' raises a quantity in USD to a power that is not a whole number written in the formula
    c = "cost^n"
         ^~~~~~
hint: only plain numbers can be raised to computed or fractional powers
)~");
  EXPECT_EQ(errors_of(inputs + "c = \"2^cost\"\n"),
            R"~(s.toml:4:8: error: an exponent must be a plain number, but 'cost' is in USD
    c = "2^cost"
           ^~~~
hint: divide it by an amount in USD to make it a ratio, e.g. 'cost / 1[USD]'
)~");
  Outcome squared = ok(inputs + "c = { value = \"cost^2\", unit = \"USD^2\" }\n");
  EXPECT_DOUBLE_EQ(squared.value("c"), 1e20);
}

TEST(Constants, TakeTheDeclaredUnit) {
  Outcome out = ok(R"~([quantities]
power = { value = "10", unit = "GW" }
revenue = { value = "150B", unit = "USD" }
margin = { value = "50%", unit = "%" }
margin_plain = { value = "50", unit = "%" }
small_share = { value = "0.5", unit = "%" }
cut = { value = "-5%", unit = "%" }
price = { value = "20", unit = "USD/user/month" }
rack = { value = "132", unit = "kW" }
energy = { value = "1", unit = "MWh" }
ratio = "0.5"
doubled = { value = "2 * 5", unit = "GW" }
annotated = { value = "10[GW]", unit = "GW" }
mixed = { value = "10[MW]", unit = "GW" }
)~");
  EXPECT_DOUBLE_EQ(out.value("power"), 1e10);  // W
  EXPECT_DOUBLE_EQ(out.value("revenue"), 150e9);
  EXPECT_DOUBLE_EQ(out.value("margin"), 0.5);
  EXPECT_DOUBLE_EQ(out.value("margin_plain"), 0.5);   // "50" in % is 50%
  EXPECT_DOUBLE_EQ(out.value("small_share"), 0.005);  // "0.5" in % is 0.5%, not 50%
  EXPECT_DOUBLE_EQ(out.value("cut"), -0.05);
  EXPECT_DOUBLE_EQ(out.value("price"), 240);  // USD per user per year
  EXPECT_DOUBLE_EQ(out.value("rack"), 132e3);
  EXPECT_DOUBLE_EQ(out.value("energy"), 1e6 / kHoursPerYear);  // W·yr
  EXPECT_DOUBLE_EQ(out.value("ratio"), 0.5);
  // A formula without names is a constant too: it takes the declared unit.
  EXPECT_DOUBLE_EQ(out.value("doubled"), 1e10);
  // A number with its own unit is converted once, not scaled again by the declared unit.
  EXPECT_DOUBLE_EQ(out.value("annotated"), 1e10);
  EXPECT_DOUBLE_EQ(out.value("mixed"), 1e7);
}

TEST(Constants, FormulasWithNamesKeepTheirComputedUnit) {
  Outcome out = ok(R"~([quantities]
power = { value = "10", unit = "GW" }
double_power = { value = "power * 2", unit = "GW" }
per_gpu = { value = "1.5", unit = "kW/GPU" }
gpus = { value = "power / per_gpu", unit = "GPU" }
)~");
  EXPECT_DOUBLE_EQ(out.value("double_power"), 2e10);
  EXPECT_NEAR(out.value("gpus"), 1e10 / 1500, 1e-6);
}

TEST(Constants, UndeclaredUnitIsTheComputedDimension) {
  auto model = compile_text(R"~([quantities]
capex = { value = "500B", unit = "USD/yr" }
life = { value = "4", unit = "yr" }
total = "capex * life"
)~");
  ASSERT_TRUE(model.ok());
  const CompiledQuantity& total = model->quantities[model->index_of("total")];
  EXPECT_FALSE(total.unit_declared);
  EXPECT_EQ(to_string(total.unit.dimension), "USD");
  EXPECT_DOUBLE_EQ(total.unit.scale, 1.0);
}

TEST(Overrides, SetKeepsTheDeclaredUnit) {
  Outcome out = ok(kSequoiaShuffled, {"gpu_runrate=200B", "end_user_margin=40%"});
  EXPECT_DOUBLE_EQ(out.value("gpu_runrate"), 200e9);
  EXPECT_DOUBLE_EQ(out.value("end_user_margin"), 0.4);
  EXPECT_NEAR(out.value("required_revenue"), 400e9 / 0.6, 1e-3);
  // A formula is allowed too.
  Outcome formula = ok(kSequoiaShuffled, {"energy_ratio=gpu_runrate / 300B[USD]"});
  EXPECT_DOUBLE_EQ(formula.value("datacenter_cost"), 225e9);
}

TEST(Overrides, UnknownNameIsAnError) {
  EXPECT_EQ(errors_of(kSequoiaShuffled, {"end_user_margn=40%"}),
            R"~(<--set>:1:1: error: --set names 'end_user_margn', which is not a quantity of s
    end_user_margn=40%
    ^~~~~~~~~~~~~~
hint: did you mean 'end_user_margin'?
)~");
}

TEST(Overrides, MalformedSet) {
  EXPECT_EQ(errors_of(kSequoiaShuffled, {"end_user_margin"}),
            R"~(<--set>:1:1: error: --set 'end_user_margin' is not of the form name=value
    end_user_margin
    ^~~~~~~~~~~~~~~
hint: write --set end_user_margin=40%
)~");
}

TEST(Overrides, BadFormulaPointsIntoTheArgument) {
  EXPECT_EQ(errors_of(kSequoiaShuffled, {"gpu_runrate=150Bx"}),
            R"~(<--set>:1:13: error: bad number '150Bx'
    gpu_runrate=150Bx
                ^~~~~
hint: numbers take one suffix: k (thousand), M (million), B (billion), T (trillion) or %; put a space or an operator between a number and a name
)~");
}

TEST(RunTimeErrors, DivisionByZeroNamesTheQuantityAndTheInput) {
  EXPECT_EQ(
      errors_of(kSequoiaShuffled, {"end_user_margin=100%"}),
      R"~(s.toml:4:50: error: division by zero in 'required_revenue': '1 - end_user_margin' is 0
    required_revenue = { value = "datacenter_cost / (1 - end_user_margin)", unit = "USD" }
                                                     ^~~~~~~~~~~~~~~~~~~
hint: it comes from end_user_margin = 100% (from --set)
)~");
}

TEST(RunTimeErrors, DivisionByZeroInTheFile) {
  EXPECT_EQ(errors_of(R"~([quantities]
life = { value = "0", unit = "yr" }
capex = { value = "100B", unit = "USD" }
annual = { value = "capex / life", unit = "USD/yr" }
)~"),
            R"~(s.toml:4:29: error: division by zero in 'annual': 'life' is 0
    annual = { value = "capex / life", unit = "USD/yr" }
                                ^~~~
hint: it comes from life = 0 yr
)~");
}

TEST(RunTimeErrors, NotANumberNamesTheSubExpression) {
  EXPECT_EQ(errors_of(R"~([quantities]
x = "-1"
y = "2 * log(x)"
)~"),
            R"~(s.toml:3:10: error: 'log(x)' in the formula of 'y' is not a number
    y = "2 * log(x)"
             ^~~~~~
hint: it comes from x = -1
)~");
}

const char* kYears = R"~([time]
years = "2020..2024"
)~";

std::string with_years(const std::string& quantities) {
  return std::string(kYears) + "[quantities]\n" + quantities;
}

using Series = std::vector<double>;

TEST(Series, YearTablesAreInTheDeclaredUnit) {
  Outcome out = ok(with_years(R"~(
capex = { value = { 2020 = "1B", 2021 = "2B", 2022 = "3B", 2023 = "4B", 2024 = "5B" }, unit = "USD/yr" }
power = { value = { 2020 = 1, 2021 = 2, 2022 = 3, 2023 = 4, 2024 = 5 }, unit = "GW" }
short = { 2020 = "1", 2021 = "2", 2022 = "3", 2023 = "4", 2024 = "5" }
)~"));
  EXPECT_EQ(out.series("capex"), (Series{1e9, 2e9, 3e9, 4e9, 5e9}));
  EXPECT_EQ(out.series("power"), (Series{1e9, 2e9, 3e9, 4e9, 5e9}));
  EXPECT_EQ(out.series("short"), (Series{1, 2, 3, 4, 5}));
}

TEST(Series, YearEntriesMayBeFormulas) {
  Outcome out = ok(with_years(R"~(
start = { value = "10", unit = "USD" }
x = { value = { 2020 = "start", 2024 = "start * 2" }, unit = "USD", fill = "linear" }
)~"));
  EXPECT_EQ(out.series("x"), (Series{10, 12.5, 15, 17.5, 20}));
}

TEST(Series, FillZeroHoldLinear) {
  Outcome out = ok(with_years(R"~(
zero = { value = { 2021 = "10", 2023 = "30" }, fill = "zero" }
hold = { value = { 2021 = "10", 2023 = "30" }, fill = "hold" }
linear = { value = { 2021 = "10", 2023 = "30" }, fill = "linear" }
)~"));
  EXPECT_EQ(out.series("zero"), (Series{0, 10, 0, 30, 0}));
  EXPECT_EQ(out.series("hold"), (Series{10, 10, 10, 30, 30}));
  // Linear between given years; before the first and after the last it holds.
  EXPECT_EQ(out.series("linear"), (Series{10, 10, 20, 30, 30}));
}

// Geometric: constant growth between the given years (for growth quantities: a straight line
// from 1 to 100 would put half of the growth into the first year of four).
TEST(Series, FillGeometric) {
  Outcome out = ok(with_years(R"~(
start = { value = "1", unit = "USD/yr" }
x = { value = { 2020 = "start", 2024 = "100" }, unit = "USD/yr", fill = "geometric" }
y = { value = { 2021 = "2", 2022 = "8" }, fill = "geometric" }
)~"));
  const Series x = out.series("x");
  const Series want{1, std::sqrt(10.0), 10, std::pow(10.0, 1.5), 100};
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(x[i], want[i], 1e-9 * want[i]) << i;
  EXPECT_EQ(out.series("y"), (Series{2, 2, 8, 8, 8}));  // held beyond the given years
}

TEST(Series, BadFillValue) {
  EXPECT_EQ(errors_of(with_years(R"~(x = { value = { 2020 = "1" }, fill = "constant" }
)~")),
            R"~(s.toml:4:38: error: 'fill' must be "zero", "hold", "linear" or "geometric"
    x = { value = { 2020 = "1" }, fill = "constant" }
                                         ^
hint: zero: 0 in the missing years; hold: the last given year; linear: a straight line between the given years; geometric: constant growth between them
)~");
}

TEST(SeriesErrors, MissingYearsWithoutFill) {
  EXPECT_EQ(
      errors_of(with_years(R"~(x = { value = { 2020 = "1", 2022 = "3" }, unit = "USD" }
)~")),
      R"~(s.toml:4:1: error: 'x' gives no value for 3 of the years 2020..2024: 2021, 2023, 2024
    x = { value = { 2020 = "1", 2022 = "3" }, unit = "USD" }
    ^
hint: give every year, or say how to fill the rest: fill = "zero", "hold", "linear" or "geometric"
)~");
}

TEST(SeriesErrors, YearOutsideTime) {
  EXPECT_EQ(
      errors_of(with_years(R"~(x = { value = { 2019 = "1", 2024 = "3" }, fill = "linear" }
)~")),
      R"~(s.toml:4:17: error: year 2019 of 'x' is outside the scenario's [time] axis 2020..2024
    x = { value = { 2019 = "1", 2024 = "3" }, fill = "linear" }
                    ^~~~
hint: widen [time] or remove the year
)~");
}

TEST(SeriesErrors, YearTableWithoutTime) {
  EXPECT_EQ(errors_of(R"~([quantities]
x = { 2020 = "1", 2021 = "2" }
)~"),
            R"~(s.toml:2:7: error: 'x' is a table of years but the scenario has no [time] axis
    x = { 2020 = "1", 2021 = "2" }
          ^~~~
hint: add [time] years = "2020..2035"
)~");
}

TEST(SeriesErrors, BadTimeAxis) {
  EXPECT_EQ(errors_of(R"~([time]
years = "2030..2020"
)~"),
            R"~(s.toml:2:9: error: [time] years = "2030..2020": the first year is after the last
    years = "2030..2020"
            ^~~~~~~~~~~~
hint: write two whole years from 1900 to 2200, the first not after the last, e.g. "2020..2035"
)~");
}

TEST(SeriesErrors, YearEntryMustBeASingleValue) {
  EXPECT_EQ(errors_of(with_years(R"~(x = { value = { 2020 = "year", 2024 = "1" }, fill = "hold" }
)~")),
            R"~(s.toml:4:25: error: each year's value must be a single value, but 'year' is a series
    x = { value = { 2020 = "year", 2024 = "1" }, fill = "hold" }
                            ^~~~
hint: reduce it with at(x, YEAR), sum(x) or mean(x)
)~");
}

const std::string kRevenue =
    R"~(rev = { value = { 2020 = "1", 2021 = "2", 2022 = "3", 2023 = "4", 2024 = "5" }, unit = "USD" }
)~";

Outcome with_revenue(const std::string& more) { return ok(with_years(kRevenue + more)); }

TEST(Functions, ScalarsBroadcastOverSeries) {
  Outcome out = with_revenue(R"~(
fee = { value = "10", unit = "USD" }
total = "rev + fee"
scaled = "rev * 2"
)~");
  EXPECT_EQ(out.series("total"), (Series{11, 12, 13, 14, 15}));
  EXPECT_EQ(out.series("scaled"), (Series{2, 4, 6, 8, 10}));
}

TEST(Functions, SumMeanCumsum) {
  Outcome out = with_revenue(R"~(
total = "sum(rev)"
average = "mean(rev)"
running = "cumsum(rev)"
)~");
  EXPECT_DOUBLE_EQ(out.value("total"), 15);
  EXPECT_EQ(out.series("total").size(), 1u);
  EXPECT_DOUBLE_EQ(out.value("average"), 3);
  EXPECT_EQ(out.series("running"), (Series{1, 3, 6, 10, 15}));
}

TEST(Functions, Lag) {
  Outcome out = with_revenue(R"~(
previous = "lag(rev, 1)"
two_back = { value = "lag(rev, 2, 100[USD])", unit = "USD" }
ahead = "lag(rev, -1)"
)~");
  EXPECT_EQ(out.series("previous"), (Series{0, 1, 2, 3, 4}));
  EXPECT_EQ(out.series("two_back"), (Series{100, 100, 1, 2, 3}));
  EXPECT_EQ(out.series("ahead"), (Series{2, 3, 4, 5, 0}));
}

TEST(Functions, LagShiftMustBeWritten) {
  EXPECT_EQ(
      errors_of(with_years(kRevenue + R"~(k = "1"
x = "lag(rev, k)"
)~")),
      R"~(s.toml:6:15: error: lag()'s shift must be a whole number of years written in the formula
    x = "lag(rev, k)"
                  ^
hint: write lag(x, 1) for last year's value
)~");
}

TEST(Functions, At) {
  Outcome out = with_revenue(R"~(
rev_2022 = "at(rev, 2022)"
)~");
  EXPECT_DOUBLE_EQ(out.value("rev_2022"), 3);
  EXPECT_EQ(out.series("rev_2022").size(), 1u);
}

TEST(Functions, AtYearOutsideTime) {
  EXPECT_EQ(errors_of(with_years(kRevenue + R"~(x = "at(rev, 2030)"
)~")),
            R"~(s.toml:5:14: error: year 2030 is outside the scenario's [time] axis 2020..2024
    x = "at(rev, 2030)"
                 ^~~~
hint: choose a year of [time], or widen [time] years
)~");
}

TEST(Functions, GrowthWithAScalarRate) {
  Outcome out = ok(with_years(R"~(
revenue = { value = "growth(100B[USD], 10%)", unit = "USD" }
)~"));
  Series v = out.series("revenue");
  ASSERT_EQ(v.size(), 5u);
  for (int y = 0; y < 5; ++y) EXPECT_NEAR(v[y], 100e9 * std::pow(1.1, y), 1) << y;
}

TEST(Functions, GrowthWithASeriesRate) {
  // Year y's rate takes year y-1 to year y; the first year's rate is not used.
  Outcome out = ok(with_years(R"~(
rate = { 2020 = "50%", 2021 = "100%", 2022 = "0%", 2023 = "-50%", 2024 = "10%" }
x = "growth(8[USD], rate)"
)~"));
  Series v = out.series("x");
  ASSERT_EQ(v.size(), 5u);
  EXPECT_DOUBLE_EQ(v[0], 8);
  EXPECT_DOUBLE_EQ(v[1], 16);
  EXPECT_DOUBLE_EQ(v[2], 16);
  EXPECT_DOUBLE_EQ(v[3], 8);
  EXPECT_DOUBLE_EQ(v[4], 8.8);
}

TEST(Functions, GrowthNeedsTime) {
  EXPECT_EQ(errors_of(R"~([quantities]
x = "growth(1, 10%)"
)~"),
            R"~(s.toml:2:6: error: growth() needs a [time] axis
    x = "growth(1, 10%)"
         ^~~~~~~~~~~~~~
hint: add [time] years = "2020..2035" to the scenario
)~");
}

TEST(Functions, Npv) {
  Outcome out = with_revenue(R"~(
value_now = "npv(10%, rev)"
)~");
  double expected = 0;
  for (int y = 0; y < 5; ++y) expected += (y + 1) / std::pow(1.1, y);
  EXPECT_NEAR(out.value("value_now"), expected, 1e-12);
}

TEST(Functions, FirstYear) {
  Outcome out = with_revenue(R"~(
crossing = "first_year(cumsum(rev) > 5[USD])"
never = "first_year(rev > 100[USD])"
)~");
  EXPECT_DOUBLE_EQ(out.value("crossing"), 2022);
  EXPECT_EQ(out.value("never"), std::numeric_limits<double>::infinity());

  auto model = compile_text(with_years(kRevenue + R"~(
never = "first_year(rev > 100[USD])"
later = "never + 1"
)~"));
  ASSERT_TRUE(model.ok());
  EXPECT_TRUE(model->quantities[model->index_of("never")].may_be_never);
  EXPECT_TRUE(model->quantities[model->index_of("later")].may_be_never);
  EXPECT_FALSE(model->quantities[model->index_of("rev")].may_be_never);
}

TEST(Functions, NeverIsNotARunTimeError) {
  // +infinity from first_year is a value ("never"), not a failed computation, also downstream.
  Outcome out = with_revenue(R"~(
never = "first_year(rev > 100[USD])"
later = "never + 1"
)~");
  EXPECT_EQ(out.value("later"), std::numeric_limits<double>::infinity());
}

TEST(RunTimeErrors, NotANumberFromNeverIsAnError) {
  // "never" (+infinity) is a value, but never - never is not a number: an error, not a NaN in
  // the results.
  EXPECT_EQ(first_line(errors_of(with_years(kRevenue + R"~(never = "first_year(rev > 100[USD])"
x = "never - never"
)~"))),
            "s.toml:6:6: error: 'never - never' in the formula of 'x' is not a number");
}

TEST(Functions, SeriesFunctionsNeedASeries) {
  EXPECT_EQ(errors_of(R"~([quantities]
x = "3"
total = "sum(x)"
)~"),
            R"~(s.toml:3:14: error: sum() needs a series, but 'x' is a single value
    total = "sum(x)"
                 ^
hint: series come from tables of years, from 'year', or from formulas over them
)~");
}

TEST(Functions, Year) {
  Outcome out = ok(with_years(R"~(
y = "year"
since = "year - 2020"
)~"));
  EXPECT_EQ(out.series("y"), (Series{2020, 2021, 2022, 2023, 2024}));
  EXPECT_EQ(out.series("since"), (Series{0, 1, 2, 3, 4}));
}

TEST(Functions, YearNeedsTime) {
  EXPECT_EQ(errors_of(R"~([quantities]
x = "year + 1"
)~"),
            R"~(s.toml:2:6: error: 'year' needs a [time] axis
    x = "year + 1"
         ^~~~
hint: add [time] years = "2020..2035" to the scenario
)~");
}

TEST(Functions, ElementWise) {
  Outcome out = ok(R"~([quantities]
a = { value = "3", unit = "USD" }
b = { value = "5", unit = "USD" }
pick = "if(a > b, a, b)"
pick_else = "if(a < b and b > 0[USD], 1, 2)"
smallest = "min(b, a, 4[USD])"
largest = "max(a, b, 4[USD])"
absolute = "abs(a - b)"
e = "exp(1)"
ln = "log(100)"
root = "sqrt(16)"
root_area = "sqrt(a * a)"
low = "clamp(a, 4[USD], 10[USD])"
high = "clamp(b, 0[USD], 4[USD])"
inside = "clamp(a, 0[USD], 4[USD])"
truth = "not (a > b) or a == b"
differ = "a != b"
)~");
  EXPECT_DOUBLE_EQ(out.value("pick"), 5);
  EXPECT_DOUBLE_EQ(out.value("pick_else"), 1);
  EXPECT_DOUBLE_EQ(out.value("smallest"), 3);
  EXPECT_DOUBLE_EQ(out.value("largest"), 5);
  EXPECT_DOUBLE_EQ(out.value("absolute"), 2);
  EXPECT_DOUBLE_EQ(out.value("e"), std::exp(1.0));
  EXPECT_DOUBLE_EQ(out.value("ln"), std::log(100.0));
  EXPECT_DOUBLE_EQ(out.value("root"), 4);
  EXPECT_DOUBLE_EQ(out.value("root_area"), 3);
  EXPECT_DOUBLE_EQ(out.value("low"), 4);
  EXPECT_DOUBLE_EQ(out.value("high"), 4);
  EXPECT_DOUBLE_EQ(out.value("inside"), 3);
  EXPECT_DOUBLE_EQ(out.value("truth"), 1);
  EXPECT_DOUBLE_EQ(out.value("differ"), 1);

  auto model = compile_text(R"~([quantities]
a = { value = "3", unit = "USD" }
root_area = "sqrt(a * a)"
)~");
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(to_string(model->quantities[model->index_of("root_area")].unit.dimension), "USD");
}

TEST(Functions, ElementWiseOverSeries) {
  Outcome out = with_revenue(R"~(
capped = "min(rev, 3[USD])"
picked = "if(rev > 2[USD], rev, 0[USD])"
)~");
  EXPECT_EQ(out.series("capped"), (Series{1, 2, 3, 3, 3}));
  EXPECT_EQ(out.series("picked"), (Series{0, 0, 3, 4, 5}));
}

TEST(Functions, UnitRules) {
  const std::string inputs = R"~([quantities]
cost = { value = "10B", unit = "USD" }
)~";
  EXPECT_EQ(first_line(errors_of(inputs + "c = \"log(cost)\"\n")),
            "s.toml:3:10: error: the argument of log() must be a plain number, but 'cost' is in "
            "USD");
  EXPECT_EQ(first_line(errors_of(inputs + "c = \"exp(cost)\"\n")),
            "s.toml:3:10: error: the argument of exp() must be a plain number, but 'cost' is in "
            "USD");
  EXPECT_EQ(first_line(errors_of(inputs + "c = \"sqrt(cost)\"\n")),
            "s.toml:3:6: error: sqrt() of a quantity in USD has no unit");
}

TEST(Functions, WrongNumberOfArguments) {
  EXPECT_EQ(errors_of(R"~([quantities]
c = "if(1 > 0, 2)"
)~"),
            R"~(s.toml:2:6: error: if() takes 3 arguments but was given 2
    c = "if(1 > 0, 2)"
         ^~~~~~~~~~~~
hint: write if(condition, then, else)
)~");
}

TEST(Expectations, UnknownQuantity) {
  EXPECT_EQ(errors_of(R"~([quantities]
required_revenue = { value = "600B", unit = "USD" }
[expect]
required_revenu = "600B"
)~"),
            R"~(s.toml:4:1: error: [expect] names 'required_revenu', which is not a quantity
    required_revenu = "600B"
    ^~~~~~~~~~~~~~~
hint: did you mean 'required_revenue'?
)~");
}

TEST(Expectations, Forms) {
  auto scenario = load_scenario_text("s.toml", R"~([quantities]
a = "1"
[expect]
a = "600B"
b = { value = "500B", tolerance = "1%" }
c = { min = "125B" }
d = { max = "5M" }
e = { min = "4M", max = "5M" }
f = { value = 17, tolerance = 0.02 }
)~");
  ASSERT_TRUE(scenario.ok()) << format_diagnostics(scenario.diagnostics());
  const auto& e = scenario->expectations;
  ASSERT_EQ(e.size(), 6u);
  EXPECT_EQ(e[0].kind, Expectation::Kind::kEqual);
  EXPECT_EQ(e[0].text, "600B");
  EXPECT_DOUBLE_EQ(e[0].tolerance, 0.005);
  EXPECT_EQ(e[1].kind, Expectation::Kind::kEqual);
  EXPECT_DOUBLE_EQ(e[1].tolerance, 0.01);
  EXPECT_EQ(e[2].kind, Expectation::Kind::kAtLeast);
  EXPECT_EQ(e[2].text, "125B");
  EXPECT_EQ(e[3].kind, Expectation::Kind::kAtMost);
  EXPECT_EQ(e[4].kind, Expectation::Kind::kBetween);
  EXPECT_EQ(e[4].text, "4M");
  EXPECT_EQ(e[4].high_text, "5M");
  EXPECT_EQ(e[5].text, "17");
  EXPECT_DOUBLE_EQ(e[5].tolerance, 0.02);
}

using Extends = testing::ScenarioFiles;

TEST_F(Extends, OverridesKeepTheParentsUnitSourceAndNoteAndDropExpectations) {
  write("parent.toml", R"~([quantities]
gpu_runrate = { value = "150B", unit = "USD", source = "analysts", note = "run-rate" }
energy_ratio = { value = "1", source = "Sequoia" }
cost = { value = "gpu_runrate * (1 + energy_ratio)", unit = "USD" }
[expect]
cost = "300B"
)~");
  std::string child = write("child.toml", R"~(extends = "parent.toml"
[quantities]
gpu_runrate = "100B"
extra = { value = "cost * 2", unit = "USD" }
)~");
  auto scenario = load_scenario(child);
  ASSERT_TRUE(scenario.ok()) << format_diagnostics(scenario.diagnostics());
  EXPECT_TRUE(scenario->expectations.empty());
  ASSERT_EQ(scenario->extends_chain.size(), 1u);
  const QuantityDef* gpu = scenario->find("gpu_runrate");
  ASSERT_NE(gpu, nullptr);
  EXPECT_EQ(gpu->unit, "USD");
  EXPECT_EQ(gpu->source, "analysts");
  EXPECT_EQ(gpu->note, "run-rate");
  EXPECT_EQ(gpu->defined_in, child);
  // An override keeps the parent's place; new quantities come after.
  EXPECT_EQ(scenario->names(),
            (std::vector<std::string>{"gpu_runrate", "energy_ratio", "cost", "extra"}));

  auto model = compile(std::move(*scenario));
  ASSERT_TRUE(model.ok()) << format_diagnostics(model.diagnostics());
  auto results = evaluate_point(*model);
  ASSERT_TRUE(results.ok());
  EXPECT_DOUBLE_EQ(results->values[model->index_of("gpu_runrate")][0], 100e9);
  EXPECT_DOUBLE_EQ(results->values[model->index_of("extra")][0], 400e9);
}

TEST_F(Extends, MissingParent) {
  // A path with a folder (a bare name may also be a bundled scenario's: scenario_test.cc).
  std::string child = write("child.toml", "extends = \"sub/nowhere.toml\"\n");
  auto scenario = load_scenario(child);
  ASSERT_FALSE(scenario.ok());
  ASSERT_EQ(scenario.diagnostics().size(), 1u);
  EXPECT_EQ(scenario.diagnostics()[0].message,
            "'extends' names '" + (dir_ / "sub/nowhere.toml").string() + "', which does not exist");
  EXPECT_EQ(scenario.diagnostics()[0].hint, "the path is relative to this file's folder");
}

TEST_F(Extends, Cycle) {
  std::string a = write("a.toml", "extends = \"b.toml\"\n");
  std::string b = write("b.toml", "extends = \"a.toml\"\n");
  auto scenario = load_scenario(a);
  ASSERT_FALSE(scenario.ok());
  ASSERT_EQ(scenario.diagnostics().size(), 1u);
  EXPECT_EQ(scenario.diagnostics()[0].message, "'extends' makes a cycle: a.toml → b.toml → a.toml");
  EXPECT_EQ(scenario.diagnostics()[0].where.source->path, b);
  EXPECT_EQ(scenario.diagnostics()[0].where.line, 1);
}

TEST_F(Extends, SelfIsACycle) {
  std::string self = write("self.toml", "extends = \"self.toml\"\n");
  auto scenario = load_scenario(self);
  ASSERT_FALSE(scenario.ok());
  EXPECT_EQ(scenario.diagnostics()[0].message, "'extends' makes a cycle: self.toml → self.toml");
}

}  // namespace
}  // namespace gpugap
