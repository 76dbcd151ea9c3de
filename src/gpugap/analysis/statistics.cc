#include "gpugap/analysis/statistics.h"

#include <algorithm>
#include <cmath>

namespace gpugap {
namespace {

// Quantiles at increasing probabilities, selecting within a shrinking range: O(n) each.
std::vector<double> quantiles(std::vector<double>& x, const std::vector<double>& probabilities) {
  std::vector<double> out;
  const size_t n = x.size();
  size_t from = 0;
  for (double p : probabilities) {
    const double h = p * static_cast<double>(n - 1);
    const size_t k = static_cast<size_t>(std::floor(h));
    std::nth_element(x.begin() + static_cast<std::ptrdiff_t>(from),
                     x.begin() + static_cast<std::ptrdiff_t>(k), x.end());
    double low = x[k];
    double value = low;
    if (k + 1 < n && h > static_cast<double>(k)) {
      double high = *std::min_element(x.begin() + static_cast<std::ptrdiff_t>(k + 1), x.end());
      value = low + (h - static_cast<double>(k)) * (high - low);
    }
    out.push_back(value);
    from = k;
  }
  return out;
}

}  // namespace

double quantile(std::vector<double>& samples, double q) { return quantiles(samples, {q}).front(); }

Summary summarise(std::vector<double>& x, size_t bins) {
  Summary s;
  const size_t n = x.size();
  if (n == 0) return s;
  double sum = 0;
  size_t positive = 0;
  for (double v : x) {
    sum += v;
    positive += v > 0;
  }
  s.mean = sum / static_cast<double>(n);
  double squares = 0;
  for (double v : x) squares += (v - s.mean) * (v - s.mean);
  s.sd = n > 1 ? std::sqrt(squares / static_cast<double>(n - 1)) : 0.0;
  s.p_positive = static_cast<double>(positive) / static_cast<double>(n);

  std::vector<double> q =
      quantiles(x, {0.005, 0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 0.995});
  s.p1 = q[1], s.p5 = q[2], s.p10 = q[3], s.p25 = q[4], s.p50 = q[5];
  s.p75 = q[6], s.p90 = q[7], s.p95 = q[8], s.p99 = q[9];

  double low = q[0], high = q[10];
  if (!(high > low)) {
    // A (nearly) constant quantity: one bin around its value.
    s.edges = {low, low};
    s.counts = {n};
    return s;
  }
  s.edges.resize(bins + 1);
  for (size_t i = 0; i <= bins; ++i) {
    s.edges[i] = low + (high - low) * static_cast<double>(i) / static_cast<double>(bins);
  }
  s.counts.assign(bins, 0);
  const double scale = static_cast<double>(bins) / (high - low);
  for (double v : x) {
    double position = (v - low) * scale;
    size_t bin = position <= 0 ? 0 : std::min(bins - 1, static_cast<size_t>(position));
    ++s.counts[bin];
  }
  return s;
}

}  // namespace gpugap
