// `gpugap diff A B`: every quantity whose definition or value differs between two scenarios,
// with both values, the change, and the changed inputs that caused it. Series are compared year
// by year (over the years both scenarios have); a row shows the year of the largest change.
// Quantities of different dimensions, or a series against a single value, are "not comparable".
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "gpugap/analysis/statistics.h"  // same_value
#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

struct DiffRow {
  std::string name;
  std::string change;          // "value", "formula", "input", "only in A", "only in B"
  std::string a_text, b_text;  // shown values; a series' are labelled with their year
  double a = 0, b = 0;         // in B's unit (A's when only in A or not comparable)
  std::string unit;
  std::vector<std::string> caused_by;  // changed definitions upstream (not itself: see change)
  int year = -1;                       // a series' year shown: the largest change; else -1
  int years = 0, years_differing = 0;  // a series': years compared, and how many differ
  bool comparable = true;              // false: different dimensions, or series vs single value
  std::string a_unit;                  // A's unit, when not comparable
  std::string not_comparable;          // why: "USD/yr vs USD", "a series vs a single value"
  bool year_valued = false;            // a year (first_year() and the like): +inf is "never"
};

std::vector<DiffRow> diff_models(const Model& a, const PointResults& ra, const Model& b,
                                 const PointResults& rb);

// The change a row shows: "-$75B (-25.0%)", "+5.56 pp (+33.3%)" (percentages differ in
// points), "same value", "not comparable (…)"; with "; N of M years differ" for a series; empty
// for a quantity in one scenario only (its `change` says which).
std::string change_text(const DiffRow& row);

// What caused a row's change: "its definition" (a changed input or formula), then the changed
// quantities upstream: "its definition, gpu_runrate". Empty for a quantity in one scenario only.
std::string cause_text(const DiffRow& row);

// A row as `gpugap diff --format json` and `POST /api/diff` give it: the values (null on the side
// that lacks the quantity), unit, causes, the year shown, and why it is not comparable.
nlohmann::ordered_json diff_row_json(const DiffRow& row);

}  // namespace gpugap
