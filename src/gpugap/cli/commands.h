// One function per subcommand: each adds itself to the CLI11 app and, when chosen, runs and
// stores its exit code. The code of each lives in the file of the same name.
#pragma once

#include <CLI/CLI.hpp>

namespace gpugap::cli {

void add_run(CLI::App& app, int& exit_code);
void add_check(CLI::App& app, int& exit_code);
void add_explain(CLI::App& app, int& exit_code);
void add_diff(CLI::App& app, int& exit_code);
void add_list(CLI::App& app, int& exit_code);
void add_version(CLI::App& app, int& exit_code);
void add_sensitivity(CLI::App& app, int& exit_code);
void add_solve(CLI::App& app, int& exit_code);
void add_report(CLI::App& app, int& exit_code);
void add_serve(CLI::App& app, int& exit_code);
void add_graph(CLI::App& app, int& exit_code);
void add_fleet(CLI::App& app, int& exit_code);
void add_data(CLI::App& app, int& exit_code);
void add_export(CLI::App& app, int& exit_code);
void add_playground(CLI::App& app, int& exit_code);

}  // namespace gpugap::cli
