// Summary statistics of Monte Carlo samples: moments, quantiles (linear interpolation between
// order statistics, as NumPy's default and R's type 7), P(x > 0) and a histogram.
// Samples are finite or +infinity, which is "never" (first_year() of a condition never met): it
// counts in the quantiles (a quantile may be never) and in p_never, not in the moments or the
// histogram. Nothing here is NaN.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace gpugap {

struct Summary {
  double mean = 0, sd = 0;  // of the samples that are not never; never (+inf) and 0 if none is
  // Quasi-Monte Carlo: the standard error of the mean, from the spread of the scrambles' means;
  // 0 for Monte Carlo (summarise_samples() fills it).
  double mean_error = 0;
  double p1 = 0, p5 = 0, p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0, p95 = 0, p99 = 0;
  double p_positive = 0;  // share of samples above 0 (never counts as above)
  double p_never = 0;     // share of samples that are never
  // A year (may be never): the share of samples at or before each year of the model's time axis,
  // first to last (summarise_samples() fills it; empty for other quantities).
  std::vector<double> p_by_year;
  // A histogram of the samples that are not never: bins + 1 edges from their 0.5th to their
  // 99.5th percentile, so that a long tail does not squash the chart. The tails are counted
  // apart (below the first edge, above the last), not piled into the end bins. A (nearly)
  // constant sample has one bin [v, v].
  std::vector<double> edges;
  std::vector<size_t> counts;
  size_t below = 0, above = 0;
};

// Summarises `samples`, moving those that are never to the end. Quantiles are exact order
// statistics, found by counting in buckets and selecting within the few that hold them (about
// five passes over the samples), not by a sort.
Summary summarise(std::span<double> samples, size_t bins = 40);

// The q-quantile (0 ≤ q ≤ 1) of samples, moving those that are never to the end.
double quantile(std::span<double> samples, double q);

// Two values (base units) that differ by no more than rounding: relative 1e-12, or both the
// same infinity.
bool same_value(double a, double b);

}  // namespace gpugap
