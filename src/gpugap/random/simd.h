// The batch kernels behind random/vector_math.h, and the pieces of the normal quantile that both
// their vector code (random/simd.cc, Google Highway) and the scalar code (random/distributions.cc)
// evaluate in the same order, so that both give the same bits. Internal to random/.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "gpugap/random/philox.h"
#include "gpugap/random/vector_math.h"

namespace gpugap::simd {

#if GPUGAP_HWY
// Dispatched at run time to the best instruction set of the machine (random/simd.cc).
void exps(const double* x, double* y, size_t n);
void logs(const double* x, double* y, size_t n);
void philox_uniform_pairs(PhiloxKey key, uint64_t first_pair, size_t pairs, double* out);
void normal_tail_quantiles(const double* u, double* z, size_t n);
void normal_central_quantiles(const double* u, double* z, size_t n);
const char* target();
#endif

// Wichura, M. J. (1988). Algorithm AS 241: The Percentage Points of the Normal Distribution.
// Applied Statistics 37(3), 477–484. Coefficients of PPND16, highest degree first: a polynomial
// is evaluated as ((c[0] r + c[1]) r + c[2]) … + c[7].
inline constexpr double kCentralNum[8] = {
    2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457,
    13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608};
inline constexpr double kCentralDen[8] = {
    5226.495278852545925,  28729.085735721942674, 39307.89580009271061,  21213.794301586595867,
    5394.1960214247511077, 687.1870074920579083,  42.313330701600911252, 1.0};
inline constexpr double kNearNum[8] = {7.7454501427834140764e-4, 0.0227238449892691845833,
                                       0.24178072517745061177,   1.27045825245236838258,
                                       3.64784832476320460504,   5.7694972214606914055,
                                       4.6303378461565452959,    1.42343711074968357734};
inline constexpr double kNearDen[8] = {1.05075007164441684324e-9, 5.475938084995344946e-4,
                                       0.0151986665636164571966,  0.14810397642748007459,
                                       0.68976733498510000455,    1.6763848301838038494,
                                       2.05319162663775882187,    1.0};
inline constexpr double kFarNum[8] = {2.01033439929228813265e-7, 2.71155556874348757815e-5,
                                      0.0012426609473880784386,  0.026532189526576123093,
                                      0.29656057182850489123,    1.7848265399172913358,
                                      5.4637849111641143699,     6.6579046435011037772};
inline constexpr double kFarDen[8] = {2.04426310338993978564e-15, 1.4215117583164458887e-7,
                                      1.8463183175100546818e-5,   7.868691311456132591e-4,
                                      0.0148753612908506148525,   0.13692988092273580531,
                                      0.59983220655588793769,     1.0};

inline double horner8(const double (&c)[8], double r) {
  double acc = c[0];
  for (int i = 1; i < 8; ++i) acc = acc * r + c[i];
  return acc;
}

// AS 241 for |q| ≤ 0.425, q = u − 0.5.
inline double normal_central_quantile(double q) {
  const double r = 0.180625 - q * q;
  return q * horner8(kCentralNum, r) / horner8(kCentralDen, r);
}

// AS 241 for |u − 0.5| > 0.425 and 0 < u < 1.
inline double normal_tail_quantile(double u) {
  const double q = u - 0.5;
  double r = q < 0 ? u : 1.0 - u;
  r = std::sqrt(-log_same(r));
  double z;
  if (r <= 5.0) {
    r = r - 1.6;
    z = horner8(kNearNum, r) / horner8(kNearDen, r);
  } else {
    r = r - 5.0;
    z = horner8(kFarNum, r) / horner8(kFarDen, r);
  }
  return q < 0 ? -z : z;
}

}  // namespace gpugap::simd
