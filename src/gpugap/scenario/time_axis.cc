#include "gpugap/scenario/time_axis.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "gpugap/util/text.h"

namespace gpugap {

bool parse_years(std::string_view text, TimeAxis& axis, std::string& problem) {
  text = trim(text);
  size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    problem = "expected FIRST..LAST";
    return false;
  }
  auto year = [&](std::string_view part, int& out) {
    part = trim(part);
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
    return !part.empty() && ec == std::errc() && end == part.data() + part.size() &&
           std::isdigit(static_cast<unsigned char>(part.front()));
  };
  std::string_view first = text.substr(0, dots), last = text.substr(dots + 2);
  if (!year(first, axis.first_year)) {
    problem = fmt::format("'{}' is not a year", trim(first));
    return false;
  }
  if (!year(last, axis.last_year)) {
    problem = fmt::format("'{}' is not a year", trim(last));
    return false;
  }
  for (int y : {axis.first_year, axis.last_year}) {
    if (y < kFirstYear || y > kLastYear) {
      problem = fmt::format("{} is outside the years {}..{} that series may cover", y, kFirstYear,
                            kLastYear);
      return false;
    }
  }
  if (axis.first_year > axis.last_year) {
    problem = "the first year is after the last";
    return false;
  }
  return true;
}

}  // namespace gpugap
