// gpugap explain: how a quantity was derived, down to its sourced inputs.
#include <fmt/format.h>

#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/explain.h"
#include "gpugap/util/text.h"

namespace gpugap::cli {
namespace {

struct ExplainOptions {
  std::string scenario;
  std::string quantity;
  int depth = kDefaultExplainDepth;
  std::vector<std::string> sets;
};

int explain(const ExplainOptions& o) {
  auto evaluated = load_and_evaluate(o.scenario, o.sets);
  if (!evaluated) return report(evaluated.diagnostics());
  const Model& model = evaluated->model;
  int index = model.index_of(o.quantity);
  if (index < 0) {
    std::string guess = closest_name(o.quantity, model.scenario.names());
    return report({{{},
                    fmt::format("'{}' is not a quantity of {}", o.quantity, model.scenario.id),
                    guess.empty() ? "`gpugap run SCENARIO` lists its quantities"
                                  : fmt::format("did you mean '{}'?", guess)}});
  }
  return write_output("", render_explain(model, evaluated->results, index, o.depth))
             ? kExitOk
             : kExitBadInput;
}

}  // namespace

void add_explain(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand(
      "explain", "Show how a quantity is derived: formulas with values, units and sources");
  cmd->add_option("scenario", options->scenario, "Scenario file or bundled name")->required();
  cmd->add_option("quantity", options->quantity, "The quantity to explain")->required();
  cmd->add_option("--depth", options->depth,
                  fmt::format("Expand at most N levels below the quantity (default {}, at most {})",
                              kDefaultExplainDepth, kMaxExplainDepth))
      ->check(CLI::Range(0, kMaxExplainDepth));
  cmd->add_option("--set", options->sets, "Override a quantity: --set name=formula (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([options, &exit_code] { exit_code = explain(*options); });
}

}  // namespace gpugap::cli
