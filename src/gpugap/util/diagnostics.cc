#include "gpugap/util/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>

namespace gpugap {

std::shared_ptr<const SourceText> SourceText::from_string(std::string path, std::string_view text) {
  auto source = std::make_shared<SourceText>();
  source->path = std::move(path);
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    source->lines.emplace_back(line);
    start = end + 1;
  }
  return source;
}

std::string format_diagnostic(const Diagnostic& d) {
  std::string out;
  if (d.where.known()) {
    out = fmt::format("{}:{}:{}: error: {}\n", d.where.source->path, d.where.line, d.where.column,
                      d.message);
    const auto& lines = d.where.source->lines;
    if (d.where.line <= static_cast<int>(lines.size())) {
      const std::string& line = lines[d.where.line - 1];
      auto continuation = [](const std::string& t, size_t i) {
        return i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80;
      };
      size_t start = std::min(line.size(), static_cast<size_t>(std::max(0, d.where.column - 1)));
      size_t end = std::min(line.size(), start + std::max(1, d.where.length));
      // A long line (a formula 10,000 characters deep) shows as a window around the place.
      constexpr size_t kContext = 100;
      size_t lo = 0, hi = line.size();
      if (line.size() > 3 * kContext) {
        lo = start > kContext ? start - kContext : 0;
        hi = std::min(line.size(), std::max(end, start + 1) + kContext);
        while (lo > 0 && continuation(line, lo)) --lo;
        while (hi < line.size() && continuation(line, hi)) ++hi;
      }
      const std::string text =
          (lo > 0 ? "…" : "") + line.substr(lo, hi - lo) + (hi < line.size() ? "…" : "");
      const size_t shift = lo > 0 ? std::string("…").size() : 0;
      start = start - lo + shift;
      end = std::min(end, hi) - lo + shift;
      out += "    " + text + "\n";
      // Columns count bytes; the caret line counts characters, so that it stays under the text
      // after a 'é', and tabs keep their width.
      std::string pad;
      for (size_t i = 0; i < start; ++i) {
        if (!continuation(text, i)) pad += text[i] == '\t' ? '\t' : ' ';
      }
      int width = 0;
      for (size_t i = start; i < end; ++i) width += continuation(text, i) ? 0 : 1;
      out += "    " + pad + "^" + std::string(std::max(1, width) - 1, '~') + "\n";
    }
  } else if (d.where.source) {
    out = fmt::format("{}: error: {}\n", d.where.source->path, d.message);
  } else {
    out = fmt::format("error: {}\n", d.message);
  }
  if (!d.hint.empty()) out += "hint: " + d.hint + "\n";
  return out;
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += format_diagnostic(d);
  return out;
}

SourceLocation TextOrigin::locate(std::string_view text, size_t offset, size_t length) const {
  SourceLocation where{source, line, column, static_cast<int>(std::max<size_t>(length, 1))};
  offset = std::min(offset, text.size());
  if (positions && positions->size() == text.size() + 1) {
    const Position& begin = (*positions)[offset];
    const Position& end = (*positions)[std::min(offset + length, text.size())];
    where.line = begin.line;
    where.column = begin.column;
    if (end.line == begin.line && end.column > begin.column)
      where.length = end.column - begin.column;
    return where;
  }
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

}  // namespace gpugap
