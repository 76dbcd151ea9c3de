#include "gpugap/report/vega.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "gpugap/report/vega_blocks.h"

namespace gpugap {
namespace {

using json = nlohmann::ordered_json;

json point_run() {
  return json::parse(R"({
    "scenario": "test", "title": "Test",
    "quantities": {
      "gpu_runrate": {"unit": "USD", "value": 150e9, "formula": "150B", "source": "s", "input": true},
      "required_revenue": {"unit": "USD", "value": 600e9, "formula": "x", "source": "", "input": false},
      "ai_revenue": {"unit": "USD", "value": 100e9, "formula": "100B", "source": "", "input": true},
      "revenue_gap": {"unit": "USD", "value": 500e9, "formula": "x", "source": "", "input": false},
      "coverage": {"unit": "%", "value": 16.7, "formula": "x", "source": "", "input": false},
      "capex": {"unit": "USD/yr", "value": {"2025": 194e9, "2026": 255e9, "2027": null},
                "formula": "x", "source": "", "input": false}
    }})");
}

// The run of point_run() as Monte Carlo would report it.
json sampled_run() {
  json run = point_run();
  json& gap = run["quantities"]["revenue_gap"];
  gap["p5"] = 300e9;
  gap["p50"] = 480e9;
  gap["p95"] = 700e9;
  gap["p_positive"] = 0.97;
  gap["histogram"] = {{"edges", {-100e9, 200e9, 500e9, 800e9}}, {"counts", {3, 40, 57}}};
  json& capex = run["quantities"]["capex"];
  capex["p5"] = {{"2025", 150e9}, {"2026", 180e9}, {"2027", nullptr}};
  capex["p50"] = {{"2025", 190e9}, {"2026", 250e9}, {"2027", nullptr}};
  capex["p95"] = {{"2025", 230e9}, {"2026", 330e9}, {"2027", nullptr}};
  return run;
}

const json* find_chart(const std::vector<json>& charts, const std::string& name) {
  auto it = std::find_if(charts.begin(), charts.end(),
                         [&](const json& c) { return c.value("name", "") == name; });
  return it == charts.end() ? nullptr : &*it;
}

std::vector<std::string> layer_marks(const json& spec) {
  std::vector<std::string> marks;
  for (const auto& layer : spec["layer"]) {
    const json& mark = layer["mark"];
    marks.push_back(mark.is_string() ? mark.get<std::string>() : mark["type"].get<std::string>());
  }
  return marks;
}

TEST(Vega, DisplayNamesReadAsWords) {
  EXPECT_EQ(display_name("ai_revenue"), "AI revenue");
  EXPECT_EQ(display_name("gpus_per_rack"), "GPUs per rack");
  EXPECT_EQ(display_name("it_power_per_gpu"), "IT power per GPU");
  EXPECT_EQ(display_name("revenue_gap"), "Revenue gap");
  EXPECT_EQ(display_name("fleet.capex"), "Fleet: capex");
}

TEST(Vega, NumbersInTheirUnitReadAsRunPrintsThem) {
  EXPECT_EQ(format_in_unit(600e9, "USD"), "$600B");
  EXPECT_EQ(format_in_unit(-200e9, "USD"), "-$200B");
  EXPECT_EQ(format_in_unit(2.5e9, "USD/yr/GW"), "$2.5B/yr/GW");
  EXPECT_EQ(format_in_unit(50, "%"), "50%");
  EXPECT_EQ(format_in_unit(16.666666, "%"), "16.7%");
  EXPECT_EQ(format_in_unit(1500, "%"), "1500%");
  EXPECT_EQ(format_in_unit(10, "GW"), "10 GW");
  EXPECT_EQ(format_in_unit(17, "x"), "17x");
  EXPECT_EQ(format_in_unit(4.5e6, "GPU"), "4.5M GPU");
  EXPECT_EQ(format_in_unit(0.125, ""), "0.125");
}

TEST(Vega, PointRunHasHeadlineBarsAndSeriesLinesButNoDistributions) {
  auto charts = run_charts(point_run(), {"required_revenue", "ai_revenue", "revenue_gap"});
  const json* headline = find_chart(charts, "headline");
  ASSERT_NE(headline, nullptr);
  EXPECT_EQ(headline->at("usermeta").at("section"), kSectionHeadline);
  EXPECT_EQ(headline->at("data").at("values").size(), 3u);
  EXPECT_EQ(headline->at("data").at("values")[0].at("shown"), "$600B");
  // Money axes read "$600B", not 6e11.
  std::string labels = headline->at("layer")[0].at("encoding").at("x").at("axis").at("labelExpr");
  EXPECT_NE(labels.find("abs(datum.value) / 1e9"), std::string::npos) << labels;
  EXPECT_NE(labels.find("'$'"), std::string::npos) << labels;
  EXPECT_NE(labels.find("'B'"), std::string::npos) << labels;

  const json* capex = find_chart(charts, "series:capex");
  ASSERT_NE(capex, nullptr);
  EXPECT_EQ(layer_marks(*capex), std::vector<std::string>{"line"});
  EXPECT_EQ(capex->at("data").at("values").size(), 2u) << "the null year is left out";
  EXPECT_EQ(capex->at("layer")[0].at("encoding").at("y").at("axis").at("title"), "Capex (USD/yr)");
  for (const auto& chart : charts) {
    EXPECT_EQ(chart.at("name").get<std::string>().rfind("distribution:", 0), std::string::npos);
  }
}

TEST(Vega, HeadlineBarsNeedTwoQuantitiesOfOneUnit) {
  auto charts = run_charts(point_run(), {"revenue_gap", "coverage"});
  EXPECT_EQ(find_chart(charts, "headline"), nullptr);
}

TEST(Vega, SampledRunHasHistogramsAndFanCharts) {
  auto charts = run_charts(sampled_run(), {"required_revenue", "ai_revenue", "revenue_gap"});
  const json* gap = find_chart(charts, "distribution:revenue_gap");
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(gap->at("usermeta").at("section"), kSectionDistributions);
  EXPECT_EQ(layer_marks(*gap), (std::vector<std::string>{"rect", "rule"}));
  const json& bins = gap->at("layer")[0].at("data").at("values");
  ASSERT_EQ(bins.size(), 3u);
  EXPECT_DOUBLE_EQ(bins[1].at("share").get<double>(), 0.4);
  EXPECT_EQ(gap->at("layer")[1].at("data").at("values").size(), 3u) << "median, p5 and p95";
  std::string subtitle = gap->at("title").at("subtitle");
  EXPECT_NE(subtitle.find("median $480B"), std::string::npos) << subtitle;
  EXPECT_NE(subtitle.find("P(> 0) = 97.0%"), std::string::npos) << subtitle;

  const json* capex = find_chart(charts, "series:capex");
  ASSERT_NE(capex, nullptr);
  EXPECT_EQ(layer_marks(*capex), (std::vector<std::string>{"area", "line"}));
  EXPECT_EQ(capex->at("data").at("values")[1].at("p95"), 330e9);
  EXPECT_EQ(capex->at("data").at("values")[1].at("shown"), "$250B/yr") << "the median";

  const json* headline = find_chart(charts, "headline");
  ASSERT_NE(headline, nullptr);
  EXPECT_EQ(layer_marks(*headline), (std::vector<std::string>{"bar", "rule", "text"}));
}

// A first_year() result: bars of P(by each year) and one of never, not a histogram of years; the
// uncertain inputs get their distributions too.
TEST(Vega, FirstYearIsDrawnAsByEachYearAndNever) {
  json run = sampled_run();
  json& hit = run["quantities"]["hit"];
  hit = {{"unit", ""}, {"value", nullptr}, {"formula", "first_year(x > 0)"}, {"input", false}};
  hit["p_never"] = 0.25;
  hit["p_by_year"] = {{"2025", 0.1}, {"2026", 0.5}, {"2027", 0.75}};
  hit["histogram"] = {{"edges", {2025, 2026, 2027}}, {"counts", {10, 65}}};
  run["quantities"]["gpu_runrate"]["histogram"] = {{"edges", {100e9, 150e9, 200e9}},
                                                   {"counts", {50, 50}}};
  auto charts = run_charts(run, {});
  const json* chart = find_chart(charts, "distribution:hit");
  ASSERT_NE(chart, nullptr);
  const json& rows = chart->at("data").at("values");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("year"), "2025");
  EXPECT_EQ(rows[3].at("year"), "never");
  EXPECT_DOUBLE_EQ(rows[3].at("share").get<double>(), 0.25);
  EXPECT_EQ(chart->at("title").at("subtitle"), "P(by 2027) 75.0% · P(never) 25.0%");
  EXPECT_NE(find_chart(charts, "distribution:gpu_runrate"), nullptr) << "an uncertain input";
}

TEST(Vega, SeriesStatisticsMayBeArraysParallelToTheYears) {
  json run = point_run();
  json& capex = run["quantities"]["capex"];
  capex["p5"] = {150e9, 180e9, nullptr};
  capex["p50"] = {190e9, 250e9, nullptr};
  capex["p95"] = {230e9, 330e9, nullptr};
  auto charts = run_charts(run, {});
  const json* chart = find_chart(charts, "series:capex");
  ASSERT_NE(chart, nullptr);
  EXPECT_EQ(layer_marks(*chart), (std::vector<std::string>{"area", "line"}));
}

TEST(Vega, TornadoOfTheSensitivityCommand) {
  json sensitivity = json::parse(R"({
    "output": "revenue_gap", "method": "tornado", "unit": "USD", "base": 500e9,
    "low_percentile": 0.1, "high_percentile": 0.9,
    "bars": [
      {"input": "end_user_margin", "input_unit": "%", "input_low": 40, "input_high": 60,
       "output_low": 300e9, "output_high": 900e9, "swing": 600e9},
      {"input": "energy_ratio", "input_unit": "", "input_low": 0.8, "input_high": 1.2,
       "output_low": 460e9, "output_high": 540e9, "swing": 80e9}
    ]})");
  auto charts = sensitivity_charts(sensitivity);
  const json* tornado = find_chart(charts, "tornado");
  ASSERT_NE(tornado, nullptr);
  EXPECT_EQ(tornado->at("usermeta").at("section"), kSectionSensitivity);
  const json& rows = tornado->at("data").at("values");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("input"), "End user margin") << "in the command's order, widest first";
  EXPECT_EQ(rows[0].at("which"), "input at its p10");
  EXPECT_EQ(rows[0].at("input_shown"), "40%");
  EXPECT_EQ(rows[1].at("which"), "input at its p90");
  EXPECT_EQ(rows[0].at("shown"), "$300B");
  EXPECT_EQ(find_chart(charts, "sobol"), nullptr);
}

// A scenario's labels (report_view()'s "labels") name the charts and their bars; a name without
// one reads as display_name() writes it.
TEST(Vega, LabelsNameChartsAndBars) {
  json labels = {{"revenue_gap", "The $600B gap"}, {"required_revenue", "Revenue needed"}};
  auto charts =
      run_charts(sampled_run(), {"required_revenue", "ai_revenue", "revenue_gap"}, labels);
  const json* gap = find_chart(charts, "distribution:revenue_gap");
  ASSERT_NE(gap, nullptr);
  EXPECT_EQ(gap->at("title").at("text"), "The $600B gap");
  const json* capex = find_chart(charts, "series:capex");
  ASSERT_NE(capex, nullptr);
  EXPECT_EQ(capex->at("title").at("text"), "Capex");
  const json* headline = find_chart(charts, "headline");
  ASSERT_NE(headline, nullptr);
  const json& bars = headline->at("data").at("values");
  ASSERT_FALSE(bars.empty());
  EXPECT_EQ(bars[0].at("name"), "Revenue needed");

  json sensitivity = json::parse(R"({
    "output": "revenue_gap", "unit": "USD", "base": 500e9,
    "bars": [{"input": "end_user_margin", "output_low": 300e9, "output_high": 900e9}]})");
  auto sensitivity_specs = sensitivity_charts(sensitivity, labels);
  const json* tornado = find_chart(sensitivity_specs, "tornado");
  ASSERT_NE(tornado, nullptr);
  EXPECT_EQ(tornado->at("title").at("text"), "What moves The $600B gap");
}

TEST(Vega, SobolIndicesWithTheirIntervals) {
  json sensitivity = json::parse(R"({
    "output": "revenue_gap", "method": "sobol",
    "indices": [{"input": "end_user_margin", "first": 0.7, "first_ci": [0.6, 0.8],
                 "total": 0.75, "total_ci": [0.65, 0.85]}]})");
  auto charts = sensitivity_charts(sensitivity);
  const json* sobol = find_chart(charts, "sobol");
  ASSERT_NE(sobol, nullptr);
  const json& rows = sobol->at("data").at("values");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].at("index"), "first-order");
  EXPECT_EQ(rows[0].at("lo"), 0.6);
  EXPECT_EQ(rows[1].at("hi"), 0.85);
  // Shares from 0 to 100%: a tick every 20%, not every 5%.
  EXPECT_EQ(sobol->at("layer")[0].at("encoding").at("x").at("axis").at("tickCount"), 5);
}

TEST(Vega, NothingToDrawGivesNoChart) {
  EXPECT_TRUE(sensitivity_charts(json::object()).empty());
  EXPECT_TRUE(run_charts(json::object(), {}).empty());
  json run = sampled_run();
  run["quantities"]["revenue_gap"]["histogram"] = {{"edges", {5e9, 5e9}}, {"counts", {100}}};
  EXPECT_EQ(find_chart(run_charts(run, {}), "distribution:revenue_gap"), nullptr)
      << "every sample equal";
}

TEST(Vega, BlockOutputsAreLeftToTheirViews) {
  json run = point_run();
  run["quantities"]["fleet.capex"] = run["quantities"]["capex"];
  auto charts = run_charts(run, {});
  EXPECT_NE(find_chart(charts, "series:capex"), nullptr);
  EXPECT_EQ(find_chart(charts, "series:fleet.capex"), nullptr);
}

// A fleet's run: depreciation and its hidden loss over four years.
json fleet_run() {
  return json::parse(R"({"quantities": {
    "fleet.book_depreciation": {"unit": "USD/yr", "value": {"2020": 1e9, "2021": 2e9, "2022": 3e9, "2023": 3e9}},
    "fleet.economic_depreciation": {"unit": "USD/yr", "value": {"2020": 2e9, "2021": 3e9, "2022": 2e9, "2023": 1e9}},
    "fleet.hidden_loss": {"unit": "USD/yr", "value": {"2020": 1e9, "2021": 1e9, "2022": -1e9, "2023": -2e9}}
  }})");
}

TEST(VegaBlocks, HiddenLossBarsHaveAWidthAndLegendsOfTheirOwn) {
  auto charts = fleet_charts(fleet_run());
  const json* chart = find_chart(charts, "fleet:depreciation");
  ASSERT_NE(chart, nullptr);
  EXPECT_EQ(layer_marks(*chart), (std::vector<std::string>{"bar", "line"}));
  // A band width means nothing on a linear year axis (Vega warns and ignores it): pixels.
  const json& bar = chart->at("layer")[0].at("mark");
  ASSERT_TRUE(bar.at("width").is_number()) << bar.dump();
  EXPECT_EQ(bar.at("width"), 24) << "60% of a year's 140 pixels, at most 24";
  // Bars show a square in the legend, lines a stroke: two legends.
  EXPECT_EQ(chart->at("layer")[0].at("encoding").at("color").at("legend").at("symbolType"),
            "square");
  EXPECT_EQ(chart->at("layer")[1].at("encoding").at("color").at("legend").at("symbolType"),
            "stroke");
  EXPECT_EQ(chart->at("resolve").at("legend").at("color"), "independent");
  // The first year's label clears the value axis's lowest label.
  EXPECT_GT(chart->at("layer")[1].at("encoding").at("x").at("scale").at("padding"), 0);
}

TEST(VegaBlocks, CommitmentsPaymentsBySupplierAgainstRevenueAndTheNeed) {
  json run = json::parse(R"({"quantities": {
    "commitments.payments.oracle": {"unit": "USD/yr", "value": {"2026": 0, "2027": 60e9}},
    "commitments.payments.amazon": {"unit": "USD/yr", "value": {"2026": 5e9, "2027": 5e9}},
    "commitments.revenue": {"unit": "USD/yr", "input": true, "value": {"2026": 20e9, "2027": 30e9}},
    "commitments.funding_need": {"unit": "USD/yr", "value": {"2026": -15e9, "2027": 35e9}},
    "commitments.cumulative_need": {"unit": "USD", "value": {"2026": -15e9, "2027": 20e9}}
  }})");
  auto charts = commitments_charts(run);
  const json* payments = find_chart(charts, "commitments:payments");
  ASSERT_NE(payments, nullptr);
  EXPECT_EQ(payments->at("usermeta").at("section"), "commitments");
  EXPECT_EQ(layer_marks(*payments), (std::vector<std::string>{"bar", "line"}));
  EXPECT_EQ(payments->at("layer")[0].at("data").at("values").size(), 4u);  // 2 suppliers × 2 years
  EXPECT_EQ(payments->at("layer")[0].at("encoding").at("y").at("stack"), "zero");
  EXPECT_EQ(payments->at("layer")[1].at("data").at("values")[1].at("shown"), "$30B/yr");
  const json* need = find_chart(charts, "commitments:need");
  ASSERT_NE(need, nullptr);
  EXPECT_EQ(need->at("layer")[1].at("data").at("values")[1].at("value"), 20e9);
  EXPECT_TRUE(commitments_charts(fleet_run()).empty());
}

TEST(VegaBlocks, DepreciationByVintageOnTheBooksAndInEconomicTerms) {
  json vintages = json::parse(R"({"years": [2020, 2021, 2022, 2023], "vintages": [
    {"year": 2020, "cost_usd": 100, "book_value_usd": [75, 50, 25, 0],
     "economic_value_usd": [60, 30, 10, 0]},
    {"year": 2022, "cost_usd": 40, "book_value_usd": [0, 0, 30, 20],
     "economic_value_usd": [0, 0, 20, 20]}]})");
  auto charts = fleet_vintage_charts(vintages);
  const json* chart = find_chart(charts, "fleet:vintages");
  ASSERT_NE(chart, nullptr);
  EXPECT_EQ(chart->at("usermeta").at("section"), kSectionFleet);
  std::map<std::string, double> lost;
  for (const auto& row : chart->at("data").at("values")) {
    lost[row.at("vintage").get<std::string>() + " " + row.at("basis").get<std::string>() + " " +
         std::to_string(row.at("year").get<int>())] = row.at("value").get<double>();
  }
  EXPECT_EQ(lost["2020 book 2020"], 25) << "its cost less its value at the end of its first year";
  EXPECT_EQ(lost["2020 book 2023"], 25);
  EXPECT_EQ(lost["2020 economic 2020"], 40);
  EXPECT_EQ(lost["2020 economic 2021"], 30);
  EXPECT_EQ(lost["2022 book 2022"], 10);
  EXPECT_EQ(lost["2022 economic 2022"], 20);
  EXPECT_EQ(lost.count("2022 book 2021"), 0u) << "nothing before it was bought";
  EXPECT_EQ(lost.count("2022 economic 2023"), 0u) << "nothing lost, no bar";
  EXPECT_EQ(chart->at("encoding").at("x").at("type"), "ordinal") << "bars in bands of years";
  EXPECT_EQ(chart->at("encoding").at("xOffset").at("field"), "basis");
  EXPECT_TRUE(fleet_vintage_charts(json::object()).empty());
}

TEST(VegaBlocks, PowerByVintageStacksEachVintageInItsYearsOfService) {
  json vintages = json::parse(R"({"years": [2020, 2021, 2022], "vintages": [
    {"year": 2020, "cost_usd": 100, "book_value_usd": [50, 0, 0], "economic_value_usd": [50, 0, 0],
     "facility_power_w": [1.5e9, 1.5e9, 0]},
    {"year": 2021, "cost_usd": 40, "book_value_usd": [0, 20, 0], "economic_value_usd": [0, 20, 0],
     "facility_power_w": [0, 2e9, 2e9]}]})");
  auto charts = fleet_vintage_charts(vintages);
  const json* chart = find_chart(charts, "fleet:vintage-power");
  ASSERT_NE(chart, nullptr);
  std::map<std::string, double> gw;
  for (const auto& row : chart->at("data").at("values")) {
    gw[row.at("vintage").get<std::string>() + " " + std::to_string(row.at("year").get<int>())] =
        row.at("value").get<double>();
  }
  EXPECT_EQ(gw.size(), 4u) << "no bar for a year out of service";
  EXPECT_EQ(gw["2020 2021"], 1.5);
  EXPECT_EQ(gw["2021 2022"], 2);
  EXPECT_EQ(chart->at("encoding").at("y").at("stack"), "zero");
  EXPECT_EQ(chart->at("encoding").at("y").at("axis").at("title"), "facility power (GW)");
  ASSERT_NE(find_chart(charts, "fleet:vintages"), nullptr);
}

}  // namespace
}  // namespace gpugap
