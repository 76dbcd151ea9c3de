#include "gpugap/scenario/string_origin.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace gpugap {
namespace {

using Position = TextOrigin::Position;

bool blank(std::string_view text) {
  return text.find_first_not_of(" \t") == std::string_view::npos;
}

// The bytes of UTF-8 that a \u, \U or \x escape decodes to.
size_t utf8_length(unsigned long code_point) {
  return code_point < 0x80 ? 1 : code_point < 0x800 ? 2 : code_point < 0x10000 ? 3 : 4;
}

// Walks the raw string from `start` beside its decoded `text`, recording where each decoded byte
// came from. Returns null when the string holds no escape (counting characters is then exact)
// or when the two do not line up (a form this walk does not know: better no map than a wrong one).
std::shared_ptr<const std::vector<Position>> escaped_positions(const SourceText& source,
                                                               const TextOrigin& start,
                                                               std::string_view text,
                                                               bool multi_line) {
  const auto& lines = source.lines;
  std::vector<Position> positions;
  positions.reserve(text.size() + 1);
  int line = start.line;
  size_t column = static_cast<size_t>(start.column - 1);
  bool escaped = false;
  while (positions.size() < text.size()) {
    if (line < 1 || line > static_cast<int>(lines.size())) return nullptr;
    std::string_view raw = lines[line - 1];
    Position here{line, static_cast<int>(column) + 1};
    char expected = text[positions.size()];
    if (column >= raw.size()) {  // a line break inside a multi-line string
      if (!multi_line || expected != '\n') return nullptr;
      positions.push_back(here);
      ++line;
      column = 0;
      continue;
    }
    char c = raw[column];
    if (c != '\\') {
      if (c != expected) return nullptr;
      positions.push_back(here);
      ++column;
      continue;
    }
    escaped = true;
    if (blank(raw.substr(column + 1))) {
      // A line-ending backslash: the text goes on at the next character that is not blank.
      if (!multi_line) return nullptr;
      ++line;
      column = 0;
      while (line <= static_cast<int>(lines.size()) && blank(lines[line - 1])) ++line;
      if (line <= static_cast<int>(lines.size())) {
        column = lines[line - 1].find_first_not_of(" \t");
      }
      continue;
    }
    char kind = column + 1 < raw.size() ? raw[column + 1] : '\0';
    size_t raw_length = 2, bytes = 1;
    if (kind == 'u' || kind == 'U' || kind == 'x') {
      size_t digits = kind == 'u' ? 4 : kind == 'U' ? 8 : 2;
      std::string hex(raw.substr(column + 2, digits));
      bytes = utf8_length(std::strtoul(hex.c_str(), nullptr, 16));
      raw_length += digits;
    }
    for (size_t b = 0; b < bytes && positions.size() < text.size(); ++b) positions.push_back(here);
    column += raw_length;
  }
  positions.push_back({line, static_cast<int>(column) + 1});
  if (!escaped) return nullptr;
  return std::make_shared<const std::vector<Position>>(std::move(positions));
}

}  // namespace

int byte_column(const SourceText& source, int line, int column) {
  if (line < 1 || line > static_cast<int>(source.lines.size())) return column;
  std::string_view text = source.lines[line - 1];
  size_t at = 0;
  int character = 1;
  for (; character < column && at < text.size(); ++character) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
  }
  return static_cast<int>(at) + 1 + (column - character);  // past the end: one byte a column
}

TextOrigin origin_of_string(const std::shared_ptr<const SourceText>& source, int line, int column,
                            std::string_view text) {
  TextOrigin origin{source, line, column, nullptr};
  const auto& lines = source->lines;
  if (line < 1 || line > static_cast<int>(lines.size())) return origin;
  std::string_view first = lines[line - 1];
  size_t at = static_cast<size_t>(column - 1);
  if (at >= first.size()) return origin;
  bool multi_line = first.substr(at, 3) == "\"\"\"" || first.substr(at, 3) == "'''";
  bool basic = first[at] == '"';
  if (multi_line) {
    // toml++ drops a line break right after the opening delimiter.
    if (at + 3 >= first.size()) {
      ++origin.line;
      origin.column = 1;
    } else {
      origin.column += 3;
    }
  } else if (first[at] == '"' || first[at] == '\'') {
    origin.column += 1;
  } else {
    return origin;  // a number
  }
  if (basic) origin.positions = escaped_positions(*source, origin, text, multi_line);
  return origin;
}

}  // namespace gpugap
