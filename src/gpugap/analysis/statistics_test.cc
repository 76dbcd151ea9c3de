#include "gpugap/analysis/statistics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
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
  // Every sample is counted once: in a bin, or in a tail beyond p0.5 (-495) and p99.5 (495).
  EXPECT_EQ(std::accumulate(s.counts.begin(), s.counts.end(), size_t{0}) + s.below + s.above,
            1001u);
  EXPECT_EQ(s.below, 5u);
  EXPECT_EQ(s.above, 5u);
  EXPECT_EQ(s.p_never, 0.0);
}

TEST(Statistics, TailsAreCountedApartNotPiledIntoTheEndBins) {
  // 0 … 989 evenly, and two far outliers on each side.
  std::vector<double> x;
  for (int i = 0; i < 990; ++i) x.push_back(i);
  for (double far : {-1e6, -2e6, 1e6, 2e6}) x.push_back(far);
  Summary s = summarise(x, 10);
  // p0.5 = 2.965 and p99.5 = 986.035 of these 994: five samples lie beyond each.
  EXPECT_EQ(s.below, 5u);
  EXPECT_EQ(s.above, 5u);
  EXPECT_EQ(std::accumulate(s.counts.begin(), s.counts.end(), size_t{0}), 984u);
  // The end bins hold as many as their neighbours, not a spike of the tails.
  EXPECT_LE(s.counts.front(), s.counts[1] + 1);
  EXPECT_LE(s.counts.back(), s.counts[8] + 1);
}

TEST(Statistics, NeverCountsInQuantilesButNotInMomentsOrHistogram) {
  // 70 finite years and 30 nevers (first_year of a condition not met).
  const double never = std::numeric_limits<double>::infinity();
  std::vector<double> x;
  for (int i = 0; i < 70; ++i) x.push_back(2026 + i % 7);
  for (int i = 0; i < 30; ++i) x.push_back(never);
  std::vector<double> copy = x;
  Summary s = summarise(x, 7);
  EXPECT_DOUBLE_EQ(s.p_never, 0.3);
  EXPECT_DOUBLE_EQ(s.mean, 2029.0);
  EXPECT_GT(s.sd, 0.0);
  EXPECT_TRUE(std::isfinite(s.sd));
  EXPECT_DOUBLE_EQ(s.p50, 2030.5);
  EXPECT_EQ(s.p75, never);
  EXPECT_EQ(s.p95, never);
  EXPECT_EQ(s.p99, never);
  ASSERT_EQ(s.edges.size(), 8u);
  EXPECT_DOUBLE_EQ(s.edges.front(), 2026.0);
  EXPECT_DOUBLE_EQ(s.edges.back(), 2032.0);
  EXPECT_EQ(std::accumulate(s.counts.begin(), s.counts.end(), size_t{0}) + s.below + s.above, 70u);
  for (double v : {s.p1, s.p5, s.p10, s.p25, s.p50, s.p75, s.p90, s.p95, s.p99}) {
    EXPECT_FALSE(std::isnan(v));
  }
  // The selection-based quantile agrees with a sort.
  std::sort(copy.begin(), copy.end());
  EXPECT_EQ(quantile(copy, 0.69), 2032.0);
  EXPECT_EQ(quantile(copy, 0.7), never);
}

TEST(Statistics, AllNever) {
  std::vector<double> x(20, std::numeric_limits<double>::infinity());
  Summary s = summarise(x);
  EXPECT_EQ(s.p_never, 1.0);
  EXPECT_EQ(s.mean, std::numeric_limits<double>::infinity());
  EXPECT_EQ(s.sd, 0.0);
  EXPECT_EQ(s.p5, std::numeric_limits<double>::infinity());
  EXPECT_TRUE(s.counts.empty());
}

TEST(Statistics, QuantilesByBucketsAndSelectionMatchASort) {
  // The slow, obvious version is the oracle: a sort. Small samples are selected directly; large
  // ones are counted in buckets first, and a heavy tail (exp of a wide spread) crowds most values
  // into one bucket, which is then searched again.
  for (size_t n : {5003u, 60001u}) {
    for (double spread : {1.0, 40.0}) {
      std::vector<double> x(n);
      for (size_t i = 0; i < n; ++i) {
        x[i] = std::exp(spread * std::sin(static_cast<double>(i) * 12.9898)) * 1e3;
      }
      std::vector<double> sorted = x;
      std::sort(sorted.begin(), sorted.end());
      auto type7 = [&](double p) {
        double h = p * static_cast<double>(sorted.size() - 1);
        size_t k = static_cast<size_t>(std::floor(h));
        return sorted[k] + (h - static_cast<double>(k)) * (sorted[k + 1] - sorted[k]);
      };
      Summary s = summarise(x);
      EXPECT_EQ(s.p1, type7(0.01)) << n << " " << spread;
      EXPECT_EQ(s.p5, type7(0.05)) << n << " " << spread;
      EXPECT_EQ(s.p25, type7(0.25)) << n << " " << spread;
      EXPECT_EQ(s.p50, type7(0.5)) << n << " " << spread;
      EXPECT_EQ(s.p90, type7(0.9)) << n << " " << spread;
      EXPECT_EQ(s.p99, type7(0.99)) << n << " " << spread;
      EXPECT_EQ(s.edges.front(), type7(0.005)) << n << " " << spread;
      EXPECT_EQ(s.edges.back(), type7(0.995)) << n << " " << spread;
      EXPECT_EQ(quantile(x, 0.3), type7(0.3)) << n << " " << spread;
    }
  }
}

TEST(Statistics, ConstantSampleHasOneBin) {
  std::vector<double> x(50, 3.0);
  Summary s = summarise(x);
  EXPECT_DOUBLE_EQ(s.sd, 0.0);
  EXPECT_EQ(s.counts, std::vector<size_t>{50});
}

}  // namespace
}  // namespace gpugap
