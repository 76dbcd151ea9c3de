// Accounting depreciation as spreadsheets define it: the Excel / LibreOffice functions SLN, SYD,
// DDB, VDB and DB, and the yearly schedule of one asset under each of them. The fleet model
// (blocks/fleet_model.h) applies a schedule to every vintage of GPUs. Pure functions of their
// arguments, safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gpugap {

// The spreadsheet functions, with the spreadsheets' argument order and definitions. `period` is
// 1-based; arguments outside a function's domain (life <= 0, period < 1, …) give NaN, where a
// spreadsheet gives #NUM!.
double sln(double cost, double salvage, double life);
double syd(double cost, double salvage, double life, double period);
// Double (or `factor`) declining balance, never below salvage; no switch to straight line.
double ddb(double cost, double salvage, double life, double period, double factor = 2);
// Fixed declining balance at rate 1 - (salvage/cost)^(1/life) rounded to three decimals; the first
// year has `months` months, the remainder falls in period life + 1.
double db(double cost, double salvage, double life, double period, double months = 12);
// Declining balance from whole period `start` to whole period `end` (0 ≤ start ≤ end ≤ life),
// switching to straight line when that depreciates more, unless `no_switch`.
double vdb(double cost, double salvage, double life, double start, double end, double factor = 2,
           bool no_switch = false);

enum class DepreciationMethod {
  kStraightLine,
  kSumOfYears,
  kDoubleDeclining,
  kVariableDeclining,
  kFixedDeclining
};

// "SLN", "SYD", "DDB", "VDB", "DB" (as the spreadsheets name them).
std::optional<DepreciationMethod> parse_depreciation_method(std::string_view name);
std::vector<std::string> depreciation_method_names();
const char* depreciation_method_name(DepreciationMethod method);
// Whether the method takes a partial first year (SLN pro rata, DB's `months`).
bool supports_partial_first_year(DepreciationMethod method);

struct DepreciationRule {
  DepreciationMethod method = DepreciationMethod::kStraightLine;
  double life = 5;                // years; may be fractional
  double salvage = 0;             // fraction of cost left at the end of the life
  double factor = 2;              // DDB and VDB
  double first_year_months = 12;  // SLN and DB: months of service in the first year
};

// The fraction of an asset's cost depreciated in each of the years 1 … `years` after purchase
// (out[0] is the year of purchase). Every method ends exactly at salvage: the last year of the
// life takes whatever is left above it (for DDB, whose balance never reaches salvage, and DB,
// whose rate is rounded, this last year differs from the spreadsheet function; see
// docs/fleet-model.md). Returns false, leaving `out` undefined, for a rule outside the functions'
// domain (life <= 0, salvage outside [0, 1), factor <= 0, months outside 1..12).
bool depreciation_schedule(const DepreciationRule& rule, int years, double* out);

}  // namespace gpugap
