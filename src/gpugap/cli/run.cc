// gpugap run: evaluate a scenario and print its inputs and results.
#include <memory>
#include <optional>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/output.h"
#include "gpugap/report/view.h"

namespace gpugap::cli {
namespace {

struct RunOptions {
  std::string scenario = "sequoia-2024";
  std::vector<std::string> sets;
  std::string format = "table";
  std::vector<std::string> only;
  std::string output;
  std::string keep_samples;
  MonteCarloFlags monte_carlo;
};

int run(const RunOptions& o) {
  auto evaluated = load_and_evaluate(o.scenario, o.sets);
  if (!evaluated) return report(evaluated.diagnostics());
  const Model& model = evaluated->model;
  auto only = parse_only(model, o.only);
  if (!only) return report(only.diagnostics());
  std::vector<int> selection = selected_quantities(model, *only);
  auto samples = o.monte_carlo.samples_for(model);
  if (!samples) return report(samples.diagnostics());
  if (!o.keep_samples.empty() && o.only.empty()) {
    return report({{{},
                    "--keep-samples needs --only: which outputs' samples to keep",
                    "e.g. --only revenue_gap --keep-samples gap.npy"}});
  }
  if (!o.keep_samples.empty() && *samples < 2 && !model.program.leaves.empty()) {
    // One sample is a point run (every input at its median), not one random draw.
    return report({{{},
                    "--keep-samples needs a Monte Carlo run, but --samples 1 is a point run "
                    "with every uncertain input at its median",
                    "ask for 2 samples or more"}});
  }
  std::optional<Uncertainty> uncertainty;
  if (*samples > 1 || !o.keep_samples.empty() || o.monte_carlo.first_sample > 0) {
    auto u = run_uncertainty(model, selection, o.monte_carlo.settings(), *samples, o.keep_samples);
    if (!u) return report(u.diagnostics());
    uncertainty = std::move(*u);
  }
  const Uncertainty* mc = uncertainty ? &*uncertainty : nullptr;
  std::string text;
  if (o.format == "json") {
    text = render_json(model, evaluated->results, selection, mc).dump(2) + "\n";
  } else if (o.format == "vega-lite") {
    text = vega_lite_specs(model, evaluated->results,
                           render_json(model, evaluated->results, selection, mc))
               .dump(2) +
           "\n";
  } else if (o.format == "csv") {
    text = render_csv(model, evaluated->results, selection, mc);
  } else {
    text = render_table(model, evaluated->results, selection, mc);
  }
  return write_output(o.output, text) ? kExitOk : kExitBadInput;
}

}  // namespace

void add_run(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd =
      app.add_subcommand("run", "Evaluate a scenario: inputs with sources, then results");
  cmd->add_option("scenario", options->scenario,
                  "Scenario file, or the name of a bundled scenario (see `gpugap list`)")
      ->capture_default_str();
  cmd->add_option("--set", options->sets,
                  "Override a quantity: --set name=formula (repeatable), e.g. "
                  "--set end_user_margin=40%")
      ->allow_extra_args(false);
  add_format_option(*cmd, options->format, {"table", "json", "csv", "vega-lite"});
  cmd->add_option("--only", options->only, "Report only these quantities (comma-separated)")
      ->allow_extra_args(false);
  cmd->add_option("-o,--output", options->output,
                  "Write to FILE (atomically: a temporary file, then a rename) instead of stdout");
  cmd->add_option(
      "--keep-samples", options->keep_samples,
      "Write the raw samples of the --only outputs to FILE (.npz: named arrays; .npy; or CSV)");
  options->monte_carlo.add_to(*cmd);
  cmd->add_option("--first-sample", options->monte_carlo.first_sample,
                  "Draw samples from this index on: --samples N --first-sample K is samples K to "
                  "K+N-1 of one longer run, bit for bit (a study split over machines)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([options, &exit_code] { exit_code = run(*options); });
}

}  // namespace gpugap::cli
