// gpugap diff: what differs between two scenarios, and which changed inputs caused it.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "gpugap/analysis/statistics.h"
#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/diff.h"
#include "gpugap/report/paired.h"
#include "gpugap/report/text_table.h"
#include "gpugap/units/format.h"

namespace gpugap::cli {
namespace {

struct DiffOptions {
  std::string a, b;
  std::string format = "table";
  std::vector<std::string> sets;
  MonteCarloFlags monte_carlo;
};

std::string render_text(const Evaluated& a, const Evaluated& b, const std::vector<DiffRow>& rows,
                        const PairedDifferences* paired, uint64_t samples, uint64_t seed) {
  std::string text =
      fmt::format("A: {} ({})\nB: {} ({})\n\n", a.model.scenario.id, a.model.scenario.title,
                  b.model.scenario.id, b.model.scenario.title);
  if (rows.empty()) text += "no differences\n";
  TextTable changes;
  changes.align = {Align::kLeft, Align::kRight, Align::kRight};
  if (!rows.empty()) changes.add({"quantity", "A", "B", "change", "caused by"});
  for (const auto& r : rows) {
    // "only in A" is what changed, not a cause: it goes in the change column.
    const bool alone = r.change == "only in A" || r.change == "only in B";
    changes.add({r.name, r.a_text, r.b_text, alone ? r.change : change_text(r), cause_text(r)});
  }
  text += changes.render();
  if (paired == nullptr) return text;
  text += fmt::format("\nMonte Carlo, {} samples, seed {}: A and B from the same random numbers\n",
                      samples, seed);
  TextTable cells;
  cells.align.assign(5, Align::kRight);
  cells.align[0] = Align::kLeft;
  if (!paired->differing.empty()) {
    cells.add({"quantity", "A: median [90% interval]", "B: median [90% interval]",
               "B − A: mean [90% interval]", "P(B>A)"});
  }
  auto distribution = [](const Summary& s, const Unit& u) {
    if (same_value(s.p5, s.p95)) return format_value(s.p50, u);  // not uncertain on this side
    return fmt::format("{} [{}, {}]", format_value(s.p50, u), format_value(s.p5, u),
                       format_value(s.p95, u));
  };
  for (const auto& p : paired->differing) {
    const Unit& u = p.display;
    cells.add(
        {p.year < 0 ? p.name : fmt::format("{} in {}", p.name, p.year), distribution(p.a, u),
         distribution(p.b, u),
         fmt::format("{} [{}, {}]", format_difference(p.difference.mean, u),
                     format_difference(p.difference.p5, u), format_difference(p.difference.p95, u)),
         format_probability(p.difference.p_positive)});
  }
  text += cells.render();
  if (!paired->same.empty()) {
    text += fmt::format("  same in every sample: {}\n", fmt::join(paired->same, ", "));
  }
  return text;
}

nlohmann::ordered_json render_json(const Evaluated& a, const Evaluated& b,
                                   const std::vector<DiffRow>& rows,
                                   const PairedDifferences* paired, uint64_t samples,
                                   uint64_t seed) {
  using nlohmann::ordered_json;
  ordered_json out;
  out["a"] = a.model.scenario.id;
  out["b"] = b.model.scenario.id;
  ordered_json list = ordered_json::array();
  for (const auto& r : rows) list.push_back(diff_row_json(r));
  out["differences"] = list;
  if (paired == nullptr) return out;
  out["monte_carlo"] = paired_json(*paired, samples, seed);
  return out;
}

int diff(const DiffOptions& o) {
  auto a = load_and_evaluate(o.a, o.sets);
  if (!a) return report(a.diagnostics());
  auto b = load_and_evaluate(o.b, o.sets);
  if (!b) return report(b.diagnostics());
  std::vector<DiffRow> rows = diff_models(a->model, a->results, b->model, b->results);
  std::optional<PairedDifferences> paired;
  bool uncertain = !a->model.program.leaves.empty() || !b->model.program.leaves.empty();
  uint64_t samples = 0;
  if (uncertain) {
    auto n = o.monte_carlo.samples_for(b->model.program.leaves.empty() ? a->model : b->model);
    if (!n) return report(n.diagnostics());
    samples = *n;
    auto p = run_paired_differences(a->model, b->model, rows, o.monte_carlo.settings(), samples);
    if (!p) return report(p.diagnostics());
    paired = std::move(*p);
  }
  const PairedDifferences* mc = paired ? &*paired : nullptr;
  std::string text = o.format == "json"
                         ? render_json(*a, *b, rows, mc, samples, o.monte_carlo.seed).dump(2) + "\n"
                         : render_text(*a, *b, rows, mc, samples, o.monte_carlo.seed);
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
