// gpugap solve: the value of one input at which a result hits a target (break-even).
#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/run/commands.h"

namespace gpugap::cli {
namespace {

struct SolveOptions {
  std::string scenario;
  std::string target;
  std::string vary;
  std::string between;
  std::string format = "table";
  std::vector<std::string> sets;
};

int run_solve(const SolveOptions& o) {
  auto scenario = load_with_overrides(o.scenario, o.sets);
  if (!scenario) return report(scenario.diagnostics());
  auto solved = solve_scenario(std::move(*scenario), o.target, o.vary, o.between);
  if (!solved) return report(solved.diagnostics());
  std::string text =
      o.format == "json" ? solve_json(*solved, o.scenario).dump(2) + "\n" : solve_text(*solved);
  return write_output("", text) ? kExitOk : kExitBadInput;
}

}  // namespace

void add_solve(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<SolveOptions>();
  CLI::App* cmd = app.add_subcommand(
      "solve", "Break-even: the value of --vary at which --target reaches a value");
  cmd->add_option("scenario", options->scenario, "Scenario file or bundled name")->required();
  cmd->add_option("--target", options->target, "QUANTITY=VALUE, e.g. revenue_gap=0")->required();
  cmd->add_option("--vary", options->vary, "The quantity to vary")->required();
  cmd->add_option("--between", options->between,
                  "LOW,HIGH in --vary's unit (default: 1/100 to 100 times its value; for a "
                  "share in % between 0% and 100%, 1/100 to 100 times its odds)");
  add_format_option(*cmd, options->format, {"table", "json"});
  cmd->add_option("--set", options->sets, "Override a quantity: --set name=formula (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([options, &exit_code] { exit_code = run_solve(*options); });
}

}  // namespace gpugap::cli
