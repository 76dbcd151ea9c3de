// Reading the data files (data/*.csv): a thin wrapper over Debian's fast-cpp-csv-parser
// (libfccp-dev) that reads the named columns, in any order, into strings, and turns the
// parser's exceptions into a `file:line: error` diagnostic. Quoted fields ("a, b") are allowed.
#pragma once

// The parser's error path copies its file name with strncpy, which GCC flags once inlined.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#define CSV_IO_NO_THREAD
#include <libfccp/csv.h>

#include <fmt/format.h>

#include <array>
#include <string>
#include <tuple>
#include <vector>

#include "gpugap/util/diagnostics.h"

namespace gpugap {

struct CsvRow {
  int line = 0;                     // 1-based line in the file
  std::vector<std::string> fields;  // parallel to CsvTable::columns
};

struct CsvTable {
  std::string path;
  std::vector<std::string> columns;
  std::vector<CsvRow> rows;

  // The field of `row` in column `name` (which must be one of `columns`).
  const std::string& get(const CsvRow& row, const std::string& name) const {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == name) return row.fields[i];
    }
    static const std::string empty;
    return empty;
  }
  SourceLocation where(const CsvRow& row) const {
    return {SourceText::from_string(path, ""), row.line, 1, 1};
  }
};

// Reads `path`, which must have every one of `names` in its header (other columns are ignored).
template <class... Names>
Result<CsvTable> read_csv(const std::string& path, Names... names) {
  constexpr unsigned kColumns = sizeof...(Names);
  CsvTable table;
  table.path = path;
  table.columns = {std::string(names)...};
  try {
    io::CSVReader<kColumns, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>> reader(
        path);
    reader.read_header(io::ignore_extra_column, names...);
    std::array<std::string, kColumns> fields;
    while (std::apply([&](auto&... f) { return reader.read_row(f...); }, fields)) {
      table.rows.push_back(
          {static_cast<int>(reader.get_file_line()), {fields.begin(), fields.end()}});
    }
  } catch (const io::error::base& e) {
    int line = 0;
    if (auto* with_line = dynamic_cast<const io::error::with_file_line*>(&e)) {
      line = with_line->file_line;
    }
    return Diagnostic{{SourceText::from_string(path, ""), line > 0 ? line : 0, 1, 1},
                      fmt::format("malformed CSV: {}", e.what()),
                      fmt::format("expected the columns {}", fmt::join(table.columns, ", "))};
  }
  return table;
}

#pragma GCC diagnostic pop

}  // namespace gpugap
