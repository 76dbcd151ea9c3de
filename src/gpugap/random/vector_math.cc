#include "gpugap/random/vector_math.h"

#include <cmath>
#include <cstring>
#include <limits>

#include "gpugap/random/simd.h"

namespace gpugap {

using namespace math_detail;  // NOLINT: the constants of fdlibm

namespace {

// std::bit_cast, which the wasm build's libc++ (emscripten 3.1.6) lacks.
inline uint64_t bits_of(double x) {
  uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}
inline double double_of(uint64_t b) {
  double x;
  std::memcpy(&x, &b, sizeof x);
  return x;
}

}  // namespace

double exp_same(double x) {
  // musl's (fdlibm's) exp: x = k ln2 + r with |r| ≤ ln2/2, a rational approximation of e^r, then
  // 2^k in two steps so that a subnormal result is rounded once. random/simd.cc does the same
  // operations in the same order on vectors.
  if (std::isnan(x)) return x;
  if (x > kExpOverflow) return std::numeric_limits<double>::infinity();
  if (x < kExpUnderflow) return 0.0;
  const double t = x * kInvLn2 + kRoundMagic;
  const double kd = t - kRoundMagic;
  const auto k = static_cast<int64_t>(bits_of(t) - kRoundMagicBits);
  const double hi = x - kd * kLn2Hi;
  const double lo = kd * kLn2Lo;
  const double r = hi - lo;
  const double r2 = r * r;
  const double c = r - r2 * (kP1 + r2 * (kP2 + r2 * (kP3 + r2 * (kP4 + r2 * kP5))));
  const double y = 1.0 + ((r * c / (2.0 - c) - lo) + hi);
  const int64_t k1 = k >> 1;
  const int64_t k2 = k - k1;
  const double scale1 = double_of(static_cast<uint64_t>(k1 + 1023) << 52);
  const double scale2 = double_of(static_cast<uint64_t>(k2 + 1023) << 52);
  return y * scale1 * scale2;
}

double log_same(double x) {
  // musl's (fdlibm's) log: x = 2^k (1 + f) with √2/2 ≤ 1 + f < √2, s = f / (2 + f), and a
  // polynomial in s².
  if (std::isnan(x)) return x;
  if (x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (x == std::numeric_limits<double>::infinity()) return x;
  int64_t adjust = 0;
  if (x < std::numeric_limits<double>::min()) {  // subnormal: scale up first
    x *= 0x1.0p54;
    adjust = 54;
  }
  uint64_t ix = bits_of(x) + 0x00095f6200000000ull;
  const int64_t k = static_cast<int64_t>(ix >> 52) - 1023 - adjust;
  ix = (ix & 0x000fffffffffffffull) + 0x3fe6a09e00000000ull;
  const double f = double_of(ix) - 1.0;
  const double kd = double_of(static_cast<uint64_t>(k) + kRoundMagicBits) - kRoundMagic;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  const double t1 = w * (kLg2 + w * (kLg4 + w * kLg6));
  const double t2 = z * (kLg1 + w * (kLg3 + w * (kLg5 + w * kLg7)));
  const double r = t2 + t1;
  const double hfsq = 0.5 * f * f;
  return s * (hfsq + r) + kd * kLn2Lo - hfsq + f + kd * kLn2Hi;
}

#if GPUGAP_HWY

void exps(const double* x, double* y, size_t n) { simd::exps(x, y, n); }
void logs(const double* x, double* y, size_t n) { simd::logs(x, y, n); }
void philox_uniform_pairs(PhiloxKey key, uint64_t first_pair, size_t pairs, double* out) {
  simd::philox_uniform_pairs(key, first_pair, pairs, out);
}
void normal_tail_quantiles(const double* u, double* z, size_t n) {
  simd::normal_tail_quantiles(u, z, n);
}
void normal_central_quantiles(const double* u, double* z, size_t n) {
  simd::normal_central_quantiles(u, z, n);
}
const char* simd_target() { return simd::target(); }

#else  // the same functions one value at a time (the wasm build)

void exps(const double* x, double* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = exp_same(x[i]);
}
void logs(const double* x, double* y, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] = log_same(x[i]);
}
void philox_uniform_pairs(PhiloxKey key, uint64_t first_pair, size_t pairs, double* out) {
  for (size_t j = 0; j < pairs; ++j) {
    const uint64_t c = first_pair + j;
    const auto r =
        philox4x32_10({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0u, 0u}, key);
    out[2 * j] = philox_unit(r[0], r[1]);
    out[2 * j + 1] = philox_unit(r[2], r[3]);
  }
}
void normal_tail_quantiles(const double* u, double* z, size_t n) {
  for (size_t i = 0; i < n; ++i) z[i] = simd::normal_tail_quantile(u[i]);
}
void normal_central_quantiles(const double* u, double* z, size_t n) {
  for (size_t i = 0; i < n; ++i) z[i] = simd::normal_central_quantile(u[i] - 0.5);
}
const char* simd_target() { return "scalar"; }

#endif

}  // namespace gpugap
