#include "gpugap/report/diff.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "gpugap/units/format.h"

namespace gpugap {

namespace {

bool same_definition(const QuantityDef& a, const QuantityDef& b) {
  if (a.text != b.text || a.unit != b.unit || a.fill != b.fill) return false;
  if (a.years.size() != b.years.size()) return false;
  for (size_t i = 0; i < a.years.size(); ++i) {
    if (a.years[i].year != b.years[i].year || a.years[i].text != b.years[i].text) return false;
  }
  return true;
}

// Quantity indices of B upstream of `index`, itself included (no recursion: chains may be long).
std::set<int> upstream(const Model& m, int index) {
  std::set<int> seen;
  std::vector<int> stack{index};
  while (!stack.empty()) {
    const int q = stack.back();
    stack.pop_back();
    if (!seen.insert(q).second) continue;
    for (int d : m.quantities[q].dependencies) stack.push_back(d);
  }
  return seen;
}

// One side of a row: a quantity's values, labelled with their years when it is a series.
struct Side {
  const Model& model;
  const std::vector<double>& values;
  const CompiledQuantity& quantity;

  int first_year() const { return model.program.first_year; }
  int last_year() const { return first_year() + static_cast<int>(values.size()) - 1; }
  double at(int year) const { return values[static_cast<size_t>(year - first_year())]; }
  // A value shown in `unit`, with its year for a series.
  std::string text(int year, const Unit& unit) const {
    if (!quantity.series) return format_value(values[0], unit);
    return fmt::format("{}: {}", year, format_value(at(year), unit));
  }
};

std::string dimension_label(const Unit& unit) {
  std::string label = unit_label(unit);
  return label.empty() ? "no unit" : label;
}

// Fills the comparison of two sides present in both scenarios.
void compare(const Side& a, const Side& b, DiffRow& row) {
  const Unit& unit = b.quantity.unit;
  row.year_valued = a.quantity.may_be_never || b.quantity.may_be_never;
  if (a.quantity.unit.dimension != unit.dimension) {
    row.not_comparable =
        fmt::format("{} vs {}", dimension_label(a.quantity.unit), dimension_label(unit));
  } else if (a.quantity.series != b.quantity.series) {
    row.not_comparable =
        a.quantity.series ? "a series vs a single value" : "a single value vs a series";
  } else if (a.quantity.series &&
             (std::max(a.first_year(), b.first_year()) > std::min(a.last_year(), b.last_year()))) {
    row.not_comparable = "no year in common";
  }
  if (!row.not_comparable.empty()) {
    row.comparable = false;
    row.a_unit = unit_label(a.quantity.unit);
    const int a_year = a.quantity.series ? a.last_year() : -1;
    const int b_year = b.quantity.series ? b.last_year() : -1;
    row.a = in_unit(a.quantity.series ? a.at(a_year) : a.values[0], a.quantity.unit);
    row.b = in_unit(b.quantity.series ? b.at(b_year) : b.values[0], unit);
    row.a_text = a.text(a_year, a.quantity.unit);
    row.b_text = b.text(b_year, unit);
    return;
  }
  if (!b.quantity.series) {
    row.a = in_unit(a.values[0], unit);
    row.b = in_unit(b.values[0], unit);
    row.a_text = a.text(-1, unit);
    row.b_text = b.text(-1, unit);
    return;
  }
  // Every common year; the row shows the one that changed most.
  const int first = std::max(a.first_year(), b.first_year());
  const int last = std::min(a.last_year(), b.last_year());
  int shown = last;
  double largest = -1;
  for (int y = first; y <= last; ++y) {
    ++row.years;
    if (same_value(a.at(y), b.at(y))) continue;
    ++row.years_differing;
    const double change = std::abs(b.at(y) - a.at(y));
    if (change > largest) {
      largest = change;
      shown = y;
    }
  }
  row.year = shown;
  row.a = in_unit(a.at(shown), unit);
  row.b = in_unit(b.at(shown), unit);
  row.a_text = a.text(shown, unit);
  row.b_text = b.text(shown, unit);
}

}  // namespace

std::vector<DiffRow> diff_models(const Model& a, const PointResults& ra, const Model& b,
                                 const PointResults& rb) {
  // Which of B's definitions differ from A's (or are new).
  std::set<int> changed;
  for (size_t i = 0; i < b.quantities.size(); ++i) {
    int in_a = a.index_of(b.def(static_cast<int>(i)).name);
    if (in_a < 0 || !same_definition(a.def(in_a), b.def(static_cast<int>(i)))) {
      changed.insert(static_cast<int>(i));
    }
  }
  std::vector<DiffRow> rows;
  // A quantity in one scenario only: its value, or a series' last year.
  auto alone = [](const Model& m, const PointResults& r, int index, DiffRow& row) -> std::string {
    const Side side{m, r.values[index], m.quantities[index]};
    const int year = side.quantity.series ? side.last_year() : -1;
    row.year = year;
    return side.text(year, side.quantity.unit);
  };
  for (size_t i = 0; i < a.quantities.size(); ++i) {
    const int ai = static_cast<int>(i);
    const std::string& name = a.def(ai).name;
    if (b.index_of(name) >= 0) continue;
    DiffRow row;
    row.name = name;
    row.change = "only in A";
    row.a_text = alone(a, ra, ai, row);
    row.b_text = "-";
    row.a = in_unit(ra.values[i].back(), a.quantities[i].unit);
    row.unit = unit_label(a.quantities[i].unit);
    rows.push_back(row);
  }
  for (size_t i = 0; i < b.quantities.size(); ++i) {
    const int bi = static_cast<int>(i);
    const std::string& name = b.def(bi).name;
    const int ai = a.index_of(name);
    DiffRow row;
    row.name = name;
    row.unit = unit_label(b.quantities[i].unit);
    if (ai < 0) {
      row.change = "only in B";
      row.a_text = "-";
      row.b_text = alone(b, rb, bi, row);
      row.b = in_unit(rb.values[i].back(), b.quantities[i].unit);
    } else {
      const bool definition = changed.count(bi) > 0;
      compare(Side{a, ra.values[ai], a.quantities[ai]}, Side{b, rb.values[i], b.quantities[i]},
              row);
      const bool value =
          !row.comparable || row.years_differing > 0 ||
          (!b.quantities[i].series && !same_value(ra.values[ai][0], rb.values[i][0]));
      if (!definition && !value) continue;
      row.change = definition ? "formula" : "value";
      if (definition && a.def(ai).text != b.def(bi).text && a.quantities[ai].is_input() &&
          b.quantities[i].is_input()) {
        row.change = "input";
      }
    }
    // What changed upstream; a quantity is not its own cause (its change says what of it did).
    for (int u : upstream(b, bi)) {
      if (u != bi && changed.count(u)) row.caused_by.push_back(b.def(u).name);
    }
    rows.push_back(row);
  }
  return rows;
}

nlohmann::ordered_json diff_row_json(const DiffRow& r) {
  using nlohmann::ordered_json;
  ordered_json row = {{"name", r.name},
                      {"change", r.change},
                      {"a", r.a_text == "-" ? ordered_json(nullptr) : ordered_json(r.a)},
                      {"b", r.b_text == "-" ? ordered_json(nullptr) : ordered_json(r.b)},
                      {"unit", r.unit},
                      {"caused_by", r.caused_by},
                      {"year", r.year < 0 ? ordered_json(nullptr) : ordered_json(r.year)},
                      {"comparable", r.comparable}};
  if (r.year >= 0 && r.comparable && r.a_text != "-" && r.b_text != "-") {
    row["years_differing"] = r.years_differing;
  }
  if (!r.comparable) {
    row["a_unit"] = r.a_unit;
    row["not_comparable"] = r.not_comparable;
  }
  return row;
}

namespace {

// A row's unit (its values are already in it).
Unit row_unit(const std::string& unit_text) {
  auto parsed = parse_unit(unit_text);
  Unit unit = parsed ? *parsed : Unit{};
  unit.scale = 1.0;
  return unit;
}

}  // namespace

std::string change_text(const DiffRow& row) {
  if (row.a_text == "-" || row.b_text == "-") return "";
  if (!row.comparable) return fmt::format("not comparable ({})", row.not_comparable);
  std::string years;
  if (row.year >= 0) {
    years = fmt::format("; {} of {} years differ", row.years_differing, row.years);
  }
  if (same_value(row.a, row.b)) return "same value" + years;
  const Unit unit = row_unit(row.unit);
  if (!std::isfinite(row.a) || !std::isfinite(row.b)) {  // "never" on one side: no difference
    return fmt::format("{} → {}", format_value(row.a, unit), format_value(row.b, unit)) + years;
  }
  double delta = row.b - row.a;
  // A year is not a quantity that grows by a percentage: 2025 → 2026 is "+1", not "+0.05%".
  std::string relative = row.a != 0 && !row.year_valued
                             ? fmt::format(" ({:+.1f}%)", 100.0 * delta / std::abs(row.a))
                             : std::string();
  std::string sign = delta >= 0 ? "+" : "-";
  return sign + format_difference(std::abs(delta), unit) + relative + years;
}

std::string cause_text(const DiffRow& row) {
  if (row.a_text == "-" || row.b_text == "-") return "";
  std::vector<std::string> causes;
  if (row.change == "input" || row.change == "formula") causes.push_back("its definition");
  causes.insert(causes.end(), row.caused_by.begin(), row.caused_by.end());
  return fmt::format("{}", fmt::join(causes, ", "));
}

}  // namespace gpugap
