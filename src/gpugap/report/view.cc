#include "gpugap/report/view.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "gpugap/blocks/financing.h"
#include "gpugap/blocks/fleet_block.h"
#include "gpugap/report/check.h"
#include "gpugap/report/financing_graph.h"
#include "gpugap/report/headline.h"
#include "gpugap/report/vega.h"
#include "gpugap/report/vega_blocks.h"
#include "gpugap/scenario/block_kinds.h"
#include "gpugap/units/format.h"

namespace gpugap {
namespace {

using json = nlohmann::ordered_json;

// Above this many nodes the explain tree stops expanding (a scenario's DAG can share subtrees).
constexpr size_t kMaxExplainNodes = 2000;

class ExplainTree {
 public:
  ExplainTree(const Model& model, const PointResults& results) : m_(model), r_(results) {}

  std::string value_text(int index) const {
    const CompiledQuantity& q = m_.quantities[index];
    const auto& v = r_.values[index];
    if (!q.series) return format_value(v[0], q.unit);
    std::vector<int> years = m_.years();
    return fmt::format("{}: {} … {}: {}", years.front(), format_value(v.front(), q.unit),
                       years.back(), format_value(v.back(), q.unit));
  }

  json node(int index) {
    const QuantityDef& def = m_.def(index);
    const CompiledQuantity& q = m_.quantities[index];
    json n;
    n["name"] = def.name;
    n["value"] = value_text(index);
    n["unit"] = unit_label(q.unit);
    if (q.formula && !q.is_input()) {
      n["formula"] = to_text(*q.formula);
      if (!q.series) {
        n["substituted"] = to_text(*q.formula, [&](const std::string& name) {
          int i = m_.index_of(name);
          return i < 0 ? name : value_text(i);
        });
      }
    } else if (def.is_year_table()) {
      n["formula"] = "a table of years";
    } else if (!def.text.empty()) {
      n["formula"] = def.text;
    }
    if (!def.source.empty()) n["source"] = def.source;
    if (!def.note.empty()) n["note"] = def.note;
    if (def.defined_in == "--set") n["set"] = true;
    bool repeated = !expanded_.insert(index).second;
    if (repeated && !q.dependencies.empty()) {
      n["repeated"] = true;
      return n;
    }
    json children = json::array();
    for (int d : q.dependencies) {
      if (++nodes_ > kMaxExplainNodes) break;
      children.push_back(node(d));
    }
    if (!children.empty()) n["children"] = children;
    return n;
  }

 private:
  const Model& m_;
  const PointResults& r_;
  std::set<int> expanded_;
  size_t nodes_ = 0;
};

json check_rows(const Model& model, const PointResults& results) {
  json rows = json::array();
  auto outcomes = check_expectations(model, results);
  if (!outcomes) return rows;
  for (const CheckOutcome& o : *outcomes) {
    rows.push_back({{"name", o.name},
                    {"kind", o.published ? "published" : "consistency"},
                    {"source", o.source},
                    {"expected", o.expected},
                    {"computed", o.computed},
                    {"passed", o.passed}});
  }
  return rows;
}

const FleetBlock* find_fleet_block(const Scenario& scenario) {
  for (const auto& block : scenario.blocks) {
    if (auto* fleet = dynamic_cast<const FleetBlock*>(block.get())) return fleet;
  }
  return nullptr;
}

// The fleet's vintages from the point values, for the report's charts (the run's outputs hold
// the whole fleet only): each year's purchases, their cost and their book and economic value at
// the end of every year, and their facility power, all in base units (USD, W) — the same
// figures as `gpugap fleet --format json`, which shows them in display units (facility_power_gw).
// Nothing without a fleet.
std::optional<json> fleet_vintages(const Model& model, const PointResults& results) {
  const FleetBlock* block = find_fleet_block(model.scenario);
  if (block == nullptr) return std::nullopt;
  std::vector<std::vector<double>> values;
  for (const std::string& input : block->inputs()) {
    int i = model.index_of(input);
    if (i < 0) return std::nullopt;
    values.push_back(results.values[static_cast<size_t>(i)]);
  }
  const FleetStructure& s = block->structure();
  FleetScratch scratch(s);
  std::vector<double> yearly(static_cast<size_t>(fleet_series_count(s)) * s.years);
  FleetDetail detail;
  if (!simulate_fleet(s, block->sample(values), scratch, yearly.data(), &detail)) {
    return std::nullopt;
  }
  json out;
  out["years"] = model.years();
  json vintages = json::array();
  for (const FleetVintage& v : detail.vintages) {
    vintages.push_back({{"year", v.year},
                        {"cost_usd", v.cost},
                        {"book_value_usd", v.book_value},
                        {"economic_value_usd", v.economic_value},
                        {"facility_power_w", v.facility_power}});
  }
  out["vintages"] = vintages;
  return out;
}

}  // namespace

json quantity_labels(const Scenario& scenario) {
  json labels = json::object();
  for (const QuantityDef& def : scenario.quantities) {
    labels[def.name] = def.label.empty() ? display_name(def.name) : def.label;
  }
  return labels;
}

json report_view(const Model& model, const PointResults& results, const json& run,
                 const std::vector<json>& analyses) {
  json view;
  const Scenario& s = model.scenario;
  view["description"] = s.description;
  json labels = quantity_labels(s);
  view["labels"] = labels;
  std::vector<std::string> headline = headline_quantities(model);
  view["headline"] = headline;
  // The numbers whose point value is "never" (a first_year() that never comes, +infinity): JSON
  // writes them null, which the page could not tell from a missing value.
  json never = json::array();
  for (size_t i = 0; i < model.quantities.size(); ++i) {
    const auto& v = results.values[i];
    if (!model.quantities[i].series && !v.empty() && std::isinf(v[0]) && v[0] > 0) {
      never.push_back(model.def(static_cast<int>(i)).name);
    }
  }
  view["never"] = never;
  json charts = json::array();
  for (auto& chart : run_charts(run, headline, labels)) charts.push_back(std::move(chart));
  for (const json& analysis : analyses) {
    for (auto& chart : sensitivity_charts(analysis, labels)) charts.push_back(std::move(chart));
  }
  for (auto& chart : fleet_charts(run)) charts.push_back(std::move(chart));
  for (auto& chart : commitments_charts(run)) charts.push_back(std::move(chart));
  if (auto vintages = fleet_vintages(model, results)) {
    for (auto& chart : fleet_vintage_charts(*vintages)) charts.push_back(std::move(chart));
  }
  if (const FinancingBlock* block = find_financing_block(s)) {
    // The graph of whole deals, as `gpugap graph` shows it by default: the Sankey's data.
    std::vector<std::vector<double>> values;
    for (const std::string& input : block->inputs()) {
      values.push_back(results.values[static_cast<size_t>(model.index_of(input))]);
    }
    json graph = render_graph_json(s.id, *block, block->snapshot(values, std::nullopt));
    for (auto& chart : financing_charts(graph)) charts.push_back(std::move(chart));
    view["financing"] = std::move(graph);
  }
  view["charts"] = charts;
  // The views of the scenario's blocks (blocks/registry.cc), in the registry's order: the page
  // draws each with its renderer of that name (web/src/views.ts) and keeps no list of blocks.
  json block_views = json::array();
  for (const BlockKind& kind : block_kinds()) {
    bool in_scenario = std::any_of(s.block_tables.begin(), s.block_tables.end(),
                                   [&](const BlockTable& t) { return t.name == kind.name; });
    if (in_scenario && !kind.view.empty()) block_views.push_back(kind.view);
  }
  view["block_views"] = block_views;
  ExplainTree tree(model, results);
  json explain = json::array();
  for (int i : final_results(model)) explain.push_back(tree.node(i));
  view["explain"] = explain;
  view["checks"] = check_rows(model, results);
  if (s.time) view["years"] = {s.time->first_year, s.time->last_year};
  return view;
}

json vega_lite_specs(const Model& model, const PointResults& results, const json& run) {
  return report_view(model, results, run)["charts"];
}

}  // namespace gpugap
