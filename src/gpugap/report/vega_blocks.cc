#include "gpugap/report/vega_blocks.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "gpugap/report/vega.h"

namespace gpugap {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kBlue = "#3b6ea8";
constexpr const char* kOrange = "#d9822b";
constexpr const char* kRed = "#c0392b";
constexpr const char* kGrey = "#8c8c8c";

// A Vega expression labelling an axis tick (`datum.value`) as report/vega.cc does: "$400B",
// "12 GW" (with `prefix` "$" for money), each tick with its own k/M/B/T suffix.
std::string label_expression(const std::string& prefix) {
  return fmt::format("(datum.value < 0 ? '-{0}' : '{0}') + ({1})", prefix,
                     tick_magnitude_expression());
}

// The width base_spec() gives every chart (the page widens it to its column).
constexpr int kBlockWidth = 560;

// Block charts are the report's charts with a fixed height.
json block_spec(const std::string& id, const char* section, const std::string& title,
                const std::string& subtitle) {
  json spec = base_spec(id, section, title, subtitle);
  spec["height"] = 220;
  return spec;
}

// Years on a linear scale, padded so that the first year's label clears the value axis's lowest
// label and a bar on the first or last year fits.
json year_axis() {
  return {{"field", "year"},
          {"type", "quantitative"},
          {"scale", {{"zero", false}, {"nice", false}, {"padding", 18}}},
          {"axis", {{"title", "year"}, {"format", "d"}, {"tickMinStep", 1}}}};
}

json value_axis(const std::string& title, const std::string& prefix) {
  return {{"title", title}, {"labelExpr", label_expression(prefix)}, {"tickCount", 6}};
}

// The colour of each series, in legend order.
json color(const std::vector<std::pair<std::string, std::string>>& series) {
  json domain = json::array(), range = json::array();
  for (const auto& [label, colour] : series) {
    domain.push_back(label);
    range.push_back(colour);
  }
  return {{"field", "series"},
          {"type", "nominal"},
          {"title", nullptr},
          {"scale", {{"domain", domain}, {"range", range}}},
          {"sort", domain}};
}

json tooltip(const char* value_title) {
  return json::array({{{"field", "series"}, {"title", "series"}},
                      {{"field", "year"}, {"title", "year"}},
                      {{"field", "shown"}, {"title", value_title}}});
}

// Rows {series, year, value, shown} of a yearly output of the run, in its unit; false when the run
// lacks it or it is not yearly.
bool add_rows(const json& quantities, const std::string& name, const std::string& label,
              json& rows) {
  auto it = quantities.find(name);
  if (it == quantities.end()) return false;
  const json& entry = *it;
  const json& by_year = entry.value("value", json());
  if (!by_year.is_object()) return false;
  std::string unit = entry.value("unit", "");
  bool any = false;
  for (const auto& [year, value] : by_year.items()) {
    if (!value.is_number()) continue;
    double v = value.get<double>();
    if (!std::isfinite(v)) continue;
    rows.push_back({{"series", label},
                    {"year", std::stoi(year)},
                    {"value", v},
                    {"shown", format_in_unit(v, unit)}});
    any = true;
  }
  return any;
}

std::optional<json> power_chart(const json& quantities) {
  json rows = json::array();
  bool it = add_rows(quantities, "fleet.it_power", "IT power", rows);
  bool facility = add_rows(quantities, "fleet.facility_power", "facility power (× PUE)", rows);
  if (!it && !facility) return std::nullopt;
  json spec = block_spec("fleet:power", kSectionFleet, "The fleet's power",
                         "GPUs in service at full load, with their servers' overhead");
  spec["data"] = {{"values", rows}};
  spec["mark"] = {{"type", "line"}, {"strokeWidth", 2.5}, {"point", {{"size", 40}}}};
  spec["encoding"] = {
      {"x", year_axis()},
      {"y", {{"field", "value"}, {"type", "quantitative"}, {"axis", value_axis("power (GW)", "")}}},
      {"color", color({{"IT power", kBlue}, {"facility power (× PUE)", kOrange}})},
      {"tooltip", tooltip("power")}};
  return spec;
}

std::optional<json> depreciation_chart(const json& quantities) {
  const std::string kBook = "book depreciation", kEconomic = "economic depreciation",
                    kHidden = "hidden loss";
  json lines = json::array(), bars = json::array();
  bool book = add_rows(quantities, "fleet.book_depreciation", kBook, lines);
  bool economic = add_rows(quantities, "fleet.economic_depreciation", kEconomic, lines);
  bool hidden = add_rows(quantities, "fleet.hidden_loss", kHidden, bars);
  if (!book && !economic) return std::nullopt;
  json spec =
      block_spec("fleet:depreciation", kSectionFleet, "Depreciation: books against economics",
                 "hidden loss = economic − book depreciation");
  json x = year_axis();
  json y_axis = value_axis("depreciation (USD/yr)", "$");
  json layers = json::array();
  if (hidden) {
    // A linear year axis has no bands: the bars get a width of their own, under 60% of a year.
    std::set<int> years;
    for (const json& row : bars) years.insert(row["year"].get<int>());
    int width =
        std::clamp(static_cast<int>(0.6 * kBlockWidth / std::max<size_t>(years.size(), 1)), 3, 24);
    json colour = color({{kHidden, kGrey}});
    colour["legend"] = {{"symbolType", "square"}};
    layers.push_back({{"data", {{"values", bars}}},
                      {"mark", {{"type", "bar"}, {"opacity", 0.45}, {"width", width}}},
                      {"encoding",
                       {{"x", x},
                        {"y", {{"field", "value"}, {"type", "quantitative"}, {"axis", y_axis}}},
                        {"color", colour},
                        {"tooltip", tooltip("amount")}}}});
  }
  json colour = color({{kBook, kBlue}, {kEconomic, kRed}});
  colour["legend"] = {{"symbolType", "stroke"}, {"symbolStrokeWidth", 2.5}};
  layers.push_back({{"data", {{"values", lines}}},
                    {"mark", {{"type", "line"}, {"strokeWidth", 2.5}, {"point", {{"size", 40}}}}},
                    {"encoding",
                     {{"x", x},
                      {"y", {{"field", "value"}, {"type", "quantitative"}, {"axis", y_axis}}},
                      {"color", colour},
                      {"tooltip", tooltip("amount")}}}});
  spec["layer"] = layers;
  // Lines and bars keep legends of their own, each with its mark's symbol.
  spec["resolve"] = {{"scale", {{"color", "independent"}}}, {"legend", {{"color", "independent"}}}};
  return spec;
}

// GPUs in service by generation: the outputs "fleet.installed_gpus.<generation>", stacked.
std::optional<json> installed_chart(const json& quantities) {
  const std::string prefix = "fleet.installed_gpus.";
  json rows = json::array();
  json order = json::array();
  for (const auto& [name, entry] : quantities.items()) {
    if (name.rfind(prefix, 0) != 0) continue;
    std::string generation = name.substr(prefix.size());
    if (add_rows(quantities, name, generation, rows)) order.push_back(generation);
  }
  if (order.empty()) return std::nullopt;
  json spec = block_spec("fleet:installed", kSectionFleet, "GPUs in service, by generation",
                         "each year's purchases join the fleet until they retire or become "
                         "obsolete");
  spec["mark"] = {{"type", "area"}, {"opacity", 0.85}};
  spec["encoding"] = {{"x", year_axis()},
                      {"y",
                       {{"field", "value"},
                        {"type", "quantitative"},
                        {"stack", "zero"},
                        {"axis", value_axis("GPUs in service (GPU)", "")}}},
                      {"color",
                       {{"field", "series"},
                        {"type", "nominal"},
                        {"title", "generation"},
                        {"sort", order},
                        {"scale", {{"domain", order}, {"scheme", "tableau10"}}}}},
                      {"order", {{"field", "series_index"}, {"type", "quantitative"}}},
                      {"tooltip", tooltip("GPUs")}};
  for (auto& row : rows) {
    for (size_t i = 0; i < order.size(); ++i) {
      if (order[i] == row["series"]) row["series_index"] = i;
    }
  }
  spec["data"] = {{"values", rows}};
  return spec;
}

// Rows {year, vintage, basis, value, shown}: what each vintage loses in a year, on the books and in
// economic terms, from its value at the end of the year before (its cost in its first year).
json vintage_rows(const json& vintages) {
  json rows = json::array();
  const json& years = vintages.value("years", json::array());
  for (const json& v : vintages.value("vintages", json::array())) {
    int bought = v.value("year", 0);
    double cost = v.value("cost_usd", 0.0);
    for (const auto& [key, basis] :
         {std::pair{"book_value_usd", "book"}, std::pair{"economic_value_usd", "economic"}}) {
      const json& values = v.value(key, json::array());
      double before = 0;
      for (size_t y = 0; y < years.size() && y < values.size(); ++y) {
        int year = years[y].get<int>();
        if (year < bought) continue;
        if (year == bought) before = cost;
        double value = values[y].get<double>();
        double lost = before - value;
        before = value;
        if (!std::isfinite(lost) || std::abs(lost) < 1e-9 * std::max(cost, 1.0)) continue;
        rows.push_back({{"year", year},
                        {"vintage", std::to_string(bought)},
                        {"basis", basis},
                        {"value", lost},
                        {"shown", format_in_unit(lost, "USD/yr")}});
      }
    }
  }
  return rows;
}

// Rows {year, vintage, value, shown}: each vintage's facility power (GW) in the years it serves.
json vintage_power_rows(const json& vintages) {
  json rows = json::array();
  const json& years = vintages.value("years", json::array());
  for (const json& v : vintages.value("vintages", json::array())) {
    const json& watts = v.value("facility_power_w", json::array());
    for (size_t y = 0; y < years.size() && y < watts.size(); ++y) {
      double gw = watts[y].get<double>() / 1e9;
      if (!(gw > 0)) continue;
      rows.push_back({{"year", years[y].get<int>()},
                      {"vintage", std::to_string(v.value("year", 0))},
                      {"value", gw},
                      {"shown", format_in_unit(gw, "GW")}});
    }
  }
  return rows;
}

// Bars (stacked by series, or one series) under lines, on one year axis and one money axis.
json bars_and_lines(json spec, const json& bars, const json& bar_colour, bool stacked,
                    const json& lines, const json& line_colour, const std::string& axis_title) {
  json x = year_axis();
  json y_axis = value_axis(axis_title, "$");
  std::set<int> years;
  for (const json& row : bars) years.insert(row["year"].get<int>());
  int width =
      std::clamp(static_cast<int>(0.6 * kBlockWidth / std::max<size_t>(years.size(), 1)), 3, 24);
  json bar_legend = bar_colour;
  bar_legend["legend"] = {{"symbolType", "square"}};
  json line_legend = line_colour;
  line_legend["legend"] = {{"symbolType", "stroke"}, {"symbolStrokeWidth", 2.5}};
  json y = {{"field", "value"}, {"type", "quantitative"}, {"axis", y_axis}};
  json bar_y = y;
  if (stacked) bar_y["stack"] = "zero";
  json layers = json::array();
  layers.push_back(
      {{"data", {{"values", bars}}},
       {"mark", {{"type", "bar"}, {"opacity", 0.8}, {"width", width}}},
       {"encoding",
        {{"x", x}, {"y", bar_y}, {"color", bar_legend}, {"tooltip", tooltip("amount")}}}});
  layers.push_back(
      {{"data", {{"values", lines}}},
       {"mark", {{"type", "line"}, {"strokeWidth", 2.5}, {"point", {{"size", 40}}}}},
       {"encoding", {{"x", x}, {"y", y}, {"color", line_legend}, {"tooltip", tooltip("amount")}}}});
  spec["layer"] = layers;
  spec["resolve"] = {{"scale", {{"color", "independent"}}}, {"legend", {{"color", "independent"}}}};
  return spec;
}

}  // namespace

std::vector<json> commitments_charts(const json& run) {
  std::vector<json> charts;
  auto it = run.find("quantities");
  if (it == run.end() || !it->is_object()) return charts;
  const json& quantities = *it;
  // Payments by supplier, stacked, against the revenue.
  const std::string prefix = "commitments.payments.";
  const char* kScheme[] = {"#3b6ea8", "#d9822b", "#5a9e6f", "#8e6bb8",
                           "#c0392b", "#8c8c8c", "#b8860b", "#2c7f8c"};
  std::vector<std::pair<std::string, std::string>> suppliers;
  json bars = json::array();
  for (const auto& [name, entry] : quantities.items()) {
    if (name.rfind(prefix, 0) != 0) continue;
    std::string supplier = name.substr(prefix.size());
    if (add_rows(quantities, name, supplier, bars)) {
      suppliers.emplace_back(supplier, kScheme[suppliers.size() % std::size(kScheme)]);
    }
  }
  json revenue = json::array();
  const std::string kRevenue = "revenue";
  bool has_revenue = add_rows(quantities, "commitments.revenue", kRevenue, revenue);
  if (!suppliers.empty() && has_revenue) {
    json spec = block_spec("commitments:payments", kSectionCommitments,
                           "Payments by supplier against revenue",
                           "each commitment spread over its years by its profile");
    charts.push_back(bars_and_lines(std::move(spec), bars, color(suppliers), true, revenue,
                                    color({{kRevenue, kRed}}), "USD/yr"));
  }
  // The funding need by year, and cumulative.
  const std::string kNeed = "funding need in the year", kCumulative = "cumulative need";
  json need = json::array(), cumulative = json::array();
  bool has_need = add_rows(quantities, "commitments.funding_need", kNeed, need);
  bool has_cumulative =
      add_rows(quantities, "commitments.cumulative_need", kCumulative, cumulative);
  if (has_need && has_cumulative) {
    json spec = block_spec("commitments:need", kSectionCommitments, "The funding need",
                           "payments − revenue (below zero: a surplus), and its running total");
    charts.push_back(bars_and_lines(std::move(spec), need, color({{kNeed, kGrey}}), false,
                                    cumulative, color({{kCumulative, kBlue}}), "USD"));
  }
  return charts;
}

std::vector<json> fleet_charts(const json& run) {
  std::vector<json> charts;
  auto it = run.find("quantities");
  if (it == run.end() || !it->is_object()) return charts;
  for (auto chart : {power_chart(*it), depreciation_chart(*it), installed_chart(*it)}) {
    if (chart) charts.push_back(std::move(*chart));
  }
  return charts;
}

std::vector<json> fleet_vintage_charts(const json& vintages) {
  std::vector<json> charts;
  json order = json::array();
  for (const json& v : vintages.value("vintages", json::array())) {
    order.push_back(std::to_string(v.value("year", 0)));
  }
  json vintage_colour = {{"field", "vintage"},
                         {"type", "ordinal"},
                         {"title", "vintage"},
                         {"sort", order},
                         {"scale", {{"domain", order}, {"scheme", "viridis"}}},
                         {"legend", {{"columns", 6}, {"symbolType", "square"}}}};
  json power = vintage_power_rows(vintages);
  if (!power.empty()) {
    json spec = block_spec("fleet:vintage-power", kSectionFleet, "Power by vintage",
                           "facility power (× PUE) of each year's purchases while in service");
    spec["data"] = {{"values", power}};
    spec["mark"] = {{"type", "bar"}};
    spec["encoding"] = {
        {"x",
         {{"field", "year"},
          {"type", "ordinal"},
          {"axis", {{"title", "year"}, {"labelAngle", 0}, {"labelOverlap", true}}}}},
        {"y",
         {{"field", "value"},
          {"type", "quantitative"},
          {"stack", "zero"},
          {"axis", value_axis("facility power (GW)", "")}}},
        {"color", vintage_colour},
        {"order", {{"field", "vintage"}, {"type", "ordinal"}}},
        {"tooltip", json::array({{{"field", "vintage"}, {"title", "bought in"}},
                                 {{"field", "year"}, {"title", "year"}},
                                 {{"field", "shown"}, {"title", "facility power"}}})}};
    charts.push_back(std::move(spec));
  }
  json rows = vintage_rows(vintages);
  if (rows.empty()) return charts;
  json spec = block_spec("fleet:vintages", kSectionFleet, "Depreciation by vintage",
                         "left bar: on the books (with write-offs); right bar, paler: economic");
  spec["data"] = {{"values", rows}};
  spec["mark"] = {{"type", "bar"}};
  json basis = json::array({"book", "economic"});
  spec["encoding"] = {{"x",
                       {{"field", "year"},
                        {"type", "ordinal"},
                        {"axis", {{"title", "year"}, {"labelAngle", 0}, {"labelOverlap", true}}}}},
                      {"xOffset", {{"field", "basis"}, {"type", "nominal"}, {"sort", basis}}},
                      {"y",
                       {{"field", "value"},
                        {"type", "quantitative"},
                        {"stack", "zero"},
                        {"axis", value_axis("depreciation (USD/yr)", "$")}}},
                      {"color", vintage_colour},
                      {"opacity",
                       {{"field", "basis"},
                        {"type", "ordinal"},
                        {"sort", basis},
                        {"title", nullptr},
                        {"scale", {{"domain", basis}, {"range", {1.0, 0.45}}}},
                        {"legend", nullptr}}},
                      {"tooltip", json::array({{{"field", "vintage"}, {"title", "bought in"}},
                                               {{"field", "year"}, {"title", "year"}},
                                               {{"field", "basis"}, {"title", "depreciation"}},
                                               {{"field", "shown"}, {"title", "amount"}}})}};
  charts.push_back(std::move(spec));
  return charts;
}

std::vector<json> financing_charts(const json& graph) {
  std::vector<json> charts;
  auto companies = graph.find("companies");
  if (companies == graph.end() || !companies->is_array()) return charts;
  const std::string kEnd = "end-customer revenue", kRound = "round-tripped revenue";
  std::string unit = graph.value("unit", "USD");
  json rows = json::array();
  for (const json& c : *companies) {
    double revenue = c.value("revenue", 0.0);
    if (!(revenue > 0)) continue;
    std::string name = c.value("name", c.value("id", ""));
    double round = c.value("round_tripped_revenue", 0.0);
    double end = c.value("end_customer_revenue", 0.0);
    double share = c.value("round_tripped_share", 0.0);
    std::string share_text = fmt::format("{:.0f}% of its revenue", share * 100);
    rows.push_back({{"company", name},
                    {"series", kEnd},
                    {"value", end},
                    {"shown", format_in_unit(end, unit)},
                    {"share", ""}});
    rows.push_back({{"company", name},
                    {"series", kRound},
                    {"value", round},
                    {"shown", format_in_unit(round, unit)},
                    {"share", share_text}});
  }
  if (rows.empty()) return charts;
  json spec = block_spec("financing:revenue", kSectionFinancing, "Revenue from the deals",
                         "round-tripped: invested money coming back as revenue");
  spec["height"] = 34 * static_cast<int>(rows.size() / 2);
  spec["data"] = {{"values", rows}};
  spec["mark"] = {{"type", "bar"}};
  spec["encoding"] = {
      {"y", {{"field", "company"}, {"type", "nominal"}, {"title", nullptr}, {"sort", "-x"}}},
      {"x",
       {{"field", "value"},
        {"type", "quantitative"},
        {"stack", "zero"},
        {"axis", value_axis(fmt::format("revenue ({})", unit), "$")}}},
      {"color", color({{kEnd, kBlue}, {kRound, kOrange}})},
      {"tooltip", json::array({{{"field", "company"}, {"title", "company"}},
                               {{"field", "series"}, {"title", "part"}},
                               {{"field", "shown"}, {"title", "amount"}},
                               {{"field", "share"}, {"title", "share"}}})}};
  charts.push_back(std::move(spec));
  return charts;
}

}  // namespace gpugap
