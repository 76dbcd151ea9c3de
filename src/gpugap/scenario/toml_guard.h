// The one way gpugap parses TOML text: toml++ behind a pre-check. toml++ 3.3.0 (Debian's) reaches
// undefined behaviour on some malformed input: an "unreachable" in
// is_non_ascii_horizontal_whitespace for characters such as U+03CD where it looks for whitespace,
// a false assumption in parse_key for a table header that does not start with a key ("[=]",
// "[[[a]]]"), and one in parse_value for an array element starting with '}' ("x = [}"). The
// pre-check finds those places first and throws the toml::parse_error that toml++
// would give (or gives for the text before that place), located the same way, so that such input
// never reaches the parser.
#pragma once

#include <toml++/toml.h>
#include <optional>
#include <string_view>

namespace gpugap {

// Where toml++ 3.3.0 would reach undefined behaviour in `text`: the byte offset, and the error to
// report there. Nothing when the text is safe to parse.
struct TomlHazard {
  size_t offset = 0;
  std::string description;
};
std::optional<TomlHazard> find_toml_hazard(std::string_view text);

// toml::parse(text, path), or the toml::parse_error toml++ would throw, without ever handing
// toml++ a text on which it would reach undefined behaviour.
toml::table parse_toml(std::string_view text, std::string_view path);

}  // namespace gpugap
