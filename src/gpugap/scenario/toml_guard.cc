#include "gpugap/scenario/toml_guard.h"

#include <fmt/format.h>

#include <string>

namespace gpugap {
namespace {

// The code points for which toml++ 3.3.0's is_non_ascii_horizontal_whitespace falls off its
// switch into TOML_UNREACHABLE (its lookup table has no case for them).
bool breaks_whitespace_test(char32_t c) {
  return (c >= 0xA1 && c <= 0x499) || (c >= 0x2C5E && c <= 0x3057 && c != 0x3000) ||
         (c >= 0xFB26 && c <= 0xFEFE);
}

bool is_bare_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// One UTF-8 character at `at`: its code point and length (invalid bytes: kInvalid, length 1:
// toml++ rejects them before it classifies anything).
struct Decoded {
  char32_t code_point;
  size_t length;
};

// Not a code point: toml++ stops at invalid UTF-8 with its own error before it classifies it.
constexpr char32_t kInvalid = 0xFFFFFFFF;

Decoded decode(std::string_view text, size_t at) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(at);
  size_t length = lead < 0x80         ? 1
                  : (lead >> 5) == 6  ? 2
                  : (lead >> 4) == 14 ? 3
                  : (lead >> 3) == 30 ? 4
                                      : 1;
  if (at + length > text.size()) return {kInvalid, 1};
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {kInvalid, 1};
    c = (c << 6) | (byte(at + i) & 0x3F);
  }
  return {c, length};
}

// A character as toml++ shows it in a message: control characters escaped.
std::string shown(std::string_view text, Decoded d, size_t at) {
  if (d.code_point <= 0x1F) return std::string(toml::impl::control_char_escapes[d.code_point]);
  if (d.code_point == 0x7F) return "\\u007F";
  return std::string(text.substr(at, d.length));
}

// Walks the text as toml++ reads it (strings, comments, table headers, values) and stops at the
// first place where toml++ would reach undefined behaviour: a character it cannot classify where
// it asks for whitespace, a table header without a key, an array element starting with '}'.
class HazardFinder {
 public:
  // toml++ skips a byte order mark at the start: the first line starts after it.
  explicit HazardFinder(std::string_view text)
      : text_(text), i_(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0) {}

  std::optional<TomlHazard> find() {
    while (i_ < text_.size() && !hazard_) step();
    return hazard_;
  }

 private:
  void step() {
    char c = text_[i_];
    if (c == '#') {
      while (i_ < text_.size() && text_[i_] != '\n') ++i_;
    } else if (c == '\n') {
      if (nesting_.empty()) {
        line_start_ = true;
        value_next_ = false;
        in_header_ = false;
      }
      ++i_;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++i_;
    } else if (value_next_ && c == '}' && !nesting_.empty() && nesting_.back() == '[') {
      // An array element starting with '}': toml++'s parse_value assumes it cannot.
      report(i_, "Error while parsing value: could not determine value type");
    } else if (value_next_ && !in_header_ && c != ']' && c != '}' && c != ',') {
      value(c);
    } else if (c == '"' || c == '\'') {
      line_start_ = false;
      string(c);
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      line_start_ = false;
      Decoded d = decode(text_, i_);
      if (breaks_whitespace_test(d.code_point)) return report_character(i_, d);
      i_ += d.length;
    } else if (c == '[' && line_start_ && nesting_.empty()) {
      line_start_ = false;
      in_header_ = true;
      table_header();
    } else {
      line_start_ = false;
      if (!in_header_) punctuation(c);
      ++i_;
    }
  }

  // A value where one is expected: a string, an array or inline table, or a bare value (number,
  // date, boolean), which toml++ reads up to a space, ']', '}', ',' or '#', quotes and all,
  // asking of each character whether it is whitespace.
  void value(char c) {
    value_next_ = false;
    if (c == '"' || c == '\'') return string(c);
    if (c == '[' || c == '{') {
      nesting_.push_back(c);
      value_next_ = c == '[';
      ++i_;
      return;
    }
    while (i_ < text_.size()) {
      c = text_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ']' || c == '}' || c == ',' ||
          c == '#') {
        return;
      }
      Decoded d = decode(text_, i_);
      if (breaks_whitespace_test(d.code_point)) return report_character(i_, d);
      i_ += d.length;
    }
  }

  // Outside values: '=' starts one; ',' in an array another; brackets nest.
  void punctuation(char c) {
    if (c == '=') value_next_ = true;
    if (c == '[' || c == '{') nesting_.push_back(c);
    if ((c == ']' || c == '}') && !nesting_.empty()) nesting_.pop_back();
    if (c == ',' && !nesting_.empty()) value_next_ = nesting_.back() == '[';
  }

  void report_character(size_t at, Decoded d) {
    report(at, fmt::format("unexpected character '{}' (U+{:04X})", text_.substr(at, d.length),
                           static_cast<uint32_t>(d.code_point)));
  }

  size_t skip_blanks(size_t at) const {
    while (at < text_.size() && (text_[at] == ' ' || text_[at] == '\t')) ++at;
    return at;
  }

  // "[" or "[[", blanks, then toml++'s parse_key assumes a key starts: anything but ']' and
  // the end must be a bare key character or a quote.
  void table_header() {
    size_t at = skip_blanks(i_ + 1);
    bool blanks = at > i_ + 1;
    if (at < text_.size() && text_[at] == '[') {
      if (blanks) return advance_to(at);  // "[ [": toml++ refuses it before any key
      at = skip_blanks(at + 1);
    }
    if (at >= text_.size() || text_[at] == ']') return advance_to(at);
    char c = text_[at];
    if (is_bare_key_character(c) || c == '"' || c == '\'') return advance_to(at);
    Decoded d = decode(text_, at);
    if (breaks_whitespace_test(d.code_point)) return advance_to(at);  // step() reports it
    report(at, fmt::format("Error while parsing key: expected bare key starting character or "
                           "string delimiter, saw '{}'",
                           shown(text_, d, at)));
  }

  void advance_to(size_t at) { i_ = at; }

  // A string from its opening quote: basic ("..."), literal ('...'), or either multi-line.
  void string(char quote) {
    bool multi_line = text_.substr(i_, 3) == std::string(3, quote);
    i_ += multi_line ? 3 : 1;
    while (i_ < text_.size()) {
      char c = text_[i_];
      if (c == quote) {
        if (!multi_line) {
          ++i_;
          return;
        }
        if (text_.substr(i_, 3) == std::string(3, quote)) {
          i_ += 3;
          // Up to two more quotes belong to the content: """a""""" is 'a""'.
          for (int extra = 0; extra < 2 && i_ < text_.size() && text_[i_] == quote; ++extra) ++i_;
          return;
        }
        ++i_;
      } else if (c == '\n' && !multi_line) {
        return;  // unterminated: toml++ stops here with its own error
      } else if (c == '\\' && quote == '"') {
        escape(multi_line);
        if (hazard_) return;
      } else {
        ++i_;
      }
    }
  }

  // A backslash in a basic string. In a multi-line one toml++ asks whether the escaped character
  // is whitespace (a line-ending backslash), and after one, whether each next character is.
  void escape(bool multi_line) {
    size_t at = i_ + 1;
    if (at >= text_.size()) {
      i_ = at;
      return;
    }
    Decoded escaped = decode(text_, at);
    if (!multi_line) {
      i_ = at + escaped.length;
      return;
    }
    if (breaks_whitespace_test(escaped.code_point)) {
      return report(at, fmt::format("Error while parsing string: unknown escape sequence '\\{}'",
                                    text_.substr(at, escaped.length)));
    }
    char c = text_[at];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      i_ = at + escaped.length;
      return;
    }
    while (at < text_.size() &&
           (text_[at] == ' ' || text_[at] == '\t' || text_[at] == '\r' || text_[at] == '\n')) {
      ++at;
    }
    if (at < text_.size()) {
      Decoded next = decode(text_, at);
      if (breaks_whitespace_test(next.code_point)) {
        return report(
            at, fmt::format("Error while parsing string: '{}' (U+{:04X}) after a "
                            "line-ending backslash; start the line with another character",
                            text_.substr(at, next.length), static_cast<uint32_t>(next.code_point)));
      }
    }
    i_ = at;
  }

  void report(size_t offset, std::string description) {
    hazard_ = TomlHazard{offset, std::move(description)};
  }

  std::string_view text_;
  size_t i_ = 0;
  bool line_start_ = true;   // nothing but blanks since the start of a line at the top level
  bool value_next_ = false;  // after '=', or '[' or ',' in an array: a value comes next
  bool in_header_ = false;   // inside a [table] header
  std::string nesting_;      // the open arrays ('[') and inline tables ('{') of a value
  std::optional<TomlHazard> hazard_;
};

// toml++'s position of a byte offset: 1-based line, and column in code points.
toml::source_position position_of(std::string_view text, size_t offset) {
  toml::source_position p{1, 1};
  size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // as toml++, after a BOM
  for (size_t i = start; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++p.column;
    }
  }
  return p;
}

}  // namespace

std::optional<TomlHazard> find_toml_hazard(std::string_view text) {
  return HazardFinder(text).find();
}

toml::table parse_toml(std::string_view text, std::string_view path) {
  auto hazard = find_toml_hazard(text);
  if (!hazard) return toml::parse(text, path);
  toml::source_position where = position_of(text, hazard->offset);
  // toml++ reads from the start: an error it finds before the hazard is the one it would give.
  // The text before the hazard is safe to hand it; an error at its end is only the cut.
  try {
    (void)toml::parse(text.substr(0, hazard->offset), path);
  } catch (const toml::parse_error& e) {
    std::string_view description = e.description();
    bool at_cut = description.find("end-of-file") != std::string_view::npos ||
                  description.find("EOF") != std::string_view::npos;
    if (!at_cut && e.source().begin < where) throw;
  }
  throw toml::parse_error(hazard->description.c_str(), where,
                          std::make_shared<const std::string>(path));
}

}  // namespace gpugap
