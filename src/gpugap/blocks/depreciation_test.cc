#include "gpugap/blocks/depreciation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace gpugap {
namespace {

// The examples of Microsoft's Excel documentation for each function, whose results are printed
// there to the cent; and textbook schedules worked by hand.

TEST(Depreciation, SlnMatchesExcel) {
  EXPECT_DOUBLE_EQ(sln(30000, 7500, 10), 2250);
  EXPECT_TRUE(std::isnan(sln(30000, 7500, 0)));
}

TEST(Depreciation, SydMatchesExcel) {
  EXPECT_NEAR(syd(30000, 7500, 10, 1), 4090.91, 0.005);
  EXPECT_NEAR(syd(30000, 7500, 10, 10), 409.09, 0.005);
  // By hand: cost 10,000, salvage 1,000, 4 years: digits sum to 10, so 4/10, 3/10, 2/10, 1/10
  // of 9,000.
  EXPECT_DOUBLE_EQ(syd(10000, 1000, 4, 1), 3600);
  EXPECT_DOUBLE_EQ(syd(10000, 1000, 4, 2), 2700);
  EXPECT_DOUBLE_EQ(syd(10000, 1000, 4, 3), 1800);
  EXPECT_DOUBLE_EQ(syd(10000, 1000, 4, 4), 900);
  EXPECT_TRUE(std::isnan(syd(10000, 1000, 4, 5)));
}

TEST(Depreciation, DdbMatchesExcel) {
  EXPECT_NEAR(ddb(2400, 300, 10 * 365, 1), 1.32, 0.005);
  EXPECT_NEAR(ddb(2400, 300, 10 * 12, 1, 2), 40.00, 0.005);
  EXPECT_NEAR(ddb(2400, 300, 10, 1, 2), 480.00, 0.005);
  EXPECT_NEAR(ddb(2400, 300, 10, 2, 1.5), 306.00, 0.005);
  EXPECT_NEAR(ddb(2400, 300, 10, 10), 22.12, 0.005);
  EXPECT_TRUE(std::isnan(ddb(2400, 300, 10, 11)));
  EXPECT_TRUE(std::isnan(ddb(2400, 300, 10, 0)));
}

TEST(Depreciation, DdbNeverGoesBelowSalvage) {
  // By hand: 10,000 at 40% a year: 4,000, 2,400, 1,440, 864; then 1,296 × 40% would leave 777.6,
  // below the 1,000 salvage, so the last year takes only 296.
  const double expected[] = {4000, 2400, 1440, 864, 296};
  for (int p = 1; p <= 5; ++p) EXPECT_NEAR(ddb(10000, 1000, 5, p), expected[p - 1], 1e-9) << p;
}

TEST(Depreciation, DbMatchesExcel) {
  // DB(1,000,000, 100,000, 6, period, 7): the rate rounds to 0.319; the first year has 7 months.
  const double expected[] = {186083.33, 259639.42, 176814.44, 120410.64,
                             81999.64,  55841.76,  15845.10};
  for (int p = 1; p <= 7; ++p) {
    EXPECT_NEAR(db(1000000, 100000, 6, p, 7), expected[p - 1], 0.005) << "period " << p;
  }
  EXPECT_TRUE(std::isnan(db(1000000, 100000, 6, 8, 7)));
  EXPECT_TRUE(std::isnan(db(1000000, 100000, 6, 7)));  // a full first year has no period 7
}

TEST(Depreciation, VdbMatchesExcel) {
  EXPECT_NEAR(vdb(2400, 300, 10 * 365, 0, 1), 1.32, 0.005);
  EXPECT_NEAR(vdb(2400, 300, 10 * 12, 0, 1), 40.00, 0.005);
  EXPECT_NEAR(vdb(2400, 300, 10, 0, 1), 480.00, 0.005);
  EXPECT_NEAR(vdb(2400, 300, 10 * 12, 6, 18), 396.31, 0.005);
  EXPECT_NEAR(vdb(2400, 300, 10 * 12, 6, 18, 1.5), 311.81, 0.005);
  EXPECT_TRUE(std::isnan(vdb(2400, 300, 10, 0, 0.875, 1.5)));  // fractional periods: not here
}

TEST(Depreciation, VdbSwitchesToStraightLine) {
  // By hand: 10,000, no salvage, 5 years, factor 2: 4,000, 2,400, 1,440; in year 4 straight line
  // over the 2 years left (2,160 ÷ 2 = 1,080) beats 40% of 2,160 (864), and stays.
  const double expected[] = {4000, 2400, 1440, 1080, 1080};
  for (int p = 1; p <= 5; ++p) EXPECT_NEAR(vdb(10000, 0, 5, p - 1, p), expected[p - 1], 1e-9);
  EXPECT_NEAR(vdb(10000, 0, 5, 0, 5), 10000, 1e-9);
  // Without the switch it is DDB: 864 in year 4.
  EXPECT_NEAR(vdb(10000, 0, 5, 3, 4, 2, true), 864, 1e-9);
}

TEST(Depreciation, MethodNames) {
  EXPECT_EQ(parse_depreciation_method("VDB"), DepreciationMethod::kVariableDeclining);
  EXPECT_FALSE(parse_depreciation_method("straight").has_value());
  for (const auto& name : depreciation_method_names()) {
    EXPECT_EQ(depreciation_method_name(*parse_depreciation_method(name)), name);
  }
}

std::vector<double> schedule(DepreciationMethod method, double life, double salvage = 0,
                             double factor = 2, double months = 12, int years = 12) {
  DepreciationRule rule{method, life, salvage, factor, months};
  std::vector<double> out(years);
  EXPECT_TRUE(depreciation_schedule(rule, years, out.data()));
  return out;
}

TEST(DepreciationSchedule, FollowsTheSpreadsheetFunctions) {
  auto sl = schedule(DepreciationMethod::kStraightLine, 4, 0.1);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(sl[k], sln(1, 0.1, 4), 1e-12);
  EXPECT_EQ(sl[4], 0);
  auto sy = schedule(DepreciationMethod::kSumOfYears, 4, 0.1);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(sy[k], syd(1, 0.1, 4, k + 1), 1e-12);
  auto vd = schedule(DepreciationMethod::kVariableDeclining, 5, 0);
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(vd[k], vdb(1, 0, 5, k, k + 1), 1e-12);
  // DDB and DB follow their functions until the last year of the life, which takes the rest.
  auto dd = schedule(DepreciationMethod::kDoubleDeclining, 5, 0);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(dd[k], ddb(1, 0, 5, k + 1), 1e-12);
  EXPECT_NEAR(dd[4], 1 - (0.4 + 0.24 + 0.144 + 0.0864), 1e-12);  // 0.1296, not DDB's 0.05184
  auto fd = schedule(DepreciationMethod::kFixedDeclining, 6, 0.1, 2, 7);
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(fd[k], db(1, 0.1, 6, k + 1, 7), 1e-12);
  double taken = std::accumulate(fd.begin(), fd.begin() + 6, 0.0);
  EXPECT_NEAR(fd[6], 0.9 - taken, 1e-12);
}

TEST(DepreciationSchedule, PartialFirstYearOfStraightLine) {
  // 6 months in the first year: half a year's depreciation, then full years, then the other half.
  auto sl = schedule(DepreciationMethod::kStraightLine, 4, 0, 2, 6);
  const double expected[] = {0.125, 0.25, 0.25, 0.25, 0.125, 0};
  for (int k = 0; k < 6; ++k) EXPECT_NEAR(sl[k], expected[k], 1e-12) << k;
}

TEST(DepreciationSchedule, EndsAtSalvageForEveryMethodAndLife) {
  for (const auto& name : depreciation_method_names()) {
    const auto method = *parse_depreciation_method(name);
    for (double life : {1.0, 2.5, 3.0, 4.0, 5.5, 6.0, 9.7}) {
      for (double salvage : {0.0, 0.05, 0.3}) {
        // DB's rate is 1 when nothing is left: it writes everything off in the first year.
        auto s =
            schedule(method, life, salvage, 2, supports_partial_first_year(method) ? 9 : 12, 14);
        double total = 0;
        for (double d : s) {
          EXPECT_GE(d, 0) << name << " life " << life;
          total += d;
        }
        EXPECT_NEAR(total, 1 - salvage, 1e-12)
            << name << " life " << life << " salvage " << salvage;
      }
    }
  }
}

TEST(DepreciationSchedule, StatedDecliningBalanceHalvesValueInThreeYears) {
  // "A GPU loses about 50% of its value every 3 years" as DDB: a rate of 1 − 0.5^(1/3) a year.
  const double life = 6;
  const double factor = life * (1 - std::pow(0.5, 1.0 / 3));
  auto s = schedule(DepreciationMethod::kDoubleDeclining, life, 0, factor);
  EXPECT_NEAR(1 - (s[0] + s[1] + s[2]), 0.5, 1e-12);
}

TEST(DepreciationSchedule, RejectsRulesOutsideTheDomain) {
  std::vector<double> out(5);
  EXPECT_FALSE(depreciation_schedule({DepreciationMethod::kStraightLine, -3}, 5, out.data()));
  EXPECT_FALSE(depreciation_schedule({DepreciationMethod::kStraightLine, 0}, 5, out.data()));
  EXPECT_FALSE(depreciation_schedule({DepreciationMethod::kSumOfYears, 4, 1.0}, 5, out.data()));
  EXPECT_FALSE(
      depreciation_schedule({DepreciationMethod::kDoubleDeclining, 4, 0, 0}, 5, out.data()));
  EXPECT_FALSE(
      depreciation_schedule({DepreciationMethod::kFixedDeclining, 4, 0, 2, 13}, 5, out.data()));
}

}  // namespace
}  // namespace gpugap
