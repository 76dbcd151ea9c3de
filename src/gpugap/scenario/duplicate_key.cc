#include "gpugap/scenario/duplicate_key.h"

#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "gpugap/util/text.h"

namespace gpugap {
namespace {

using KeyPath = std::vector<std::string>;

// The segments of a TOML key as written: `a`, `"a b"`, `a.value`, `'x'.y`, quotes removed.
KeyPath key_segments(std::string_view raw) {
  KeyPath path(1);
  char quote = 0;
  for (char c : raw) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        path.back() += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '.') {
      path.emplace_back();
    } else if (c != ' ' && c != '\t') {
      path.back() += c;
    }
  }
  return path;
}

// The position just past the first `=` of a line outside quotes, or npos.
size_t equals_sign(std::string_view line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '=') {
      return i;
    }
  }
  return std::string_view::npos;
}

// The key of a `key = value` line, or nothing for headers, comments and other lines.
std::optional<KeyPath> line_key(std::string_view line) {
  std::string_view text = trim(line);
  if (text.empty() || text.front() == '[' || text.front() == '#') return std::nullopt;
  size_t eq = equals_sign(text);
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  return key_segments(trim(text.substr(0, eq)));
}

// The path of a `[table]` or `[[array]]` header line.
std::optional<KeyPath> header_path(std::string_view line) {
  std::string_view text = trim(line);
  if (text.size() < 3 || text.front() != '[') return std::nullopt;
  size_t close = text.rfind(']');
  if (close == std::string_view::npos) return std::nullopt;
  std::string_view inside = text.substr(0, close + 1);
  while (!inside.empty() && (inside.front() == '[' || inside.front() == ' ')) {
    inside.remove_prefix(1);
  }
  while (!inside.empty() && (inside.back() == ']' || inside.back() == ' ')) inside.remove_suffix(1);
  return key_segments(inside);
}

std::string joined(const KeyPath& path, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < path.size(); ++i) out += (i > from ? "." : "") + path[i];
  return out;
}

bool starts_with(const KeyPath& path, const KeyPath& prefix) {
  return prefix.size() <= path.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

class Explainer {
 public:
  explicit Explainer(const std::shared_ptr<const SourceText>& source) : source_(source) {}

  // The table a line belongs to: the nearest header above it (empty at the top level).
  KeyPath section_of(int line) const {
    for (int l = line - 1; l >= 1; --l) {
      if (auto path = header_path(text(l))) return *path;
    }
    return {};
  }

  // The first line before `line` that defines `path`, or a table or key it lies inside: a header
  // or a `key = value` under its table.
  int first_definition(const KeyPath& path, int line) const {
    KeyPath section;
    for (int l = 1; l < line; ++l) {
      if (auto header = header_path(text(l))) {
        if (starts_with(path, *header) && header->size() == path.size()) return l;
        section = *header;
      } else if (auto key = line_key(text(l))) {
        KeyPath full = section;
        full.insert(full.end(), key->begin(), key->end());
        if (starts_with(path, full)) return l;
      }
    }
    return 0;
  }

  std::optional<Diagnostic> header(int line) const {
    auto path = header_path(text(line));
    if (!path || path->empty()) return std::nullopt;
    std::string_view raw = text(line);
    size_t open = raw.find('[');
    size_t close = raw.rfind(']');
    SourceLocation where{source_, line, static_cast<int>(open) + 1,
                         static_cast<int>(close - open) + 1};
    int first = first_definition(*path, line);
    if ((*path)[0] == "quantities" && path->size() >= 2) {
      return Diagnostic{where, fmt::format("quantity '{}' is defined twice", (*path)[1]),
                        quantity_hint(first)};
    }
    std::string name = joined(*path);
    return Diagnostic{where, fmt::format("table [{}] is defined twice", name),
                      first > 0 ? fmt::format("the first is on line {}; put all its keys under "
                                              "one [{}]",
                                              first, name)
                                : fmt::format("put all its keys under one [{}]", name)};
  }

  std::optional<Diagnostic> key_value(int line, int column) const {
    std::string_view raw = text(line);
    // toml++ stops at the value: the key is what comes before the '=' in front of it.
    size_t at = std::min<size_t>(static_cast<size_t>(std::max(column - 1, 0)), raw.size());
    while (at > 0 && (raw[at - 1] == ' ' || raw[at - 1] == '\t')) --at;
    if (at == 0 || raw[at - 1] != '=') return std::nullopt;
    size_t key_end = at - 1;
    while (key_end > 0 && (raw[key_end - 1] == ' ' || raw[key_end - 1] == '\t')) --key_end;
    size_t key_begin = key_end;
    char quote = 0;
    while (key_begin > 0) {
      char c = raw[key_begin - 1];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '{' || c == ',') {
        break;
      }
      --key_begin;
    }
    bool in_inline_table = key_begin > 0;
    while (key_begin < key_end && (raw[key_begin] == ' ' || raw[key_begin] == '\t')) ++key_begin;
    if (key_begin == key_end) return std::nullopt;
    KeyPath key = key_segments(raw.substr(key_begin, key_end - key_begin));
    SourceLocation where{source_, line, static_cast<int>(key_begin) + 1,
                         static_cast<int>(key_end - key_begin)};
    KeyPath section = section_of(line);
    if (in_inline_table) {
      auto owner_key = line_key(raw);
      if (!owner_key) return std::nullopt;
      KeyPath owner = section;
      owner.insert(owner.end(), owner_key->begin(), owner_key->end());
      return Diagnostic{where, inline_message(owner, joined(key)), "keep one"};
    }
    KeyPath full = section;
    full.insert(full.end(), key.begin(), key.end());
    int first = first_definition(full, line);
    std::string first_hint =
        first > 0 ? fmt::format("the first is on line {}; keep one", first) : "keep one";
    if (full[0] == "quantities" && full.size() == 2) {
      return Diagnostic{where, fmt::format("quantity '{}' is defined twice", full[1]),
                        quantity_hint(first)};
    }
    if (full[0] == "quantities" && full.size() > 2) {
      return Diagnostic{where,
                        fmt::format("quantity '{}' gives '{}' twice", full[1], joined(full, 2)),
                        first_hint};
    }
    if (full[0] == "expect" && full.size() == 2) {
      return Diagnostic{where, fmt::format("[expect] gives '{}' twice", full[1]), first_hint};
    }
    if (section.empty()) {
      return Diagnostic{where, fmt::format("'{}' is given twice", joined(full)), first_hint};
    }
    return Diagnostic{where,
                      fmt::format("'{}' is given twice in [{}]", joined(key), joined(section)),
                      first_hint};
  }

 private:
  std::string_view text(int line) const {
    const auto& lines = source_->lines;
    return line >= 1 && line <= static_cast<int>(lines.size()) ? std::string_view(lines[line - 1])
                                                               : std::string_view();
  }

  static std::string quantity_hint(int first) {
    return first > 0 ? fmt::format(
                           "the first definition is on line {}; keep one (a variant "
                           "changes a quantity with extends or --set)",
                           first)
                     : "keep one definition";
  }

  static std::string inline_message(const KeyPath& owner, const std::string& field) {
    if (owner.size() == 2 && owner[0] == "quantities") {
      return fmt::format("quantity '{}' gives '{}' twice", owner[1], field);
    }
    if (owner.size() == 2 && owner[0] == "expect") {
      return fmt::format("expectation '{}' gives '{}' twice", owner[1], field);
    }
    return fmt::format("'{}' is given twice in '{}'", field, joined(owner));
  }

  std::shared_ptr<const SourceText> source_;
};

}  // namespace

std::optional<Diagnostic> explain_duplicate_key(const std::shared_ptr<const SourceText>& source,
                                                int line, int column, bool table_header) {
  Explainer explainer(source);
  return table_header ? explainer.header(line) : explainer.key_value(line, column);
}

}  // namespace gpugap
