// The batch kernels of random/vector_math.h with Google Highway (Debian's libhwy-dev): compiled
// once per instruction set (SSE4, AVX2, AVX-512, …) and chosen at run time. Every floating-point
// step is the same IEEE operation, in the same order, as in the scalar functions (vector_math.cc,
// simd.h): no fused multiply-add (Highway's MulAdd would fuse on AVX2 but not on SSE4), and the
// core is built -ffp-contract=off so that the compiler fuses nothing either. Hence the same bits
// on every machine, with or without SIMD (random/vector_math_test.cc compares millions).
// Without Highway (the wasm build) this file is empty and vector_math.cc loops instead.
#if GPUGAP_HWY

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "gpugap/random/simd.cc"
#include <hwy/foreach_target.h>  // NOLINT: includes this file once per target
#include <hwy/highway.h>

#include "gpugap/random/simd.h"

HWY_BEFORE_NAMESPACE();
namespace gpugap::simd::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
using namespace math_detail;  // NOLINT: the constants of fdlibm

using DF = hn::ScalableTag<double>;
using DU = hn::RebindToUnsigned<DF>;
using DI = hn::RebindToSigned<DF>;
using VF = hn::Vec<DF>;
using VU = hn::Vec<DU>;
using VI = hn::Vec<DI>;

// a × b + c as two roundings, as the scalar code computes it.
HWY_INLINE VF MulThenAdd(VF a, VF b, VF c) { return hn::Add(hn::Mul(a, b), c); }

HWY_INLINE VF Horner8(DF d, const double (&c)[8], VF r) {
  VF acc = hn::Set(d, c[0]);
  for (int i = 1; i < 8; ++i) acc = MulThenAdd(acc, r, hn::Set(d, c[i]));
  return acc;
}

// 2^k for −1022 ≤ k ≤ 1023 held in int64 lanes.
HWY_INLINE VF Pow2(DF d, VI k) {
  const DI di;
  return hn::BitCast(d, hn::ShiftLeft<52>(hn::Add(k, hn::Set(di, 1023))));
}

HWY_INLINE VF ExpV(DF d, VF x) {
  const DI di;
  const VF magic = hn::Set(d, kRoundMagic);
  const VF t = MulThenAdd(x, hn::Set(d, kInvLn2), magic);
  const VF kd = hn::Sub(t, magic);
  const VI k = hn::Sub(hn::BitCast(di, t), hn::Set(di, static_cast<int64_t>(kRoundMagicBits)));
  const VF hi = hn::Sub(x, hn::Mul(kd, hn::Set(d, kLn2Hi)));
  const VF lo = hn::Mul(kd, hn::Set(d, kLn2Lo));
  const VF r = hn::Sub(hi, lo);
  const VF r2 = hn::Mul(r, r);
  VF p = MulThenAdd(r2, hn::Set(d, kP5), hn::Set(d, kP4));
  p = MulThenAdd(r2, p, hn::Set(d, kP3));
  p = MulThenAdd(r2, p, hn::Set(d, kP2));
  p = MulThenAdd(r2, p, hn::Set(d, kP1));
  const VF c = hn::Sub(r, hn::Mul(r2, p));
  const VF q = hn::Div(hn::Mul(r, c), hn::Sub(hn::Set(d, 2.0), c));
  const VF y = hn::Add(hn::Set(d, 1.0), hn::Add(hn::Sub(q, lo), hi));
  const VI k1 = hn::ShiftRight<1>(k);
  const VI k2 = hn::Sub(k, k1);
  VF result = hn::Mul(hn::Mul(y, Pow2(d, k1)), Pow2(d, k2));
  result = hn::IfThenElse(hn::Gt(x, hn::Set(d, kExpOverflow)), hn::Inf(d), result);
  result = hn::IfThenZeroElse(hn::Lt(x, hn::Set(d, kExpUnderflow)), result);
  return hn::IfThenElse(hn::IsNaN(x), x, result);
}

HWY_INLINE VF LogV(DF d, VF x_in) {
  const DI di;
  const DU du;
  const auto subnormal = hn::Lt(x_in, hn::Set(d, 2.2250738585072014e-308));
  const VF x = hn::IfThenElse(subnormal, hn::Mul(x_in, hn::Set(d, 0x1.0p54)), x_in);
  const VI adjust = hn::IfThenElseZero(hn::RebindMask(di, subnormal), hn::Set(di, 54));
  VU ix = hn::Add(hn::BitCast(du, x), hn::Set(du, 0x00095f6200000000ull));
  const VI k = hn::Sub(hn::Sub(hn::BitCast(di, hn::ShiftRight<52>(ix)), hn::Set(di, 1023)), adjust);
  ix = hn::Add(hn::And(ix, hn::Set(du, 0x000fffffffffffffull)), hn::Set(du, 0x3fe6a09e00000000ull));
  const VF f = hn::Sub(hn::BitCast(d, ix), hn::Set(d, 1.0));
  const VF kd =
      hn::Sub(hn::BitCast(d, hn::Add(k, hn::Set(di, static_cast<int64_t>(kRoundMagicBits)))),
              hn::Set(d, kRoundMagic));
  const VF s = hn::Div(f, hn::Add(hn::Set(d, 2.0), f));
  const VF z = hn::Mul(s, s);
  const VF w = hn::Mul(z, z);
  const VF t1 = hn::Mul(
      w, MulThenAdd(w, MulThenAdd(w, hn::Set(d, kLg6), hn::Set(d, kLg4)), hn::Set(d, kLg2)));
  const VF t2 = hn::Mul(
      z, MulThenAdd(
             w, MulThenAdd(w, MulThenAdd(w, hn::Set(d, kLg7), hn::Set(d, kLg5)), hn::Set(d, kLg3)),
             hn::Set(d, kLg1)));
  const VF r = hn::Add(t2, t1);
  const VF hfsq = hn::Mul(hn::Mul(hn::Set(d, 0.5), f), f);
  VF result = hn::Add(hn::Mul(s, hn::Add(hfsq, r)), hn::Mul(kd, hn::Set(d, kLn2Lo)));
  result = hn::Add(hn::Add(hn::Sub(result, hfsq), f), hn::Mul(kd, hn::Set(d, kLn2Hi)));
  // x < 0 → NaN, 0 → −∞, +∞ → +∞, NaN → NaN.
  result = hn::IfThenElse(hn::Lt(x_in, hn::Zero(d)), hn::Set(d, std::nan("")), result);
  result = hn::IfThenElse(hn::Eq(x_in, hn::Zero(d)), hn::Neg(hn::Inf(d)), result);
  result = hn::IfThenElse(hn::Eq(x_in, hn::Inf(d)), x_in, result);
  return hn::IfThenElse(hn::IsNaN(x_in), x_in, result);
}

void Exps(const double* x, double* y, size_t n) {
  const DF d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) hn::StoreU(ExpV(d, hn::LoadU(d, x + i)), d, y + i);
  for (; i < n; ++i) y[i] = exp_same(x[i]);
}

void Logs(const double* x, double* y, size_t n) {
  const DF d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) hn::StoreU(LogV(d, hn::LoadU(d, x + i)), d, y + i);
  for (; i < n; ++i) y[i] = log_same(x[i]);
}

// 53 of the 64 bits (high, low) of each lane, as philox_unit: exactly the double (bits + 0.5)
// 2^-53.
HWY_INLINE VF Unit(DF d, VU high, VU low) {
  const DU du;
  const VU bits = hn::ShiftRight<11>(hn::Or(hn::ShiftLeft<32>(high), low));
  // Integers below 2^52 become doubles exactly by an OR with 2^52's exponent: the top 21 and
  // the low 32 bits separately, then one exact sum.
  const VU magic = hn::Set(du, 0x4330000000000000ull);
  const VF two52 = hn::Set(d, 0x1.0p52);
  const VF top = hn::Sub(hn::BitCast(d, hn::Or(hn::ShiftRight<32>(bits), magic)), two52);
  const VF bottom =
      hn::Sub(hn::BitCast(d, hn::Or(hn::And(bits, hn::Set(du, 0xffffffffull)), magic)), two52);
  const VF value = hn::Add(hn::Mul(top, hn::Set(d, 0x1.0p32)), bottom);
  return hn::Mul(hn::Add(value, hn::Set(d, 0.5)), hn::Set(d, 0x1.0p-53));
}

void PhiloxUniformPairs(PhiloxKey key, uint64_t first_pair, size_t pairs, double* out) {
  size_t j = 0;
#if HWY_TARGET != HWY_SCALAR  // one 64-bit lane has no two 32-bit halves for MulEven
  const DF d;
  const DU du;
  const hn::Repartition<uint32_t, DU> d32;
  const size_t N = hn::Lanes(du);
  const VU low32 = hn::Set(du, 0xffffffffull);
  const auto m0 = hn::BitCast(d32, hn::Set(du, 0xD2511F53ull));
  const auto m1 = hn::BitCast(d32, hn::Set(du, 0xCD9E8D57ull));
  for (; j + N <= pairs; j += N) {
    // One counter per 64-bit lane, each of its four 32-bit words in the low half of a lane.
    const VU counter = hn::Add(hn::Iota(du, 0), hn::Set(du, first_pair + j));
    VU c0 = hn::And(counter, low32), c1 = hn::ShiftRight<32>(counter);
    VU c2 = hn::Zero(du), c3 = hn::Zero(du);
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; ++round) {
      if (round > 0) {
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
      }
      const VU product0 = hn::MulEven(hn::BitCast(d32, c0), m0);
      const VU product1 = hn::MulEven(hn::BitCast(d32, c2), m1);
      const VU next0 = hn::Xor(hn::Xor(hn::ShiftRight<32>(product1), c1), hn::Set(du, k0));
      const VU next2 = hn::Xor(hn::Xor(hn::ShiftRight<32>(product0), c3), hn::Set(du, k1));
      c1 = hn::And(product1, low32);
      c3 = hn::And(product0, low32);
      c0 = next0;
      c2 = next2;
    }
    hn::StoreInterleaved2(Unit(d, c0, c1), Unit(d, c2, c3), d, out + 2 * j);
  }
#endif
  for (; j < pairs; ++j) {
    const uint64_t c = first_pair + j;
    const auto r =
        philox4x32_10({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0u, 0u}, key);
    out[2 * j] = philox_unit(r[0], r[1]);
    out[2 * j + 1] = philox_unit(r[2], r[3]);
  }
}

void NormalCentralQuantiles(const double* u, double* z, size_t n) {
  const DF d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const VF q = hn::Sub(hn::LoadU(d, u + i), hn::Set(d, 0.5));
    const VF r = hn::Sub(hn::Set(d, 0.180625), hn::Mul(q, q));
    hn::StoreU(hn::Div(hn::Mul(q, Horner8(d, kCentralNum, r)), Horner8(d, kCentralDen, r)), d,
               z + i);
  }
  for (; i < n; ++i) z[i] = normal_central_quantile(u[i] - 0.5);
}

void NormalTailQuantiles(const double* u, double* z, size_t n) {
  const DF d;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  for (; i + N <= n; i += N) {
    const VF uu = hn::LoadU(d, u + i);
    const VF q = hn::Sub(uu, hn::Set(d, 0.5));
    const auto lower = hn::Lt(q, hn::Zero(d));
    VF r = hn::IfThenElse(lower, uu, hn::Sub(hn::Set(d, 1.0), uu));
    r = hn::Sqrt(hn::Neg(LogV(d, r)));
    const auto far = hn::Gt(r, hn::Set(d, 5.0));
    const VF rn = hn::Sub(r, hn::Set(d, 1.6));
    VF value = hn::Div(Horner8(d, kNearNum, rn), Horner8(d, kNearDen, rn));
    if (!hn::AllFalse(d, far)) {
      const VF rf = hn::Sub(r, hn::Set(d, 5.0));
      value = hn::IfThenElse(far, hn::Div(Horner8(d, kFarNum, rf), Horner8(d, kFarDen, rf)), value);
    }
    hn::StoreU(hn::IfThenElse(lower, hn::Neg(value), value), d, z + i);
  }
  for (; i < n; ++i) z[i] = normal_tail_quantile(u[i]);
}

const char* TargetName() { return hwy::TargetName(HWY_TARGET); }

}  // namespace gpugap::simd::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace gpugap::simd {

HWY_EXPORT(Exps);
HWY_EXPORT(Logs);
HWY_EXPORT(PhiloxUniformPairs);
HWY_EXPORT(NormalCentralQuantiles);
HWY_EXPORT(NormalTailQuantiles);
HWY_EXPORT(TargetName);

void exps(const double* x, double* y, size_t n) { HWY_DYNAMIC_DISPATCH(Exps)(x, y, n); }
void logs(const double* x, double* y, size_t n) { HWY_DYNAMIC_DISPATCH(Logs)(x, y, n); }
void philox_uniform_pairs(PhiloxKey key, uint64_t first_pair, size_t pairs, double* out) {
  HWY_DYNAMIC_DISPATCH(PhiloxUniformPairs)(key, first_pair, pairs, out);
}
void normal_central_quantiles(const double* u, double* z, size_t n) {
  HWY_DYNAMIC_DISPATCH(NormalCentralQuantiles)(u, z, n);
}
void normal_tail_quantiles(const double* u, double* z, size_t n) {
  HWY_DYNAMIC_DISPATCH(NormalTailQuantiles)(u, z, n);
}
const char* target() { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

}  // namespace gpugap::simd
#endif  // HWY_ONCE

#endif  // GPUGAP_HWY
