// gpugap check: compute every published figure in [expect] and compare.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/check.h"
#include "gpugap/report/output.h"
#include "gpugap/report/text_table.h"
#include "gpugap/scenario/source_kind.h"

namespace gpugap::cli {
namespace {

// "inputs: 2 primary, 3 secondary, 1 weak, 1 assumption, 0 without a source": how well sourced
// the scenario's inputs are (scenario/source_kind.h says how a source is rated).
std::string source_line(const Model& model) {
  int counts[5] = {0, 0, 0, 0, 0};
  int inputs = 0;
  for (size_t i = 0; i < model.quantities.size(); ++i) {
    const CompiledQuantity& q = model.quantities[i];
    if (!q.is_input() || q.block >= 0) continue;
    const QuantityDef& def = model.def(static_cast<int>(i));
    ++counts[static_cast<int>(classify_source(def.source, def.note, model.scenario.published.url))];
    ++inputs;
  }
  return fmt::format(
      "  inputs ({}): {} primary, {} secondary, {} weak, {} assumption, {} without a source\n",
      inputs, counts[0], counts[1], counts[2], counts[3], counts[4]);
}

struct CheckOptions {
  std::vector<std::string> scenarios;
  std::vector<std::string> sets;
};

int check(const CheckOptions& o) {
  std::vector<std::string> names = o.scenarios.empty() ? bundled_names() : o.scenarios;
  int exit_code = kExitOk;
  int passed = 0, failed = 0, unchecked = 0;
  int published_count = 0, consistency_count = 0;
  for (const auto& name : names) {
    auto evaluated = load_and_evaluate(name, o.sets);
    if (!evaluated) {
      report(evaluated.diagnostics());
      exit_code = kExitBadInput;
      ++unchecked;
      continue;
    }
    const Model& model = evaluated->model;
    auto outcomes = check_expectations(model, evaluated->results);
    if (!outcomes) {
      report(outcomes.diagnostics());
      exit_code = kExitBadInput;
      ++unchecked;
      continue;
    }
    std::string published = publication_line(model.scenario);
    std::cout << fmt::format("{}  {}{}\n", model.scenario.id, model.scenario.title,
                             published.empty() ? "" : " (" + published + ")");
    if (outcomes->empty()) std::cout << "  (no published figures or checks)\n";
    // Published figures (from a source) apart from consistency checks (the scenario's own
    // arithmetic): one table each, so that the columns line up within a kind.
    for (bool kind : {true, false}) {
      TextTable table;
      table.min_width = {4, 4, 26};
      table.indent = "    ";
      for (const auto& c : *outcomes) {
        if (c.published != kind) continue;
        table.add({c.passed ? "ok" : "FAIL", c.name,
                   (kind ? "published " : "expected ") + c.expected, "computed " + c.computed});
        (c.passed ? passed : failed)++;
        (kind ? published_count : consistency_count)++;
      }
      if (table.rows.empty()) continue;
      std::cout << (kind ? "  published figures\n" : "  consistency checks\n");
      std::cout << table.render();
    }
    std::cout << source_line(model);
  }
  if (unchecked == static_cast<int>(names.size())) return exit_code;  // the errors say it all
  std::cout << fmt::format(
      "\n{} published figure{} and {} consistency check{}: {} passed, {} "
      "failed{}\n",
      published_count, published_count == 1 ? "" : "s", consistency_count,
      consistency_count == 1 ? "" : "s", passed, failed,
      unchecked ? fmt::format(", {} scenario{} not checked (errors above)", unchecked,
                              unchecked == 1 ? "" : "s")
                : "");
  if (exit_code == kExitOk && failed > 0) exit_code = kExitCheckFailed;
  return exit_code;
}

}  // namespace

void add_check(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check",
      "Recompute each published figure ([expect]) from the scenario's inputs; exit 1 if "
      "any differs");
  cmd->add_option("scenarios", options->scenarios,
                  "Scenario files or bundled names (default: every bundled scenario)");
  cmd->add_option("--set", options->sets, "Override a quantity: --set name=formula (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([options, &exit_code] { exit_code = check(*options); });
}

}  // namespace gpugap::cli
