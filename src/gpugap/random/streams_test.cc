#include "gpugap/random/streams.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace gpugap {
namespace {

TEST(Streams, AnyWindowOfAStreamGivesTheSameNumbers) {
  std::vector<double> whole(1001);
  uniforms(7, stream_hash("gpu_runrate#0"), 0, whole.size(), whole.data());
  // Odd starts and lengths split the pairs that one Philox call yields.
  for (uint64_t start : {0u, 1u, 2u, 333u, 999u}) {
    std::vector<double> part(1001 - start);
    uniforms(7, stream_hash("gpu_runrate#0"), start, part.size(), part.data());
    for (size_t i = 0; i < part.size(); ++i) ASSERT_EQ(part[i], whole[start + i]) << start;
  }
}

TEST(Streams, UniformsAreInsideTheOpenIntervalAndLookUniform) {
  const size_t n = 200000;
  std::vector<double> u(n);
  uniforms(1, 2, 0, n, u.data());
  double sum = 0, squares = 0;
  size_t below_tenth = 0;
  for (double x : u) {
    ASSERT_GT(x, 0.0);
    ASSERT_LT(x, 1.0);
    sum += x;
    squares += x * x;
    below_tenth += x < 0.1;
  }
  double mean = sum / n, variance = squares / n - mean * mean;
  // Within 5 standard errors of 1/2, 1/12 and 0.1.
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(variance, 1.0 / 12, 5 * std::sqrt(1.0 / 180 / n));
  EXPECT_NEAR(below_tenth / double(n), 0.1, 5 * std::sqrt(0.09 / n));
}

TEST(Streams, SeedsAndStreamsAreIndependent) {
  std::vector<double> a(4), b(4), c(4);
  uniforms(1, stream_hash("a#0"), 0, 4, a.data());
  uniforms(2, stream_hash("a#0"), 0, 4, b.data());
  uniforms(1, stream_hash("b#0"), 0, 4, c.data());
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
}

TEST(Streams, HashIsStable) {
  // FNV-1a 64 of "" and "a": the same on every machine, so seeds reproduce everywhere.
  EXPECT_EQ(stream_hash(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(stream_hash("a"), 0xaf63dc4c8601ec8cull);
}

}  // namespace
}  // namespace gpugap
