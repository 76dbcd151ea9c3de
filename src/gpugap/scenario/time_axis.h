// The [time] axis's years as written: "2020..2035", within the range that series may cover.
#pragma once

#include <string>
#include <string_view>

#include "gpugap/scenario/scenario.h"

namespace gpugap {

// Series cover years of this range: wide enough for any history or projection, small enough
// that a typo cannot make an axis of billions of years.
inline constexpr int kFirstYear = 1900;
inline constexpr int kLastYear = 2200;

// "2020..2035", with nothing else but spaces around the years, into `axis`; false and `problem`
// ("'20x0' is not a year") when it is not that.
bool parse_years(std::string_view text, TimeAxis& axis, std::string& problem);

}  // namespace gpugap
