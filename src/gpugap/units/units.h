// Units and dimensions. A Unit is a scale factor times a product of base dimensions with integer
// exponents: money (USD), time (yr), power (W) and counts (GPU, user, token, FLOP, byte). Energy is
// power × time, so kWh = 1000 W × (1/8766) yr. Quantities are stored in base units (USD, yr, W,
// …); a declared unit only scales values in and out. Units are checked once, at compile time.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gpugap/util/diagnostics.h"

namespace gpugap {

enum class BaseDimension : uint8_t {
  kMoney,
  kTime,
  kPower,
  kGpu,
  kUser,
  kToken,
  kFlop,
  kByte,
  kCount
};
inline constexpr size_t kBaseDimensions = static_cast<size_t>(BaseDimension::kCount);

// A unit raised beyond this power is a mistake, not a unit (GPU^2 is plausible, USD^128 is not).
inline constexpr int kMaxExponent = 100;

// Exponents of the base dimensions. Dimensionless is all zeros. The operators do not overflow
// for operands in range (|exponent| <= kMaxExponent, powers up to a million); whoever combines
// dimensions checks in_range() on the result.
struct Dimension {
  std::array<int32_t, kBaseDimensions> exponents{};

  bool dimensionless() const;
  bool in_range() const;
  Dimension operator*(const Dimension& other) const;
  Dimension operator/(const Dimension& other) const;
  Dimension power(int exponent) const;
  bool operator==(const Dimension&) const = default;
};

// Stocks and flows. A flow is an amount per unit of time: its dimension has time (yr) to a
// negative power (USD/yr, GPU/yr, USD/GPU/h); a stock is an amount at a moment (USD, GPU). A
// series steps one year at a time, so accumulating a flow over its years (sum, cumsum, npv) gives
// its stock: the flow's dimension × yr. Anything else accumulates in its own unit (yearly amounts
// in USD add up in USD). Power (W) is a base dimension, not energy per time: not a flow here.
inline constexpr Dimension kYear = [] {
  Dimension d;
  d.exponents[static_cast<size_t>(BaseDimension::kTime)] = 1;
  return d;
}();
bool is_flow(const Dimension& dimension);
// The dimension of a series of `dimension` accumulated over its years.
Dimension accumulated(const Dimension& dimension);

// Canonical text of a dimension in base units: "USD", "USD/yr", "W·yr", "1" for dimensionless.
std::string to_string(const Dimension& dimension);

struct Unit {
  double scale = 1.0;  // value in base units = value in this unit × scale
  Dimension dimension;
  std::string text;  // as written ("GW", "USD/GPU/h"); empty when dimensionless and undeclared

  bool is_percent() const { return text == "%"; }
};

// Parses "USD", "USD/yr", "USD/GPU/h", "W/GPU", "GW", "kWh", "%", "x", "1", "USD*yr", "GPU^2".
// `/` divides by every factor after it until the next `*` (so USD/GPU/h is USD per GPU-hour).
// On failure, the error is a message naming the bad part.
Result<Unit, std::string> parse_unit(std::string_view text);

// A unit the code itself spells ("USD", "%", a block's declared output unit): one that does not
// parse is a bug, checked by GPUGAP_DCHECK; in a release build it is then dimensionless.
Unit known_unit(std::string_view text);

// The names of all unit symbols, for "did you mean" hints.
std::vector<std::string> unit_symbols();

}  // namespace gpugap
