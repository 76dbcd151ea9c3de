#include "gpugap/report/fleet.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpugap/report/text_table.h"
#include "gpugap/units/format.h"

namespace gpugap {
namespace {

using json = nlohmann::ordered_json;

const char* kSummary[] = {
    "capex",     "installed_gpus",        "facility_power", "energy_cost",  "book_depreciation",
    "write_off", "economic_depreciation", "hidden_loss",    "rental_price", "required_revenue",
    "gap"};

// One row of a matrix: a label, then one value per year (base units).
struct Row {
  std::string label;
  std::vector<double> values;
  std::string unit;                // empty: the matrix's
  std::vector<double> in_service;  // GPUs in service per year; empty: always in service
};

struct Matrix {
  std::string title;
  std::string unit;  // as declared ("GPU", "USD", "USD/GPU/h"); empty when rows differ
  std::vector<Row> rows;
};

Unit unit_of(const std::string& text) { return known_unit(text); }

// The mark of a year in which a vintage or generation has no GPU in service.
constexpr const char* kNotInService = "·";

// A value in a matrix, whose title carries the unit: "$1.2B", "551k", "0".
std::string cell(double base_value, const Unit& unit) {
  const double v = in_unit(base_value, unit);
  if (unit.is_percent()) return format_percent(v);
  if (unit_label(unit).rfind("USD", 0) == 0) {
    return (v < 0 ? "-$" : "$") + format_number(std::abs(v));
  }
  return format_number(v);
}

std::string year_or_dash(int year) { return year > 0 ? std::to_string(year) : "—"; }

// Rows across, years down would be long; years across, in panels that stay under ~110 columns.
// Every year's column is as wide as the widest, so that the panels line up.
std::string render_matrix(const Matrix& m, const std::vector<int>& years) {
  size_t label_width = 4;
  for (const auto& row : m.rows) label_width = std::max(label_width, display_width(row.label));
  std::vector<std::vector<std::string>> cells;
  size_t width = 4;
  for (const auto& row : m.rows) {
    const Unit unit = unit_of(row.unit.empty() ? m.unit : row.unit);
    cells.emplace_back();
    for (size_t y = 0; y < row.values.size(); ++y) {
      const bool absent = !row.in_service.empty() && row.in_service[y] == 0;
      cells.back().push_back(absent ? kNotInService : cell(row.values[y], unit));
      width = std::max(width, display_width(cells.back().back()));
    }
  }
  std::string out =
      m.unit.empty() ? fmt::format("\n{}\n", m.title) : fmt::format("\n{} ({})\n", m.title, m.unit);
  const size_t fits = std::max<size_t>(1, (110 - label_width - 2) / (width + 2));
  const size_t panels = (years.size() + fits - 1) / fits;
  const size_t per_panel = panels == 0 ? 1 : (years.size() + panels - 1) / panels;
  for (size_t start = 0; start < years.size(); start += per_panel) {
    const size_t end = std::min(years.size(), start + per_panel);
    TextTable panel;
    panel.min_width.assign(end - start + 1, width);
    panel.min_width[0] = label_width;
    panel.align.assign(end - start + 1, Align::kRight);
    panel.align[0] = Align::kLeft;
    std::vector<std::string> header{""};
    for (size_t y = start; y < end; ++y) header.push_back(std::to_string(years[y]));
    panel.add(std::move(header));
    for (size_t r = 0; r < m.rows.size(); ++r) {
      std::vector<std::string> line{m.rows[r].label};
      line.insert(line.end(), cells[r].begin() + static_cast<std::ptrdiff_t>(start),
                  cells[r].begin() + static_cast<std::ptrdiff_t>(end));
      panel.add(std::move(line));
    }
    out += panel.render();
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
    out[0].rows.push_back({label, v.in_service, "", v.in_service});
    out[1].rows.push_back({label, v.book_value, "", v.in_service});
    out[2].rows.push_back({label, v.economic_value, "", v.in_service});
    out[3].rows.push_back({label, v.rent, "", v.in_service});
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
          {name,
           view.results->values[static_cast<size_t>(view.model->index_of(quantity))],
           "",
           {}});
    }
    // Bought or not, a generation with no GPU in service that year is not in service.
    for (auto& matrix : out) matrix.rows.back().in_service = out[1].rows.back().values;
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

}  // namespace

std::string render_fleet_table(const FleetView& view, const std::string& by) {
  const Scenario& scenario = view.model->scenario;
  std::string out = (scenario.title.empty() ? scenario.id : scenario.title) + "\n";
  const FleetStructure& s = view.block->structure();
  out += fmt::format("[fleet] {} generations, {} depreciation, {} mix\n", s.generations.size(),
                     depreciation_method_name(s.method), s.mix_shares ? "shares" : "newest");
  out +=
      fmt::format("{} marks a year with no GPU in service; 0 is a value of zero\n", kNotInService);
  std::vector<Matrix> matrices;
  if (by == "generation") {
    matrices = generation_matrices(view);
  } else {
    const Unit usd = unit_of("USD");
    out += "\nvintages\n";
    TextTable table;
    table.align = {Align::kLeft,  Align::kLeft,  Align::kRight, Align::kRight,
                   Align::kRight, Align::kRight, Align::kRight};
    table.min_width = {7, 13, 10, 8, 7, 8, 7};
    table.add({"vintage", "generations", "GPUs", "cost", "leaves", "obsolete", "payback"});
    for (const auto& v : view.detail.vintages) {
      table.add({std::to_string(v.year), generations_of(view, v), format_number(v.gpus),
                 format_value(v.cost, usd), year_or_dash(v.retired_year),
                 year_or_dash(v.obsolete_year), year_or_dash(v.payback_year)});
    }
    out += table.render();
    matrices = vintage_matrices(view);
  }
  for (const auto& m : matrices) out += render_matrix(m, view.years);
  // A year with no GPU in the fleet has no outputs to speak of: not in service, not zero.
  const std::vector<double>& fleet_gpus =
      view.results->values[static_cast<size_t>(view.model->index_of("fleet.installed_gpus"))];
  Matrix yearly{"yearly outputs (`gpugap run` shows them all)", "", {}};
  for (const char* name : kSummary) {
    const int index = view.model->index_of(std::string("fleet.") + name);
    const Unit& unit = view.model->quantities[static_cast<size_t>(index)].unit;
    yearly.rows.push_back({fmt::format("{} ({})", name, unit_label(unit)),
                           view.results->values[static_cast<size_t>(index)], unit.text,
                           fleet_gpus});
  }
  out += render_matrix(yearly, view.years);
  return out;
}

namespace {

json year_values(const std::vector<double>& values, const Unit& unit) {
  json out = json::array();
  for (double v : values) out.push_back(std::isfinite(v) ? json(in_unit(v, unit)) : json(nullptr));
  return out;
}

}  // namespace

json render_fleet_json(const FleetView& view, const std::string& by) {
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

namespace {

// A number for CSV: empty for "never" (as JSON's null).
std::string csv_number(double value) {
  return std::isfinite(value) ? fmt::format("{}", value) : "";
}

}  // namespace

std::string render_fleet_csv(const FleetView& view, const std::string& by) {
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

}  // namespace gpugap
