// Quantile functions (inverse CDFs) of the distributions a scenario may use. A random value is a
// quantile function applied to a uniform from random/streams.h, so a fixed uniform (0.5, 0.1, …)
// gives that quantile exactly: the median for point runs, p10/p90 for tornado diagrams.
#pragma once

#include <cstddef>

namespace gpugap {

// Standard normal quantile, Wichura's AS 241 (PPND16): relative error about 1e-16.
double normal_quantile(double u);

// normal_quantile over an array (z may alias u): the central formula in a loop the compiler
// vectorises, then the tails (15% of uniforms) one by one. Same results as normal_quantile.
void normal_quantiles(const double* u, double* z, size_t n);

// Standard normal CDF.
double normal_cdf(double z);

// z such that P(Z < z) = 0.95: a 90% interval spans ±1.6449 standard deviations.
inline constexpr double kZ95 = 1.6448536269514722;

// Beta(alpha, beta) quantile (Boost.Math's inverse regularised incomplete beta).
double beta_quantile(double u, double alpha, double beta);

// Triangular and PERT (a beta scaled to [low, high], weight 4 on the mode) quantiles; NaN unless
// low ≤ mode ≤ high and low < high, as for every quantile function here given bad parameters.
double triangular_quantile(double u, double low, double mode, double high);
double pert_quantile(double u, double low, double mode, double high);

// The "low to high" rule of Squiggle: a lognormal whose 5th and 95th percentiles are low and
// high when low > 0, else a normal with that 90% interval. NaN unless low < high.
double interval90_quantile(double u, double low, double high);

}  // namespace gpugap
