// Small text helpers shared by the stages: edit distance for "did you mean", joining, trimming.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gpugap {

// Levenshtein distance between two names (case-sensitive).
size_t edit_distance(std::string_view a, std::string_view b);

// The closest of `candidates` to `name`, or "" when none is close enough to be a likely typo. A
// candidate that differs only in case comes first.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

std::string_view trim(std::string_view text);

// The length in bytes of the printable character that starts at text[i]: a valid UTF-8 sequence
// that is not a control character (tab counts as printable), or 0 for a byte to show escaped.
size_t printable_length(std::string_view text, size_t i);

// `text` with every byte that is not part of a printable character written as \xHH, so that a
// binary file's bytes never reach the terminal raw. Tabs and newlines stay.
std::string escape_unprintable(std::string_view text);

// `text` with the ASCII letters A-Z in lower case (other bytes as they are).
std::string lower_case(std::string_view text);

}  // namespace gpugap
