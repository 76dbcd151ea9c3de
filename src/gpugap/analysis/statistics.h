// Summary statistics of Monte Carlo samples: moments, quantiles (linear interpolation between
// order statistics, as NumPy's default and R's type 7), P(x > 0) and a histogram.
#pragma once

#include <cstddef>
#include <vector>

namespace gpugap {

struct Summary {
  double mean = 0, sd = 0;
  double p1 = 0, p5 = 0, p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0, p95 = 0, p99 = 0;
  double p_positive = 0;
  std::vector<double> edges;  // bins + 1 edges from p0.5 to p99.5; outliers count in the end bins
  std::vector<size_t> counts;
};

// Summarises `samples` (reordered in place: quantiles are found by selection, not a full sort).
Summary summarise(std::vector<double>& samples, size_t bins = 40);

// The q-quantile (0 ≤ q ≤ 1) of samples, reordering them.
double quantile(std::vector<double>& samples, double q);

}  // namespace gpugap
