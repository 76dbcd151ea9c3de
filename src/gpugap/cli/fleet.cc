// gpugap fleet: a scenario's [fleet] block as matrices (report/fleet.h renders them).
#include <fmt/format.h>

#include <memory>

#include "gpugap/blocks/fleet_block.h"
#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/fleet.h"

namespace gpugap::cli {
namespace {

struct FleetOptions {
  std::string scenario = "fleet-2020-2035";
  std::vector<std::string> sets;
  std::string by = "vintage";
  std::string format = "table";
  std::string output;
};

const FleetBlock* find_fleet_block(const Scenario& scenario) {
  for (const auto& block : scenario.blocks) {
    if (auto* fleet = dynamic_cast<const FleetBlock*>(block.get())) return fleet;
  }
  return nullptr;
}

int fleet(const FleetOptions& o) {
  auto evaluated = load_and_evaluate(o.scenario, o.sets);
  if (!evaluated) return report(evaluated.diagnostics());
  FleetView view;
  view.model = &evaluated->model;
  view.results = &evaluated->results;
  view.block = find_fleet_block(view.model->scenario);
  if (view.block == nullptr) {
    return report({{{},
                    fmt::format("{} has no [fleet] block: there is no fleet to show",
                                view.model->scenario.id),
                    "add a [fleet] table (docs/fleet-model.md), or try `gpugap fleet "
                    "fleet-2020-2035`"}});
  }
  view.years = view.model->years();
  std::vector<std::vector<double>> values;
  for (const std::string& input : view.block->inputs()) {
    values.push_back(evaluated->results.values[static_cast<size_t>(view.model->index_of(input))]);
  }
  const FleetStructure& s = view.block->structure();
  FleetInputs inputs = view.block->sample(values);
  FleetScratch scratch(s);
  std::vector<double> yearly(static_cast<size_t>(fleet_series_count(s)) * s.years);
  if (!simulate_fleet(s, inputs, scratch, yearly.data(), &view.detail)) {
    return report({{{}, "the fleet's inputs are outside their domain", ""}});
  }
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