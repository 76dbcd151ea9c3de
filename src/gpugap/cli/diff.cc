// gpugap diff: what differs between two scenarios, and which changed inputs caused it.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "gpugap/analysis/statistics.h"
#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/report/diff.h"
#include "gpugap/units/format.h"

namespace gpugap::cli {
namespace {

struct DiffOptions {
  std::string a, b;
  std::string format = "table";
  std::vector<std::string> sets;
  MonteCarloFlags monte_carlo;
};

// B − A sample by sample for the quantities both have, of the same dimension and shape, that
// either is uncertain in: both runs use the same seed, and draws are keyed by quantity names, so
// the difference is not sampling noise. A series is compared in the year its point row shows
// (the largest change), or in the last year both have when its point values are the same.
struct PairedDifference {
  std::string name;
  int year = -1;  // a series' year, else -1
  std::string unit;
  Summary a, b, difference;
  Unit display;
};

struct PairedDifferences {
  std::vector<PairedDifference> differing;
  std::vector<std::string> same;  // equal in every sample
};

Result<PairedDifferences> paired_differences(const Model& a, const Model& b,
                                             const std::vector<DiffRow>& rows,
                                             const MonteCarloFlags& flags, uint64_t samples) {
  std::vector<int> in_a, in_b, years;
  for (size_t i = 0; i < b.quantities.size(); ++i) {
    const CompiledQuantity& qb = b.quantities[i];
    int j = a.index_of(b.def(static_cast<int>(i)).name);
    if (j < 0) continue;
    const CompiledQuantity& qa = a.quantities[j];
    if (!qb.uncertain && !qa.uncertain) continue;
    if (qa.series != qb.series || qa.unit.dimension != qb.unit.dimension) continue;
    int year = -1;
    if (qb.series) {
      year = std::min(a.program.first_year + static_cast<int>(a.program.years),
                      b.program.first_year + static_cast<int>(b.program.years)) -
             1;
      if (year < a.program.first_year || year < b.program.first_year) continue;
      const std::string& name = b.def(static_cast<int>(i)).name;
      for (const DiffRow& row : rows) {
        if (row.name == name && row.comparable && row.year >= 0) year = row.year;
      }
    }
    in_a.push_back(j);
    in_b.push_back(static_cast<int>(i));
    years.push_back(year);
  }
  // Both runs keep their samples until the differences are summarised.
  const uint64_t bytes = kept_sample_bytes(a, in_a, samples) + kept_sample_bytes(b, in_b, samples);
  const std::string what =
      fmt::format("{} samples of {} outputs of A and B", samples, in_a.size() + in_b.size());
  if (auto refused = sample_memory_refused(bytes, what, flags.force, false)) return *refused;
  const auto progress = terminal_progress();  // A's run is the first half, B's the second
  auto run = [&](const Model& m, const std::vector<int>& outputs,
                 double from) -> Result<SampleSet> {
    MonteCarloOptions options;
    options.samples = samples;
    options.seed = flags.seed;
    options.threads = flags.threads;
    options.outputs = outputs;
    if (progress) {
      options.progress = [&, from](double f) { progress(from + 0.5 * f); };
    }
    try {
      return run_monte_carlo(m, options);
    } catch (const std::bad_alloc&) {
      return not_enough_memory(bytes, what, false);
    }
  };
  auto sa = run(a, in_a, 0.0);
  if (!sa) return sa.diagnostics();
  auto sb = run(b, in_b, 0.5);
  if (!sb) return sb.diagnostics();
  PairedDifferences out;
  for (size_t k = 0; k < in_b.size(); ++k) {
    const int year = years[k];
    auto column = [&](const Model& m, SampleSet& set) -> std::vector<double>& {
      const size_t y = year < 0 ? 0 : static_cast<size_t>(year - m.program.first_year);
      return set.values[k][y];
    };
    std::vector<double>& xa = column(a, *sa);
    std::vector<double>& xb = column(b, *sb);
    std::vector<double> d(samples);
    bool any = false;
    for (uint64_t i = 0; i < samples; ++i) {
      // Rounding is not a difference: the same value computed in another order stays equal.
      d[i] = same_value(xa[i], xb[i]) ? 0.0 : xb[i] - xa[i];
      any = any || d[i] != 0;
    }
    const std::string& name = b.def(in_b[k]).name;
    if (!any) {
      out.same.push_back(name);
      continue;
    }
    PairedDifference p;
    p.name = name;
    p.year = year;
    p.display = b.quantities[in_b[k]].unit;
    p.unit = unit_label(p.display);
    p.difference = summarise(d);
    p.a = summarise(xa);
    p.b = summarise(xb);
    out.differing.push_back(std::move(p));
  }
  return out;
}

// Columns padded to their widest cell (width in code points: every character we print is one
// column wide); `right` says which are right-aligned (numbers).
std::string table(const std::vector<std::vector<std::string>>& rows,
                  const std::vector<bool>& right) {
  auto width = [](const std::string& s) {
    return static_cast<size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
  };
  std::vector<size_t> widths(right.size(), 0);
  for (const auto& r : rows) {
    for (size_t c = 0; c < r.size(); ++c) widths[c] = std::max(widths[c], width(r[c]));
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c) {
      const std::string pad(widths[c] - width(r[c]), ' ');
      line += "  " + (right[c] ? pad + r[c] : r[c] + pad);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string render_text(const Evaluated& a, const Evaluated& b, const std::vector<DiffRow>& rows,
                        const PairedDifferences* paired, uint64_t samples, uint64_t seed) {
  std::string text =
      fmt::format("A: {} ({})\nB: {} ({})\n\n", a.model.scenario.id, a.model.scenario.title,
                  b.model.scenario.id, b.model.scenario.title);
  if (rows.empty()) text += "no differences\n";
  std::vector<std::vector<std::string>> cells;
  if (!rows.empty()) cells.push_back({"quantity", "A", "B", "change", "caused by"});
  for (const auto& r : rows) {
    std::string cause = r.change == "only in A" || r.change == "only in B"
                            ? r.change
                            : fmt::format("{}", fmt::join(r.caused_by, ", "));
    cells.push_back({r.name, r.a_text, r.b_text, change_text(r), cause});
  }
  text += table(cells, {false, true, true, false, false});
  if (paired == nullptr) return text;
  text += fmt::format("\nMonte Carlo, {} samples, seed {}: A and B from the same random numbers\n",
                      samples, seed);
  cells.clear();
  if (!paired->differing.empty()) {
    cells.push_back({"quantity", "A: median [90% interval]", "B: median [90% interval]",
                     "B − A: mean [90% interval]", "P(B>A)"});
  }
  auto distribution = [](const Summary& s, const Unit& u) {
    if (same_value(s.p5, s.p95)) return format_value(s.p50, u);  // not uncertain on this side
    return fmt::format("{} [{}, {}]", format_value(s.p50, u), format_value(s.p5, u),
                       format_value(s.p95, u));
  };
  for (const auto& p : paired->differing) {
    const Unit& u = p.display;
    cells.push_back(
        {p.year < 0 ? p.name : fmt::format("{} in {}", p.name, p.year), distribution(p.a, u),
         distribution(p.b, u),
         fmt::format("{} [{}, {}]", format_difference(p.difference.mean, u),
                     format_difference(p.difference.p5, u), format_difference(p.difference.p95, u)),
         fmt::format("{:.1f}%", 100 * p.difference.p_positive)});
  }
  text += table(cells, {false, true, true, true, true});
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
  auto stats = [](const Summary& s, const Unit& u) {
    return ordered_json{{"mean", in_unit(s.mean, u)},
                        {"p5", in_unit(s.p5, u)},
                        {"p50", in_unit(s.p50, u)},
                        {"p95", in_unit(s.p95, u)},
                        {"p_positive", s.p_positive}};
  };
  ordered_json mc;
  mc["samples"] = samples;
  mc["seed"] = seed;
  auto quantities = ordered_json::object();
  for (const auto& p : paired->differing) {
    quantities[p.name] = {{"unit", p.unit},
                          {"year", p.year < 0 ? ordered_json(nullptr) : ordered_json(p.year)},
                          {"a", stats(p.a, p.display)},
                          {"b", stats(p.b, p.display)},
                          {"b_minus_a", stats(p.difference, p.display)}};
  }
  mc["quantities"] = quantities;
  mc["same_in_every_sample"] = paired->same;
  out["monte_carlo"] = mc;
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
    auto p = paired_differences(a->model, b->model, rows, o.monte_carlo, samples);
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
