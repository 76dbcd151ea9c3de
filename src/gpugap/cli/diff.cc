// gpugap diff: what differs between two scenarios, and which changed inputs caused it.
#include <fmt/format.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/diff.h"
#include "gpugap/report/format.h"

namespace gpugap::cli {
namespace {

struct DiffOptions {
  std::string a, b;
  std::string format = "table";
  std::vector<std::string> sets;
};

std::string change_text(const DiffRow& row) {
  if (row.a_text == "-" || row.b_text == "-") return "";
  double delta = row.b - row.a;
  std::string relative =
      row.a != 0 ? fmt::format(" ({:+.1f}%)", 100.0 * delta / std::abs(row.a)) : std::string();
  std::string sign = delta >= 0 ? "+" : "-";
  Unit unit;
  std::string ignored;
  parse_unit(row.unit, unit, ignored);
  unit.scale = 1.0;  // values are already in the row's unit
  std::string shown = format_value(std::abs(delta), unit);
  return sign + shown + relative;
}

int diff(const DiffOptions& o) {
  auto a = load_and_evaluate(o.a, o.sets);
  if (!a) return report(a.diagnostics());
  auto b = load_and_evaluate(o.b, o.sets);
  if (!b) return report(b.diagnostics());
  std::vector<DiffRow> rows = diff_models(a->model, a->results, b->model, b->results);
  std::string text;
  if (o.format == "json") {
    nlohmann::ordered_json out;
    out["a"] = a->model.scenario.id;
    out["b"] = b->model.scenario.id;
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
      list.push_back(
          {{"name", r.name},
           {"change", r.change},
           {"a", r.a_text == "-" ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.a)},
           {"b", r.b_text == "-" ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.b)},
           {"unit", r.unit},
           {"caused_by", r.caused_by}});
    }
    out["differences"] = list;
    text = out.dump(2) + "\n";
  } else {
    text = fmt::format("A: {} ({})\nB: {} ({})\n\n", a->model.scenario.id, a->model.scenario.title,
                       b->model.scenario.id, b->model.scenario.title);
    if (rows.empty()) text += "no differences\n";
    size_t width = 8;
    for (const auto& r : rows) width = std::max(width, r.name.size());
    if (!rows.empty()) {
      text += fmt::format("  {:<{}}  {:>10}  {:>10}  {:<18}  {}\n", "quantity", width, "A", "B",
                          "change", "caused by");
    }
    for (const auto& r : rows) {
      std::string cause = r.change == "only in A" || r.change == "only in B"
                              ? r.change
                              : fmt::format("{}", fmt::join(r.caused_by, ", "));
      text += fmt::format("  {:<{}}  {:>10}  {:>10}  {:<18}  {}\n", r.name, width, r.a_text,
                          r.b_text, change_text(r), cause);
    }
  }
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
  cmd->callback([options, &exit_code] { exit_code = diff(*options); });
}

}  // namespace gpugap::cli
