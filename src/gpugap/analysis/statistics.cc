#include "gpugap/analysis/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gpugap {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

// Puts the order statistics of the ascending `ranks` in place in x[first, last): each selection
// splits the range and the ranks, so m ranks cost O(n log m) rather than O(n m).
void select(std::vector<double>& x, size_t first, size_t last, const size_t* ranks_begin,
            const size_t* ranks_end) {
  while (ranks_begin != ranks_end && first < last) {
    const size_t* middle = ranks_begin + (ranks_end - ranks_begin) / 2;
    auto nth = x.begin() + static_cast<std::ptrdiff_t>(*middle);
    std::nth_element(x.begin() + static_cast<std::ptrdiff_t>(first), nth,
                     x.begin() + static_cast<std::ptrdiff_t>(last));
    select(x, first, *middle, ranks_begin, middle);
    first = *middle + 1;
    ranks_begin = middle + 1;
  }
}

// Type-7 quantiles at `probabilities` of n samples whose first `finite` (in any order) are
// finite and the rest never. Reorders the finite part.
std::vector<double> quantiles(std::vector<double>& x, size_t finite,
                              const std::vector<double>& probabilities) {
  const size_t n = x.size();
  std::vector<size_t> ranks;
  for (double p : probabilities) {
    const double h = p * static_cast<double>(n - 1);
    const size_t k = static_cast<size_t>(std::floor(h));
    ranks.push_back(k);
    if (k + 1 < n && h > static_cast<double>(k)) ranks.push_back(k + 1);
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  const size_t selected =
      static_cast<size_t>(std::lower_bound(ranks.begin(), ranks.end(), finite) - ranks.begin());
  select(x, 0, finite, ranks.data(), ranks.data() + selected);
  auto at = [&](size_t k) { return k < finite ? x[k] : kNever; };
  std::vector<double> out;
  for (double p : probabilities) {
    const double h = p * static_cast<double>(n - 1);
    const size_t k = static_cast<size_t>(std::floor(h));
    const double low = at(k);
    const double high = k + 1 < n ? at(k + 1) : low;
    // Between a value and never lies never; between two nevers too (and no ∞ − ∞).
    out.push_back(h == static_cast<double>(k) || low == high
                      ? low
                      : low + (h - static_cast<double>(k)) * (high - low));
  }
  return out;
}

}  // namespace

double quantile(std::vector<double>& samples, double q) {
  const size_t finite = static_cast<size_t>(
      std::partition(samples.begin(), samples.end(), [](double v) { return v != kNever; }) -
      samples.begin());
  return quantiles(samples, finite, {q}).front();
}

Summary summarise(std::vector<double>& x, size_t bins) {
  Summary s;
  const size_t n = x.size();
  if (n == 0) return s;
  // Never (+inf) to the end; the rest are the finite samples.
  size_t finite = n;
  if (std::find(x.begin(), x.end(), kNever) != x.end()) {
    finite = static_cast<size_t>(
        std::partition(x.begin(), x.end(), [](double v) { return v != kNever; }) - x.begin());
  }
  double sum = 0;
  size_t positive = n - finite;
  for (size_t i = 0; i < finite; ++i) {
    sum += x[i];
    positive += x[i] > 0;
  }
  s.p_positive = static_cast<double>(positive) / static_cast<double>(n);
  s.p_never = static_cast<double>(n - finite) / static_cast<double>(n);
  if (finite == 0) {
    s.mean = kNever;
    s.p1 = s.p5 = s.p10 = s.p25 = s.p50 = s.p75 = s.p90 = s.p95 = s.p99 = kNever;
    return s;
  }
  s.mean = sum / static_cast<double>(finite);
  double squares = 0;
  for (size_t i = 0; i < finite; ++i) squares += (x[i] - s.mean) * (x[i] - s.mean);
  s.sd = finite > 1 ? std::sqrt(squares / static_cast<double>(finite - 1)) : 0.0;

  // The histogram's range is the finite samples' own p0.5 to p99.5: as a fraction of all n
  // samples, that is (finite - 1) / (n - 1) times the probability.
  const double to_all = static_cast<double>(finite - 1) / static_cast<double>(n - 1 ? n - 1 : 1);
  std::vector<double> q = quantiles(
      x, finite,
      {0.005 * to_all, 0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 0.995 * to_all});
  s.p1 = q[1], s.p5 = q[2], s.p10 = q[3], s.p25 = q[4], s.p50 = q[5];
  s.p75 = q[6], s.p90 = q[7], s.p95 = q[8], s.p99 = q[9];

  const double low = q[0], high = q[10];
  if (!(high > low)) {
    // A (nearly) constant quantity: one bin around its value.
    s.edges = {low, low};
    s.counts = {0};
    for (size_t i = 0; i < finite; ++i) {
      if (x[i] < low) {
        ++s.below;
      } else if (x[i] > low) {
        ++s.above;
      } else {
        ++s.counts[0];
      }
    }
    return s;
  }
  s.edges.resize(bins + 1);
  for (size_t i = 0; i <= bins; ++i) {
    s.edges[i] = low + (high - low) * static_cast<double>(i) / static_cast<double>(bins);
  }
  s.counts.assign(bins, 0);
  const double scale = static_cast<double>(bins) / (high - low);
  for (size_t i = 0; i < finite; ++i) {
    const double v = x[i];
    if (v < low) {
      ++s.below;
    } else if (v > high) {
      ++s.above;
    } else {
      ++s.counts[std::min(bins - 1, static_cast<size_t>((v - low) * scale))];
    }
  }
  return s;
}

}  // namespace gpugap
