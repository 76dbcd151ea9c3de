// gpugap solve: the value of one input at which a result hits a target (break-even).
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "gpugap/analysis/solve.h"
#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/compile/model.h"
#include "gpugap/units/format.h"

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

  SolveRequest request;
  size_t eq = o.target.find('=');
  if (eq == std::string::npos) {
    return report({{{},
                    fmt::format("--target '{}' is not of the form QUANTITY=VALUE", o.target),
                    "e.g. --target revenue_gap=0"}});
  }
  request.target = o.target.substr(0, eq);
  request.target_text = o.target.substr(eq + 1);
  request.vary = o.vary;
  if (!o.between.empty()) {
    size_t comma = o.between.find(',');
    if (comma == std::string::npos) {
      return report({{{},
                      fmt::format("--between '{}' is not of the form LOW,HIGH", o.between),
                      "e.g. --between 0,1T"}});
    }
    request.between = std::make_pair(o.between.substr(0, comma), o.between.substr(comma + 1));
  }
  auto result = solve(*scenario, request);
  if (!result) return report(result.diagnostics());

  // Units for showing the answer.
  auto model = compile(std::move(*scenario));
  if (!model) return report(model.diagnostics());
  const Unit& vary_unit = model->quantities[model->index_of(request.vary)].unit;
  const Unit& target_unit = model->quantities[model->index_of(request.target)].unit;
  std::string text;
  if (o.format == "json") {
    nlohmann::ordered_json out;
    out["scenario"] = o.scenario;
    out["target"] = request.target;
    out["target_value"] = in_unit(result->target_value, target_unit);
    out["vary"] = request.vary;
    out["unit"] = unit_label(vary_unit);
    out["found"] = result->found;
    out["value"] = result->found ? nlohmann::ordered_json(in_unit(result->value, vary_unit))
                                 : nlohmann::ordered_json(nullptr);
    out["between"] = {in_unit(result->low, vary_unit), in_unit(result->high, vary_unit)};
    out["evaluations"] = result->evaluations;
    if (!result->found) out["explanation"] = result->explanation;
    text = out.dump(2) + "\n";
  } else if (result->found) {
    text = fmt::format(
        "{} = {} when {} = {}\n(searched {} to {}; {} evaluations; other inputs at "
        "their point values)\n",
        request.target, format_value(result->target_value, target_unit), request.vary,
        format_value(result->value, vary_unit), format_value(result->low, vary_unit),
        format_value(result->high, vary_unit), result->evaluations);
  } else {
    text = result->explanation + "\n";
  }
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
