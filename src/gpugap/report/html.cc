#include "gpugap/report/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>

#include "gpugap/blocks/financing.h"
#include "gpugap/report/check.h"
#include "gpugap/report/financing_graph.h"
#include "gpugap/report/format.h"
#include "gpugap/report/vega.h"
#include "gpugap/report/vega_blocks.h"

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

}  // namespace

std::vector<std::string> headline_quantities(const Model& model) {
  constexpr size_t kMaxHeadline = 6;
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    int i = model.index_of(name);
    if (i < 0 || model.quantities[i].series || out.size() >= kMaxHeadline) return;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  for (const char* name : {"required_revenue", "ai_revenue", "revenue_gap"}) add(name);
  for (const Expectation& e : model.scenario.expectations) add(e.name);
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
  if (const FinancingBlock* block = find_financing_block(s)) {
    // The graph of whole deals, as `gpugap graph` shows it by default: the Sankey's data.
    std::vector<std::vector<double>> values;
    for (const std::string& input : block->inputs()) {
      values.push_back(results.values[static_cast<size_t>(model.index_of(input))]);
    }
    constexpr size_t kCycleLimit = 1000;
    json graph =
        render_graph_json(s.id, *block, block->snapshot(values, std::nullopt, kCycleLimit));
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

json vega_lite_specs(const Model& model, const json& run) {
  json specs = json::array();
  for (auto& chart : run_charts(run, headline_quantities(model))) specs.push_back(std::move(chart));
  return specs;
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
