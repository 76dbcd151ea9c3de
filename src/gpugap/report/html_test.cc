#include "gpugap/report/html.h"
#include "gpugap/report/headline.h"
#include "gpugap/report/sensitivity_json.h"
#include "gpugap/report/view.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "gpugap/compile/compile.h"
#include "gpugap/report/output.h"

namespace gpugap {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kScenario = R"toml(
title = "The $600B question, for tests"
description = """
A scenario for the report's tests.

With two paragraphs."""
published = { by = "gpugap tests", date = 2024-06-20, url = "https://example.com/source" }

[time]
years = "2024..2030"

[quantities]
gpu_runrate = { value = "150B", unit = "USD", source = "Nvidia, https://example.com/gpu" }
energy_ratio = { value = "1", note = "</script><script>alert('note')</script>" }
end_user_margin = { value = "50%", unit = "%" }
required_revenue = { value = "gpu_runrate * (1 + energy_ratio) / (1 - end_user_margin)", unit = "USD" }
ai_revenue = { value = "100B", unit = "USD" }
revenue_gap = { value = "required_revenue - ai_revenue", unit = "USD" }
spend = { value = { 2024 = "150B", 2030 = "500B" }, unit = "USD/yr", fill = "linear" }
capex = { value = "spend * (1 + energy_ratio)", unit = "USD/yr" }

[expect]
required_revenue = "600B"
)toml";

struct Evaluated {
  Model model;
  PointResults results;
  json run;
};

Evaluated evaluate(const std::string& text) {
  auto scenario = load_scenario_text("test.toml", text);
  EXPECT_TRUE(scenario) << format_diagnostics(scenario.diagnostics());
  auto model = compile(std::move(*scenario));
  EXPECT_TRUE(model) << format_diagnostics(model.diagnostics());
  auto results = evaluate_point(*model);
  EXPECT_TRUE(results) << format_diagnostics(results.diagnostics());
  json run = render_json(*model, *results, selected_quantities(*model, {}));
  return {std::move(*model), std::move(*results), std::move(run)};
}

// The run as Monte Carlo would report it: statistics of a spread around each point value.
json with_statistics(json run) {
  const double kQuantiles[][2] = {{1, -2.33}, {5, -1.64}, {10, -1.28}, {25, -0.67}, {50, 0},
                                  {75, 0.67}, {90, 1.28}, {95, 1.64},  {99, 2.33}};
  for (auto& [name, q] : run["quantities"].items()) {
    if (q["input"].get<bool>() && name != "end_user_margin") continue;
    auto spread = [](double v, double z) { return v * (1 + 0.25 * z); };
    if (q["value"].is_number()) {
      double v = q["value"];
      for (const auto& [p, z] : kQuantiles) q[fmt::format("p{}", p)] = spread(v, z);
      q["mean"] = v;
      q["sd"] = 0.25 * std::abs(v);
      q["p_positive"] = v > 0 ? 0.97 : 0.03;
      json edges = json::array(), counts = json::array();
      for (int i = 0; i <= 30; ++i) edges.push_back(spread(v, -3 + i * 0.2));
      for (int i = 0; i < 30; ++i) {
        double z = -2.9 + i * 0.2;
        counts.push_back(static_cast<int>(1000 * std::exp(-z * z / 2)));
      }
      q["histogram"] = {{"edges", edges}, {"counts", counts}};
    } else {
      for (const auto& [p, z] : kQuantiles) {
        json by_year = json::object();
        for (auto& [year, v] : q["value"].items()) by_year[year] = spread(v.get<double>(), z);
        q[fmt::format("p{}", p)] = by_year;
      }
    }
  }
  run["samples"] = 100000;
  run["seed"] = 7;
  return run;
}

std::string script_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"gpugap-data\">";
  size_t start = html.find(open);
  if (start == std::string::npos) return "";
  start += open.size();
  return html.substr(start, html.find("</script>", start) - start);
}

TEST(Html, HeadlineIsTheRevenueGapAndThePublishedFigures) {
  Evaluated e = evaluate(kScenario);
  EXPECT_EQ(headline_quantities(e.model),
            (std::vector<std::string>{"required_revenue", "ai_revenue", "revenue_gap"}));
  Evaluated other = evaluate(R"(
[quantities]
a = { value = "2" }
b = { value = "a * 3" }
c = { value = "a + 1" }
)");
  EXPECT_EQ(headline_quantities(other.model), (std::vector<std::string>{"b", "c"}))
      << "without the usual names nor [expect], the final results";
}

TEST(Html, HeadlineFindsGapsShortfallsAndRequiredRevenueByName) {
  // Bain 2030's shape: no "revenue_gap", a yearly required_revenue, the answer in shortfall_2030.
  Evaluated bain = evaluate(R"(
[time]
years = "2025..2030"
[quantities]
capex_2030 = { value = "500B", unit = "USD/yr" }
sustainable_capex_share = { value = "25%", unit = "%" }
required_revenue_2030 = { value = "capex_2030 / sustainable_capex_share", unit = "USD/yr" }
funding_available = { value = "1.2T", unit = "USD/yr" }
shortfall_2030 = { value = "required_revenue_2030 - funding_available", unit = "USD/yr" }
shortfall_share = { value = "shortfall_2030 / required_revenue_2030", unit = "%" }
ai_capex = { value = { 2025 = "190B", 2030 = "capex_2030" }, unit = "USD/yr", fill = "linear" }
required_revenue = { value = "ai_capex / sustainable_capex_share", unit = "USD/yr" }
)");
  EXPECT_EQ(headline_quantities(bain.model),
            (std::vector<std::string>{"required_revenue_2030", "shortfall_2030"}))
      << "money only: not the share; not the yearly series";
  json view = report_view(bain.model, bain.results, bain.run);
  EXPECT_EQ(view["charts"][0]["name"], "headline") << "two figures of one unit: the bars";

  // The circle's shape: the gaps are results, the published deal sizes inputs; results first.
  Evaluated circle = evaluate(R"(
[quantities]
deal_size = { value = "300B", unit = "USD" }
other_deal = { value = "100B", unit = "USD" }
required_revenue = { value = "deal_size * 2", unit = "USD" }
gap_on_contract = { value = "required_revenue - deal_size", unit = "USD" }
gap_on_end_customers = { value = "required_revenue - other_deal", unit = "USD" }
gapless_ratio = { value = "2", unit = "x" }
[expect]
deal_size = "300B"
other_deal = "100B"
)");
  EXPECT_EQ(headline_quantities(circle.model),
            (std::vector<std::string>{"required_revenue", "gap_on_contract", "gap_on_end_customers",
                                      "deal_size", "other_deal"}));
}

TEST(Html, ViewHasChartsExplainTreeAndChecks) {
  Evaluated e = evaluate(kScenario);
  json view = report_view(e.model, e.results, e.run);
  EXPECT_EQ(view["labels"]["ai_revenue"], "AI revenue");
  std::vector<std::string> charts;
  for (const auto& c : view["charts"]) charts.push_back(c["name"]);
  EXPECT_EQ(charts, (std::vector<std::string>{"headline", "series:spend", "series:capex"}));
  ASSERT_EQ(view["explain"].size(), 2u) << "revenue_gap and capex use nothing after them";
  const json& gap = view["explain"][0];
  EXPECT_EQ(gap["name"], "revenue_gap");
  EXPECT_EQ(gap["value"], "$500B");
  EXPECT_EQ(gap["formula"], "required_revenue - ai_revenue");
  EXPECT_EQ(gap["substituted"], "$600B - $100B");
  ASSERT_EQ(gap["children"].size(), 2u);
  EXPECT_EQ(gap["children"][0]["name"], "required_revenue");
  ASSERT_EQ(view["checks"].size(), 1u);
  EXPECT_TRUE(view["checks"][0]["passed"].get<bool>());
}

TEST(Html, ReportIsOneSelfContainedFile) {
  if (web_script().empty()) GTEST_SKIP() << "built without the web UI";
  Evaluated e = evaluate(kScenario);
  auto html = render_report_html(e.run, report_view(e.model, e.results, e.run), {});
  ASSERT_TRUE(html) << format_diagnostics(html.diagnostics());
  EXPECT_NE(html->find("default-src 'none'"), std::string::npos) << "no request may leave";
  EXPECT_EQ(html->find("<script src"), std::string::npos);
  EXPECT_EQ(html->find("<link rel=\"stylesheet\""), std::string::npos);
  // The scenario's text cannot close the data's <script> element.
  EXPECT_EQ(html->find("</script><script>alert"), std::string::npos);
  json data = json::parse(script_data(*html));
  EXPECT_EQ(data["run"], e.run) << "the numbers are the run's";
  EXPECT_EQ(data["run"]["quantities"]["energy_ratio"]["note"],
            "</script><script>alert('note')</script>");
}

TEST(Html, WebAssetsCanBeInlined) {
  if (web_script().empty()) GTEST_SKIP() << "built without the web UI";
  std::string script(web_script());
  std::transform(script.begin(), script.end(), script.begin(), ::tolower);
  EXPECT_EQ(script.find("</script"), std::string::npos);
  EXPECT_EQ(script.find("<!--"), std::string::npos);
  EXPECT_FALSE(web_style().empty());
}

// With GPUGAP_WEB_FIXTURES=DIR, writes DIR/sampled-report.html: a report of Monte Carlo
// statistics, which tests/web/report_test.mjs opens in a browser.
TEST(Html, SampledReportHasDistributionsAndFans) {
  if (web_script().empty()) GTEST_SKIP() << "built without the web UI";
  Evaluated e = evaluate(kScenario);
  json run = with_statistics(e.run);
  json view = report_view(e.model, e.results, run);
  std::vector<std::string> charts;
  for (const auto& c : view["charts"]) charts.push_back(c["name"]);
  EXPECT_EQ(charts, (std::vector<std::string>{
                        "headline", "distribution:required_revenue", "distribution:revenue_gap",
                        "distribution:end_user_margin", "series:spend", "series:capex"}))
      << "the results' distributions, then the uncertain input's, then the series";
  auto html = render_report_html(run, view, ReportRequest{{}, 100000, 7});
  ASSERT_TRUE(html);
  if (const char* dir = std::getenv("GPUGAP_WEB_FIXTURES")) {
    std::ofstream(std::string(dir) + "/sampled-report.html") << *html;
  }
}

}  // namespace
}  // namespace gpugap
