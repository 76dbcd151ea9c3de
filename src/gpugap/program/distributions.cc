#include "gpugap/program/distributions.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "gpugap/random/distributions.h"
#include "gpugap/random/vector_math.h"

namespace gpugap {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Shared rules of several rows.

std::string sd_not_negative(const char* name, const std::optional<double>* v,
                            const std::string* text) {
  if (v[1] && *v[1] < 0) {
    return fmt::format("{}() needs a standard deviation of 0 or more, not {}", name, text[1]);
  }
  return "";
}

std::string low_not_above_high(const char* name, const std::optional<double>* v,
                               const std::string* text) {
  if (v[0] && v[1] && *v[0] > *v[1]) {
    return fmt::format("{}() needs low ≤ high, but {} > {}", name, text[0], text[1]);
  }
  return "";
}

std::string low_mode_high(const char* name, const std::optional<double>* v,
                          const std::string* text) {
  if (v[0] && v[1] && v[2] && !(*v[0] <= *v[1] && *v[1] <= *v[2] && *v[0] < *v[2])) {
    return fmt::format("{}() needs low ≤ mode ≤ high with low < high, not {}, {}, {}", name,
                       text[0], text[1], text[2]);
  }
  return "";
}

const char* invalid_low_mode_high(const double* p) {
  if (p[0] <= p[1] && p[1] <= p[2] && p[0] < p[2]) return nullptr;
  return p[0] >= p[2] ? "its low end not below its high end" : "its mode outside low to high";
}

const char* invalid_low_high(const double* p) {
  return p[0] > p[1] ? "its low end above its high end" : nullptr;
}

}  // namespace

const std::vector<Distribution>& distributions() {
  using Units = Distribution::Units;
  static const std::vector<Distribution> kDistributions = {
      {"normal",
       {"mean", "sd"},
       "normal(mean, sd)",
       Op::kQNormal,
       Units::kSame,
       [](const std::optional<double>* v, const std::string* t) {
         return sd_not_negative("normal", v, t);
       },
       [](double u, const double* p) {
         return p[1] >= 0 ? p[0] + p[1] * normal_quantile(u) : kNaN;
       },
       [](const double* p) { return p[1] < 0 ? "a negative standard deviation" : nullptr; }},
      {"lognormal",
       {"mu", "sigma"},
       "lognormal(mu, sigma) with mu and sigma of the log",
       Op::kQLognormal,
       Units::kPlain,
       [](const std::optional<double>* v, const std::string* t) {
         return sd_not_negative("lognormal", v, t);
       },
       [](double u, const double* p) {
         return p[1] >= 0 ? exp_same(p[0] + p[1] * normal_quantile(u)) : kNaN;
       },
       [](const double* p) { return p[1] < 0 ? "a negative sigma" : nullptr; }},
      {"uniform",
       {"low", "high"},
       "uniform(low, high)",
       Op::kQUniform,
       Units::kSame,
       [](const std::optional<double>* v, const std::string* t) {
         return low_not_above_high("uniform", v, t);
       },
       [](double u, const double* p) { return p[0] <= p[1] ? p[0] + (p[1] - p[0]) * u : kNaN; },
       invalid_low_high},
      {"loguniform",
       {"low", "high"},
       "loguniform(low, high)",
       Op::kQLogUniform,
       Units::kSame,
       [](const std::optional<double>* v, const std::string* t) {
         std::string order = low_not_above_high("loguniform", v, t);
         if (!order.empty()) return order;
         if (v[0] && *v[0] <= 0) {
           return fmt::format("loguniform() needs a positive low end, not {}", t[0]);
         }
         return std::string();
       },
       [](double u, const double* p) {
         return p[0] > 0 && p[0] <= p[1]
                    ? std::exp(std::log(p[0]) + (std::log(p[1]) - std::log(p[0])) * u)
                    : kNaN;
       },
       [](const double* p) {
         return !(p[0] > 0) ? "a low end that is not above 0" : invalid_low_high(p);
       }},
      {"triangular",
       {"low", "mode", "high"},
       "triangular(low, mode, high)",
       Op::kQTriangular,
       Units::kSame,
       [](const std::optional<double>* v, const std::string* t) {
         return low_mode_high("triangular", v, t);
       },
       [](double u, const double* p) { return triangular_quantile(u, p[0], p[1], p[2]); },
       invalid_low_mode_high},
      {"pert",
       {"low", "mode", "high"},
       "pert(low, mode, high)",
       Op::kQPert,
       Units::kSame,
       [](const std::optional<double>* v, const std::string* t) {
         return low_mode_high("pert", v, t);
       },
       [](double u, const double* p) { return pert_quantile(u, p[0], p[1], p[2]); },
       invalid_low_mode_high},
      {"beta",
       {"alpha", "beta"},
       "beta(alpha, beta)",
       Op::kQBeta,
       Units::kPlain,
       [](const std::optional<double>* v, const std::string*) {
         return (v[0] && *v[0] <= 0) || (v[1] && *v[1] <= 0)
                    ? std::string("beta() needs positive alpha and beta")
                    : std::string();
       },
       [](double u, const double* p) { return beta_quantile(u, p[0], p[1]); },
       [](const double* p) {
         return p[0] > 0 && p[1] > 0 ? nullptr : "an alpha or beta that is not above 0";
       }},
      // discrete(value: probability, …): the compiler builds its table (a DiscreteTable).
      {"discrete", {}, "discrete(100B: 0.3, 200B: 0.7)", Op::kQDiscrete},
      // "low to high": a 90% interval, lognormal if low > 0 else normal. When both ends are
      // written as numbers the compiler emits that lognormal's or normal's op instead.
      {"to",
       {"low", "high"},
       "LOW to HIGH, e.g. 100B to 300B",
       Op::kQInterval90,
       Units::kSame,
       nullptr,
       [](double u, const double* p) { return interval90_quantile(u, p[0], p[1]); },
       [](const double* p) {
         return p[0] < p[1] ? nullptr : "its low end not below its high end";
       }},
  };
  return kDistributions;
}

const Distribution* find_distribution(std::string_view name) {
  if (name == "to") return nullptr;
  for (const Distribution& d : distributions()) {
    if (name == d.name) return &d;
  }
  return nullptr;
}

const Distribution* distribution_of(Op op) {
  for (const Distribution& d : distributions()) {
    if (d.op == op) return &d;
  }
  return nullptr;
}

std::vector<std::string> distribution_names() {
  std::vector<std::string> names;
  for (const Distribution& d : distributions()) {
    if (std::string_view(d.name) != "to") names.push_back(d.name);
  }
  return names;
}

}  // namespace gpugap
