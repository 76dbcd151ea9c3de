#include "gpugap/random/distributions.h"

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>
#include <exception>
#include <limits>

namespace gpugap {

namespace {

// AS 241's rational approximation for |u − 0.5| ≤ 0.425.
inline double central(double q) {
  const double r = 0.180625 - q * q;
  return q *
         (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) *
                  r +
              45921.953931549871457) *
                 r +
             13731.693765509461125) *
                r +
            1971.5909503065514427) *
               r +
           133.14166789178437745) *
              r +
          3.387132872796366608) /
         (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r +
              21213.794301586595867) *
                 r +
             5394.1960214247511077) *
                r +
            687.1870074920579083) *
               r +
           42.313330701600911252) *
              r +
          1.0);
}

}  // namespace

double normal_quantile(double u) {
  // Wichura, M. J. (1988). Algorithm AS 241: The Percentage Points of the Normal Distribution.
  // Applied Statistics 37(3), 477–484. Coefficients of PPND16.
  if (!(u > 0 && u < 1)) {
    if (u == 0) return -std::numeric_limits<double>::infinity();
    if (u == 1) return std::numeric_limits<double>::infinity();
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double q = u - 0.5;
  if (std::abs(q) <= 0.425) return central(q);
  double r = q < 0 ? u : 1.0 - u;
  r = std::sqrt(-std::log(r));
  double z;
  if (r <= 5.0) {
    r -= 1.6;
    z = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r +
              0.24178072517745061177) *
                 r +
             1.27045825245236838258) *
                r +
            3.64784832476320460504) *
               r +
           5.7694972214606914055) *
              r +
          4.6303378461565452959) *
             r +
         1.42343711074968357734) /
        (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r +
              0.0151986665636164571966) *
                 r +
             0.14810397642748007459) *
                r +
            0.68976733498510000455) *
               r +
           1.6763848301838038494) *
              r +
          2.05319162663775882187) *
             r +
         1.0);
  } else {
    r -= 5.0;
    z = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r +
              0.0012426609473880784386) *
                 r +
             0.026532189526576123093) *
                r +
            0.29656057182850489123) *
               r +
           1.7848265399172913358) *
              r +
          5.4637849111641143699) *
             r +
         6.6579046435011037772) /
        (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r +
              1.8463183175100546818e-5) *
                 r +
             7.868691311456132591e-4) *
                r +
            0.0148753612908506148525) *
               r +
           0.13692988092273580531) *
              r +
          0.59983220655588793769) *
             r +
         1.0);
  }
  return q < 0 ? -z : z;
}

void normal_quantiles(const double* u, double* z, size_t n) {
  // In chunks: copy the uniforms (so that z may alias u), apply the central formula to all of
  // them without a branch, then redo the tails.
  double tails[64];
  size_t start = 0;
  while (start < n) {
    const size_t m = n - start < 64 ? n - start : 64;
    const double* uu = u + start;
    double* zz = z + start;
    for (size_t i = 0; i < m; ++i) tails[i] = uu[i];
    for (size_t i = 0; i < m; ++i) zz[i] = central(tails[i] - 0.5);
    for (size_t i = 0; i < m; ++i) {
      if (std::abs(tails[i] - 0.5) > 0.425) zz[i] = normal_quantile(tails[i]);
    }
    start += m;
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
    return std::exp(mu + sigma * z);
  }
  return 0.5 * (low + high) + z * (high - low) / (2 * kZ95);
}

}  // namespace gpugap
