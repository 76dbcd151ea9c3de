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
      // Tabs keep their width in the caret line so that the caret stays under the text.
      std::string pad;
      for (int i = 0; i < d.where.column - 1 && i < static_cast<int>(text.size()); ++i) {
        pad += text[i] == '\t' ? '\t' : ' ';
      }
      int length = std::max(1, d.where.length);
      int room = static_cast<int>(text.size()) - (d.where.column - 1);
      if (room > 0) length = std::min(length, room);
      out += "    " + pad + "^" + std::string(length - 1, '~') + "\n";
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
