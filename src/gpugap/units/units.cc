#include "gpugap/units/units.h"

#include "gpugap/util/check.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "gpugap/util/text.h"

namespace gpugap {
namespace {

constexpr double kHoursPerYear = 8766.0;  // 365.25 days
constexpr double kDaysPerYear = 365.25;

struct Symbol {
  const char* name;
  double scale;
  BaseDimension base;
  int exponent;         // 1, or 0 for dimensionless symbols
  BaseDimension base2;  // second dimension for energy units (power × time)
  int exponent2;
};

constexpr BaseDimension M = BaseDimension::kMoney;
constexpr BaseDimension T = BaseDimension::kTime;
constexpr BaseDimension P = BaseDimension::kPower;

const Symbol kSymbols[] = {
    {"USD", 1, M, 1, M, 0},
    {"yr", 1, T, 1, M, 0},
    {"year", 1, T, 1, M, 0},
    {"month", 1.0 / 12, T, 1, M, 0},
    {"week", 7.0 / kDaysPerYear, T, 1, M, 0},
    {"day", 1.0 / kDaysPerYear, T, 1, M, 0},
    {"h", 1.0 / kHoursPerYear, T, 1, M, 0},
    {"s", 1.0 / (kHoursPerYear * 3600), T, 1, M, 0},
    {"W", 1, P, 1, M, 0},
    {"kW", 1e3, P, 1, M, 0},
    {"MW", 1e6, P, 1, M, 0},
    {"GW", 1e9, P, 1, M, 0},
    {"TW", 1e12, P, 1, M, 0},
    {"Wh", 1 / kHoursPerYear, P, 1, T, 1},
    {"kWh", 1e3 / kHoursPerYear, P, 1, T, 1},
    {"MWh", 1e6 / kHoursPerYear, P, 1, T, 1},
    {"GWh", 1e9 / kHoursPerYear, P, 1, T, 1},
    {"TWh", 1e12 / kHoursPerYear, P, 1, T, 1},
    {"GPU", 1, BaseDimension::kGpu, 1, M, 0},
    {"user", 1, BaseDimension::kUser, 1, M, 0},
    {"token", 1, BaseDimension::kToken, 1, M, 0},
    {"FLOP", 1, BaseDimension::kFlop, 1, M, 0},
    {"byte", 1, BaseDimension::kByte, 1, M, 0},  // memory traffic: HBM bandwidth in byte/s
    {"%", 0.01, M, 0, M, 0},
    {"x", 1, M, 0, M, 0},
    {"1", 1, M, 0, M, 0},
};

const char* kBaseNames[kBaseDimensions] = {"USD",  "yr",    "W",    "GPU",
                                           "user", "token", "FLOP", "byte"};

const Symbol* find_symbol(std::string_view name) {
  for (const auto& s : kSymbols) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

}  // namespace

bool Dimension::dimensionless() const {
  for (auto e : exponents) {
    if (e != 0) return false;
  }
  return true;
}

bool Dimension::in_range() const {
  for (auto e : exponents) {
    if (e < -kMaxExponent || e > kMaxExponent) return false;
  }
  return true;
}

Dimension Dimension::operator*(const Dimension& other) const {
  Dimension out;
  for (size_t i = 0; i < kBaseDimensions; ++i) out.exponents[i] = exponents[i] + other.exponents[i];
  return out;
}

Dimension Dimension::operator/(const Dimension& other) const {
  Dimension out;
  for (size_t i = 0; i < kBaseDimensions; ++i) out.exponents[i] = exponents[i] - other.exponents[i];
  return out;
}

Dimension Dimension::power(int exponent) const {
  Dimension out;
  for (size_t i = 0; i < kBaseDimensions; ++i) out.exponents[i] = exponents[i] * exponent;
  return out;
}

bool is_flow(const Dimension& dimension) {
  return dimension.exponents[static_cast<size_t>(BaseDimension::kTime)] < 0;
}

Dimension accumulated(const Dimension& dimension) {
  return is_flow(dimension) ? dimension * kYear : dimension;
}

std::string to_string(const Dimension& dimension) {
  std::string numerator, denominator;
  for (size_t i = 0; i < kBaseDimensions; ++i) {
    int e = dimension.exponents[i];
    if (e == 0) continue;
    std::string factor = kBaseNames[i];
    if (std::abs(e) != 1) factor += fmt::format("^{}", std::abs(e));
    if (e > 0) {
      numerator += (numerator.empty() ? "" : "·") + factor;
    } else {
      denominator += "/" + factor;
    }
  }
  if (numerator.empty()) numerator = "1";
  return numerator + denominator;
}

namespace {

// "USD/(GPU*h)" → "USD/GPU/h": the same unit written without parentheses, or "" when there is no
// obvious one (nested groups, or a '/' inside a group).
std::string without_parentheses(std::string_view text) {
  std::string out;
  bool in_group = false, group_divides = false;
  for (char c : text) {
    if (c == '(') {
      if (in_group) return "";
      in_group = true;
      std::string_view before = trim(out);
      group_divides = !before.empty() && before.back() == '/';
    } else if (c == ')') {
      if (!in_group) return "";
      in_group = false;
    } else if (in_group && c == '/') {
      return "";
    } else {
      out += in_group && group_divides && c == '*' ? '/' : c;
    }
  }
  if (in_group) return "";
  return parse_unit(out) ? out : "";
}

// The exponent after a '^' at the start of `rest`; false with `error` set when there is none or
// it is out of range.
bool parse_exponent(std::string_view& rest, const std::string& unit_text, int& exponent,
                    std::string& error) {
  size_t n = 0;
  while (n < rest.size() &&
         (std::isdigit(static_cast<unsigned char>(rest[n])) || (n == 0 && rest[n] == '-'))) {
    ++n;
  }
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + n, exponent);
  if (n == 0 || ec == std::errc::invalid_argument || ptr != rest.data() + n) {
    error = fmt::format("unit '{}': the exponent after '^' must be a whole number", unit_text);
    return false;
  }
  if (ec == std::errc::result_out_of_range || exponent < -kMaxExponent || exponent > kMaxExponent) {
    error = fmt::format("unit '{}': the exponent {} is out of range; powers go from -{} to {}",
                        unit_text, rest.substr(0, n), kMaxExponent, kMaxExponent);
    return false;
  }
  rest.remove_prefix(n);
  if (!rest.empty() && rest.front() == '^') {
    error = fmt::format("unit '{}': write one exponent per unit name, e.g. GPU^2", unit_text);
    return false;
  }
  return true;
}

bool parse_unit_into(std::string_view text, Unit& unit, std::string& error) {
  unit = Unit{};
  unit.text = std::string(trim(text));
  std::string_view rest = trim(text);
  if (rest.empty()) return true;
  if (rest.find_first_of("()") != std::string_view::npos) {
    std::string plain = without_parentheses(rest);
    error = fmt::format(
        "unit '{}': units take no parentheses; '/' divides by every factor after it", unit.text);
    if (!plain.empty()) error += fmt::format(", so write '{}'", plain);
    return false;
  }
  bool dividing = false;
  bool expect_factor = true;
  while (!rest.empty()) {
    char c = rest.front();
    if (c == ' ') {
      rest.remove_prefix(1);
      continue;
    }
    if (c == '/' || c == '*' || c == '^') {
      if (expect_factor) {
        error = fmt::format("unit '{}': '{}' where a unit name was expected", unit.text, c);
        return false;
      }
      if (c == '^') {
        error =
            fmt::format("unit '{}': '^' must follow a unit name directly, as in GPU^2", unit.text);
        return false;
      }
      dividing = c == '/';
      expect_factor = true;
      rest.remove_prefix(1);
      continue;
    }
    size_t n = 0;
    while (n < rest.size() && rest[n] != '/' && rest[n] != '*' && rest[n] != ' ' &&
           rest[n] != '^') {
      ++n;
    }
    std::string_view name = rest.substr(0, n);
    rest.remove_prefix(n);
    int exponent = 1;
    if (!rest.empty() && rest.front() == '^') {
      rest.remove_prefix(1);
      if (!parse_exponent(rest, unit.text, exponent, error)) return false;
    }
    const Symbol* symbol = find_symbol(name);
    if (symbol == nullptr) {
      error = fmt::format("unknown unit '{}'", name);
      std::string guess = closest_name(name, unit_symbols());
      if (!guess.empty()) error += fmt::format(" (did you mean '{}'?)", guess);
      return false;
    }
    if (!expect_factor) {
      error = fmt::format("unit '{}': write '*' or '/' between unit names", unit.text);
      return false;
    }
    int sign = dividing ? -1 : 1;
    unit.scale *= std::pow(symbol->scale, sign * exponent);
    unit.dimension.exponents[static_cast<size_t>(symbol->base)] +=
        sign * exponent * symbol->exponent;
    unit.dimension.exponents[static_cast<size_t>(symbol->base2)] +=
        sign * exponent * symbol->exponent2;
    if (!unit.dimension.in_range()) {
      error = fmt::format("unit '{}' is out of range: powers go from -{} to {}", unit.text,
                          kMaxExponent, kMaxExponent);
      return false;
    }
    if (!std::isfinite(unit.scale) || unit.scale == 0) {
      error = fmt::format(
          "unit '{}' is too large or too small: one {} in base units is beyond "
          "what a double holds (about 1e±308)",
          unit.text, unit.text);
      return false;
    }
    expect_factor = false;
  }
  if (expect_factor) {
    error = fmt::format("unit '{}' ends where a unit name was expected", unit.text);
    return false;
  }
  return true;
}

}  // namespace

Result<Unit, std::string> parse_unit(std::string_view text) {
  Unit unit;
  std::string error;
  if (!parse_unit_into(text, unit, error)) return error;
  return unit;
}

Unit known_unit(std::string_view text) {
  auto unit = parse_unit(text);
  GPUGAP_DCHECK(unit.ok());
  return unit ? *unit : Unit{};
}

std::vector<std::string> unit_symbols() {
  std::vector<std::string> names;
  for (const auto& s : kSymbols) names.emplace_back(s.name);
  return names;
}

}  // namespace gpugap
