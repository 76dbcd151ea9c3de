#include "gpugap/engine/interpreter.h"

#include "gpugap/program/block.h"
#include "gpugap/program/distributions.h"
#include "gpugap/random/beta_table.h"
#include "gpugap/random/distributions.h"
#include "gpugap/random/streams.h"
#include "gpugap/random/vector_math.h"
#include "gpugap/util/check.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gpugap {

Workspace::Workspace(const Program& program, size_t batch)
    : batch_(batch), data_(static_cast<size_t>(program.slot_count) * batch, 0.0) {}

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Slot of year y of an operand: a scalar broadcasts over the years.
inline uint32_t at_year(const Operand& o, uint32_t y) { return o.slot + (o.length > 1 ? y : 0); }

template <class F>
void unary(const Instruction& in, Workspace& w, size_t n, F f) {
  for (uint32_t y = 0; y < in.dst.length; ++y) {
    double* __restrict d = w.slot(in.dst.slot + y);
    const double* __restrict a = w.slot(at_year(in.a, y));
    for (size_t i = 0; i < n; ++i) d[i] = f(a[i]);
  }
}

template <class F>
void binary(const Instruction& in, Workspace& w, size_t n, F f) {
  for (uint32_t y = 0; y < in.dst.length; ++y) {
    double* d = w.slot(in.dst.slot + y);
    const double* a = w.slot(at_year(in.a, y));
    const double* b = w.slot(at_year(in.b, y));
    for (size_t i = 0; i < n; ++i) d[i] = f(a[i], b[i]);
  }
}

template <class F>
void ternary(const Instruction& in, Workspace& w, size_t n, F f) {
  for (uint32_t y = 0; y < in.dst.length; ++y) {
    double* d = w.slot(in.dst.slot + y);
    const double* a = w.slot(at_year(in.a, y));
    const double* b = w.slot(at_year(in.b, y));
    const double* c = w.slot(at_year(in.c, y));
    for (size_t i = 0; i < n; ++i) d[i] = f(a[i], b[i], c[i]);
  }
}

// A distribution's quantile function over the batch: u in a, its parameters in b, c (and d).
void quantiles(const Distribution& distribution, const Instruction& in, Workspace& w, size_t n) {
  double* d = w.slot(in.dst.slot);
  const double* u = w.slot(in.a.slot);
  const Operand* operands[] = {&in.b, &in.c, &in.d};
  const size_t count = distribution.parameters.size();
  GPUGAP_DCHECK(count <= 3);
  const double* columns[3] = {};
  for (size_t j = 0; j < count; ++j) columns[j] = w.slot(operands[j]->slot);
  double p[3] = {};
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < count; ++j) p[j] = columns[j][i];
    d[i] = distribution.quantile(u[i], p);
  }
}

// PERT and beta through their tabulated quantile (random/beta_table.h) when the batch draws
// them (not pinned: point runs and tornado diagrams stay exact) with the same parameters in
// every sample; false when it cannot, and the exact quantile is used.
bool tabulated(const Instruction& in, Workspace& w, size_t n, const Sampling& s) {
  if (s.fixed != nullptr || n == 0) return false;
  const bool pert = in.op == Op::kQPert;
  const Operand* operands[] = {&in.b, &in.c, &in.d};
  const size_t count = pert ? 3 : 2;
  double p[3] = {};
  for (size_t j = 0; j < count; ++j) {
    const double* column = w.slot(operands[j]->slot);
    p[j] = column[0];
    for (size_t i = 1; i < n; ++i) {
      if (column[i] != p[j]) return false;
    }
  }
  double alpha = p[0], beta = p[1], low = 0, width = 1;
  if (pert) {
    if (!(p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2])) return false;
    low = p[0];
    width = p[2] - p[0];
    alpha = 1 + 4 * (p[1] - p[0]) / width;
    beta = 1 + 4 * (p[2] - p[1]) / width;
  }
  const BetaQuantileTable* table = BetaQuantileTable::get(alpha, beta);
  if (table == nullptr) return false;
  double* d = w.slot(in.dst.slot);
  const double* u = w.slot(in.a.slot);
  for (size_t i = 0; i < n; ++i) d[i] = low + width * (*table)(u[i]);
  return true;
}

void draw(const Program& p, const Instruction& in, Workspace& w, size_t n, const Sampling& s) {
  const size_t leaf = static_cast<size_t>(in.k);
  GPUGAP_DCHECK(leaf < p.leaves.size() && in.dst.slot == p.leaves[leaf].slot);
  leaf_uniforms(p, leaf, s, n, w.slot(in.dst.slot));
}

void correlate(const Program& p, const Instruction& in, Workspace& w, size_t n, const Sampling& s) {
  if (s.fixed != nullptr || s.columns != nullptr) return;  // pinned or designed: independent
  GPUGAP_DCHECK(static_cast<size_t>(in.k) < p.copulas.size());
  const Copula& copula = p.copulas[static_cast<size_t>(in.k)];
  const size_t m = copula.leaves.size();
  std::vector<double*> u(m);
  for (size_t j = 0; j < m; ++j) u[j] = w.slot(p.leaves[copula.leaves[j]].slot);
  std::vector<double> z(m);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < m; ++j) z[j] = normal_quantile(u[j][i]);
    // Lower-triangular: row j only reads z[0..j], so update from the last row up, in place.
    for (size_t j = m; j-- > 0;) {
      double sum = 0;
      for (size_t k = 0; k <= j; ++k) sum += copula.cholesky[j * m + k] * z[k];
      z[j] = sum;
    }
    for (size_t j = 0; j < m; ++j) u[j][i] = normal_cdf(z[j]);
  }
}

void run(const Program& p, const Instruction& in, Workspace& w, size_t n, const Sampling& s) {
  switch (in.op) {
    case Op::kConst:
      for (uint32_t y = 0; y < in.dst.length; ++y) {
        double* d = w.slot(in.dst.slot + y);
        for (size_t i = 0; i < n; ++i) d[i] = in.k;
      }
      return;
    case Op::kCopy:
      return unary(in, w, n, [](double a) { return a; });
    case Op::kYear:
      for (uint32_t y = 0; y < in.dst.length; ++y) {
        double* d = w.slot(in.dst.slot + y);
        for (size_t i = 0; i < n; ++i) d[i] = p.first_year + static_cast<double>(y);
      }
      return;
    case Op::kNeg:
      return unary(in, w, n, [](double a) { return -a; });
    case Op::kNot:
      return unary(in, w, n, [](double a) { return a == 0 ? 1.0 : 0.0; });
    case Op::kAbs:
      return unary(in, w, n, [](double a) { return std::abs(a); });
    case Op::kExp:
      return unary(in, w, n, [](double a) { return std::exp(a); });
    case Op::kLog:
      return unary(in, w, n, [](double a) { return std::log(a); });
    case Op::kSqrt:
      return unary(in, w, n, [](double a) { return std::sqrt(a); });
    case Op::kSin:
      return unary(in, w, n, [](double a) { return std::sin(a); });
    case Op::kCos:
      return unary(in, w, n, [](double a) { return std::cos(a); });
    case Op::kAdd:
      return binary(in, w, n, [](double a, double b) { return a + b; });
    case Op::kSub:
      return binary(in, w, n, [](double a, double b) { return a - b; });
    case Op::kMul:
      return binary(in, w, n, [](double a, double b) { return a * b; });
    case Op::kDiv:
      return binary(in, w, n, [](double a, double b) { return a / b; });
    case Op::kPow:
      return binary(in, w, n, [](double a, double b) { return std::pow(a, b); });
    case Op::kLess:
      return binary(in, w, n, [](double a, double b) { return a < b ? 1.0 : 0.0; });
    case Op::kLessEqual:
      return binary(in, w, n, [](double a, double b) { return a <= b ? 1.0 : 0.0; });
    case Op::kGreater:
      return binary(in, w, n, [](double a, double b) { return a > b ? 1.0 : 0.0; });
    case Op::kGreaterEqual:
      return binary(in, w, n, [](double a, double b) { return a >= b ? 1.0 : 0.0; });
    case Op::kEqual:
      return binary(in, w, n, [](double a, double b) { return a == b ? 1.0 : 0.0; });
    case Op::kNotEqual:
      return binary(in, w, n, [](double a, double b) { return a != b ? 1.0 : 0.0; });
    case Op::kAnd:
      return binary(in, w, n, [](double a, double b) { return a != 0 && b != 0 ? 1.0 : 0.0; });
    case Op::kOr:
      return binary(in, w, n, [](double a, double b) { return a != 0 || b != 0 ? 1.0 : 0.0; });
    case Op::kMin:
      return binary(in, w, n, [](double a, double b) { return a < b ? a : b; });
    case Op::kMax:
      return binary(in, w, n, [](double a, double b) { return a > b ? a : b; });
    case Op::kLerp: {
      const double k = in.k;
      return binary(in, w, n, [k](double a, double b) { return a + (b - a) * k; });
    }
    case Op::kSelect:
      return ternary(in, w, n, [](double c, double a, double b) { return c != 0 ? a : b; });
    case Op::kClamp:
      return ternary(
          in, w, n, [](double x, double lo, double hi) { return x < lo ? lo : (x > hi ? hi : x); });
    case Op::kSum:
    case Op::kMean: {
      double* d = w.slot(in.dst.slot);
      for (size_t i = 0; i < n; ++i) d[i] = 0;
      for (uint32_t y = 0; y < in.a.length; ++y) {
        const double* a = w.slot(in.a.slot + y);
        for (size_t i = 0; i < n; ++i) d[i] += a[i];
      }
      if (in.op == Op::kMean) {
        const double years = in.a.length;
        for (size_t i = 0; i < n; ++i) d[i] /= years;
      }
      return;
    }
    case Op::kCumsum:
      for (uint32_t y = 0; y < in.dst.length; ++y) {
        double* d = w.slot(in.dst.slot + y);
        const double* a = w.slot(in.a.slot + y);
        const double* previous = y > 0 ? w.slot(in.dst.slot + y - 1) : nullptr;
        for (size_t i = 0; i < n; ++i) d[i] = a[i] + (previous ? previous[i] : 0.0);
      }
      return;
    case Op::kLag: {
      const int64_t k = static_cast<int64_t>(in.k);
      for (uint32_t y = 0; y < in.dst.length; ++y) {
        int64_t source = static_cast<int64_t>(y) - k;
        double* d = w.slot(in.dst.slot + y);
        const double* s = source >= 0 && source < static_cast<int64_t>(in.a.length)
                              ? w.slot(in.a.slot + static_cast<uint32_t>(source))
                              : w.slot(in.b.slot);
        for (size_t i = 0; i < n; ++i) d[i] = s[i];
      }
      return;
    }
    case Op::kAt: {
      double* d = w.slot(in.dst.slot);
      const double* a = w.slot(in.a.slot + static_cast<uint32_t>(in.k));
      for (size_t i = 0; i < n; ++i) d[i] = a[i];
      return;
    }
    case Op::kGrowth:
      for (uint32_t y = 0; y < in.dst.length; ++y) {
        double* d = w.slot(in.dst.slot + y);
        if (y == 0) {
          const double* a = w.slot(in.a.slot);
          for (size_t i = 0; i < n; ++i) d[i] = a[i];
        } else {
          const double* previous = w.slot(in.dst.slot + y - 1);
          const double* rate = w.slot(at_year(in.b, y));
          for (size_t i = 0; i < n; ++i) d[i] = previous[i] * (1.0 + rate[i]);
        }
      }
      return;
    case Op::kNpv: {
      double* d = w.slot(in.dst.slot);
      const double* rate = w.slot(in.a.slot);
      for (size_t i = 0; i < n; ++i) d[i] = 0;
      for (uint32_t y = 0; y < in.b.length; ++y) {
        const double* x = w.slot(in.b.slot + y);
        for (size_t i = 0; i < n; ++i) d[i] += x[i] / std::pow(1.0 + rate[i], y);
      }
      return;
    }
    case Op::kUniform:
      return draw(p, in, w, n, s);
    case Op::kCopula:
      return correlate(p, in, w, n, s);
    case Op::kQNormal:
    case Op::kQLognormal: {
      // Quantiles of the whole batch at once (vectorised), then the location and scale. A
      // negative spread (known only now: a name or a sample) gives no number.
      double* d = w.slot(in.dst.slot);
      const double* b = w.slot(in.b.slot);
      const double* c = w.slot(in.c.slot);
      normal_quantiles(w.slot(in.a.slot), d, n);
      for (size_t i = 0; i < n; ++i) d[i] = c[i] >= 0 ? b[i] + c[i] * d[i] : kNaN;
      // exp in a loop of its own, with SIMD: exp_same gives the same bits one at a time, and the
      // quantile function of the table (program/distributions.cc) uses it.
      if (in.op == Op::kQLognormal) exps(d, d, n);
      return;
    }
    case Op::kQDiscrete: {
      // The first value whose cumulative probability reaches u: values are in ascending order,
      // so this is the quantile function.
      GPUGAP_DCHECK(static_cast<size_t>(in.k) < p.discretes.size());
      const DiscreteTable& table = p.discretes[static_cast<size_t>(in.k)];
      GPUGAP_DCHECK(!table.values.empty() && table.cumulative.back() == 1.0);
      double* d = w.slot(in.dst.slot);
      const double* u = w.slot(in.a.slot);
      const auto begin = table.cumulative.begin(), last = table.cumulative.end() - 1;
      for (size_t i = 0; i < n; ++i) {
        d[i] = table.values[static_cast<size_t>(std::lower_bound(begin, last, u[i]) - begin)];
      }
      return;
    }
    case Op::kBlock: {
      GPUGAP_DCHECK(static_cast<size_t>(in.k) < p.calls.size());
      const BlockCall& call = p.calls[static_cast<size_t>(in.k)];
      BlockFrame frame(w.slots(), call.inputs, call.outputs, p.first_year, p.years, n);
      call.block->evaluate(frame);
      return;
    }
    case Op::kFirstYear: {
      double* d = w.slot(in.dst.slot);
      for (size_t i = 0; i < n; ++i) d[i] = std::numeric_limits<double>::infinity();
      for (uint32_t yy = in.a.length; yy-- > 0;) {
        const double* c = w.slot(in.a.slot + yy);
        const double year = p.first_year + static_cast<double>(yy);
        for (size_t i = 0; i < n; ++i) {
          if (c[i] != 0) d[i] = year;
        }
      }
      return;
    }
    case Op::kQLogUniform: {
      // Two logarithms per batch rather than per sample when the ends are the same throughout
      // (the usual case); the same formula as the table's row otherwise.
      const double* b = w.slot(in.b.slot);
      const double* c = w.slot(in.c.slot);
      if (n == 0 || !(b[0] > 0 && b[0] <= c[0]) ||
          std::any_of(b, b + n, [&](double x) { return x != b[0]; }) ||
          std::any_of(c, c + n, [&](double x) { return x != c[0]; })) {
        return quantiles(*distribution_of(in.op), in, w, n);
      }
      const double low = std::log(b[0]), span = std::log(c[0]) - low;
      double* d = w.slot(in.dst.slot);
      const double* u = w.slot(in.a.slot);
      for (size_t i = 0; i < n; ++i) d[i] = std::exp(low + span * u[i]);
      return;
    }
    case Op::kQPert:
    case Op::kQBeta:
      if (tabulated(in, w, n, s)) return;
      [[fallthrough]];
    default: {
      // Every other op draws from a distribution of the table (program/distributions.h).
      const Distribution* distribution = distribution_of(in.op);
      GPUGAP_DCHECK(distribution != nullptr && distribution->quantile != nullptr);
      return quantiles(*distribution, in, w, n);
    }
  }
}

}  // namespace

void leaf_uniforms(const Program& p, size_t leaf, const Sampling& s, size_t n, double* out) {
  if (s.fixed != nullptr && !std::isnan((*s.fixed)[leaf])) {
    const double u = (*s.fixed)[leaf];
    for (size_t i = 0; i < n; ++i) out[i] = u;
  } else if (s.columns != nullptr) {
    const double* column = (*s.columns)[leaf] + s.first_sample;
    for (size_t i = 0; i < n; ++i) out[i] = column[i];
  } else if (s.source != nullptr) {
    s.source->fill(leaf, p.leaves[leaf].stream, s.first_sample, n, out);
  } else {
    uniforms(s.seed, p.leaves[leaf].stream, s.first_sample, n, out);
  }
}

void evaluate(const Program& program, Workspace& workspace, size_t count,
              const Sampling& sampling) {
  for (const Instruction& in : program.code) run(program, in, workspace, count, sampling);
}

std::string invalid_parameters(const Instruction& in, const Workspace& w, size_t sample) {
  const Distribution* distribution = distribution_of(in.op);
  if (distribution == nullptr || distribution->invalid == nullptr) return "";
  const Operand* operands[] = {&in.b, &in.c, &in.d};
  double p[3] = {};
  for (size_t j = 0; j < distribution->parameters.size() && j < 3; ++j) {
    p[j] = w.slot(operands[j]->slot)[sample];
  }
  const char* problem = distribution->invalid(p);
  return problem == nullptr ? "" : problem;
}

}  // namespace gpugap
