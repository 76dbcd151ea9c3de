#include "gpugap/report/text_table.h"

#include <algorithm>

namespace gpugap {

size_t display_width(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string pad_right(std::string_view text, size_t width) {
  const size_t w = display_width(text);
  return std::string(text) + std::string(w >= width ? 0 : width - w, ' ');
}

std::string pad_left(std::string_view text, size_t width) {
  const size_t w = display_width(text);
  return std::string(w >= width ? 0 : width - w, ' ') + std::string(text);
}

std::string shorten(std::string_view text, size_t width) {
  if (display_width(text) <= width || width == 0) return std::string(text);
  size_t points = 0, cut = text.size();
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (points == width - 1) {
        cut = i;
        break;
      }
      ++points;
    }
  }
  return std::string(text.substr(0, cut)) + "…";
}

std::vector<size_t> TextTable::widths() const {
  std::vector<size_t> out = min_width;
  for (const auto& row : rows) {
    if (out.size() < row.size()) out.resize(row.size(), 0);
    for (size_t c = 0; c < row.size(); ++c) out[c] = std::max(out[c], display_width(row[c]));
  }
  return out;
}

std::string TextTable::render() const {
  const std::vector<size_t> width = widths();
  std::string out;
  for (const auto& row : rows) {
    std::string line = indent;
    for (size_t c = 0; c < row.size(); ++c) {
      if (c > 0) line += "  ";
      const bool right = c < align.size() && align[c] == Align::kRight;
      if (right) {
        line += pad_left(row[c], width[c]);
      } else {
        line += c + 1 == row.size() ? row[c] : pad_right(row[c], width[c]);
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace gpugap
