#include "gpugap/report/diff.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "gpugap/report/format.h"

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

bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    bool both_inf = std::isinf(a[i]) && std::isinf(b[i]) && (a[i] > 0) == (b[i] > 0);
    if (!both_inf && std::abs(a[i] - b[i]) > 1e-12 * std::max(std::abs(a[i]), std::abs(b[i]))) {
      return false;
    }
  }
  return true;
}

// Quantity indices of B upstream of `index`, itself included.
void upstream(const Model& m, int index, std::set<int>& seen) {
  if (!seen.insert(index).second) return;
  for (int d : m.quantities[index].dependencies) upstream(m, d, seen);
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
  auto last = [](const std::vector<double>& v) { return v.back(); };
  for (size_t i = 0; i < a.quantities.size(); ++i) {
    const std::string& name = a.def(static_cast<int>(i)).name;
    if (b.index_of(name) < 0) {
      DiffRow row;
      row.name = name;
      row.change = "only in A";
      row.a_text = format_value(last(ra.values[i]), a.quantities[i].unit);
      row.b_text = "-";
      row.a = in_unit(last(ra.values[i]), a.quantities[i].unit);
      row.unit = unit_label(a.quantities[i].unit);
      rows.push_back(row);
    }
  }
  for (size_t i = 0; i < b.quantities.size(); ++i) {
    int bi = static_cast<int>(i);
    const std::string& name = b.def(bi).name;
    const Unit& unit = b.quantities[i].unit;
    int ai = a.index_of(name);
    DiffRow row;
    row.name = name;
    row.unit = unit_label(unit);
    row.b = in_unit(last(rb.values[i]), unit);
    row.b_text = format_value(last(rb.values[i]), unit);
    if (ai < 0) {
      row.change = "only in B";
      row.a_text = "-";
    } else {
      bool definition = changed.count(bi) > 0;
      bool value = !same_values(ra.values[ai], rb.values[i]);
      if (!definition && !value) continue;
      row.change = definition ? "formula" : "value";
      if (definition && a.def(ai).text != b.def(bi).text && a.quantities[ai].is_input() &&
          b.quantities[i].is_input()) {
        row.change = "input";
      }
      row.a = in_unit(last(ra.values[ai]), unit);
      row.a_text = format_value(last(ra.values[ai]), unit);
    }
    std::set<int> up;
    upstream(b, bi, up);
    for (int u : up) {
      if (changed.count(u)) row.caused_by.push_back(b.def(u).name);
    }
    rows.push_back(row);
  }
  return rows;
}

}  // namespace gpugap
