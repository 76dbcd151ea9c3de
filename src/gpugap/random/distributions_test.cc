#include "gpugap/random/distributions.h"

#include <gtest/gtest.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <cmath>

namespace gpugap {
namespace {

// Probabilities from the far tails to the centre, where AS 241 switches formulas.
std::vector<double> probabilities() {
  std::vector<double> p = {1e-300, 1e-100, 1e-20, 1e-10, 1e-5,  0.001,    0.01,     0.0249, 0.075,
                           0.0751, 0.1,    0.2,   0.3,   0.4,   0.45,     0.5,      0.55,   0.7,
                           0.9,    0.925,  0.95,  0.99,  0.999, 1 - 1e-9, 1 - 1e-15};
  for (int i = 1; i < 1000; ++i) p.push_back(i / 1000.0);
  return p;
}

TEST(Distributions, NormalQuantileMatchesBoostTo1e12) {
  boost::math::normal standard;
  for (double u : probabilities()) {
    double expected = boost::math::quantile(standard, u);
    double actual = normal_quantile(u);
    if (expected == 0) {
      EXPECT_NEAR(actual, 0, 1e-15) << u;
    } else {
      EXPECT_NEAR(actual / expected, 1.0, 1e-12) << "u = " << u;
    }
  }
}

TEST(Distributions, BetaQuantileWhereBoostsRootFinderFails) {
  // Boost's ibeta_inv throws at the median of beta(5, 5); a point run of it crashed.
  EXPECT_EQ(beta_quantile(0.5, 5, 5), 0.5);
  EXPECT_NEAR(beta_quantile(0.3, 5, 5), 1 - beta_quantile(0.7, 5, 5), 1e-15);
}

TEST(Distributions, NormalQuantileEdges) {
  EXPECT_EQ(normal_quantile(0.0), -INFINITY);
  EXPECT_EQ(normal_quantile(1.0), INFINITY);
  EXPECT_TRUE(std::isnan(normal_quantile(-0.1)));
  EXPECT_TRUE(std::isnan(normal_quantile(NAN)));
}

TEST(Distributions, NormalCdfInvertsTheQuantile) {
  for (double u : {0.001, 0.1, 0.5, 0.8, 0.999}) {
    EXPECT_NEAR(normal_cdf(normal_quantile(u)), u, 1e-14);
  }
}

TEST(Distributions, IntervalRuleGivesThe5thAnd95thPercentiles) {
  // Squiggle's "a to b": lognormal with 5% at a and 95% at b.
  EXPECT_NEAR(interval90_quantile(0.05, 100e9, 300e9), 100e9, 1e-3);
  EXPECT_NEAR(interval90_quantile(0.95, 100e9, 300e9), 300e9, 1e-3);
  EXPECT_NEAR(interval90_quantile(0.5, 100e9, 300e9), std::sqrt(100e9 * 300e9), 1e-3);
  boost::math::lognormal ln(0.5 * (std::log(1.0) + std::log(4.0)),
                            (std::log(4.0) - std::log(1.0)) / (2 * kZ95));
  for (double u : {0.01, 0.3, 0.77}) {
    EXPECT_NEAR(interval90_quantile(u, 1.0, 4.0) / boost::math::quantile(ln, u), 1.0, 1e-12);
  }
  // A low end at or below zero makes it a normal with that 90% interval.
  EXPECT_NEAR(interval90_quantile(0.05, -10, 30), -10, 1e-12);
  EXPECT_NEAR(interval90_quantile(0.95, -10, 30), 30, 1e-12);
  EXPECT_NEAR(interval90_quantile(0.5, -10, 30), 10, 1e-12);
}

TEST(Distributions, TriangularMatchesBoost) {
  boost::math::triangular_distribution<> t(0.3, 0.5, 0.7);
  for (double u : {0.001, 0.2, 0.5, 0.6, 0.999}) {
    EXPECT_NEAR(triangular_quantile(u, 0.3, 0.5, 0.7), boost::math::quantile(t, u), 1e-12);
  }
}

TEST(Distributions, BetaIsBoosts) {
  boost::math::beta_distribution<> b(2.0, 5.0);
  for (double u : {0.01, 0.5, 0.9}) {
    EXPECT_DOUBLE_EQ(beta_quantile(u, 2.0, 5.0), boost::math::quantile(b, u));
  }
  EXPECT_TRUE(std::isnan(beta_quantile(0.5, -1, 2)));
}

}  // namespace
}  // namespace gpugap
