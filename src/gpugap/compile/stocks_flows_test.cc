// Stocks and flows (issue 12, item 4): sum(), cumsum() and npv() of a flow (USD/yr) give its stock
// (USD); mean() keeps the flow; a stock next to its flow is an error whose hint names the fix
// ("* 1[yr]", "/ 1[yr]", or dropping a "* 1[yr]" that the accumulation no longer needs).
#include <gtest/gtest.h>

#include <cmath>

#include "gpugap/compile/compile.h"
#include "gpugap/engine/point.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/scenario/scenario.h"
#include "gpugap/units/units.h"

namespace gpugap {
namespace {

const std::string kCash = R"~([time]
years = "2025..2027"
[quantities]
cash = { value = { 2025 = "-5", 2026 = "2", 2027 = "4" }, unit = "USD/yr" }
debt = { value = "10", unit = "USD" }
)~";

std::string errors_of(const std::string& toml) {
  auto model = load_and_compile(ScenarioSource::text_of("s.toml", toml), {});
  return model.ok() ? "compiled" : format_diagnostics(model.diagnostics());
}

// The unit `name` computes, in base units ("USD", "USD/yr").
std::string unit_of(const std::string& toml, const std::string& name) {
  auto model = load_and_compile(ScenarioSource::text_of("s.toml", toml), {});
  EXPECT_TRUE(model.ok()) << format_diagnostics(model.diagnostics());
  if (!model.ok()) return "";
  return to_string(model->quantities[model->index_of(name)].unit.dimension);
}

std::vector<double> values_of(const std::string& toml, const std::string& name) {
  auto model = load_and_compile(ScenarioSource::text_of("s.toml", toml), {});
  EXPECT_TRUE(model.ok()) << format_diagnostics(model.diagnostics());
  if (!model.ok()) return {};
  auto point = evaluate_point(*model);
  EXPECT_TRUE(point.ok());
  return point->values[model->index_of(name)];
}

TEST(StocksAndFlows, AFlowHasTimeToANegativePower) {
  for (const char* flow : {"USD/yr", "GPU/yr", "USD/GPU/h", "USD/month"}) {
    auto unit = parse_unit(flow);
    ASSERT_TRUE(unit.ok()) << unit.error();
    EXPECT_TRUE(is_flow(unit->dimension)) << flow;
  }
  for (const char* stock : {"USD", "GPU", "W", "kWh", "%", "USD*yr"}) {
    auto unit = parse_unit(stock);
    ASSERT_TRUE(unit.ok()) << unit.error();
    EXPECT_FALSE(is_flow(unit->dimension)) << stock;
  }
}

TEST(StocksAndFlows, AccumulatingAFlowGivesItsStock) {
  auto accumulated_unit = [](const char* text) {
    auto unit = parse_unit(text);
    EXPECT_TRUE(unit.ok()) << unit.error();
    return unit ? to_string(accumulated(unit->dimension)) : "";
  };
  EXPECT_EQ(accumulated_unit("USD/yr"), "USD");
  EXPECT_EQ(accumulated_unit("USD/GPU/h"), "USD/GPU");
  // Anything else accumulates in its own unit: yearly amounts in USD add up in USD.
  EXPECT_EQ(accumulated_unit("USD"), "USD");
  EXPECT_EQ(accumulated_unit("W"), "W");
}

TEST(StocksAndFlows, SumCumsumAndNpvOfAFlowAreStocks) {
  const std::string toml = kCash + R"~(total = "sum(cash)"
running = "cumsum(cash)"
present = "npv(10%, cash)"
average = "mean(cash)"
)~";
  EXPECT_EQ(unit_of(toml, "total"), "USD");
  EXPECT_EQ(unit_of(toml, "running"), "USD");
  EXPECT_EQ(unit_of(toml, "present"), "USD");
  EXPECT_EQ(unit_of(toml, "average"), "USD/yr");
  // The numbers do not change: each year of a flow counts one year.
  EXPECT_EQ(values_of(toml, "total"), std::vector<double>{1});
  EXPECT_EQ(values_of(toml, "running"), (std::vector<double>{-5, -3, 1}));
  EXPECT_NEAR(values_of(toml, "present")[0], -5 + 2 / 1.1 + 4 / 1.21, 1e-12);
}

TEST(StocksAndFlows, AStockDeclaredForAnAccumulatedFlowCompiles) {
  EXPECT_EQ(errors_of(kCash + R"~(total = { value = "sum(cash)", unit = "USD" }
running = { value = "cumsum(cash) + debt", unit = "USD" }
present = { value = "npv(10%, cash)", unit = "USD" }
payback = "first_year(cumsum(cash) > debt)"
)~"),
            "compiled");
  // A series of yearly amounts in USD (not a flow) adds up in USD, as before.
  EXPECT_EQ(unit_of(R"~([time]
years = "2025..2027"
[quantities]
paid = { value = { 2025 = "1", 2026 = "2", 2027 = "3" }, unit = "USD" }
total = "sum(paid)"
)~",
                    "total"),
            "USD");
}

TEST(StocksAndFlows, AFlowDeclaredAsAStockNamesTheFix) {
  EXPECT_EQ(
      errors_of(kCash + "x = { value = \"at(cash, 2026)\", unit = \"USD\" }\n"),
      R"~(s.toml:6:16: error: 'x' is declared in USD but its formula 'at(cash, 2026)' gives USD/yr
    x = { value = "at(cash, 2026)", unit = "USD" }
                   ^~~~~~~~~~~~~~
hint: 'at(cash, 2026)' is a flow in USD/yr and USD a stock: write 'at(cash, 2026) * 1[yr]' for one year of the flow, sum() or cumsum() of it for the total over the years, or declare unit = "USD/yr"
)~");
  // A formula whose last operator binds looser than '*' is put in parentheses.
  EXPECT_NE(errors_of(kCash + "x = { value = \"cash - cash\", unit = \"USD\" }\n")
                .find("write '(cash - cash) * 1[yr]'"),
            std::string::npos);
}

TEST(StocksAndFlows, AnAccumulationTimesAYearIsTheOldSpelling) {
  EXPECT_EQ(
      errors_of(kCash + "x = { value = \"cumsum(cash) * 1[yr]\", unit = \"USD\" }\n"),
      R"~(s.toml:6:16: error: 'x' is declared in USD but its formula 'cumsum(cash) * 1[yr]' gives USD·yr
    x = { value = "cumsum(cash) * 1[yr]", unit = "USD" }
                   ^~~~~~~~~~~~~~~~~~~~
hint: sum(), cumsum() and npv() of a flow give its stock in USD already: drop the '* 1[yr]'
)~");
  EXPECT_EQ(errors_of(kCash + "x = { value = \"sum(cash) * 1[yr] - debt\", unit = \"USD\" }\n"),
            R"~(s.toml:6:16: error: unit mismatch in 'sum(cash) * 1[yr] - debt': USD·yr - USD
    x = { value = "sum(cash) * 1[yr] - debt", unit = "USD" }
                   ^~~~~~~~~~~~~~~~~~~~~~~~
hint: sum(), cumsum() and npv() of a flow give its stock in USD already: drop the '* 1[yr]' from 'sum(cash) * 1[yr]'
)~");
  // Another amount in USD·yr: divide by a year.
  EXPECT_NE(errors_of(kCash + "x = { value = \"debt * 2[yr]\", unit = \"USD\" }\n")
                .find("hint: 'debt * 2[yr]' in USD·yr is USD times a year: write 'debt * 2[yr] / "
                      "1[yr]' for the amount per year"),
            std::string::npos);
}

TEST(StocksAndFlows, AnAccumulationDeclaredAsItsFlowIsToldItsStock) {
  EXPECT_NE(errors_of(kCash + "total = { value = \"cumsum(cash)\", unit = \"USD/yr\" }\n")
                .find("hint: sum(), cumsum() and npv() of a flow give its stock: declare "
                      "'cumsum(cash)' in USD (unit = \"USD\")"),
            std::string::npos);
}

TEST(StocksAndFlows, AStockNextToAFlowNamesTheFix) {
  EXPECT_EQ(errors_of(kCash + "x = \"debt + cash\"\n"),
            R"~(s.toml:6:6: error: unit mismatch in 'debt + cash': USD + USD/yr, a stock and a flow
    x = "debt + cash"
         ^~~~~~~~~~~
hint: 'cash' is a flow in USD/yr and 'debt' a stock in USD: write 'cash * 1[yr]' for one year of the flow, or sum() or cumsum() of it for the total over the years
)~");
  // Either side, any operator that needs one unit, and the flow in parentheses when it must be.
  EXPECT_NE(errors_of(kCash + "x = \"first_year(cash - cash > debt)\"\n")
                .find("hint: 'cash - cash' is a flow in USD/yr and 'debt' a stock in USD: write "
                      "'(cash - cash) * 1[yr]'"),
            std::string::npos);
  EXPECT_NE(errors_of(kCash + "x = \"max(cash, debt)\"\n")
                .find("hint: 'cash' is a flow in USD/yr and 'debt' a stock in USD: write 'cash * "
                      "1[yr]'"),
            std::string::npos);
  EXPECT_NE(errors_of(kCash + "x = \"if(debt > 0, cash, debt)\"\n")
                .find("error: unit mismatch in 'if(debt > 0, cash, debt)': USD/yr or USD, a flow "
                      "and a stock"),
            std::string::npos);
  // Energy against power differs by a year too, though power is no flow: divide the energy.
  EXPECT_NE(errors_of("[quantities]\ne = { value = \"5\", unit = \"kWh\" }\np = { value = \"1\", "
                      "unit = \"kW\" }\nx = \"e + p\"\n")
                .find("hint: 'e' in yr·W is W times a year: write 'e / 1[yr]' for the amount per "
                      "year"),
            std::string::npos);
}

}  // namespace
}  // namespace gpugap
