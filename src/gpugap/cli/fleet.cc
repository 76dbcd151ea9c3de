// gpugap fleet: a scenario's [fleet] block as matrices: each vintage's GPUs in service, book and
// economic value and rent year by year, with its obsolescence and payback years (--by vintage),
// or GPUs bought and in service by generation (--by generation); then the yearly outputs.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>

#include "gpugap/blocks/fleet_block.h"
#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/units/format.h"

namespace gpugap::cli {
namespace {

using json = nlohmann::ordered_json;

struct FleetOptions {
  std::string scenario = "fleet-2020-2035";
  std::vector<std::string> sets;
  std::string by = "vintage";
  std::string format = "table";
  std::string output;
};

// The yearly outputs shown after the matrices (all of them go to JSON and CSV).
const char* kSummary[] = {
    "capex",     "installed_gpus",        "facility_power", "energy_cost",  "book_depreciation",
    "write_off", "economic_depreciation", "hidden_loss",    "rental_price", "required_revenue",
    "gap"};

// One row of a matrix: a label, then one value per year (base units).
struct Row {
  std::string label;
  std::vector<double> values;
  std::string unit;  // empty: the matrix's
};

struct Matrix {
  std::string title;
  std::string unit;  // as declared ("GPU", "USD", "USD/GPU/h"); empty when rows differ
  std::vector<Row> rows;
};

struct FleetView {
  const Model* model = nullptr;
  const PointResults* results = nullptr;
  const FleetBlock* block = nullptr;
  FleetDetail detail;
  std::vector<int> years;
};

Unit unit_of(const std::string& text) {
  Unit unit;
  std::string error;
  parse_unit(text, unit, error);
  return unit;
}

// A value in a matrix, whose title carries the unit: "$1.2B", "551k", "·" for zero.
std::string cell(double base_value, const Unit& unit) {
  if (base_value == 0) return "·";
  const double v = in_unit(base_value, unit);
  if (unit.is_percent()) return format_number(v) + "%";
  if (unit_label(unit).rfind("USD", 0) == 0) {
    return (v < 0 ? "-$" : "$") + format_number(std::abs(v));
  }
  return format_number(v);
}

std::string year_or_dash(int year) { return year > 0 ? std::to_string(year) : "—"; }

// Pads to a width in code points, so that "·" and "—" line up.
std::string pad_left(const std::string& text, size_t width) {
  size_t points = 0;
  for (char c : text) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return points >= width ? text : std::string(width - points, ' ') + text;
}

std::string pad_right(const std::string& text, size_t width) {
  size_t points = 0;
  for (char c : text) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return points >= width ? text : text + std::string(width - points, ' ');
}

// Rows across, years down would be long; years across, in panels that stay under ~110 columns.
std::string render_matrix(const Matrix& m, const std::vector<int>& years) {
  size_t label_width = 4;
  for (const auto& row : m.rows) label_width = std::max(label_width, row.label.size());
  std::vector<std::vector<std::string>> cells;
  size_t width = 4;
  for (const auto& row : m.rows) {
    const Unit unit = unit_of(row.unit.empty() ? m.unit : row.unit);
    cells.emplace_back();
    for (double v : row.values) {
      cells.back().push_back(cell(v, unit));
      width = std::max(width, cells.back().back().size());
    }
  }
  std::string out =
      m.unit.empty() ? fmt::format("\n{}\n", m.title) : fmt::format("\n{} ({})\n", m.title, m.unit);
  const size_t fits = std::max<size_t>(1, (110 - label_width - 2) / (width + 2));
  const size_t panels = (years.size() + fits - 1) / fits;
  const size_t per_panel = panels == 0 ? 1 : (years.size() + panels - 1) / panels;
  for (size_t start = 0; start < years.size(); start += per_panel) {
    const size_t end = std::min(years.size(), start + per_panel);
    out += "  " + pad_right("", label_width);
    for (size_t y = start; y < end; ++y) out += "  " + pad_left(std::to_string(years[y]), width);
    out += "\n";
    for (size_t r = 0; r < m.rows.size(); ++r) {
      out += "  " + pad_right(m.rows[r].label, label_width);
      for (size_t y = start; y < end; ++y) out += "  " + pad_left(cells[r][y], width);
      out += "\n";
    }
  }
  return out;
}

std::vector<Matrix> vintage_matrices(const FleetView& view) {
  std::vector<Matrix> out = {{"GPUs in service, by vintage", "GPU", {}},
                             {"book value at year end, by vintage", "USD", {}},
                             {"economic value at year end, by vintage", "USD", {}},
                             {"rent per GPU-hour, by vintage", "USD/GPU/h", {}}};
  for (const auto& v : view.detail.vintages) {
    const std::string label = std::to_string(v.year);
    out[0].rows.push_back({label, v.in_service, ""});
    out[1].rows.push_back({label, v.book_value, ""});
    out[2].rows.push_back({label, v.economic_value, ""});
    out[3].rows.push_back({label, v.rent, ""});
  }
  return out;
}

std::vector<Matrix> generation_matrices(const FleetView& view) {
  std::vector<Matrix> out = {{"GPUs bought, by generation", "GPU/yr", {}},
                             {"GPUs in service, by generation", "GPU", {}}};
  const FleetStructure& s = view.block->structure();
  for (int g = 0; g < s.output_generations(); ++g) {
    const std::string name = s.output_generation_name(g);
    for (int k = 0; k < 2; ++k) {
      const std::string quantity =
          fmt::format("fleet.{}.{}", k == 0 ? "gpus_bought" : "installed_gpus", name);
      out[k].rows.push_back(
          {name, view.results->values[static_cast<size_t>(view.model->index_of(quantity))], ""});
    }
  }
  return out;
}

std::string generations_of(const FleetView& view, const FleetVintage& v) {
  std::vector<std::string> names;
  const FleetStructure& s = view.block->structure();
  for (int g = 0; g < s.output_generations(); ++g) {
    if (v.gpus_by_generation[g] > 0) names.push_back(s.output_generation_name(g));
  }
  return fmt::format("{}", fmt::join(names, "+"));
}

std::string render_table(const FleetView& view, const std::string& by) {
  const Scenario& scenario = view.model->scenario;
  std::string out = (scenario.title.empty() ? scenario.id : scenario.title) + "\n";
  const FleetStructure& s = view.block->structure();
  out += fmt::format("[fleet] {} generations, {} depreciation, {} mix\n", s.generations.size(),
                     depreciation_method_name(s.method), s.mix_shares ? "shares" : "newest");
  std::vector<Matrix> matrices;
  if (by == "generation") {
    matrices = generation_matrices(view);
  } else {
    const Unit usd = unit_of("USD");
    out += "\nvintages\n";
    out += "  vintage  generations        GPUs      cost   leaves  obsolete  payback\n";
    for (const auto& v : view.detail.vintages) {
      out +=
          fmt::format("  {:<7}  {}  {}  {}  {:>7}  {:>8}  {:>7}\n", v.year,
                      pad_right(generations_of(view, v), 13), pad_left(format_number(v.gpus), 10),
                      pad_left(format_value(v.cost, usd), 8), year_or_dash(v.retired_year),
                      year_or_dash(v.obsolete_year), year_or_dash(v.payback_year));
    }
    matrices = vintage_matrices(view);
  }
  for (const auto& m : matrices) out += render_matrix(m, view.years);
  Matrix yearly{"yearly outputs (`gpugap run` shows them all)", "", {}};
  for (const char* name : kSummary) {
    const int index = view.model->index_of(std::string("fleet.") + name);
    const Unit& unit = view.model->quantities[static_cast<size_t>(index)].unit;
    yearly.rows.push_back({fmt::format("{} ({})", name, unit_label(unit)),
                           view.results->values[static_cast<size_t>(index)], unit.text});
  }
  out += render_matrix(yearly, view.years);
  return out;
}

json year_values(const std::vector<double>& values, const Unit& unit) {
  json out = json::array();
  for (double v : values) out.push_back(std::isfinite(v) ? json(in_unit(v, unit)) : json(nullptr));
  return out;
}

json render_json(const FleetView& view, const std::string& by) {
  json out;
  out["scenario"] = view.model->scenario.id;
  out["title"] = view.model->scenario.title;
  out["years"] = view.years;
  json yearly = json::object();
  for (const auto& info : fleet_series(view.block->structure())) {
    const int index = view.model->index_of("fleet." + info.name);
    const Unit& unit = view.model->quantities[static_cast<size_t>(index)].unit;
    yearly[info.name] = {{"unit", info.unit},
                         {"values", year_values(view.results->values[index], unit)}};
  }
  out["yearly"] = yearly;
  if (by == "generation") {
    json generations = json::array();
    const FleetStructure& s = view.block->structure();
    auto matrices = generation_matrices(view);
    for (int g = 0; g < s.output_generations(); ++g) {
      json entry;
      entry["name"] = s.output_generation_name(g);
      if (g < static_cast<int>(s.generations.size())) {
        entry["first_year"] = s.generation_first_year[g];
      }
      entry["gpus_bought"] = year_values(matrices[0].rows[g].values, unit_of("GPU/yr"));
      entry["installed_gpus"] = year_values(matrices[1].rows[g].values, unit_of("GPU"));
      generations.push_back(entry);
    }
    out["generations"] = generations;
    return out;
  }
  json vintages = json::array();
  const FleetStructure& s = view.block->structure();
  for (const auto& v : view.detail.vintages) {
    json entry;
    entry["year"] = v.year;
    entry["gpus"] = v.gpus;
    entry["cost_usd"] = v.cost;
    json by_generation = json::object();
    for (int g = 0; g < s.output_generations(); ++g) {
      if (v.gpus_by_generation[g] > 0) {
        by_generation[s.output_generation_name(g)] = v.gpus_by_generation[g];
      }
    }
    entry["gpus_by_generation"] = by_generation;
    auto year_or_null = [](int year) { return year > 0 ? json(year) : json(nullptr); };
    entry["retired_year"] = year_or_null(v.retired_year);
    entry["obsolete_year"] = year_or_null(v.obsolete_year);
    entry["payback_year"] = year_or_null(v.payback_year);
    entry["in_service_gpus"] = year_values(v.in_service, unit_of("GPU"));
    entry["book_value_usd"] = year_values(v.book_value, unit_of("USD"));
    entry["economic_value_usd"] = year_values(v.economic_value, unit_of("USD"));
    entry["rent_usd_per_gpu_hour"] = year_values(v.rent, unit_of("USD/GPU/h"));
    entry["facility_power_gw"] = year_values(v.facility_power, unit_of("GW"));
    vintages.push_back(entry);
  }
  out["vintages"] = vintages;
  return out;
}

// A number for CSV: empty for "never" (as JSON's null).
std::string csv_number(double value) {
  return std::isfinite(value) ? fmt::format("{}", value) : "";
}

std::string render_csv(const FleetView& view, const std::string& by) {
  std::string out = fmt::format("{},year,measure,value,unit\n", by);
  auto rows = [&](const std::string& key, const Matrix& m, const std::string& measure) {
    const Unit unit = unit_of(m.unit);
    for (const auto& row : m.rows) {
      if (!key.empty() && row.label != key) continue;
      for (size_t y = 0; y < view.years.size(); ++y) {
        out += fmt::format("{},{},{},{},{}\n", row.label, view.years[y], measure,
                           csv_number(in_unit(row.values[y], unit)), m.unit);
      }
    }
  };
  if (by == "generation") {
    auto matrices = generation_matrices(view);
    rows("", matrices[0], "gpus_bought");
    rows("", matrices[1], "installed_gpus");
  } else {
    auto matrices = vintage_matrices(view);
    const char* measures[] = {"in_service_gpus", "book_value", "economic_value", "rent"};
    for (const auto& v : view.detail.vintages) {
      for (size_t m = 0; m < matrices.size(); ++m)
        rows(std::to_string(v.year), matrices[m], measures[m]);
      // One value per vintage, as in JSON: no year of the axis; empty for none.
      const std::pair<const char*, int> years[] = {{"retired_year", v.retired_year},
                                                   {"obsolete_year", v.obsolete_year},
                                                   {"payback_year", v.payback_year}};
      for (const auto& [measure, year] : years) {
        out += fmt::format("{},,{},{},\n", v.year, measure, year > 0 ? std::to_string(year) : "");
      }
    }
  }
  for (const auto& info : fleet_series(view.block->structure())) {
    const int index = view.model->index_of("fleet." + info.name);
    const Unit& unit = view.model->quantities[static_cast<size_t>(index)].unit;
    for (size_t y = 0; y < view.years.size(); ++y) {
      out += fmt::format("total,{},{},{},{}\n", view.years[y], info.name,
                         csv_number(in_unit(view.results->values[index][y], unit)), info.unit);
    }
  }
  return out;
}

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
    text = render_json(view, o.by).dump(2) + "\n";
  } else if (o.format == "csv") {
    text = render_csv(view, o.by);
  } else {
    text = render_table(view, o.by);
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
