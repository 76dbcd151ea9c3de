#include "gpugap/units/units.h"

#include <gtest/gtest.h>

namespace gpugap {
namespace {

Unit parse(const std::string& text) {
  auto unit = parse_unit(text);
  EXPECT_TRUE(unit.ok()) << unit.error();
  return unit ? *unit : Unit{};
}

TEST(Units, ScalesToBaseUnits) {
  EXPECT_DOUBLE_EQ(parse("GW").scale, 1e9);
  EXPECT_DOUBLE_EQ(parse("kWh").scale, 1000.0 / 8766.0);
  EXPECT_DOUBLE_EQ(parse("month").scale, 1.0 / 12);
  EXPECT_DOUBLE_EQ(parse("h").scale, 1.0 / 8766.0);
  EXPECT_DOUBLE_EQ(parse("%").scale, 0.01);
}

TEST(Units, CompoundUnitsDivideByEveryFactorAfterTheSlash) {
  Unit per_gpu_hour = parse("USD/GPU/h");
  EXPECT_EQ(to_string(per_gpu_hour.dimension), "USD/yr/GPU");
  EXPECT_DOUBLE_EQ(per_gpu_hour.scale, 8766.0);
  EXPECT_EQ(to_string(parse("USD/yr").dimension), "USD/yr");
  EXPECT_EQ(to_string(parse("W/GPU").dimension), "W/GPU");
  EXPECT_EQ(to_string(parse("USD*yr").dimension), "USD·yr");
  EXPECT_EQ(to_string(parse("GPU^2").dimension), "GPU^2");
}

TEST(Units, EnergyIsPowerTimesTime) {
  // USD/kWh × kWh must be USD, and kWh is W × h.
  Unit price = parse("USD/kWh");
  Unit energy = parse("kWh");
  EXPECT_EQ(price.dimension * energy.dimension, parse("USD").dimension);
  EXPECT_EQ(energy.dimension, parse("W").dimension * parse("h").dimension);
  EXPECT_DOUBLE_EQ(energy.scale, parse("kW").scale * parse("h").scale);
}

TEST(Units, BytesAreTheirOwnDimension) {
  // HBM bandwidth (byte/s) is not throughput (FLOP/s): adding them is a unit error.
  EXPECT_NE(parse("byte/s").dimension, parse("FLOP/s").dimension);
  EXPECT_EQ(to_string(parse("byte/s/GPU").dimension), "byte/yr/GPU");
}

TEST(Units, PercentAndRatiosAreDimensionless) {
  EXPECT_TRUE(parse("%").dimension.dimensionless());
  EXPECT_TRUE(parse("x").dimension.dimensionless());
  EXPECT_TRUE(parse("").dimension.dimensionless());
  EXPECT_FALSE(parse("GPU").dimension.dimensionless());
}

TEST(Units, UnknownUnitSuggestsTheClosest) {
  auto kwh = parse_unit("USD/kwh");
  ASSERT_FALSE(kwh.ok());
  EXPECT_EQ(kwh.error(), "unknown unit 'kwh' (did you mean 'kWh'?)");
  auto open_end = parse_unit("USD/");
  ASSERT_FALSE(open_end.ok());
  EXPECT_EQ(open_end.error(), "unit 'USD/' ends where a unit name was expected");
  EXPECT_FALSE(parse_unit("USD GPU").ok());
}

std::string error_of(const std::string& text) {
  auto unit = parse_unit(text);
  return unit ? "parsed: " + to_string(unit->dimension) : unit.error();
}

TEST(Units, CaseSlipsSuggestTheUnitWithThatSpelling) {
  EXPECT_EQ(error_of("usd"), "unknown unit 'usd' (did you mean 'USD'?)");
  EXPECT_EQ(error_of("gw"), "unknown unit 'gw' (did you mean 'GW'?)");
}

TEST(Units, ExponentsStayInRange) {
  // Exponents were int8_t and wrapped: USD^2147483647 became USD^-1, USD^128 1/USD^128.
  EXPECT_EQ(error_of("USD^100"), "parsed: USD^100");
  EXPECT_EQ(error_of("USD^-100"), "parsed: 1/USD^100");
  EXPECT_EQ(error_of("USD^101"),
            "unit 'USD^101': the exponent 101 is out of range; powers go from -100 to 100");
  EXPECT_EQ(error_of("USD^2147483647"),
            "unit 'USD^2147483647': the exponent 2147483647 is out of range; powers go from -100 "
            "to 100");
  EXPECT_EQ(error_of("USD^99999999999999999999"),
            "unit 'USD^99999999999999999999': the exponent 99999999999999999999 is out of range; "
            "powers go from -100 to 100");
  EXPECT_EQ(error_of("USD^60*USD^60"),
            "unit 'USD^60*USD^60' is out of range: powers go from -100 to 100");
  // In range as powers, but 1e1200 W^100 overflows: a message of its own.
  EXPECT_EQ(error_of("TW^100"),
            "unit 'TW^100' is too large or too small: one TW^100 in base units is beyond what a "
            "double holds (about 1e±308)");
}

TEST(Units, ExponentsAreOnePerName) {
  EXPECT_EQ(error_of("USD^2^3"), "unit 'USD^2^3': write one exponent per unit name, e.g. GPU^2");
  EXPECT_EQ(error_of("^2"), "unit '^2': '^' where a unit name was expected");
  EXPECT_EQ(error_of("USD ^2"), "unit 'USD ^2': '^' must follow a unit name directly, as in GPU^2");
  EXPECT_EQ(error_of("USD^x"), "unit 'USD^x': the exponent after '^' must be a whole number");
}

TEST(Units, ParenthesesAreNotUnitsButTheMessageShowsTheForm) {
  EXPECT_EQ(error_of("USD/(GPU*h)"),
            "unit 'USD/(GPU*h)': units take no parentheses; '/' divides by every factor after it, "
            "so write 'USD/GPU/h'");
  EXPECT_EQ(error_of("(USD*yr)/GPU"),
            "unit '(USD*yr)/GPU': units take no parentheses; '/' divides by every factor after "
            "it, so write 'USD*yr/GPU'");
  // No obvious form: the message says so without guessing.
  EXPECT_EQ(error_of("USD/(GPU/h)"),
            "unit 'USD/(GPU/h)': units take no parentheses; '/' divides by every factor after it");
}

TEST(Units, InRangeBoundsEveryExponent) {
  Dimension d = parse("USD^100").dimension;
  EXPECT_TRUE(d.in_range());
  EXPECT_FALSE((d * d).in_range());
  EXPECT_FALSE(parse("GPU").dimension.power(101).in_range());
  EXPECT_EQ(to_string(parse("GPU").dimension.power(1000000)), "GPU^1000000");
}

}  // namespace
}  // namespace gpugap
