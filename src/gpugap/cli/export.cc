// gpugap export: a scenario as an Excel workbook that recomputes (report/workbook.h).
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/workbook.h"

namespace gpugap::cli {
namespace {

struct ExportOptions {
  std::string scenario;
  std::vector<std::string> sets;
  std::string output;
};

int export_workbook(const ExportOptions& o) {
  if (!workbook_available()) return report(write_workbook({}, {}, o.output).diagnostics());
  if (o.output == "-") {
    return report({{{},
                    "export writes a workbook file, not to standard output",
                    "give its name: -o model.xlsx"}});
  }
  auto evaluated = load_and_evaluate(o.scenario, o.sets);
  if (!evaluated) return report(evaluated.diagnostics());
  auto written = write_workbook(evaluated->model, evaluated->results, o.output);
  if (!written) return report(written.diagnostics());
  auto count = [](int n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
  };
  std::string line = fmt::format("wrote {}: {}, {} as Excel formulas", o.output,
                                 count(written->inputs, "input", "inputs"),
                                 count(written->formulas, "result", "results"));
  if (written->values > 0) {
    line += fmt::format(", {} as gpugap's values (a cell comment says why)", written->values);
  }
  std::cout << line << "\n";
  return kExitOk;
}

}  // namespace

void add_export(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write a scenario as an Excel workbook whose results recompute (docs/excel.md)");
  cmd->add_option("scenario", options->scenario, "Scenario file or bundled name")->required();
  cmd->add_option("-o,--output", options->output,
                  "The workbook to write, e.g. model.xlsx (atomically: the whole file or nothing)")
      ->required();
  cmd->add_option("--set", options->sets, "Override a quantity: --set name=formula (repeatable)")
      ->allow_extra_args(false);
  cmd->callback([options, &exit_code] { exit_code = export_workbook(*options); });
}

}  // namespace gpugap::cli
