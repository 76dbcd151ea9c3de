#include "gpugap/random/sobol.h"

#include <gtest/gtest.h>

#include <boost/random/sobol.hpp>
#include <vector>

namespace gpugap {
namespace {

TEST(Sobol, PointsAreBoostsInGrayCodeOrder) {
  // Boost's engine gives the points in Gray-code order and skips point 0.
  const size_t dimensions = 60;
  boost::random::sobol_engine<uint32_t, 32> boost_sobol(dimensions);
  for (uint32_t n = 1; n <= 4096; ++n) {
    const uint32_t gray = n ^ (n >> 1);
    for (size_t d = 0; d < dimensions; ++d) ASSERT_EQ(boost_sobol(), sobol_point(d, gray)) << n;
  }
  EXPECT_EQ(sobol_point(kSobolDimensions - 1, 0), 0u);
}

TEST(Sobol, EachScrambleStratifiesEveryDimension) {
  // Owen scrambling keeps the net: m = 2^k points of a scramble put one point in each of the m
  // equal intervals of (0, 1), in every dimension.
  const uint64_t m = 1024;
  ScrambledSobol source(42, m);
  std::vector<double> u(3 * m);
  for (size_t leaf : {0, 1, 7, 300}) {
    source.fill(leaf, 1234 + leaf, 0, u.size(), u.data());
    for (size_t r = 0; r < 3; ++r) {
      std::vector<int> cells(m, 0);
      for (size_t i = 0; i < m; ++i) {
        const double x = u[r * m + i];
        ASSERT_GT(x, 0);
        ASSERT_LT(x, 1);
        ++cells[static_cast<size_t>(x * static_cast<double>(m))];
      }
      for (int c : cells) ASSERT_EQ(c, 1) << "leaf " << leaf << " scramble " << r;
    }
    EXPECT_NE(u[0], u[m]);  // scrambles differ
  }
}

TEST(Sobol, UniformsArePureFunctionsOfTheSample) {
  ScrambledSobol source(7, 256);
  std::vector<double> whole(1000), pieces(1000);
  source.fill(3, 99, 0, whole.size(), whole.data());
  for (size_t start = 0; start < pieces.size(); start += 37) {
    source.fill(3, 99, start, std::min<size_t>(37, pieces.size() - start), pieces.data() + start);
  }
  EXPECT_EQ(whole, pieces);
  std::vector<double> other(1000);
  ScrambledSobol(8, 256).fill(3, 99, 0, other.size(), other.data());
  EXPECT_NE(whole, other);  // another seed, other scrambles
}

}  // namespace
}  // namespace gpugap
