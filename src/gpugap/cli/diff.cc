// gpugap diff: what differs between two scenarios, and which changed inputs caused it.
#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/run/commands.h"

namespace gpugap::cli {
namespace {

struct DiffOptions {
  std::string a, b;
  std::string format = "table";
  std::vector<std::string> sets;
  MonteCarloFlags monte_carlo;
};

int diff(const DiffOptions& o) {
  auto a = load_and_evaluate(o.a, o.sets);
  if (!a) return report(a.diagnostics());
  auto b = load_and_evaluate(o.b, o.sets);
  if (!b) return report(b.diagnostics());
  auto diffed = diff_scenarios(*a, *b, o.monte_carlo.settings());
  if (!diffed) return report(diffed.diagnostics());
  std::string text =
      o.format == "json" ? diff_json(*a, *b, *diffed).dump(2) + "\n" : diff_text(*a, *b, *diffed);
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
