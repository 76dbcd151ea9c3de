// gpugap list and gpugap version.
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/output.h"
#include "gpugap/report/text_table.h"

namespace gpugap::cli {
namespace {

int list() {
  std::vector<std::string> names = bundled_names();
  if (names.empty()) {
    return report({{{},
                    fmt::format("no bundled scenarios in {}", scenarios_dir()),
                    "install gpugap (cmake --install, or its .deb), which puts them in "
                    "share/gpugap/scenarios beside bin/, or set GPUGAP_SCENARIOS to a folder of "
                    ".toml scenarios"}});
  }
  TextTable table;
  table.indent = "";
  table.min_width = {4};  // "name", and every name, those that fail to load too
  for (const auto& n : names) table.min_width[0] = std::max(table.min_width[0], n.size());
  int exit_code = kExitOk;
  for (const auto& name : names) {
    auto scenario = load_scenario(scenarios_dir() + "/" + name + ".toml");
    if (!scenario) {
      report(scenario.diagnostics());
      exit_code = kExitBadInput;
      continue;
    }
    std::string published = publication_line(*scenario);
    table.add({name, scenario->title + (published.empty() ? "" : " (" + published + ")")});
  }
  std::cout << table.render();
  return exit_code;
}

}  // namespace

void add_list(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("list", "List the bundled scenarios: title, publisher, date");
  cmd->callback([&exit_code] { exit_code = list(); });
}

void add_version(CLI::App& app, int& exit_code) {
  CLI::App* cmd = app.add_subcommand("version", "Print gpugap's version");
  cmd->callback([&exit_code] {
    std::cout << "gpugap " << GPUGAP_VERSION << "\n";
    exit_code = kExitOk;
  });
}

}  // namespace gpugap::cli
