#include "gpugap/analysis/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gpugap {
namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

// Puts the order statistics at the ascending, distinct `ranks` in place in x[first, last): each
// selection splits the range and the ranks, so m ranks cost O(n log m) rather than O(n m).
void select(std::span<double> x, size_t first, size_t last, const size_t* ranks_begin,
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

// The order statistics of x[0, n) at `ranks` (ascending, distinct, below n), whose values lie in
// [low, high]. One pass counts the values in equal-width buckets, a second gathers the values of
// the few buckets that hold a wanted rank, which are then searched the same way (a bucket that a
// long tail made large) or by selection (a small one). About two passes over the samples instead
// of a selection's several per rank. The bucket is monotone in the value, so the ranks are exact.
std::vector<double> order_statistics(const double* x, size_t n, double low, double high,
                                     const std::vector<size_t>& ranks) {
  constexpr size_t kBuckets = 4096;
  constexpr size_t kSelectBelow = 4 * kBuckets;
  if (!(high > low)) return std::vector<double>(ranks.size(), low);  // a constant
  const double scale = static_cast<double>(kBuckets) / (high - low);
  if (n < kSelectBelow || !(std::isfinite(scale) && scale > 0)) {
    std::vector<double> all(x, x + n);
    select(all, 0, n, ranks.data(), ranks.data() + ranks.size());
    std::vector<double> out;
    for (size_t r : ranks) out.push_back(all[r]);
    return out;
  }
  auto bucket = [&](double v) {
    return std::min(kBuckets - 1, static_cast<size_t>((v - low) * scale));
  };
  std::vector<size_t> end(kBuckets, 0);  // counts, then where each bucket ends in sorted order
  for (size_t i = 0; i < n; ++i) ++end[bucket(x[i])];
  for (size_t b = 1; b < kBuckets; ++b) end[b] += end[b - 1];
  auto begin_of = [&](size_t b) { return b > 0 ? end[b - 1] : 0; };
  // The buckets that hold a wanted rank, each gathering its values and its ranks within it.
  struct Wanted {
    std::vector<double> values;
    std::vector<size_t> ranks;
    double low = kNever, high = -kNever;
  };
  std::vector<int> slot(kBuckets, -1);
  std::vector<Wanted> wanted;
  for (size_t r : ranks) {
    const size_t b = static_cast<size_t>(std::upper_bound(end.begin(), end.end(), r) - end.begin());
    if (slot[b] < 0) {
      slot[b] = static_cast<int>(wanted.size());
      wanted.emplace_back().values.reserve(end[b] - begin_of(b));
    }
    Wanted& w = wanted[static_cast<size_t>(slot[b])];
    w.ranks.push_back(r - begin_of(b));
  }
  for (size_t i = 0; i < n; ++i) {
    const int s = slot[bucket(x[i])];
    if (s < 0) continue;
    Wanted& w = wanted[static_cast<size_t>(s)];
    w.values.push_back(x[i]);
    w.low = std::min(w.low, x[i]);
    w.high = std::max(w.high, x[i]);
  }
  std::vector<double> out;
  for (const Wanted& w : wanted) {
    const std::vector<double> found =
        order_statistics(w.values.data(), w.values.size(), w.low, w.high, w.ranks);
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;  // the buckets, and the ranks within each, are in ascending order
}

// Type-7 quantiles at `probabilities` of n samples of which the first `finite` are finite, in
// [low, high], and the rest never.
std::vector<double> quantiles(std::span<const double> x, size_t finite, double low, double high,
                              const std::vector<double>& probabilities) {
  const size_t n = x.size();
  std::vector<size_t> ranks;
  for (double p : probabilities) {
    const size_t k = static_cast<size_t>(std::floor(p * static_cast<double>(n - 1)));
    for (size_t r : {k, k + 1}) {
      if (r < finite) ranks.push_back(r);
    }
  }
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  const std::vector<double> values = order_statistics(x.data(), finite, low, high, ranks);
  auto at = [&](size_t k) {
    if (k >= finite) return kNever;
    return values[static_cast<size_t>(std::lower_bound(ranks.begin(), ranks.end(), k) -
                                      ranks.begin())];
  };
  std::vector<double> out;
  for (double p : probabilities) {
    const double h = p * static_cast<double>(n - 1);
    const size_t k = static_cast<size_t>(std::floor(h));
    const double below = at(k);
    const double above = k + 1 < n ? at(k + 1) : below;
    // Between a value and never lies never; between two nevers too (and no ∞ − ∞).
    out.push_back(h == static_cast<double>(k) || below == above
                      ? below
                      : below + (h - static_cast<double>(k)) * (above - below));
  }
  return out;
}

// The samples that are not never, moved to the front; their range, sum and how many are > 0.
struct Finite {
  size_t count = 0, positive = 0;
  double low = kNever, high = -kNever, sum = 0;
};

Finite gather_finite(std::span<double> x) {
  Finite f;
  size_t never = 0;
  for (double v : x) {
    if (v == kNever) {
      ++never;
      continue;
    }
    f.sum += v;
    f.low = std::min(f.low, v);
    f.high = std::max(f.high, v);
    f.positive += v > 0;
  }
  if (never > 0) std::partition(x.begin(), x.end(), [](double v) { return v != kNever; });
  f.count = x.size() - never;
  return f;
}

}  // namespace

double quantile(std::span<double> samples, double q) {
  const Finite f = gather_finite(samples);
  return quantiles(samples, f.count, f.low, f.high, {q}).front();
}

Summary summarise(std::span<double> x, size_t bins) {
  Summary s;
  const size_t n = x.size();
  if (n == 0) return s;
  const Finite f = gather_finite(x);
  const size_t finite = f.count;
  s.p_positive = static_cast<double>(f.positive + n - finite) / static_cast<double>(n);
  s.p_never = static_cast<double>(n - finite) / static_cast<double>(n);
  if (finite == 0) {
    s.mean = kNever;
    s.p1 = s.p5 = s.p10 = s.p25 = s.p50 = s.p75 = s.p90 = s.p95 = s.p99 = kNever;
    return s;
  }
  s.mean = f.sum / static_cast<double>(finite);
  // The squares for the standard deviation are summed in the histogram's pass (one pass over the
  // samples fewer; the same order, so the same bits).
  double squares = 0;
  auto set_sd = [&] {
    s.sd = finite > 1 ? std::sqrt(squares / static_cast<double>(finite - 1)) : 0.0;
  };

  // The histogram's range is the finite samples' own p0.5 to p99.5: as a fraction of all n
  // samples, that is (finite - 1) / (n - 1) times the probability.
  const double to_all = static_cast<double>(finite - 1) / static_cast<double>(n > 1 ? n - 1 : 1);
  std::vector<double> q = quantiles(
      x, finite, f.low, f.high,
      {0.005 * to_all, 0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99, 0.995 * to_all});
  s.p1 = q[1], s.p5 = q[2], s.p10 = q[3], s.p25 = q[4], s.p50 = q[5];
  s.p75 = q[6], s.p90 = q[7], s.p95 = q[8], s.p99 = q[9];

  const double low = q[0], high = q[10];
  if (!(high > low)) {
    // A (nearly) constant quantity: one bin around its value.
    s.edges = {low, low};
    s.counts = {0};
    for (size_t i = 0; i < finite; ++i) {
      squares += (x[i] - s.mean) * (x[i] - s.mean);
      if (x[i] < low) {
        ++s.below;
      } else if (x[i] > low) {
        ++s.above;
      } else {
        ++s.counts[0];
      }
    }
    set_sd();
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
    squares += (v - s.mean) * (v - s.mean);
    if (v < low) {
      ++s.below;
    } else if (v > high) {
      ++s.above;
    } else {
      ++s.counts[std::min(bins - 1, static_cast<size_t>((v - low) * scale))];
    }
  }
  set_sd();
  return s;
}

bool same_value(double a, double b) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

}  // namespace gpugap
