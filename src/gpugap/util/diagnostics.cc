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
      const std::string& text = lines[d.where.line - 1];
      out += "    " + text + "\n";
      // Columns count bytes; the caret line counts characters, so that it stays under the text
      // after a 'é', and tabs keep their width.
      auto continuation = [&](size_t i) {
        return (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80;
      };
      const size_t start =
          std::min(text.size(), static_cast<size_t>(std::max(0, d.where.column - 1)));
      std::string pad;
      for (size_t i = 0; i < start; ++i) {
        if (!continuation(i)) pad += text[i] == '\t' ? '\t' : ' ';
      }
      const size_t end = std::min(text.size(), start + std::max(1, d.where.length));
      int width = 0;
      for (size_t i = start; i < end; ++i) width += continuation(i) ? 0 : 1;
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
