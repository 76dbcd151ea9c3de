// Tables for the terminal, as every command prints them: columns padded to their widest cell
// (widths in code points, so that "→", "·" and "—" count as one column), text left-aligned and
// numbers right-aligned, two spaces between columns, no blanks at the end of a line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gpugap {

enum class Align { kLeft, kRight };

struct TextTable {
  std::vector<Align> align;       // per column; a column not listed is left-aligned
  std::vector<size_t> min_width;  // per column, optional: widths shared with another table
  std::string indent = "  ";      // before every line
  std::vector<std::vector<std::string>> rows;  // a header is a row like the others

  void add(std::vector<std::string> row) { rows.push_back(std::move(row)); }
  // The widths the columns take (at least min_width).
  std::vector<size_t> widths() const;
  // One line per row. A last cell that is left-aligned is not padded: a free text (a formula,
  // a source) may run on.
  std::string render() const;
};

// Columns a text takes on a terminal: its code points.
size_t display_width(std::string_view text);
std::string pad_right(std::string_view text, size_t width);
std::string pad_left(std::string_view text, size_t width);
// At most `width` code points, the last an ellipsis when cut.
std::string shorten(std::string_view text, size_t width);

}  // namespace gpugap
