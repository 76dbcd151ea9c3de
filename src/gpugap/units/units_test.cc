#include "gpugap/units/units.h"

#include <gtest/gtest.h>

namespace gpugap {
namespace {

Unit parse(const std::string& text) {
  Unit unit;
  std::string error;
  EXPECT_TRUE(parse_unit(text, unit, error)) << error;
  return unit;
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

TEST(Units, PercentAndRatiosAreDimensionless) {
  EXPECT_TRUE(parse("%").dimension.dimensionless());
  EXPECT_TRUE(parse("x").dimension.dimensionless());
  EXPECT_TRUE(parse("").dimension.dimensionless());
  EXPECT_FALSE(parse("GPU").dimension.dimensionless());
}

TEST(Units, UnknownUnitSuggestsTheClosest) {
  Unit unit;
  std::string error;
  EXPECT_FALSE(parse_unit("USD/kwh", unit, error));
  EXPECT_EQ(error, "unknown unit 'kwh' (did you mean 'kWh'?)");
  EXPECT_FALSE(parse_unit("USD/", unit, error));
  EXPECT_EQ(error, "unit 'USD/' ends where a unit name was expected");
  EXPECT_FALSE(parse_unit("USD GPU", unit, error));
}

}  // namespace
}  // namespace gpugap
