// gpugap fleet: a scenario's [fleet] block as matrices (report/fleet.h renders them).
#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/fleet.h"
#include "gpugap/run/commands.h"

namespace gpugap::cli {
namespace {

struct FleetOptions {
  std::string scenario = "fleet-2020-2035";
  std::vector<std::string> sets;
  std::string by = "vintage";
  std::string format = "table";
  std::string output;
};

int fleet(const FleetOptions& o) {
  auto evaluated = load_and_evaluate(o.scenario, o.sets);
  if (!evaluated) return report(evaluated.diagnostics());
  auto found = fleet_view(*evaluated);
  if (!found) return report(found.diagnostics());
  const FleetView& view = *found;
  std::string text;
  if (o.format == "json") {
    text = render_fleet_json(view, o.by).dump(2) + "\n";
  } else if (o.format == "csv") {
    text = render_fleet_csv(view, o.by);
  } else {
    text = render_fleet_table(view, o.by);
  }
  return write_output(o.output, text) ? kExitOk : kExitBadInput;
}

}  // namespace

void add_fleet(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<FleetOptions>();
  CLI::App* cmd = app.add_subcommand(
      "fleet", "The GPU fleet of a [fleet] block: vintages or generations, year by year");
  cmd->add_option("scenario", options->scenario,
                  "Scenario file with a [fleet] block, or a bundled name")
      ->capture_default_str();
  cmd->add_option("--by", options->by, "Rows of the matrices: vintage or generation")
      ->check(CLI::IsMember({"vintage", "generation"}))
      ->capture_default_str();
  cmd->add_option("--set", options->sets,
                  "Override a quantity, e.g. --set fleet.book_life=4 (repeatable)")
      ->allow_extra_args(false);
  add_format_option(*cmd, options->format, {"table", "json", "csv"});
  cmd->add_option("-o,--output", options->output,
                  "Write to FILE (atomically: a temporary file, then a rename) instead of stdout");
  cmd->callback([options, &exit_code] { exit_code = fleet(*options); });
}

}  // namespace gpugap::cli