// gpugap playground: one self-contained HTML page with a scenario editor beside its results, which
// recompute in the page (the engine as WebAssembly) as you type. docs/playground.md.
#include <filesystem>
#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/playground.h"

namespace gpugap::cli {
namespace {

struct PlaygroundOptions {
  std::string scenario = "sequoia-2024";
  std::string output;
};

int make_playground(const PlaygroundOptions& o) {
  auto path = resolve_scenario(o.scenario);
  if (!path) return report(path.diagnostics());
  auto html = render_playground_file(*path);
  if (!html) return report(html.diagnostics());
  std::string output = o.output.empty()
                           ? std::filesystem::path(*path).stem().string() + "-playground.html"
                           : o.output;
  return write_page("playground", output, *html);
}

}  // namespace

void add_playground(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<PlaygroundOptions>();
  CLI::App* cmd = app.add_subcommand(
      "playground",
      "Write a self-contained HTML playground: edit a scenario beside its results, which "
      "recompute in the page as you type (no server)");
  cmd->add_option("scenario", options->scenario,
                  "The scenario to start from: a file, or the name of a bundled scenario")
      ->capture_default_str();
  cmd->add_option("-o,--output", options->output,
                  "The HTML file to write (default: the scenario's name + -playground.html; - for "
                  "stdout)");
  cmd->callback([options, &exit_code] { exit_code = make_playground(*options); });
}

}  // namespace gpugap::cli
