#include "gpugap/util/diagnostics.h"

#include <fmt/format.h>

#include <algorithm>

#include "gpugap/util/text.h"

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
  // A message may quote the file (a bad number, a name): never its raw bytes.
  const std::string message = escape_unprintable(d.message);
  std::string out;
  if (d.where.known()) {
    out = fmt::format("{}:{}:{}: error: {}\n", d.where.source->path, d.where.line, d.where.column,
                      message);
    const auto& lines = d.where.source->lines;
    if (d.where.line <= static_cast<int>(lines.size())) {
      const std::string& line = lines[d.where.line - 1];
      auto continuation = [](const std::string& t, size_t i) {
        return i < t.size() && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80;
      };
      size_t start = std::min(line.size(), static_cast<size_t>(std::max(0, d.where.column - 1)));
      size_t end = std::min(line.size(), start + std::max(1, d.where.length));
      // A long line (a formula 10,000 characters deep) shows as a window around the place; a
      // line of binary bytes, each shown as \xHH, as a narrower one.
      bool binary = false;
      for (size_t i = 0; i < line.size() && !binary;) {
        size_t n = printable_length(line, i);
        binary = n == 0;
        i += n;
      }
      const size_t kContext = binary ? 16 : 100;
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
      // Columns count bytes; the caret line counts characters, so that it stays under the text
      // after a 'é', and tabs keep their width. A byte that is no printable character (a binary
      // file) shows as \xHH, four characters wide.
      std::string shown, pad;
      int width = 0;
      for (size_t i = 0; i < text.size();) {
        size_t n = printable_length(text, i);
        std::string piece = n == 0 ? fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]))
                                   : text.substr(i, n);
        int columns = n == 0 ? 4 : 1;
        if (i < start) {
          pad +=
              text[i] == '\t' ? std::string("\t") : std::string(static_cast<size_t>(columns), ' ');
        } else if (i < end) {
          width += columns;
        }
        shown += piece;
        i += std::max<size_t>(n, 1);
      }
      out += "    " + shown + "\n";
      out += "    " + pad + "^" + std::string(std::max(1, width) - 1, '~') + "\n";
    }
  } else if (d.where.source) {
    out = fmt::format("{}: error: {}\n", d.where.source->path, message);
  } else {
    out = fmt::format("error: {}\n", message);
  }
  if (!d.hint.empty()) out += "hint: " + escape_unprintable(d.hint) + "\n";
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
