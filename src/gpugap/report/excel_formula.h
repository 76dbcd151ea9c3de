// A formula of gpugap as an Excel formula (for `gpugap export`, report/workbook.h): the syntax
// tree (expr/ast.h) printed with Excel's operators, functions and precedence, each name replaced
// by the defined name of its cell, in the units the cell holds. And the defined names themselves:
// gpugap's names made valid Excel names that cannot be read as a cell reference or a function.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "gpugap/expr/ast.h"

namespace gpugap {

// How a quantity sits in the workbook, as the formulas that name it see it.
struct ExcelCell {
  std::string name;  // its defined name: one cell, or a row of cells by year for a series
  bool series = false;
  double scale = 1;  // value in base units = the cell's value × scale (1000 for kW; 1 for %)
};

struct ExcelContext {
  std::unordered_map<std::string, ExcelCell> cells;  // by gpugap name
  int first_year = 0;                                // of the time axis
  int years = 1;                                     // its length (1 without [time])
};

// An Excel formula without its '=', or why the expression has none (`why_not` not empty).
struct ExcelFormula {
  std::string text;
  std::string why_not;
  bool ok() const { return why_not.empty(); }
};

// `expr` for the year at `year_index` of the time axis (0 for a single value), its value in base
// units. Operators keep their meaning under Excel's precedence (-a^2 is -(a^2), a^b^c is a^(b^c));
// comparisons, `and`, `or` and `not` give 1 or 0, as in gpugap; a series named in a year's cell is
// INDEX(name,1,year); sum, mean, cumsum, lag, at, growth and npv are written out year by year.
// first_year() is nested IFs that give the text "never" when no year qualifies. Distributions and
// intervals have no Excel formula.
ExcelFormula to_excel(const Expr& expr, const ExcelContext& context, int year_index = 0);

// A number as Excel reads it back exactly: "150000000000", "0.5", "1.5E-20"; "(-2)" for a negative.
std::string excel_number(double value);

// True when `name` cannot be an Excel defined name as it is: it reads as a cell reference (A1 or
// R1C1 style: "ai1", "xfd1048576", "r1c1", "r", "c"), a boolean, or a function's name.
bool excel_reserved(const std::string& name);

// Defined names for gpugap's names, parallel to `names`: characters Excel does not allow in a
// name ('.') become '_', a reserved name gets a trailing '_' ("ai1" → "ai1_"), and a name that
// would equal an earlier one (Excel's names ignore case) gets "_2", "_3", ….
std::vector<std::string> excel_names(const std::vector<std::string>& names);

}  // namespace gpugap
