#include "gpugap/random/beta_table.h"

#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "gpugap/random/distributions.h"

namespace gpugap {
namespace {

constexpr double kMinParameter = 0.5, kMaxParameter = 1000;
constexpr double kTolerance = 2e-10;  // the midpoint check, relative to the value
constexpr size_t kMaxTables = 1024;   // beyond: exact (parameters that change between batches)

// The quantile of Beta(a, b) at its octave nodes and its derivatives there.
struct Node {
  double x = 0, d1 = 0, d2 = 0;
};

class Side {
 public:
  Side(double a, double b)
      : a_(a), b_(b), log_beta_(std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b)) {}

  double pdf(double x) const {
    return std::exp((a_ - 1) * std::log(x) + (b_ - 1) * std::log1p(-x) - log_beta_);
  }
  double cdf(double x) const { return boost::math::ibeta(a_, b_, x); }
  // (log pdf)' at x.
  double score(double x) const { return (a_ - 1) / x - (b_ - 1) / (1 - x); }

  Node node(double x) const {
    Node n;
    n.x = x;
    n.d1 = 1 / pdf(x);
    n.d2 = -score(x) * n.d1 * n.d1;
    return n;
  }

  // The quantile at v from a close guess: Halley's method on the CDF, Boost's inverse if it
  // does not converge.
  double solve(double v, double x) const {
    for (int i = 0; i < 40; ++i) {
      const double f = pdf(x);
      const double step = (cdf(x) - v) / f;
      double next = x - step / (1 - 0.5 * step * score(x));
      if (!(next > 0)) next = x / 4;
      if (!(next < 1)) next = (x + 1) / 2;
      const bool converged = std::abs(next - x) <= 1e-14 * next;
      x = next;
      if (converged) return x;
    }
    try {
      return boost::math::ibeta_inv(a_, b_, v);
    } catch (const std::exception&) {
      return std::nan("");  // fails the interval's check
    }
  }

  // Quintic Hermite coefficients from v0 to v1 = v0 + h into out[0..6); false unless the
  // midpoint passes the check.
  bool interval(const Node& n0, const Node& n1, double v0, double h, double* out) const {
    const double p0 = n0.x, p1 = n1.x, d0 = h * n0.d1, d1 = h * n1.d1;
    const double c0 = h * h * n0.d2, c1 = h * h * n1.d2, dp = p1 - p0;
    out[0] = p0;
    out[1] = d0;
    out[2] = c0 / 2;
    out[3] = 10 * dp - 6 * d0 - 4 * d1 - 1.5 * c0 + 0.5 * c1;
    out[4] = -15 * dp + 8 * d0 + 7 * d1 + 1.5 * c0 - c1;
    out[5] = 6 * dp - 3 * d0 - 3 * d1 - 0.5 * c0 + 0.5 * c1;
    const double mid =
        out[0] + 0.5 * (out[1] + 0.5 * (out[2] + 0.5 * (out[3] + 0.5 * (out[4] + 0.5 * out[5]))));
    if (!(mid > 0 && mid < 1) || !(p1 > p0)) return false;
    return std::abs(cdf(mid) - (v0 + h / 2)) / pdf(mid) <= kTolerance * mid;
  }

  // Every octave, from v = 1/2 down: 6 coefficients per interval, octave by octave, interval j
  // of octave k at ((k · kIntervals) + j) · 6. False if an interval fails its check.
  bool build(std::vector<double>& table) const {
    constexpr int kOctaves = BetaQuantileTable::kOctaves,
                  kIntervals = BetaQuantileTable::kIntervals;
    table.assign(static_cast<size_t>(kOctaves * kIntervals * 6), 0.0);
    double v_top = 0.5;
    double median;  // Boost's inverse fails at the median of some symmetric betas
    try {
      median = a_ == b_ ? 0.5 : boost::math::ibeta_inv(a_, b_, v_top);
    } catch (const std::exception&) {
      return false;
    }
    Node top = node(median);
    for (int k = 0; k < kOctaves; ++k) {
      const double low = v_top / 2, h = low / kIntervals;
      Node upper = top;
      for (int j = kIntervals - 1; j >= 0; --j) {
        const double v0 = low + j * h;
        // A Taylor step down from the node above, then Halley.
        double guess = upper.x - h * upper.d1 + 0.5 * h * h * upper.d2;
        if (!(guess > 0 && guess < upper.x)) guess = upper.x / 2;
        const Node lower = node(solve(v0, guess));
        double* out = table.data() + static_cast<size_t>((k * kIntervals + j) * 6);
        if (!interval(lower, upper, v0, h, out)) return false;
        upper = lower;
      }
      top = upper;
      v_top = low;
    }
    return true;
  }

 private:
  double a_, b_, log_beta_;
};

}  // namespace

BetaQuantileTable::BetaQuantileTable(double alpha, double beta) : alpha_(alpha), beta_(beta) {
  if (!(alpha >= kMinParameter && alpha <= kMaxParameter && beta >= kMinParameter &&
        beta <= kMaxParameter)) {
    return;
  }
  ok_ = Side(alpha, beta).build(lower_) && Side(beta, alpha).build(upper_);
}

const BetaQuantileTable* BetaQuantileTable::get(double alpha, double beta) {
  static std::mutex mutex;
  static std::map<std::pair<double, double>, std::unique_ptr<BetaQuantileTable>> tables;
  std::lock_guard lock(mutex);
  auto it = tables.find({alpha, beta});
  if (it == tables.end()) {
    if (tables.size() >= kMaxTables) return nullptr;
    it = tables.emplace(std::pair{alpha, beta}, std::make_unique<BetaQuantileTable>(alpha, beta))
             .first;
  }
  return it->second->ok() ? it->second.get() : nullptr;
}

double BetaQuantileTable::exact(double v, bool upper) const {
  if (!(v > 0)) return std::nan("");
  return upper ? boost::math::ibeta_inv(beta_, alpha_, v)
               : boost::math::ibeta_inv(alpha_, beta_, v);
}

double BetaQuantileTable::lookup(const std::vector<double>& table, double v) const {
  // v = 2^e × 1.m: octave k = −e − 2 holds [2^-(k+2), 2^-(k+1)); its interval is the top four
  // bits of m, θ the rest. v = 1/2 is the end of octave 0.
  uint64_t bits;  // std::bit_cast, which emscripten 3.1.6's libc++ lacks
  std::memcpy(&bits, &v, sizeof bits);
  const int k = 1023 - 2 - static_cast<int>(bits >> 52);
  int j;
  double theta;
  if (k < 0) {
    j = kIntervals - 1;
    theta = 1;
  } else if (k >= kOctaves) {
    return exact(v, &table == &upper_);
  } else {
    j = static_cast<int>((bits >> 48) & 15);
    theta = static_cast<double>(bits & ((uint64_t{1} << 48) - 1)) * 0x1.0p-48;
  }
  const double* c = table.data() + static_cast<size_t>((k < 0 ? 0 : k) * kIntervals + j) * 6;
  return c[0] + theta * (c[1] + theta * (c[2] + theta * (c[3] + theta * (c[4] + theta * c[5]))));
}

}  // namespace gpugap
