#include "gpugap/report/workbook.h"

#ifndef GPUGAP_XLSXWRITER

namespace gpugap {

bool workbook_available() { return false; }

Result<WorkbookSummary> write_workbook(const Model&, const PointResults&, const std::string&) {
  return Diagnostic{{},
                    "this gpugap was built without libxlsxwriter: `export` is not available",
                    "install libxlsxwriter-dev (scripts/setup does), then configure and build "
                    "again"};
}

}  // namespace gpugap

#else

#include <fmt/format.h>
#include <stdlib.h>
#include <xlsxwriter.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "gpugap/engine/interpreter.h"
#include "gpugap/program/block.h"
#include "gpugap/report/excel_formula.h"
#include "gpugap/units/format.h"
#include "gpugap/util/atomic_file.h"

namespace gpugap {
namespace {

// Columns of both sheets: name, unit, then the value (a single value) and one column per year
// (a series), then the sheet's own columns.
constexpr lxw_col_t kNameColumn = 0;
constexpr lxw_col_t kUnitColumn = 1;
constexpr lxw_col_t kValueColumn = 2;
// Excel refuses a formula longer than 8192 characters: a longer one is written as values.
constexpr size_t kMaxFormula = 8000;

// What a cell holds of a base value: the value in the row's unit, except that a % cell holds the
// fraction (formatted as %), as Excel's percentages do.
double cell_scale(const Unit& unit) { return unit.is_percent() ? 1.0 : unit.scale; }

// The values of every quantity with each uncertain input's uniform at `u`: a scalar input drawn
// from one distribution is then at its u-quantile.
std::vector<double> values_at(const Model& model, const CompiledQuantity& q, double u) {
  Workspace workspace(model.program, 1);
  const std::vector<double> uniforms(model.program.leaves.size(), u);
  Sampling sampling;
  sampling.fixed = &uniforms;
  evaluate(model.program, workspace, 1, sampling);
  std::vector<double> out(q.value.length);
  for (uint32_t y = 0; y < q.value.length; ++y) out[y] = workspace.slot(q.value.slot + y)[0];
  return out;
}

class Writer {
 public:
  Writer(const Model& model, const PointResults& results, lxw_workbook* book)
      : m_(model), r_(results), book_(book) {}

  // The first error libxlsxwriter reported, or "".
  std::string write() {
    inputs_ = workbook_add_worksheet(book_, "Inputs");
    results_ = workbook_add_worksheet(book_, "Results");
    header_ = workbook_add_format(book_);
    format_set_bold(header_);
    percent_ = workbook_add_format(book_);
    format_set_num_format(percent_, "0.0##%");
    years_ = m_.years();
    place_quantities();
    write_headers(inputs_, {"p5", "p50", "p95", "formula", "source", "note"});
    write_headers(results_, {"formula", "source", "note"});
    for (size_t i = 0; i < m_.quantities.size(); ++i) write_quantity(static_cast<int>(i));
    return error_;
  }

  const WorkbookSummary& summary() const { return summary_; }

 private:
  void check(lxw_error e, const std::string& what) {
    if (e != LXW_NO_ERROR && error_.empty()) error_ = fmt::format("{}: {}", what, lxw_strerror(e));
  }

  bool is_input(int i) const {
    const CompiledQuantity& q = m_.quantities[i];
    return q.is_input() && q.block < 0;
  }

  // The first column after the values.
  lxw_col_t extra_column() const {
    return static_cast<lxw_col_t>(kValueColumn + 1 + years_.size());
  }
  // The column of year `y` of a series, or of a single value.
  lxw_col_t value_column(const CompiledQuantity& q, size_t y) const {
    return q.series ? static_cast<lxw_col_t>(kValueColumn + 1 + y) : kValueColumn;
  }

  // Rows and defined names: every quantity is a named cell, or a named row of cells by year.
  void place_quantities() {
    std::vector<std::string> names;
    for (const auto& def : m_.scenario.quantities) names.push_back(def.name);
    excel_names_ = excel_names(names);
    context_.first_year = m_.program.first_year;
    context_.years = static_cast<int>(m_.program.years);
    lxw_row_t next_input = 1, next_result = 1;
    rows_.resize(m_.quantities.size());
    for (size_t i = 0; i < m_.quantities.size(); ++i) {
      const CompiledQuantity& q = m_.quantities[i];
      bool input = is_input(static_cast<int>(i));
      lxw_row_t row = input ? next_input++ : next_result++;
      rows_[i] = row;
      context_.cells[names[i]] = {excel_names_[i], q.series, cell_scale(q.unit)};
      char ref[LXW_MAX_FORMULA_RANGE_LENGTH];
      lxw_col_t first = value_column(q, 0);
      lxw_col_t last = value_column(q, q.value.length - 1);
      lxw_rowcol_to_formula_abs(ref, input ? "Inputs" : "Results", row, first, row, last);
      check(workbook_define_name(book_, excel_names_[i].c_str(), ref),
            fmt::format("the name '{}' of '{}'", excel_names_[i], names[i]));
    }
  }

  void write_headers(lxw_worksheet* sheet, std::vector<std::string> extra) {
    worksheet_write_string(sheet, 0, kNameColumn, "name", header_);
    worksheet_write_string(sheet, 0, kUnitColumn, "unit", header_);
    worksheet_write_string(sheet, 0, kValueColumn, "value", header_);
    for (size_t y = 0; y < years_.size(); ++y) {
      worksheet_write_number(sheet, 0, static_cast<lxw_col_t>(kValueColumn + 1 + y), years_[y],
                             header_);
    }
    for (size_t k = 0; k < extra.size(); ++k) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(extra_column() + k), extra[k].c_str(),
                             header_);
    }
    worksheet_set_column(sheet, kNameColumn, kNameColumn, 30, nullptr);
    worksheet_set_column(sheet, kUnitColumn, kUnitColumn, 10, nullptr);
    worksheet_set_column(sheet, kValueColumn, extra_column() - 1, 14, nullptr);
    worksheet_set_column(sheet, extra_column(), static_cast<lxw_col_t>(extra_column() + 8), 40,
                         nullptr);
    worksheet_freeze_panes(sheet, 1, 1);
  }

  lxw_format* format_of(const CompiledQuantity& q) const {
    return q.unit.is_percent() ? percent_ : nullptr;
  }

  // A value in base units into its cell: the number in the row's unit, or "never" (+∞).
  void put(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const CompiledQuantity& q,
           double base) {
    if (std::isfinite(base)) {
      check(worksheet_write_number(sheet, row, col, base / cell_scale(q.unit), format_of(q)),
            "a value");
    } else {
      worksheet_write_string(sheet, row, col, base > 0 ? "never" : "not a number", nullptr);
    }
  }

  void comment(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& text) {
    lxw_comment_options options{};
    options.width = 320;  // room for a few lines of text (the default box is 128 × 74 pixels)
    options.height = 110;
    check(worksheet_write_comment_opt(sheet, row, col, text.c_str(), &options), "a comment");
  }

  void write_quantity(int i) {
    const CompiledQuantity& q = m_.quantities[i];
    const QuantityDef& def = m_.def(i);
    bool input = is_input(i);
    lxw_worksheet* sheet = input ? inputs_ : results_;
    lxw_row_t row = rows_[i];
    worksheet_write_string(sheet, row, kNameColumn, def.name.c_str(), nullptr);
    worksheet_write_string(sheet, row, kUnitColumn, unit_label(q.unit).c_str(), nullptr);
    std::string formula = def.text;
    if (def.is_year_table()) {  // "2024 = 100B, 2030 = 1.2T; fill linear"
      formula.clear();
      for (const YearEntry& entry : def.years) {
        formula += fmt::format("{}{} = {}", formula.empty() ? "" : ", ", entry.year, entry.text);
      }
      if (!def.fill.empty()) formula += "; fill " + def.fill;
    }
    lxw_col_t extra = extra_column();
    if (input) {
      ++summary_.inputs;
      write_input(i, row);
      extra += 3;
    } else {
      write_result(i, row);
    }
    worksheet_write_string(sheet, row, extra, formula.c_str(), nullptr);
    worksheet_write_string(sheet, row, extra + 1, def.source.c_str(), nullptr);
    worksheet_write_string(sheet, row, extra + 2, def.note.c_str(), nullptr);
  }

  void write_values(lxw_worksheet* sheet, int i, lxw_row_t row) {
    const CompiledQuantity& q = m_.quantities[i];
    for (size_t y = 0; y < r_.values[i].size(); ++y) {
      put(sheet, row, value_column(q, y), q, r_.values[i][y]);
    }
  }

  void write_input(int i, lxw_row_t row) {
    const CompiledQuantity& q = m_.quantities[i];
    write_values(inputs_, i, row);
    if (!q.uncertain) return;
    lxw_col_t p5 = extra_column();
    if (!q.series && q.leaves.size() == 1) {
      // One distribution: its 5th and 95th percentiles are the input at those uniforms.
      double low = values_at(m_, q, 0.05)[0], high = values_at(m_, q, 0.95)[0];
      put(inputs_, row, p5, q, std::min(low, high));
      put(inputs_, row, p5 + 1, q, r_.values[i][0]);
      put(inputs_, row, p5 + 2, q, std::max(low, high));
      comment(inputs_, row, kValueColumn,
              "Uncertain: the value is the median (p50), as in `gpugap run`; p5 and p95 beside "
              "it. Excel computes with this one value: for the distribution of the results, run "
              "`gpugap run` (Monte Carlo).");
    } else {
      comment(inputs_, row, value_column(q, 0),
              "Uncertain: the values are the medians, as in `gpugap run`; its percentiles need a "
              "Monte Carlo run (`gpugap run`).");
    }
  }

  // Why quantity i is written as values, or "" when its cells have Excel formulas (`cells`, by
  // year: a formula, or "" for a number the table gives, written as gpugap's value).
  std::string formulas(int i, std::vector<std::string>& cells) const {
    const CompiledQuantity& q = m_.quantities[i];
    if (q.block >= 0) {
      return fmt::format(
          "Computed by the [{}] block, which has no Excel formula: these are gpugap's values for "
          "the inputs as exported. Change an input here, and these cells stay as they are; "
          "export again with `gpugap export --set`.",
          m_.scenario.blocks[q.block]->name());
    }
    bool first_year =
        q.formula && q.formula->kind == ExprKind::kCall && q.formula->name == "first_year";
    for (double v : r_.values[i]) {
      if (!std::isfinite(v) && !first_year) {
        return "gpugap's value, not recomputed by Excel: never (+infinity), which Excel cannot "
               "hold.";
      }
    }
    std::string why_not;
    auto excel = [&](const Expr& e, size_t y) {
      ExcelFormula f = to_excel(e, context_, static_cast<int>(y));
      if (!f.ok() && why_not.empty()) why_not = f.why_not;
      if (f.text.size() > kMaxFormula && why_not.empty()) {
        why_not = "more terms than Excel's longest formula holds";
      }
      double scale = cell_scale(q.unit);
      return scale == 1 ? "=" + f.text : fmt::format("=({})/{}", f.text, excel_number(scale));
    };
    if (q.formula) {
      for (size_t y = 0; y < r_.values[i].size(); ++y) cells.push_back(excel(*q.formula, y));
    } else {
      year_table(i, excel, cells);
    }
    if (why_not.empty()) return "";
    return fmt::format("gpugap's value, not recomputed by Excel: its formula has {}.", why_not);
  }

  // A yearly table: each given year's formula (a number where it names nothing), and the years
  // between as the table's fill says, from the given years' cells.
  template <class Excel>
  void year_table(int i, Excel& excel, std::vector<std::string>& cells) const {
    const CompiledQuantity& q = m_.quantities[i];
    const QuantityDef& def = m_.def(i);
    int years = static_cast<int>(r_.values[i].size());
    std::vector<int> entry(years, -1);
    for (size_t k = 0; k < def.years.size(); ++k) {
      int y = def.years[k].year - m_.program.first_year;
      if (y >= 0 && y < years && q.year_formulas[k]) entry[y] = static_cast<int>(k);
    }
    const std::string& self = excel_names_[i];
    auto cell = [&](int y) { return fmt::format("INDEX({},1,{})", self, y + 1); };
    for (int y = 0; y < years; ++y) {
      if (entry[y] >= 0) {
        bool names = false;
        visit_names(*q.year_formulas[entry[y]], [&](const Expr&) { names = true; });
        cells.push_back(names ? excel(*q.year_formulas[entry[y]], y) : "");
        continue;
      }
      int before = y - 1, after = y + 1;
      while (before >= 0 && entry[before] < 0) --before;
      while (after < years && entry[after] < 0) ++after;
      if (def.fill == "zero") {
        cells.push_back("");
      } else if (def.fill == "linear" && before >= 0 && after < years) {
        double k = static_cast<double>(y - before) / (after - before);
        cells.push_back(
            fmt::format("={0}+({1}-{0})*{2}", cell(before), cell(after), excel_number(k)));
      } else if (def.fill == "geometric" && before >= 0 && after < years) {
        // Constant growth between the given years (compile/year_tables.cc).
        double k = static_cast<double>(y - before) / (after - before);
        cells.push_back(
            fmt::format("={0}*({1}/{0})^{2}", cell(before), cell(after), excel_number(k)));
      } else {
        cells.push_back("=" + cell(before >= 0 ? before : after));
      }
    }
  }

  void write_result(int i, lxw_row_t row) {
    const CompiledQuantity& q = m_.quantities[i];
    std::vector<std::string> cells;
    std::string why_not = formulas(i, cells);
    if (!why_not.empty()) {
      ++summary_.values;
      write_values(results_, i, row);
      comment(results_, row, value_column(q, 0), why_not);
      return;
    }
    ++summary_.formulas;
    for (size_t y = 0; y < cells.size(); ++y) {
      double value = r_.values[i][y];
      lxw_col_t col = value_column(q, y);
      if (cells[y].empty()) {
        put(results_, row, col, q, value);
      } else if (!std::isfinite(value)) {  // first_year(): "never"
        check(worksheet_write_formula_str(results_, row, col, cells[y].c_str(), nullptr, "never"),
              fmt::format("the formula of '{}'", m_.def(i).name));
      } else {
        check(worksheet_write_formula_num(results_, row, col, cells[y].c_str(), format_of(q),
                                          value / cell_scale(q.unit)),
              fmt::format("the formula of '{}'", m_.def(i).name));
      }
    }
  }

  const Model& m_;
  const PointResults& r_;
  lxw_workbook* book_;
  lxw_worksheet* inputs_ = nullptr;
  lxw_worksheet* results_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* percent_ = nullptr;
  std::vector<int> years_;
  std::vector<std::string> excel_names_;
  std::vector<lxw_row_t> rows_;
  ExcelContext context_;
  WorkbookSummary summary_;
  std::string error_;
};

// A private folder for libxlsxwriter's file and its temporary files, removed on destruction.
struct ScratchFolder {
  std::filesystem::path path;
  ScratchFolder() {
    std::error_code ec;
    std::string pattern = (std::filesystem::temp_directory_path(ec) / "gpugap-export-XXXXXX");
    if (ec) pattern = "/tmp/gpugap-export-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~ScratchFolder() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

bool workbook_available() { return true; }

Result<WorkbookSummary> write_workbook(const Model& model, const PointResults& results,
                                       const std::string& path) {
  // The target first: a path that cannot be written is refused before any work.
  AtomicFile file(path);
  if (!file.is_open()) return Diagnostic{{}, file.error(), ""};
  ScratchFolder scratch;
  if (scratch.path.empty()) {
    return Diagnostic{{}, "cannot make a temporary folder for the workbook", "check $TMPDIR"};
  }
  std::string book_path = (scratch.path / "book.xlsx").string();
  std::string tmpdir = scratch.path.string();
  lxw_workbook_options options{};
  options.tmpdir = tmpdir.data();
  lxw_workbook* book = workbook_new_opt(book_path.c_str(), &options);
  if (book == nullptr) return Diagnostic{{}, "libxlsxwriter could not start a workbook", ""};
  Writer writer(model, results, book);
  std::string error = writer.write();
  lxw_error closed = workbook_close(book);  // writes the file and frees the workbook
  if (error.empty() && closed != LXW_NO_ERROR) error = lxw_strerror(closed);
  if (!error.empty()) {
    return Diagnostic{{}, fmt::format("cannot write the workbook '{}': {}", path, error), ""};
  }
  std::ifstream in(book_path, std::ios::binary);
  file.stream() << in.rdbuf();
  if (!in || !file.stream() || !file.commit()) {
    return Diagnostic{
        {}, file.error().empty() ? fmt::format("cannot write '{}'", path) : file.error(), ""};
  }
  return writer.summary();
}

}  // namespace gpugap

#endif
