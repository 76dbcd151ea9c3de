#include "gpugap/random/beta_table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "gpugap/random/distributions.h"

namespace gpugap {
namespace {

// Uniforms over the whole range: evenly spread, plus every octave of both tails down to 2^-30
// (the deepest are past the table and exact), plus the octave and interval edges.
std::vector<double> probes(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> u = {0.5, 0.25, 0.125, 0.5 + 1.0 / 32, 1.0 / 3, 2.0 / 3};
  for (int i = 0; i < 400; ++i) u.push_back(unit(rng));
  for (int k = 1; k <= 30; ++k) {
    for (int i = 0; i < 6; ++i) {
      const double v = std::ldexp(1 + unit(rng), -k - 1);
      u.push_back(v);
      u.push_back(1 - v);
    }
    u.push_back(std::ldexp(1.0, -k));
    u.push_back(1 - std::ldexp(1.0, -k));
  }
  return u;
}

// |table − exact| ≤ 1e-9 × min(x, 1 − x) (plus the last bit of x itself).
void expect_close(const BetaQuantileTable& table, double a, double b, double u) {
  const double exact = beta_quantile(u, a, b);  // Boost's inverse, guarded
  const double got = table(u);
  const double scale = std::min(exact, 1 - exact);
  EXPECT_LE(std::abs(got - exact), 1e-9 * scale + 4e-16)
      << "Beta(" << a << ", " << b << ") at u = " << u << ": " << got << " vs " << exact;
}

TEST(BetaTable, MatchesBoostOverTheTabulatedRange) {
  std::mt19937_64 rng(7);
  const double grid[] = {0.5, 0.73, 1.0, 1.3, 2.0, 3.7, 5.0, 11.0, 60.0, 300.0, 1000.0};
  for (double a : grid) {
    for (double b : grid) {
      const BetaQuantileTable table(a, b);
      ASSERT_TRUE(table.ok()) << a << ", " << b;
      for (double u : probes(rng)) expect_close(table, a, b, u);
    }
  }
}

TEST(BetaTable, MatchesBoostForRandomPerts) {
  // A PERT is Beta(1 + 4m, 1 + 4(1 − m)) for its mode's place m in [0, 1].
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> unit(0, 1);
  for (int i = 0; i < 25; ++i) {
    const double m = i < 3 ? i / 2.0 : unit(rng);
    const double a = 1 + 4 * m, b = 1 + 4 * (1 - m);
    const BetaQuantileTable table(a, b);
    ASSERT_TRUE(table.ok()) << a << ", " << b;
    for (double u : probes(rng)) expect_close(table, a, b, u);
  }
}

TEST(BetaTable, IsMonotoneOnAFineGrid) {
  const BetaQuantileTable table(1.235, 4.765);  // pert(30%, 80%, 200%)
  ASSERT_TRUE(table.ok());
  double last = 0;
  for (int i = 1; i < 200000; ++i) {
    const double x = table(i / 200000.0);
    EXPECT_GE(x, last) << i;
    last = x;
  }
}

TEST(BetaTable, RefusesParametersOutsideItsRange) {
  EXPECT_FALSE(BetaQuantileTable(0.2, 3).ok());
  EXPECT_FALSE(BetaQuantileTable(3, 5000).ok());
  EXPECT_EQ(BetaQuantileTable::get(0.1, 0.1), nullptr);
  const BetaQuantileTable* shared = BetaQuantileTable::get(2, 3);
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(BetaQuantileTable::get(2, 3), shared);  // built once
}

}  // namespace
}  // namespace gpugap
