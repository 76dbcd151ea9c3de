// gpugap sensitivity: which uncertain input drives a result (tornado or Sobol indices).
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/sensitivity_json.h"
#include "gpugap/report/text_table.h"
#include "gpugap/report/vega.h"
#include "gpugap/report/view.h"
#include "gpugap/units/format.h"
#include "gpugap/util/text.h"

namespace gpugap::cli {
namespace {

struct SensitivityOptions {
  std::string scenario;
  std::string output;
  std::string method = "tornado";
  std::string format = "table";
  std::vector<std::string> sets;
  uint64_t samples = 8192;
  size_t bootstrap = 100;
  uint64_t seed = kDefaultSeed;
  unsigned threads = 0;
};

// The Vega-Lite charts of an analysis, for notebooks (one spec, or an array of them), with the
// scenario's labels.
std::string charts_text(const Model& model, const nlohmann::ordered_json& analysis) {
  auto charts = sensitivity_charts(analysis, quantity_labels(model.scenario));
  nlohmann::ordered_json out = charts.size() == 1 ? charts.front() : nlohmann::ordered_json(charts);
  return out.dump(2) + "\n";
}

std::string tornado_text(const Model& model, const Tornado& t, const std::string& format) {
  const Unit& unit = model.quantities[t.output].unit;
  const std::string& name = model.def(t.output).name;
  if (format == "json") return tornado_json(model, t).dump(2) + "\n";
  if (format == "vega-lite") return charts_text(model, tornado_json(model, t));
  if (format == "csv") {
    std::string out = "input,input_low,input_high,output_low,output_high,swing\n";
    for (const auto& b : t.bars) {
      const Unit& input_unit = b.input.unit;
      out += fmt::format("{},{},{},{},{},{}\n", b.input.label, in_unit(b.input_low, input_unit),
                         in_unit(b.input_high, input_unit), in_unit(b.output_low, unit),
                         in_unit(b.output_high, unit), in_unit(b.swing(), unit));
    }
    return out;
  }
  std::string out = fmt::format(
      "Tornado of {} in {}: each uncertain input at its p{:g} and p{:g}, the others at their "
      "medians\nwith every input at its median: {}\n\n",
      name, model.scenario.id, t.low_percentile * 100, t.high_percentile * 100,
      format_value(t.base, unit));
  // Columns at least 22 wide, so that the usual tables line up from one output to the next.
  TextTable table;
  table.align = {Align::kLeft, Align::kRight, Align::kRight, Align::kRight};
  table.min_width = {5, 22, 22, 10};
  table.add({"input", "input p10 → p90",
             fmt::format("{} at p10 → p90", name.size() > 12 ? "output" : name), "swing"});
  for (const auto& b : t.bars) {
    const Unit& input_unit = b.input.unit;
    table.add(
        {b.input.label,
         format_value(b.input_low, input_unit) + " → " + format_value(b.input_high, input_unit),
         format_value(b.output_low, unit) + " → " + format_value(b.output_high, unit),
         format_value(b.swing(), Unit{unit.scale, unit.dimension, unit.text})});
  }
  out += table.render();
  return out;
}

std::string sobol_text(const Model& model, const SobolResult& s, const std::string& format) {
  const std::string& name = model.def(s.output).name;
  if (format == "json") return sobol_json(model, s).dump(2) + "\n";
  if (format == "vega-lite") return charts_text(model, sobol_json(model, s));
  if (format == "csv") {
    std::string out = "input,first,first_low,first_high,total,total_low,total_high\n";
    for (const auto& i : s.indices) {
      out += fmt::format("{},{},{},{},{},{},{}\n", i.input.label, i.first, i.first_low,
                         i.first_high, i.total, i.total_low, i.total_high);
    }
    return out;
  }
  std::string out = fmt::format(
      "Sobol indices of {} in {}: share of its variance due to each input\n"
      "{} base samples ({} model runs), 95% bootstrap intervals from {} resamples\n\n",
      name, model.scenario.id, s.base_samples, s.base_samples * (s.indices.size() + 2),
      s.bootstrap);
  TextTable table;
  table.align = {Align::kLeft, Align::kRight, Align::kRight};
  table.min_width = {5, 22, 22};
  table.add({"input", "first-order", "total"});
  for (const auto& i : s.indices) {
    table.add({i.input.label,
               fmt::format("{:.3f} [{:.3f}, {:.3f}]", i.first, i.first_low, i.first_high),
               fmt::format("{:.3f} [{:.3f}, {:.3f}]", i.total, i.total_low, i.total_high)});
  }
  out += table.render();
  return out;
}

int sensitivity(const SensitivityOptions& o) {
  auto evaluated = load_and_evaluate(o.scenario, o.sets);
  if (!evaluated) return report(evaluated.diagnostics());
  const Model& model = evaluated->model;
  int output = model.index_of(o.output);
  if (output < 0) {
    std::string guess = closest_name(o.output, model.scenario.names());
    return report(
        {{{},
          fmt::format("--output '{}' is not a quantity of {}", o.output, model.scenario.id),
          guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)}});
  }
  std::string text;
  if (o.method == "tornado") {
    auto t = tornado(model, output);
    if (!t) return report(t.diagnostics());
    text = tornado_text(model, *t, o.format);
  } else {
    if (auto bad = check_sobol_samples(o.samples, "--samples")) return report({*bad});
    if (auto bad = check_sobol_bootstrap(o.bootstrap, "--bootstrap")) return report({*bad});
    auto s = sobol_indices(model, output, o.samples, o.bootstrap, o.seed, o.threads,
                           terminal_progress());
    if (!s) return report(s.diagnostics());
    if (s->base_samples != o.samples) {
      std::cerr << fmt::format(
          "note: --samples {} rounded up to {}, a power of two: a Sobol sequence is balanced only "
          "over powers of two\n",
          o.samples, s->base_samples);
    }
    text = sobol_text(model, *s, o.format);
  }
  return write_output("", text) ? kExitOk : kExitBadInput;
}

}  // namespace

void add_sensitivity(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SensitivityOptions>();
  CLI::App* cmd = app.add_subcommand(
      "sensitivity", "Which uncertain input drives a result: tornado diagram or Sobol indices");
  cmd->add_option("scenario", options->scenario, "Scenario file or bundled name")->required();
  cmd->add_option("--output", options->output, "The result to analyse")->required();
  cmd->add_option("--method", options->method, "tornado or sobol")
      ->check(CLI::IsMember({"tornado", "sobol"}))
      ->capture_default_str();
  add_format_option(*cmd, options->format, {"table", "json", "csv", "vega-lite"});
  cmd->add_option("--samples", options->samples, "Sobol: base samples N (runs N × (inputs + 2))")
      ->capture_default_str()
      ->transform(count_of("samples"));
  cmd->add_option("--bootstrap", options->bootstrap, "Sobol: bootstrap resamples for the intervals")
      ->capture_default_str()
      ->transform(count_of("resamples"));
  cmd->add_option("--seed", options->seed, "Sobol: seed of the design's random shift")
      ->capture_default_str()
      ->check(seed_number());
  cmd->add_option("--threads", options->threads, "Threads (default: all cores)");
  cmd->add_option("--set", options->sets, "Override a quantity: --set name=formula (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([options, &exit_code] { exit_code = sensitivity(*options); });
}

}  // namespace gpugap::cli
