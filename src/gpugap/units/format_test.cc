// How values are shown to people: three significant digits, SI suffixes, dollars, units.
#include "gpugap/units/format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace gpugap {
namespace {

Unit unit(const std::string& text) {
  auto u = parse_unit(text);
  EXPECT_TRUE(u.ok()) << u.error();
  return u ? *u : Unit{};
}

constexpr double kInfinity = std::numeric_limits<double>::infinity();

TEST(FormatNumber, ThreeSignificantDigitsAndASuffix) {
  EXPECT_EQ(format_number(6e11), "600B");
  EXPECT_EQ(format_number(1.5e11), "150B");
  EXPECT_EQ(format_number(73.4e9), "73.4B");
  EXPECT_EQ(format_number(3.4e9), "3.4B");
  EXPECT_EQ(format_number(1.2e12), "1.2T");
  EXPECT_EQ(format_number(4.36e6), "4.36M");
  EXPECT_EQ(format_number(1234), "1234");  // four digits stay as they are (years)
  EXPECT_EQ(format_number(12345), "12.3k");
  EXPECT_EQ(format_number(999), "999");
  EXPECT_EQ(format_number(17), "17");
  EXPECT_EQ(format_number(16.6667), "16.7");
  EXPECT_EQ(format_number(1), "1");
  EXPECT_EQ(format_number(0.125), "0.125");
  EXPECT_EQ(format_number(0.0012345), "0.00123");
  EXPECT_EQ(format_number(0), "0");
  EXPECT_EQ(format_number(-5e11), "-500B");
}

TEST(FormatNumber, RoundingCarriesIntoTheNextSuffix) {
  EXPECT_EQ(format_number(999.96e9), "1T");
  EXPECT_EQ(format_number(999.4e9), "999B");
  EXPECT_EQ(format_number(999'950), "1M");
  EXPECT_EQ(format_number(999.6), "1k");
  EXPECT_EQ(format_number(99.996), "100");
  EXPECT_EQ(format_number(9.996), "10");
  EXPECT_EQ(format_number(-999.96e9), "-1T");
}

TEST(FormatNumber, NonFiniteValues) {
  EXPECT_EQ(format_number(kInfinity), "never");
  EXPECT_EQ(format_number(-kInfinity), "-inf");
  EXPECT_EQ(format_number(std::nan("")), "NaN");
}

TEST(FormatNumber, SiPrefixesBeyondT) {
  EXPECT_EQ(format_number(2.25e15), "2.25P");  // an H100's FLOP/s, not "2.25e+15"
  EXPECT_EQ(format_number(1.72e20), "172E");
  EXPECT_EQ(format_number(999.96e12), "1P");
  EXPECT_EQ(format_number(3e21), "3Z");
  EXPECT_EQ(format_number(-4.5e24), "-4.5Y");
  EXPECT_EQ(format_number(2.5e27), "2.5e+27");
}

TEST(FormatNumber, FourDigitsAreWhole) {
  EXPECT_EQ(format_number(2030), "2030");
  EXPECT_EQ(format_number(1267.5), "1268");  // four digits, whole, like a year
  EXPECT_EQ(format_number(-1500.25), "-1500");
  EXPECT_EQ(format_number(2027.8), "2028");  // a mean year
  EXPECT_EQ(format_number(9999.7), "10k");
  EXPECT_EQ(format_value(1267.5, unit("W/GPU")), "1268 W/GPU");
}

TEST(FormatValue, MoreDigitsForMessages) {
  EXPECT_EQ(format_value(0.9995, unit(""), 6), "0.9995");  // not "1", which would pass "≥ 1"
  EXPECT_EQ(format_value(0.924274, unit(""), 6), "0.924274");
  EXPECT_EQ(format_value(1.23456789e9, unit("USD/yr"), 6), "$1.23457B/yr");
  EXPECT_EQ(format_value(1.5e9, unit("USD"), 6), "$1.5B");
  EXPECT_EQ(format_value(0.4, unit("%"), 6), "40%");
  EXPECT_EQ(format_value(1234.5678, unit("W"), 6), "1234.57 W");
  EXPECT_EQ(format_value(2030, unit(""), 6), "2030");
  EXPECT_EQ(format_value(999.9999996e9, unit("USD"), 6), "$1T");
  EXPECT_EQ(format_value(2.5e15, unit("USD"), 6), "$2500T");
}

TEST(FormatDifference, PercentagesDifferInPoints) {
  EXPECT_EQ(format_value(0.0367, unit("%")), "3.67%");
  EXPECT_EQ(format_difference(0.0367, unit("%")), "3.67 pp");
  EXPECT_EQ(format_difference(-0.138, unit("%")), "-13.8 pp");
  EXPECT_EQ(format_difference(-3.03e9, unit("USD")), "-$3.03B");  // other units as format_value
}

TEST(FormatValue, MoneyStaysInT) {
  EXPECT_EQ(format_amount(2.25e15), "2250T");
  EXPECT_EQ(format_value(2.25e15, unit("USD")), "$2250T");
  EXPECT_EQ(format_value(-6e11, unit("USD")), "-$600B");
}

TEST(FormatValue, HugeMoneyInScientificNotationOfDollars) {
  EXPECT_EQ(format_value(1e288, unit("USD")), "$1e+288");  // not "$1e+276T"
  EXPECT_EQ(format_value(-2.5e20, unit("USD/yr")), "-$2.5e+20/yr");
  EXPECT_EQ(format_value(9.99e15, unit("USD")), "$9990T");  // four digits of T stay in T
  EXPECT_EQ(format_value(1e16, unit("USD")), "$1e+16");
}

TEST(FormatPercent, OneSpellingForEveryCommand) {
  EXPECT_EQ(format_percent(50), "50%");
  EXPECT_EQ(format_percent(36.234), "36.2%");
  EXPECT_EQ(format_percent(1500), "1500%");
  EXPECT_EQ(format_percent(-0.5), "-0.5%");
  EXPECT_EQ(format_probability(0.476), "47.6%");
  EXPECT_EQ(format_probability(1), "100.0%");
  EXPECT_EQ(format_probability(0), "0.0%");
  EXPECT_EQ(format_probability(0.0004), "<0.1%");  // not "0.0%", nor "< 0.1%"
  EXPECT_EQ(format_probability(0.9996), ">99.9%");
}

TEST(FormatRange, MoneysTailOnce) {
  EXPECT_EQ(format_range(-214e9, -188e9, unit("USD/yr")), "-$214B to -$188B/yr");
  EXPECT_EQ(format_range(120e9, 180e9, unit("USD")), "$120B to $180B");
  EXPECT_EQ(format_range(0.362, 0.637, unit("%")), "36.2% to 63.7%");
  EXPECT_EQ(format_range(10e9, 20e9, unit("GW")), "10 GW to 20 GW");
  EXPECT_EQ(format_range(2027, kInfinity, unit("")), "2027 to never");
}

TEST(FormatValue, Dollars) {
  EXPECT_EQ(format_value(6e11, unit("USD")), "$600B");
  EXPECT_EQ(format_value(3.4e9, unit("USD")), "$3.4B");
  EXPECT_EQ(format_value(-5e11, unit("USD")), "-$500B");
  EXPECT_EQ(format_value(-0.5, unit("USD")), "-$0.5");
  EXPECT_EQ(format_value(5e9, unit("USD/yr")), "$5B/yr");
}

TEST(FormatValue, DollarsPerUnitShowTheRestOfTheUnit) {
  // $2.5B per year per GW is stored as 2.5 USD/yr/W.
  EXPECT_EQ(format_value(2.5, unit("USD/yr/GW")), "$2.5B/yr/GW");
  EXPECT_EQ(format_value(2 * 8766, unit("USD/GPU/h")), "$2/GPU/h");
  EXPECT_EQ(format_value(240, unit("USD/user/month")), "$20/user/month");
}

TEST(FormatValue, PhysicalUnits) {
  EXPECT_EQ(format_value(1e10, unit("GW")), "10 GW");
  EXPECT_EQ(format_value(132e3, unit("kW")), "132 kW");
  EXPECT_EQ(format_value(4.36e6, unit("GPU")), "4.36M GPU");
  EXPECT_EQ(format_value(700e6, unit("user")), "700M user");
  EXPECT_EQ(format_value(4, unit("yr")), "4 yr");
  // 200 GW shown in GW, not as 200B W.
  EXPECT_EQ(format_value(200e9, unit("GW")), "200 GW");
}

TEST(FormatValue, Percent) {
  EXPECT_EQ(format_value(0.5, unit("%")), "50%");
  EXPECT_EQ(format_value(1.0 / 6, unit("%")), "16.7%");
  EXPECT_EQ(format_value(0.02, unit("%")), "2%");
  EXPECT_EQ(format_value(-0.05, unit("%")), "-5%");
  EXPECT_EQ(format_value(1, unit("%")), "100%");
}

TEST(FormatValue, RatiosAndPlainNumbers) {
  EXPECT_EQ(format_value(50.0 / 3, unit("x")), "16.7x");
  EXPECT_EQ(format_value(1, Unit{}), "1");
  EXPECT_EQ(format_value(0.5, Unit{}), "0.5");
  EXPECT_EQ(format_value(21e6, Unit{}), "21M");
}

TEST(FormatValue, UndeclaredUnitsShowTheDimension) {
  Unit computed{1.0, unit("USD/yr").dimension, ""};
  EXPECT_EQ(format_value(5e9, computed), "$5B/yr");
}

TEST(FormatValue, NeverForPositiveInfinity) {
  EXPECT_EQ(format_value(kInfinity, Unit{}), "never");
  EXPECT_EQ(format_value(kInfinity, unit("USD")), "never");
  EXPECT_EQ(format_value(kInfinity, unit("%")), "never");
}

TEST(InUnit, ConvertsFromBaseUnits) {
  EXPECT_DOUBLE_EQ(in_unit(1e10, unit("GW")), 10);
  EXPECT_DOUBLE_EQ(in_unit(0.5, unit("%")), 50);
  EXPECT_DOUBLE_EQ(in_unit(240, unit("USD/user/month")), 20);
  EXPECT_DOUBLE_EQ(in_unit(6e11, unit("USD")), 6e11);
}

TEST(UnitLabel, DeclaredTextElseTheDimension) {
  EXPECT_EQ(unit_label(unit("USD/yr/GW")), "USD/yr/GW");
  EXPECT_EQ(unit_label(unit("%")), "%");
  EXPECT_EQ(unit_label(Unit{}), "");
  EXPECT_EQ(unit_label(Unit{1.0, unit("USD/GPU/h").dimension, ""}), "USD/yr/GPU");
}

}  // namespace
}  // namespace gpugap
