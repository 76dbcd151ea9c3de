// gpugap graph: the financing graph of a scenario's [financing] block for one year (or whole
// deals): companies with inflows, outflows, round-tripped and end-customer revenue; the deals;
// the cycles with the money that goes round each.
#include <memory>
#include <optional>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/financing_graph.h"
#include "gpugap/run/commands.h"

namespace gpugap::cli {
namespace {

struct GraphOptions {
  std::string scenario = "circular-2025";
  std::optional<int> year;
  std::vector<std::string> sets;
  std::string format = "table";
  std::string output;
};

int graph(const GraphOptions& o) {
  auto evaluated = load_and_evaluate(o.scenario, o.sets);
  if (!evaluated) return report(evaluated.diagnostics());
  auto found = graph_view(*evaluated, o.year);
  if (!found) return report(found.diagnostics());
  const FinancingBlock& block = *found->block;
  const FinancingSnapshot& snapshot = found->snapshot;
  const std::string& id = evaluated->model.scenario.id;
  std::string text;
  if (o.format == "json") {
    text = render_graph_json(id, block, snapshot).dump(2) + "\n";
  } else if (o.format == "csv") {
    text = render_graph_csv(block, snapshot);
  } else if (o.format == "dot") {
    text = render_graph_dot(id, block, snapshot);
  } else {
    text = render_graph_table(id, block, snapshot);
  }
  return write_output(o.output, text) ? kExitOk : kExitBadInput;
}

}  // namespace

void add_graph(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<GraphOptions>();
  CLI::App* cmd = app.add_subcommand(
      "graph", "The financing graph: who pays whom, money cycles, round-tripped revenue");
  cmd->add_option("scenario", options->scenario,
                  "Scenario file with a [financing] block, or a bundled name")
      ->capture_default_str();
  cmd->add_option("--year", options->year,
                  "Show one year's flows (each deal spread over its years); default: whole deals");
  cmd->add_option("--set", options->sets,
                  "Override a quantity, e.g. --set deal.openai_oracle=200B (repeatable)")
      ->allow_extra_args(false);
  add_format_option(*cmd, options->format, {"table", "json", "csv", "dot"});
  cmd->add_option("-o,--output", options->output,
                  "Write to FILE (atomically: a temporary file, then a rename) instead of stdout");
  cmd->callback([options, &exit_code] { exit_code = graph(*options); });
}

}  // namespace gpugap::cli
