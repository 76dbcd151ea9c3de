#include "gpugap/report/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "gpugap/blocks/financing.h"
#include "gpugap/blocks/fleet_block.h"
#include "gpugap/report/check.h"
#include "gpugap/report/financing_graph.h"
#include "gpugap/report/vega.h"
#include "gpugap/report/vega_blocks.h"
#include "gpugap/units/format.h"

namespace gpugap {
namespace {

using json = nlohmann::ordered_json;

// Above this many nodes the explain tree stops expanding (a scenario's DAG can share subtrees).
constexpr size_t kMaxExplainNodes = 2000;

// The report may not reach the network at all; the served page only its own server.
constexpr const char* kReportPolicy =
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'";
constexpr const char* kAppPolicy =
    "default-src 'self'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; form-action 'none'; base-uri 'none'";

// Results nothing else uses: the roots of the explain tree.
std::vector<int> final_results(const Model& model) {
  std::vector<bool> used(model.quantities.size(), false);
  for (const auto& q : model.quantities) {
    for (int d : q.dependencies) used[static_cast<size_t>(d)] = true;
  }
  std::vector<int> out;
  for (size_t i = 0; i < model.quantities.size(); ++i) {
    if (!used[i] && !model.quantities[i].is_input()) out.push_back(static_cast<int>(i));
  }
  return out;
}

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
                    {"expected", o.expected},
                    {"computed", o.computed},
                    {"passed", o.passed}});
  }
  return rows;
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// JSON inside <script type="application/json">: no '<' may appear, so "</script>" cannot end it
// early. '<' only occurs inside JSON strings, where \u003c means the same.
std::string script_json(const json& data) {
  std::string text = data.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::string> page(const std::string& title, const char* mode, const char* policy,
                         const json* data) {
  if (web_script().empty()) {
    return Diagnostic{{},
                      "this gpugap was built without its web UI (Node.js or web/node_modules "
                      "was missing at build time)",
                      "run scripts/setup, then build again"};
  }
  std::string out;
  out.reserve(web_script().size() + web_style().size() + 65536);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n", policy);
  out += fmt::format("<meta name=\"generator\" content=\"gpugap {}\">\n", GPUGAP_VERSION);
  // An empty icon, so that the browser does not ask for /favicon.ico.
  out += "<link rel=\"icon\" href=\"data:,\">\n";
  out += "<title>" + html_escape(title) + "</title>\n<style>\n";
  out += web_style();
  out += "\n</style>\n</head>\n<body>\n";
  out += fmt::format("<div id=\"gpugap\" data-mode=\"{}\"></div>\n", mode);
  out +=
      "<noscript><p class=\"noscript\">This page draws its tables and charts with JavaScript: "
      "please allow scripts for it.</p></noscript>\n";
  if (data) {
    out += "<script type=\"application/json\" id=\"gpugap-data\">";
    out += script_json(*data);
    out += "</script>\n";
  }
  out += "<script>\n";
  out += web_script();
  out += "\n</script>\n</body>\n</html>\n";
  return out;
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

std::vector<std::string> headline_quantities(const Model& model) {
  constexpr size_t kMaxHeadline = 6;
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    int i = model.index_of(name);
    if (i < 0 || model.quantities[i].series || out.size() >= kMaxHeadline) return;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  auto is_input = [&](const std::string& name) {
    int i = model.index_of(name);
    return i >= 0 && model.quantities[i].is_input();
  };
  for (const char* name : {"required_revenue", "ai_revenue", "revenue_gap"}) add(name);
  // The results that answer a scenario's question, in the order the file gives them: a sum of
  // money called a gap or a shortfall, or a required revenue ("shortfall_2030",
  // "gap_on_contract", "required_revenue_2030"). Not a block's own outputs: its view shows them.
  for (const QuantityDef& def : model.scenario.quantities) {
    int i = model.index_of(def.name);
    if (i < 0 || model.quantities[i].is_input() || def.name.find('.') != std::string::npos) {
      continue;
    }
    if (unit_label(model.quantities[i].unit).rfind("USD", 0) != 0) continue;
    std::vector<std::string> words;
    for (size_t start = 0; start <= def.name.size();) {
      size_t end = std::min(def.name.find('_', start), def.name.size());
      words.push_back(def.name.substr(start, end - start));
      start = end + 1;
    }
    bool gap = std::any_of(words.begin(), words.end(),
                           [](const std::string& w) { return w == "gap" || w == "shortfall"; });
    if (gap || def.name.rfind("required_revenue", 0) == 0) add(def.name);
  }
  // Then the published figures: results before inputs.
  for (const Expectation& e : model.scenario.expectations) {
    if (!is_input(e.name)) add(e.name);
  }
  for (const Expectation& e : model.scenario.expectations) {
    if (is_input(e.name)) add(e.name);
  }
  if (out.empty()) {
    for (int i : final_results(model)) add(model.def(i).name);
  }
  return out;
}

json report_view(const Model& model, const PointResults& results, const json& run,
                 const std::vector<json>& analyses) {
  json view;
  const Scenario& s = model.scenario;
  view["description"] = s.description;
  json labels = json::object();
  for (const QuantityDef& def : s.quantities) labels[def.name] = display_name(def.name);
  view["labels"] = labels;
  std::vector<std::string> headline = headline_quantities(model);
  view["headline"] = headline;
  json charts = json::array();
  for (auto& chart : run_charts(run, headline)) charts.push_back(std::move(chart));
  for (const json& analysis : analyses) {
    for (auto& chart : sensitivity_charts(analysis)) charts.push_back(std::move(chart));
  }
  for (auto& chart : fleet_charts(run)) charts.push_back(std::move(chart));
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
  ExplainTree tree(model, results);
  json explain = json::array();
  for (int i : final_results(model)) explain.push_back(tree.node(i));
  view["explain"] = explain;
  view["checks"] = check_rows(model, results);
  if (s.time) view["years"] = {s.time->first_year, s.time->last_year};
  return view;
}

json tornado_json(const Model& model, const Tornado& t) {
  const Unit& unit = model.quantities[t.output].unit;
  json out;
  out["scenario"] = model.scenario.id;
  out["output"] = model.def(t.output).name;
  out["method"] = "tornado";
  out["unit"] = unit_label(unit);
  out["low_percentile"] = t.low_percentile;
  out["high_percentile"] = t.high_percentile;
  out["base"] = in_unit(t.base, unit);
  json bars = json::array();
  for (const auto& b : t.bars) {
    const Unit& input_unit = b.input.unit;
    bars.push_back({{"input", b.input.label},
                    {"input_unit", unit_label(input_unit)},
                    {"input_low", in_unit(b.input_low, input_unit)},
                    {"input_high", in_unit(b.input_high, input_unit)},
                    {"output_low", in_unit(b.output_low, unit)},
                    {"output_high", in_unit(b.output_high, unit)},
                    {"swing", in_unit(b.swing(), unit)}});
  }
  out["bars"] = bars;
  return out;
}

json sobol_json(const Model& model, const SobolResult& s) {
  json out;
  out["scenario"] = model.scenario.id;
  out["output"] = model.def(s.output).name;
  out["method"] = "sobol";
  out["base_samples"] = s.base_samples;
  out["bootstrap"] = s.bootstrap;
  json indices = json::array();
  for (const auto& i : s.indices) {
    indices.push_back({{"input", i.input.label},
                       {"first", i.first},
                       {"first_ci", {i.first_low, i.first_high}},
                       {"total", i.total},
                       {"total_ci", {i.total_low, i.total_high}}});
  }
  out["indices"] = indices;
  return out;
}

json vega_lite_specs(const Model& model, const PointResults& results, const json& run) {
  return report_view(model, results, run)["charts"];
}

Result<std::string> render_report_html(const json& run, const json& view,
                                       const ReportRequest& request) {
  json data;
  data["gpugap"] = GPUGAP_VERSION;
  data["run"] = run;
  data["view"] = view;
  data["request"] = {{"sets", request.sets}, {"samples", request.samples}, {"seed", request.seed}};
  std::string title = run.value("title", "");
  if (title.empty()) title = run.value("scenario", "");
  return page(title + " — gpugap report", "report", kReportPolicy, &data);
}

Result<std::string> render_app_html() { return page("gpugap", "app", kAppPolicy, nullptr); }

}  // namespace gpugap
