// gpugap diff: what differs between two scenarios, and which changed inputs caused it.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "gpugap/analysis/statistics.h"
#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/report/diff.h"
#include "gpugap/report/format.h"

namespace gpugap::cli {
namespace {

struct DiffOptions {
  std::string a, b;
  std::string format = "table";
  std::vector<std::string> sets;
  MonteCarloFlags monte_carlo;
};

// B − A sample by sample for the quantities both have and either is uncertain in: both runs use
// the same seed, and draws are keyed by quantity names, so the difference is not sampling noise.
struct PairedDifference {
  std::string name;
  std::string unit;
  Summary a, b, difference;
  Unit display;
};

Result<std::vector<PairedDifference>> paired_differences(const Model& a, const Model& b,
                                                         const MonteCarloFlags& flags,
                                                         uint64_t samples) {
  std::vector<int> in_a, in_b;
  for (size_t i = 0; i < b.quantities.size(); ++i) {
    int j = a.index_of(b.def(static_cast<int>(i)).name);
    if (j < 0 || b.quantities[i].series || a.quantities[j].series) continue;
    if (!b.quantities[i].uncertain && !a.quantities[j].uncertain) continue;
    in_a.push_back(j);
    in_b.push_back(static_cast<int>(i));
  }
  auto run = [&](const Model& m, const std::vector<int>& outputs) {
    MonteCarloOptions options;
    options.samples = samples;
    options.seed = flags.seed;
    options.threads = flags.threads;
    options.outputs = outputs;
    return run_monte_carlo(m, options);
  };
  auto sa = run(a, in_a);
  if (!sa) return sa.diagnostics();
  auto sb = run(b, in_b);
  if (!sb) return sb.diagnostics();
  std::vector<PairedDifference> out;
  for (size_t k = 0; k < in_b.size(); ++k) {
    std::vector<double>& xa = sa->values[k][0];
    std::vector<double>& xb = sb->values[k][0];
    std::vector<double> d(samples);
    for (uint64_t i = 0; i < samples; ++i) d[i] = xb[i] - xa[i];
    PairedDifference p;
    p.name = b.def(in_b[k]).name;
    p.display = b.quantities[in_b[k]].unit;
    p.unit = unit_label(p.display);
    p.difference = summarise(d);
    p.a = summarise(xa);
    p.b = summarise(xb);
    out.push_back(std::move(p));
  }
  return out;
}

std::string change_text(const DiffRow& row) {
  if (row.a_text == "-" || row.b_text == "-") return "";
  double delta = row.b - row.a;
  std::string relative =
      row.a != 0 ? fmt::format(" ({:+.1f}%)", 100.0 * delta / std::abs(row.a)) : std::string();
  std::string sign = delta >= 0 ? "+" : "-";
  Unit unit;
  std::string ignored;
  parse_unit(row.unit, unit, ignored);
  unit.scale = 1.0;  // values are already in the row's unit
  std::string shown = format_value(std::abs(delta), unit);
  return sign + shown + relative;
}

int diff(const DiffOptions& o) {
  auto a = load_and_evaluate(o.a, o.sets);
  if (!a) return report(a.diagnostics());
  auto b = load_and_evaluate(o.b, o.sets);
  if (!b) return report(b.diagnostics());
  std::vector<DiffRow> rows = diff_models(a->model, a->results, b->model, b->results);
  std::vector<PairedDifference> paired;
  bool uncertain = !a->model.program.leaves.empty() || !b->model.program.leaves.empty();
  uint64_t samples = 0;
  if (uncertain) {
    auto n = o.monte_carlo.samples_for(b->model.program.leaves.empty() ? a->model : b->model);
    if (!n) return report(n.diagnostics());
    samples = *n;
    auto p = paired_differences(a->model, b->model, o.monte_carlo, samples);
    if (!p) return report(p.diagnostics());
    paired = std::move(*p);
  }
  std::string text;
  if (o.format == "json") {
    nlohmann::ordered_json out;
    out["a"] = a->model.scenario.id;
    out["b"] = b->model.scenario.id;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
      list.push_back(
          {{"name", r.name},
           {"change", r.change},
           {"a", r.a_text == "-" ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.a)},
           {"b", r.b_text == "-" ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.b)},
           {"unit", r.unit},
           {"caused_by", r.caused_by}});
    }
    out["differences"] = list;
    if (uncertain) {
      auto stats = [](const Summary& s, const Unit& u) {
        return nlohmann::ordered_json{{"mean", in_unit(s.mean, u)},
                                      {"p5", in_unit(s.p5, u)},
                                      {"p50", in_unit(s.p50, u)},
                                      {"p95", in_unit(s.p95, u)},
                                      {"p_positive", s.p_positive}};
      };
      nlohmann::ordered_json mc;
      mc["samples"] = samples;
      mc["seed"] = o.monte_carlo.seed;
      auto quantities = nlohmann::ordered_json::object();
      for (const auto& p : paired) {
        quantities[p.name] = {{"unit", p.unit},
                              {"a", stats(p.a, p.display)},
                              {"b", stats(p.b, p.display)},
                              {"b_minus_a", stats(p.difference, p.display)}};
      }
      mc["quantities"] = quantities;
      out["monte_carlo"] = mc;
    }
    text = out.dump(2) + "\n";
  } else {
    text = fmt::format("A: {} ({})\nB: {} ({})\n\n", a->model.scenario.id, a->model.scenario.title,
                       b->model.scenario.id, b->model.scenario.title);
    if (rows.empty()) text += "no differences\n";
    size_t width = 8;
    for (const auto& r : rows) width = std::max(width, r.name.size());
    if (!rows.empty()) {
      text += fmt::format("  {:<{}}  {:>10}  {:>10}  {:<18}  {}\n", "quantity", width, "A", "B",
                          "change", "caused by");
    }
    for (const auto& r : rows) {
      std::string cause = r.change == "only in A" || r.change == "only in B"
                              ? r.change
                              : fmt::format("{}", fmt::join(r.caused_by, ", "));
      text += fmt::format("  {:<{}}  {:>10}  {:>10}  {:<18}  {}\n", r.name, width, r.a_text,
                          r.b_text, change_text(r), cause);
    }
    if (!paired.empty()) {
      text +=
          fmt::format("\nMonte Carlo, {} samples, seed {}: B − A from the same random numbers\n",
                      samples, o.monte_carlo.seed);
      text += fmt::format("  {:<{}}  {:>10}  {:>10}  {:>10}  {:>10}  {:>8}\n", "quantity", width,
                          "mean", "p5", "p50", "p95", "P(B>A)");
      for (const auto& p : paired) {
        const Unit& u = p.display;
        text += fmt::format("  {:<{}}  {:>10}  {:>10}  {:>10}  {:>10}  {:>7.1f}%\n", p.name, width,
                            format_value(p.difference.mean, u), format_value(p.difference.p5, u),
                            format_value(p.difference.p50, u), format_value(p.difference.p95, u),
                            100 * p.difference.p_positive);
      }
    }
  }
  return write_output("", text) ? kExitOk : kExitBadInput;
}

}  // namespace

void add_diff(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Compare two scenarios: every quantity that differs, by how much, and why");
  cmd->add_option("a", options->a, "First scenario (file or bundled name)")->required();
  cmd->add_option("b", options->b, "Second scenario (file or bundled name)")->required();
  add_format_option(*cmd, options->format, {"table", "json"});
  cmd->add_option("--set", options->sets, "Override a quantity in both: --set name=formula")
      ->allow_extra_args(false);
  options->monte_carlo.add_to(*cmd);
  cmd->callback([options, &exit_code] { exit_code = diff(*options); });
}

}  // namespace gpugap::cli
