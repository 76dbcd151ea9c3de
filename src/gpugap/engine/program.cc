#include "gpugap/engine/program.h"

#include "gpugap/engine/block.h"

#include <cmath>
#include <limits>

namespace gpugap {

Workspace::Workspace(const Program& program, size_t block)
    : block_(block), data_(static_cast<size_t>(program.slot_count) * block, 0.0) {}

namespace {

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

void run(const Program& p, const Instruction& in, Workspace& w, size_t n) {
  switch (in.op) {
    case Op::kConst:
      for (uint32_t y = 0; y < in.dst.length; ++y) {
        double* d = w.slot(in.dst.slot + y);
        for (size_t i = 0; i < n; ++i) d[i] = in.k;
      }
      return;
    case Op::kCopy: return unary(in, w, n, [](double a) { return a; });
    case Op::kYear:
      for (uint32_t y = 0; y < in.dst.length; ++y) {
        double* d = w.slot(in.dst.slot + y);
        for (size_t i = 0; i < n; ++i) d[i] = p.first_year + static_cast<double>(y);
      }
      return;
    case Op::kNeg: return unary(in, w, n, [](double a) { return -a; });
    case Op::kNot: return unary(in, w, n, [](double a) { return a == 0 ? 1.0 : 0.0; });
    case Op::kAbs: return unary(in, w, n, [](double a) { return std::abs(a); });
    case Op::kExp: return unary(in, w, n, [](double a) { return std::exp(a); });
    case Op::kLog: return unary(in, w, n, [](double a) { return std::log(a); });
    case Op::kSqrt: return unary(in, w, n, [](double a) { return std::sqrt(a); });
    case Op::kAdd: return binary(in, w, n, [](double a, double b) { return a + b; });
    case Op::kSub: return binary(in, w, n, [](double a, double b) { return a - b; });
    case Op::kMul: return binary(in, w, n, [](double a, double b) { return a * b; });
    case Op::kDiv: return binary(in, w, n, [](double a, double b) { return a / b; });
    case Op::kPow: return binary(in, w, n, [](double a, double b) { return std::pow(a, b); });
    case Op::kLess: return binary(in, w, n, [](double a, double b) { return a < b ? 1.0 : 0.0; });
    case Op::kLessEqual:
      return binary(in, w, n, [](double a, double b) { return a <= b ? 1.0 : 0.0; });
    case Op::kGreater:
      return binary(in, w, n, [](double a, double b) { return a > b ? 1.0 : 0.0; });
    case Op::kGreaterEqual:
      return binary(in, w, n, [](double a, double b) { return a >= b ? 1.0 : 0.0; });
    case Op::kEqual: return binary(in, w, n, [](double a, double b) { return a == b ? 1.0 : 0.0; });
    case Op::kNotEqual:
      return binary(in, w, n, [](double a, double b) { return a != b ? 1.0 : 0.0; });
    case Op::kAnd:
      return binary(in, w, n, [](double a, double b) { return a != 0 && b != 0 ? 1.0 : 0.0; });
    case Op::kOr:
      return binary(in, w, n, [](double a, double b) { return a != 0 || b != 0 ? 1.0 : 0.0; });
    case Op::kMin: return binary(in, w, n, [](double a, double b) { return a < b ? a : b; });
    case Op::kMax: return binary(in, w, n, [](double a, double b) { return a > b ? a : b; });
    case Op::kLerp: {
      const double k = in.k;
      return binary(in, w, n, [k](double a, double b) { return a + (b - a) * k; });
    }
    case Op::kSelect:
      return ternary(in, w, n, [](double c, double a, double b) { return c != 0 ? a : b; });
    case Op::kClamp:
      return ternary(in, w, n, [](double x, double lo, double hi) {
        return x < lo ? lo : (x > hi ? hi : x);
      });
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
    case Op::kBlock: {
      const BlockCall& call = p.calls[static_cast<size_t>(in.k)];
      BlockFrame frame(w, call.inputs, call.outputs, p.first_year, p.years, n);
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
  }
}

}  // namespace

void evaluate(const Program& program, Workspace& workspace, size_t count) {
  for (const Instruction& in : program.code) run(program, in, workspace, count);
}

}  // namespace gpugap
