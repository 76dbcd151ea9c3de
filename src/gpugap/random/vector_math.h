// exp and log that give the same bits everywhere: one at a time (exp_same, log_same) or over an
// array with SIMD (exps, logs; random/simd.cc, Google Highway with runtime dispatch), and the
// same bits from both. glibc's exp and log are not usable for that: no vector version of them
// rounds as they do, and musl (the wasm build) rounds differently again. These follow fdlibm's
// algorithms (Sun's e_exp.c and e_log.c; error below 1 ulp) with every step a separate IEEE
// multiply, add or divide, never a fused multiply-add (gpugap_core is built -ffp-contract=off),
// so that SSE, AVX2, AVX-512, scalar x86 and wasm32 agree bit for bit. The Monte Carlo path, the
// point evaluator and the quantile functions (random/distributions.h) all use these, so that a
// point run and a sample with the same uniforms agree to the last bit.
// Pure functions: safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gpugap/random/philox.h"

namespace gpugap {

double exp_same(double x);
double log_same(double x);

// y[i] = exp_same(x[i]) and log_same(x[i]) for i < n (y may alias x).
void exps(const double* x, double* y, size_t n);
void logs(const double* x, double* y, size_t n);

// The uniforms of Philox counters first_pair … first_pair + pairs − 1 under key, two from each
// counter, as random/streams.h defines them: out[2j] and out[2j + 1] from counter first_pair + j.
void philox_uniform_pairs(PhiloxKey key, uint64_t first_pair, size_t pairs, double* out);

// The tails of the normal quantile (|u − 0.5| > 0.425, 0 < u < 1) of AS 241, for u[0..n) into
// z[0..n) (z may alias u): the same bits as normal_quantile (random/distributions.h).
void normal_tail_quantiles(const double* u, double* z, size_t n);

// The central part of AS 241 (|u − 0.5| ≤ 0.425) for every u[0..n), whatever its value.
void normal_central_quantiles(const double* u, double* z, size_t n);

// Which SIMD instruction set the batch functions above use on this machine ("AVX3", "AVX2",
// "scalar" where built without Highway): for benchmarks and `--version`-like reports.
const char* simd_target();

// 53 bits to a double in (0, 1): the midpoint of one of 2^53 equal cells, never 0 or 1.
inline double philox_unit(uint32_t high, uint32_t low) {
  const uint64_t bits = ((static_cast<uint64_t>(high) << 32) | low) >> 11;
  return (static_cast<double>(bits) + 0.5) * 0x1.0p-53;
}

namespace math_detail {

// fdlibm's constants (e_exp.c, e_log.c).
inline constexpr double kLn2Hi = 6.93147180369123816490e-01;
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;
inline constexpr double kInvLn2 = 1.44269504088896338700e+00;
inline constexpr double kP1 = 1.66666666666666019037e-01;
inline constexpr double kP2 = -2.77777777770155933842e-03;
inline constexpr double kP3 = 6.61375632143793436117e-05;
inline constexpr double kP4 = -1.65339022054652515390e-06;
inline constexpr double kP5 = 4.13813679705723846039e-08;
inline constexpr double kExpOverflow = 7.09782712893383973096e+02;
inline constexpr double kExpUnderflow = -7.45133219101941108420e+02;
inline constexpr double kLg1 = 6.666666666666735130e-01;
inline constexpr double kLg2 = 3.999999999940941908e-01;
inline constexpr double kLg3 = 2.857142874366239149e-01;
inline constexpr double kLg4 = 2.222219843214978396e-01;
inline constexpr double kLg5 = 1.818357216161805012e-01;
inline constexpr double kLg6 = 1.531383769920937332e-01;
inline constexpr double kLg7 = 1.479819860511658591e-01;
// 1.5 × 2^52: adding it rounds a double below 2^51 to an integer held in the low mantissa bits.
inline constexpr double kRoundMagic = 0x1.8p52;
inline constexpr uint64_t kRoundMagicBits = 0x4338000000000000ull;

}  // namespace math_detail

}  // namespace gpugap
