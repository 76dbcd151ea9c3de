// A scenario as an Excel workbook that recomputes (`gpugap export`, docs/excel.md), written with
// libxlsxwriter. Sheet "Inputs": every input's value (the median of an uncertain one, with its p5,
// p50 and p95), unit, formula, source and note; sheet "Results": every other quantity, as an
// Excel formula over the defined names of the cells it names (report/excel_formula.h), with
// gpugap's value cached in it. A series is a row by year. What Excel cannot compute (a block's
// outputs, a distribution, first_year()) is written as gpugap's values with a comment saying so.
// A cell holds the value in the unit of its row (a % cell holds the fraction, formatted as %, as
// Excel does), so it is the number `gpugap run --format json` gives (÷ 100 for %).
#pragma once

#include <string>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

// False when gpugap was built without libxlsxwriter (scripts/setup installs it).
bool workbook_available();

// What a workbook holds: rows of inputs, of results with Excel formulas, of results as values.
struct WorkbookSummary {
  int inputs = 0;
  int formulas = 0;
  int values = 0;
};

// Writes the workbook to `path` atomically (util/atomic_file.h): the whole file or nothing.
// Fails, with the reason, when the path cannot be written or gpugap has no libxlsxwriter.
Result<WorkbookSummary> write_workbook(const Model& model, const PointResults& results,
                                       const std::string& path);

}  // namespace gpugap
