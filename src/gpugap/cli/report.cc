// gpugap report: one self-contained HTML file with the scenario's headline, charts, inputs and
// their sources, and the explain tree. It opens offline and makes no network request.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/html.h"
#include "gpugap/report/output.h"
#include "gpugap/report/sensitivity_json.h"
#include "gpugap/report/view.h"
#include "gpugap/util/text.h"

namespace gpugap::cli {
namespace {

struct ReportOptions {
  std::string scenario = "sequoia-2024";
  std::vector<std::string> sets;
  std::string output;
  std::string tornado;  // a result to draw the tornado of
  std::string sobol;    // a result to draw the Sobol indices of
  MonteCarloFlags monte_carlo;
};

// The tornado and Sobol analyses the options ask for, as `gpugap sensitivity` would give them.
Result<std::vector<nlohmann::ordered_json>> analyses(const Model& model, const ReportOptions& o) {
  std::vector<nlohmann::ordered_json> out;
  for (const auto& [name, method] : {std::pair{o.tornado, "--tornado"}, {o.sobol, "--sobol"}}) {
    if (name.empty()) continue;
    int output = model.index_of(name);
    if (output < 0) {
      std::string guess = closest_name(name, model.scenario.names());
      return Diagnostic{
          {},
          fmt::format("{} '{}' is not a quantity of {}", method, name, model.scenario.id),
          guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)};
    }
    if (std::string_view(method) == "--tornado") {
      auto t = tornado(model, output);
      if (!t) return t.diagnostics();
      out.push_back(tornado_json(model, *t));
    } else {
      constexpr uint64_t kBaseSamples = 8192;  // as `gpugap sensitivity` by default
      constexpr size_t kBootstrap = 100;
      auto s = sobol_indices(model, output, kBaseSamples, kBootstrap, o.monte_carlo.seed,
                             o.monte_carlo.threads);
      if (!s) return s.diagnostics();
      out.push_back(sobol_json(model, *s));
    }
  }
  return out;
}

// The scenario as the page's engine is given it: a bundled scenario by its name (the engine
// carries them and their data), a file as its text. The engine holds no other file of the
// reader's: a file that extends one of them fails there, and the page says it cannot recompute.
nlohmann::ordered_json engine_source(const std::string& scenario) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(scenario, error)) {
    auto names = bundled_names();
    if (std::find(names.begin(), names.end(), scenario) != names.end()) {
      return {{"scenario", scenario}};
    }
    return nullptr;
  }
  std::ifstream in(scenario, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) return nullptr;
  return {{"text", text}, {"path", std::filesystem::path(scenario).filename().string()}};
}

int make_report(const ReportOptions& o) {
  auto evaluated = load_and_evaluate(o.scenario, o.sets);
  if (!evaluated) return report(evaluated.diagnostics());
  const Model& model = evaluated->model;
  std::vector<int> selection = selected_quantities(model, {});
  // The numbers of `gpugap run --format json` with the same flags.
  auto uncertainty = run_summaries(model, selection, o.monte_carlo.settings());
  if (!uncertainty) return report(uncertainty.diagnostics());
  nlohmann::ordered_json run = render_json(model, evaluated->results, selection,
                                           uncertainty->has_value() ? &**uncertainty : nullptr);
  auto sensitivity = analyses(model, o);
  if (!sensitivity) return report(sensitivity.diagnostics());
  nlohmann::ordered_json view = report_view(model, evaluated->results, run, *sensitivity);
  auto html = render_report_html(
      run, view,
      ReportRequest{o.sets, uncertainty->has_value() ? (*uncertainty)->samples : 0,
                    o.monte_carlo.seed},
      engine_source(o.scenario));
  if (!html) return report(html.diagnostics());
  std::string path = o.output;
  if (path.empty()) path = std::filesystem::path(model.scenario.id).stem().string() + ".html";
  return write_page("report", path, *html);
}

}  // namespace

void add_report(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write a self-contained HTML report: headline, charts, inputs with sources, the derivation "
      "of every result");
  cmd->add_option("scenario", options->scenario,
                  "Scenario file, or the name of a bundled scenario (see `gpugap list`)")
      ->capture_default_str();
  cmd->add_option("-o,--output", options->output,
                  "The HTML file to write (default: the scenario's name + .html; - for stdout)");
  cmd->add_option("--set", options->sets,
                  "Override a quantity: --set name=formula (repeatable), e.g. "
                  "--set end_user_margin=40%")
      ->allow_extra_args(false);
  cmd->add_option("--tornado", options->tornado,
                  "Add the tornado of this result: which uncertain input moves it most");
  cmd->add_option("--sobol", options->sobol,
                  "Add the Sobol indices of this result: its variance shared among the inputs");
  options->monte_carlo.add_to(*cmd);
  cmd->callback([options, &exit_code] { exit_code = make_report(*options); });
}

}  // namespace gpugap::cli
