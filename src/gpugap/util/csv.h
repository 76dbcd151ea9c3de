// Reading the data files (data/*.csv): a thin wrapper over Debian's fast-cpp-csv-parser
// (libfccp-dev) that reads the named columns, in any order, into strings, and turns the
// parser's exceptions into a `file:line: error` diagnostic. Quoted fields ("a, b") are allowed,
// but not a line break inside one; blank lines are ignored (line numbers stay the file's).
#pragma once

// The parser's error path copies its file name with strncpy, which GCC flags once inlined.
// (clang has no such warning, and warns about the unknown name.)
#pragma GCC diagnostic push
#if !defined(__clang__)
#pragma GCC diagnostic ignored "-Wstringop-truncation"
#endif
#define CSV_IO_NO_THREAD
#include <libfccp/csv.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
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

// The parser's message without its " in line N in file "F"." (the diagnostic says where, with
// the file's own line number): "Too few columns".
inline std::string without_place(std::string message) {
  for (const char* place : {" in line ", " in file "}) {
    if (auto at = message.find(place); at != std::string::npos) message.resize(at);
  }
  return message;
}

// Parses `text`, the contents of the CSV file `path` (for messages), which must have every one of
// `names` in its header (other columns are ignored): for a caller that has read the file already.
template <class... Names>
Result<CsvTable> parse_csv(const std::string& path, std::string_view text, Names... names) {
  constexpr unsigned kColumns = sizeof...(Names);
  CsvTable table;
  table.path = path;
  table.columns = {std::string(names)...};
  const std::string columns_hint =
      fmt::format("expected the columns {}", fmt::join(table.columns, ", "));
  // Blank lines are no row (editors leave them at the end, people separate groups of rows with
  // them): the parser reads the lines that are not blank, and its line numbers are mapped back.
  std::string lines;
  std::vector<int> file_lines{0};  // file_lines[k]: the file's line of the parser's line k
  for (size_t pos = 0, line = 1; pos < text.size(); ++line) {
    const size_t next = std::min(text.find('\n', pos), text.size() - 1) + 1;
    const std::string_view piece(text.data() + pos, next - pos);
    if (piece.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      lines.append(piece);
      file_lines.push_back(static_cast<int>(line));
    }
    pos = next;
  }
  // Every line ends in '\n', the last one too: the parser looks for the end of a line by reading
  // the byte at its buffer's end before it compares the position with the end, so a last line
  // without '\n' makes it read a byte it never wrote — when that byte happens to be '\n' (heap
  // reused from an earlier file), it runs past the end of the data (an assertion in the
  // WebAssembly build, phantom rows in a release build).
  if (!lines.empty() && lines.back() != '\n') lines.push_back('\n');
  auto file_line = [&](int k) {
    return k > 0 && k < static_cast<int>(file_lines.size()) ? file_lines[k] : 0;
  };
  try {
    io::CSVReader<kColumns, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>> reader(
        path, lines.data(), lines.data() + lines.size());
    reader.read_header(io::ignore_extra_column, names...);
    std::array<std::string, kColumns> fields;
    while (std::apply([&](auto&... f) { return reader.read_row(f...); }, fields)) {
      table.rows.push_back(
          {file_line(static_cast<int>(reader.get_file_line())), {fields.begin(), fields.end()}});
    }
  } catch (const io::error::escaped_string_not_closed& e) {
    return Diagnostic{{SourceText::from_string(path, ""), file_line(e.file_line), 1, 1},
                      "malformed CSV: a quoted field is not closed on its line (a field cannot "
                      "hold a line break)",
                      "close the quote on the same line; write a line break inside a field as "
                      "a space or '; '"};
  } catch (const io::error::base& e) {
    int line = 0;
    if (auto* with_line = dynamic_cast<const io::error::with_file_line*>(&e)) {
      line = file_line(with_line->file_line);
    }
    return Diagnostic{{SourceText::from_string(path, ""), line, 1, 1},
                      fmt::format("malformed CSV: {}", without_place(e.what())),
                      columns_hint};
  }
  return table;
}

// Reads `path` and parses it as parse_csv() does.
template <class... Names>
Result<CsvTable> read_csv(const std::string& path, Names... names) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Diagnostic{
        {},
        fmt::format("cannot open the CSV file '{}'", path),
        fmt::format("expected the columns {}",
                    fmt::join(std::vector<std::string>{std::string(names)...}, ", "))};
  }
  std::ostringstream buffer;
  buffer << file.rdbuf();
  return parse_csv(path, buffer.str(), names...);
}

#pragma GCC diagnostic pop

}  // namespace gpugap
