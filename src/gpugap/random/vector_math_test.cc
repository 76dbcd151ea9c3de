#include "gpugap/random/vector_math.h"

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "gpugap/random/distributions.h"

#if GPUGAP_HWY
#include <hwy/targets.h>
#endif

namespace gpugap {
namespace {

uint64_t next(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Same bits, NaN for NaN.
void expect_same(double expected, double got, double input, const char* what) {
  if (std::isnan(expected)) {
    ASSERT_TRUE(std::isnan(got)) << what << " of " << input;
  } else {
    ASSERT_EQ(std::bit_cast<uint64_t>(expected), std::bit_cast<uint64_t>(got))
        << what << " of " << input << ": " << expected << " against " << got;
  }
}

// Ulps between two finite doubles of the same sign.
int64_t ulps(double a, double b) {
  return std::abs(static_cast<int64_t>(std::bit_cast<uint64_t>(a)) -
                  static_cast<int64_t>(std::bit_cast<uint64_t>(b)));
}

TEST(VectorMath, SimdPhiloxMatchesRandom123BitForBit) {
  // Four million uniforms from varied keys and starting counters (high words too), in batches of
  // odd lengths so that every SIMD width's remainder path runs.
  r123::Philox4x32 reference;
  uint64_t state = 5;
  std::vector<double> out(2 * 1003);
  for (int batch = 0; batch < 2000; ++batch) {
    const uint64_t k = next(state);
    const uint64_t first = batch % 3 == 0 ? next(state) : next(state) >> 40;
    const PhiloxKey key = {static_cast<uint32_t>(k), static_cast<uint32_t>(k >> 32)};
    const size_t pairs = 1003 - static_cast<size_t>(batch % 17);
    philox_uniform_pairs(key, first, pairs, out.data());
    for (size_t j = 0; j < pairs; ++j) {
      const uint64_t c = first + j;
      const auto r = reference({{static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0, 0}},
                               {{key[0], key[1]}});
      ASSERT_EQ(out[2 * j], philox_unit(r[0], r[1])) << "pair " << j << " of batch " << batch;
      ASSERT_EQ(out[2 * j + 1], philox_unit(r[2], r[3])) << "pair " << j << " of batch " << batch;
    }
  }
}

TEST(VectorMath, SimdExpAndLogGiveTheScalarBits) {
  // Ten million inputs: the range a lognormal's exponent takes, the whole double range, and the
  // edges (overflow, underflow into subnormals, zeros, infinities, NaN, negatives for log).
  std::vector<double> x;
  uint64_t state = 11;
  for (int i = 0; i < 4000000; ++i) {
    x.push_back((static_cast<double>(next(state) >> 11) * 0x1.0p-53 - 0.5) * 80);
  }
  for (int i = 0; i < 1000000; ++i)
    x.push_back((static_cast<double>(next(state) >> 11) * 0x1.0p-53 - 0.5) * 1500);
  for (int i = 0; i < 1000000; ++i) x.push_back(std::bit_cast<double>(next(state)));
  const double specials[] = {0.0,
                             -0.0,
                             1.0,
                             -1.0,
                             709.78,
                             709.79,
                             -708.4,
                             -745.1,
                             -745.2,
                             1e-310,
                             5e-324,
                             std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity(),
                             std::numeric_limits<double>::quiet_NaN()};
  for (double s : specials) x.push_back(s);
  std::vector<double> e(x.size()), l(x.size());
  exps(x.data(), e.data(), x.size());
  logs(x.data(), l.data(), x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    expect_same(exp_same(x[i]), e[i], x[i], "exp");
    expect_same(log_same(x[i]), l[i], x[i], "log");
  }
}

TEST(VectorMath, ExpAndLogAreWithinOneUlpOfGlibc) {
  uint64_t state = 3;
  int64_t worst_exp = 0, worst_log = 0;
  for (int i = 0; i < 2000000; ++i) {
    const double x = (static_cast<double>(next(state) >> 11) * 0x1.0p-53 - 0.5) * 1400;
    if (std::exp(x) > 0 && std::isfinite(std::exp(x)) && std::exp(x) >= 0x1.0p-1022) {
      worst_exp = std::max(worst_exp, ulps(exp_same(x), std::exp(x)));
    }
    const double y = std::bit_cast<double>(next(state) >> 1);  // every positive double
    if (std::isfinite(y)) worst_log = std::max(worst_log, ulps(log_same(y), std::log(y)));
  }
  EXPECT_LE(worst_exp, 1);
  EXPECT_LE(worst_log, 1);
  EXPECT_EQ(exp_same(0.0), 1.0);
  EXPECT_EQ(log_same(1.0), 0.0);
  EXPECT_EQ(exp_same(1000.0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(exp_same(-1000.0), 0.0);
  EXPECT_EQ(exp_same(-740.0), std::exp(-740.0));  // a subnormal, rounded once
  EXPECT_EQ(log_same(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(log_same(-1.0)));
  EXPECT_NEAR(log_same(5e-324), std::log(5e-324), 1e-12);
}

TEST(VectorMath, SimdNormalQuantilesGiveTheScalarBits) {
  std::vector<double> u;
  uint64_t state = 17;
  for (int i = 0; i < 3000000; ++i)
    u.push_back((static_cast<double>(next(state) >> 11) + 0.5) * 0x1.0p-53);
  // Far tails (r > 5 in AS 241) and the edges.
  for (int i = 0; i < 1000; ++i) {
    const double tiny =
        std::ldexp(static_cast<double>(next(state) >> 11) * 0x1.0p-53, -40 - i % 900);
    u.push_back(tiny);
    u.push_back(1 - tiny);
  }
  for (double s :
       {0.0, 1.0, -0.5, 1.5, 0.075, 0.925, 0.5, std::numeric_limits<double>::quiet_NaN()}) {
    u.push_back(s);
  }
  std::vector<double> z(u.size());
  normal_quantiles(u.data(), z.data(), u.size());
  for (size_t i = 0; i < u.size(); ++i) expect_same(normal_quantile(u[i]), z[i], u[i], "quantile");
  // In place, too.
  std::vector<double> w = u;
  normal_quantiles(w.data(), w.data(), w.size());
  for (size_t i = 0; i < u.size(); ++i) expect_same(z[i], w[i], u[i], "in-place quantile");
  EXPECT_EQ(normal_quantile(0.0), -std::numeric_limits<double>::infinity());
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_NEAR(normal_quantile(1e-300), -37.0471, 1e-4);
}

TEST(VectorMath, SaysWhichInstructionSetItUses) { EXPECT_STRNE(simd_target(), ""); }

#if GPUGAP_HWY
// Every instruction set this machine runs (AVX-512, AVX2, SSE4, Highway's emulation, …) gives
// the same bits as the scalar functions, so results do not depend on the machine.
TEST(VectorMath, EveryInstructionSetGivesTheSameBits) {
  uint64_t state = 23;
  std::vector<double> x, u;
  for (int i = 0; i < 100000; ++i) {
    x.push_back((static_cast<double>(next(state) >> 11) * 0x1.0p-53 - 0.5) * 60);
    u.push_back((static_cast<double>(next(state) >> 11) + 0.5) * 0x1.0p-53);
  }
  const PhiloxKey key = {0x12345678u, 0x9abcdef0u};
  std::vector<double> e(x.size()), l(x.size()), z(u.size()), p(2 * 1001);
  int targets = 0;
  for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    ++targets;
    EXPECT_STREQ(simd_target(), hwy::TargetName(target));
    exps(x.data(), e.data(), x.size());
    logs(u.data(), l.data(), u.size());
    normal_quantiles(u.data(), z.data(), u.size());
    philox_uniform_pairs(key, 0xfffffff0ull, 1001, p.data());
    for (size_t i = 0; i < x.size(); ++i) {
      expect_same(exp_same(x[i]), e[i], x[i], hwy::TargetName(target));
      expect_same(log_same(u[i]), l[i], u[i], hwy::TargetName(target));
      expect_same(normal_quantile(u[i]), z[i], u[i], hwy::TargetName(target));
    }
    for (uint64_t j = 0; j < 1001; ++j) {
      const uint64_t c = 0xfffffff0ull + j;
      const auto r =
          philox4x32_10({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0u, 0u}, key);
      ASSERT_EQ(p[2 * j], philox_unit(r[0], r[1])) << hwy::TargetName(target);
      ASSERT_EQ(p[2 * j + 1], philox_unit(r[2], r[3])) << hwy::TargetName(target);
    }
  }
  hwy::SetSupportedTargetsForTest(0);
  EXPECT_GE(targets, 2);
}
#endif

}  // namespace
}  // namespace gpugap
