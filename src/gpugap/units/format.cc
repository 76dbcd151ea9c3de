#include "gpugap/units/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace gpugap {
namespace {

std::string strip_zeros(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string three_digits(double v) {
  const double a = std::abs(v);
  if (a == 0) return "0";
  if (a >= 100) return fmt::format("{:.0f}", v);
  if (a >= 10) return strip_zeros(fmt::format("{:.1f}", v));
  if (a >= 1) return strip_zeros(fmt::format("{:.2f}", v));
  return strip_zeros(fmt::format("{:.3g}", v));
}

// Three significant digits as above, or `digits` (more) with trailing zeros dropped.
std::string some_digits(double v, int digits) {
  if (digits <= 3) return three_digits(v);
  return strip_zeros(fmt::format("{:.{}g}", v, digits));
}

}  // namespace

std::string format_number(double value, int digits) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "never" : "-inf";
  // SI prefixes beyond T, for FLOP/s and the like: 2.25e15 → "2.25P", not "2.25e+15".
  const struct {
    double scale;
    const char* suffix;
  } kSuffixes[] = {{1e24, "Y"}, {1e21, "Z"}, {1e18, "E"}, {1e15, "P"},
                   {1e12, "T"}, {1e9, "B"},  {1e6, "M"},  {1e3, "k"}};
  double a = std::abs(value);
  // Four-digit numbers (years above all) read best whole: 2030 and 1268, not 2.03k and 1.27k.
  if (a < 9999.5 && a >= 1e3) {
    return digits <= 3 ? fmt::format("{:.0f}", value) : some_digits(value, digits);
  }
  if (a >= 999.5e24) return fmt::format("{:.{}g}", value, std::max(digits, 3));
  for (const auto& s : kSuffixes) {
    // Round first so that 999.96B shows as 1T rather than 1000B.
    if (a >= s.scale * 0.9995) {
      std::string text = some_digits(value / s.scale, digits);
      if (text == "1000" || text == "-1000") continue;
      return text + s.suffix;
    }
  }
  return some_digits(value, digits);
}

std::string format_amount(double value, int digits) {
  double a = std::abs(value);
  if (std::isfinite(a) && a >= 9999.5e12) return fmt::format("{:.{}g}", a, std::max(digits, 3));
  if (std::isfinite(a) && a >= 999.5e12) {
    return digits <= 3 ? fmt::format("{:.0f}T", a / 1e12) : some_digits(a / 1e12, digits) + "T";
  }
  return format_number(a, digits);
}

double in_unit(double base_value, const Unit& unit) { return base_value / unit.scale; }

std::string unit_label(const Unit& unit) {
  if (!unit.text.empty()) return unit.text;
  return unit.dimension.dimensionless() ? "" : to_string(unit.dimension);
}

std::string format_value(double base_value, const Unit& unit, int digits) {
  if (std::isinf(base_value)) return base_value > 0 ? "never" : "-inf";
  double v = in_unit(base_value, unit);
  if (unit.is_percent()) return format_percent(v, digits);
  std::string label = unit_label(unit);
  if (label == "x") return format_number(v, digits) + "x";
  if (label.rfind("USD", 0) == 0) {
    return (v < 0 ? "-$" : "$") + format_amount(v, digits) + label.substr(3);
  }
  if (label.empty()) return format_number(v, digits);
  return format_number(v, digits) + " " + label;
}

std::string format_percent(double percent, int digits) {
  if (std::isnan(percent)) return "NaN";
  if (std::isinf(percent)) return percent > 0 ? "never" : "-inf";
  return strip_zeros(some_digits(percent, digits)) + "%";
}

std::string format_probability(double share) {
  const double p = 100 * share;
  if (p > 0 && p < 0.1) return "<0.1%";
  if (p < 100 && p > 99.9) return ">99.9%";
  return fmt::format("{:.1f}%", p);
}

std::string format_range(double base_low, double base_high, const Unit& unit) {
  std::string low = format_value(base_low, unit);
  const std::string high = format_value(base_high, unit);
  // Money with a tail ("USD/yr"): the tail once, after the high end.
  const std::string label = unit_label(unit);
  const std::string tail = label.rfind("USD", 0) == 0 ? label.substr(3) : "";
  if (!tail.empty() && low.size() > tail.size() &&
      low.compare(low.size() - tail.size(), tail.size(), tail) == 0 && high.size() > tail.size() &&
      high.compare(high.size() - tail.size(), tail.size(), tail) == 0) {
    low.resize(low.size() - tail.size());
  }
  return low + " to " + high;
}

std::string format_difference(double base_delta, const Unit& unit) {
  if (unit.is_percent() && std::isfinite(base_delta)) {
    return strip_zeros(three_digits(in_unit(base_delta, unit))) + " pp";
  }
  return format_value(base_delta, unit);
}

}  // namespace gpugap
