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

// `text` with the ASCII letters A-Z in lower case (other bytes as they are).
std::string lower_case(std::string_view text);

}  // namespace gpugap
