#include "gpugap/analysis/statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gpugap {
namespace {

TEST(Statistics, QuantilesInterpolateLikeNumpy) {
  // numpy.quantile([1..10], q) with the default 'linear' method.
  std::vector<double> x(10);
  std::iota(x.begin(), x.end(), 1.0);
  std::reverse(x.begin(), x.end());
  EXPECT_DOUBLE_EQ(quantile(x, 0.5), 5.5);
  EXPECT_DOUBLE_EQ(quantile(x, 0.1), 1.9);
  EXPECT_DOUBLE_EQ(quantile(x, 0.95), 9.55);
  EXPECT_DOUBLE_EQ(quantile(x, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile(x, 1.0), 10.0);
}

TEST(Statistics, SummaryOfAKnownSample) {
  std::vector<double> x(1001);
  std::iota(x.begin(), x.end(), -500.0);  // -500 … 500
  Summary s = summarise(x, 10);
  EXPECT_DOUBLE_EQ(s.mean, 0.0);
  EXPECT_NEAR(s.sd, std::sqrt(1001.0 * 1002.0 / 12.0), 1e-9);
  EXPECT_DOUBLE_EQ(s.p50, 0.0);
  EXPECT_DOUBLE_EQ(s.p5, -450.0);
  EXPECT_DOUBLE_EQ(s.p95, 450.0);
  EXPECT_DOUBLE_EQ(s.p_positive, 500.0 / 1001.0);
  ASSERT_EQ(s.edges.size(), 11u);
  ASSERT_EQ(s.counts.size(), 10u);
  EXPECT_EQ(std::accumulate(s.counts.begin(), s.counts.end(), size_t{0}), 1001u);
}

TEST(Statistics, ConstantSampleHasOneBin) {
  std::vector<double> x(50, 3.0);
  Summary s = summarise(x);
  EXPECT_DOUBLE_EQ(s.sd, 0.0);
  EXPECT_EQ(s.counts, std::vector<size_t>{50});
}

}  // namespace
}  // namespace gpugap
