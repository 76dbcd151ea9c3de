// A tabulated beta quantile: the Monte Carlo path's PERT and beta at a few nanoseconds a sample
// instead of Boost's inverse incomplete beta (microseconds). Built once per (alpha, beta) and
// shared by every thread; point runs, tornado diagrams and any parameter that changes from sample
// to sample keep the exact beta_quantile() (random/distributions.h).
//
// How: for u ≤ 1/2 the quantile x(u), for u > 1/2 the quantile y = 1 − x of Beta(beta, alpha) at
// 1 − u (exact in floating point), each tabulated by octave of u — [2^-(k+2), 2^-(k+1)] for
// k = 0 … 23, 16 intervals an octave — as quintic Hermite polynomials through exact nodes with
// their exact first and second derivatives (x' = 1/pdf(x), x'' = −x'² · pdf'/pdf). Octaves make
// the power-law tails (x ∝ u^(1/alpha)) as smooth per interval as the middle; below 2^-25 (one
// sample in 30 million) the exact quantile is used.
//
// Error: when it builds, the table checks every interval at its midpoint (where a Hermite error
// peaks) through the exact CDF, |I(x_table) − u| / pdf(x_table) ≤ 2e-10 × min(x, 1 − x), and
// refuses itself otherwise (the exact quantile is then used). Tests compare it with Boost over
// alpha, beta in [0.5, 1000] (every PERT) at relative error ≤ 1e-9. Outside that range: exact.
#pragma once

#include <vector>

namespace gpugap {

class BetaQuantileTable {
 public:
  // The table of Beta(alpha, beta), built on first use and kept for the process; null when the
  // parameters are outside the tabulated range or the table failed its check.
  static const BetaQuantileTable* get(double alpha, double beta);

  // Builds one (tests); ok() says whether it passed its check.
  BetaQuantileTable(double alpha, double beta);
  bool ok() const { return ok_; }

  // The quantile at u in (0, 1).
  double operator()(double u) const {
    const bool upper = u > 0.5;
    const double v = upper ? 1.0 - u : u;  // exact
    const double x = lookup(upper ? upper_ : lower_, v);
    return upper ? 1.0 - x : x;
  }

  // Number of octaves, intervals per octave.
  static constexpr int kOctaves = 24;
  static constexpr int kIntervals = 16;  // lookup() reads the interval from 4 bits

 private:
  double lookup(const std::vector<double>& table, double v) const;
  double exact(double v, bool upper) const;

  double alpha_, beta_;
  bool ok_ = false;
  // Per side, per octave and interval, the six coefficients of the polynomial in θ ∈ [0, 1].
  std::vector<double> lower_, upper_;
};

}  // namespace gpugap
