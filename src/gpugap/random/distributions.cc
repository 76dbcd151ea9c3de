#include "gpugap/random/distributions.h"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <exception>
#include <limits>

#include "gpugap/random/simd.h"
#include "gpugap/random/vector_math.h"

namespace gpugap {

double normal_quantile(double u) {
  // Wichura's AS 241 (random/simd.h), its tails with log_same (random/vector_math.h) so that
  // normal_quantiles gives the same bits with SIMD.
  if (!(u > 0 && u < 1)) {
    if (u == 0) return -std::numeric_limits<double>::infinity();
    if (u == 1) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double q = u - 0.5;
  if (std::abs(q) <= 0.425) return simd::normal_central_quantile(q);
  return simd::normal_tail_quantile(u);
}

void normal_quantiles(const double* u, double* z, size_t n) {
  // In chunks: copy the uniforms (so that z may alias u), apply the central formula to all of
  // them (SIMD, no branch), then gather the tails (15% of uniforms), apply the tail formula to
  // them (SIMD again) and put them back. Uniforms outside (0, 1) go one by one.
  constexpr size_t kChunk = 256;
  double copy[kChunk], tails[kChunk];
  uint32_t where[kChunk];
  for (size_t start = 0; start < n; start += kChunk) {
    const size_t m = n - start < kChunk ? n - start : kChunk;
    const double* uu = u + start;
    double* zz = z + start;
    for (size_t i = 0; i < m; ++i) copy[i] = uu[i];
    normal_central_quantiles(copy, zz, m);
    size_t count = 0;
    for (size_t i = 0; i < m; ++i) {
      where[count] = static_cast<uint32_t>(i);
      count += std::abs(copy[i] - 0.5) > 0.425 ? 1 : 0;
    }
    size_t kept = 0;
    for (size_t t = 0; t < count; ++t) {
      const double v = copy[where[t]];
      if (v > 0 && v < 1) {
        where[kept] = where[t];
        tails[kept++] = v;
      } else {
        zz[where[t]] = normal_quantile(v);
      }
    }
    normal_tail_quantiles(tails, tails, kept);
    for (size_t t = 0; t < kept; ++t) zz[where[t]] = tails[t];
  }
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double beta_quantile(double u, double alpha, double beta) {
  if (!(u > 0 && u < 1) || !(alpha > 0) || !(beta > 0)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (alpha == beta && u == 0.5) return 0.5;  // where Boost's root finder fails, e.g. beta(5, 5)
  try {
    return boost::math::ibeta_inv(alpha, beta, u);
  } catch (const std::exception&) {
    try {  // the other tail: 1 − x is Beta(beta, alpha)'s quantile at 1 − u
      return 1 - boost::math::ibeta_inv(beta, alpha, 1 - u);
    } catch (const std::exception&) {
      return std::numeric_limits<double>::quiet_NaN();
    }
  }
}

double triangular_quantile(double u, double low, double mode, double high) {
  if (!(low <= mode && mode <= high && low < high)) return std::numeric_limits<double>::quiet_NaN();
  const double width = high - low;
  const double split = (mode - low) / width;
  if (u < split) return low + std::sqrt(u * width * (mode - low));
  return high - std::sqrt((1 - u) * width * (high - mode));
}

double pert_quantile(double u, double low, double mode, double high) {
  if (!(low <= mode && mode <= high && low < high)) return std::numeric_limits<double>::quiet_NaN();
  const double alpha = 1 + 4 * (mode - low) / (high - low);
  const double beta = 1 + 4 * (high - mode) / (high - low);
  return low + (high - low) * beta_quantile(u, alpha, beta);
}

double interval90_quantile(double u, double low, double high) {
  if (!(low < high)) return std::numeric_limits<double>::quiet_NaN();
  const double z = normal_quantile(u);
  if (low > 0) {
    const double mu = 0.5 * (std::log(low) + std::log(high));
    const double sigma = (std::log(high) - std::log(low)) / (2 * kZ95);
    return exp_same(mu + sigma * z);
  }
  return 0.5 * (low + high) + z * (high - low) / (2 * kZ95);
}

}  // namespace gpugap
