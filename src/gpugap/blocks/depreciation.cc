#include "gpugap/blocks/depreciation.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gpugap {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct MethodName {
  DepreciationMethod method;
  const char* name;
};

constexpr MethodName kMethods[] = {
    {DepreciationMethod::kStraightLine, "SLN"},    {DepreciationMethod::kSumOfYears, "SYD"},
    {DepreciationMethod::kDoubleDeclining, "DDB"}, {DepreciationMethod::kVariableDeclining, "VDB"},
    {DepreciationMethod::kFixedDeclining, "DB"},
};

bool whole(double x) { return std::floor(x) == x; }

// DB's rate: 1 - (salvage/cost)^(1/life), rounded to three decimals as the spreadsheets do.
double db_rate(double cost, double salvage, double life) {
  double rate = 1.0 - std::pow(salvage / cost, 1.0 / life);
  return std::floor(rate * 1000.0 + 0.5) / 1000.0;
}

}  // namespace

double sln(double cost, double salvage, double life) {
  if (life == 0) return kNaN;
  return (cost - salvage) / life;
}

double syd(double cost, double salvage, double life, double period) {
  if (life <= 0 || period < 1 || period > life) return kNaN;
  return (cost - salvage) * (life - period + 1) * 2 / (life * (life + 1));
}

// LibreOffice's ScGetDDB: the balance after p periods is cost·(1 − rate)^p, floored at salvage.
double ddb(double cost, double salvage, double life, double period, double factor) {
  if (cost < 0 || salvage < 0 || factor <= 0 || salvage > cost || life <= 0 || period < 1 ||
      period > life) {
    return kNaN;
  }
  double rate = factor / life;
  double before;
  if (rate >= 1) {
    rate = 1;
    before = period == 1 ? cost : 0;
  } else {
    before = cost * std::pow(1 - rate, period - 1);
  }
  const double after = cost * std::pow(1 - rate, period);
  const double amount = after < salvage ? before - salvage : before - after;
  return std::max(amount, 0.0);
}

// LibreOffice's ScDB.
double db(double cost, double salvage, double life, double period, double months) {
  if (months < 1 || months > 12 || salvage < 0 || salvage > cost || cost <= 0 || life <= 0 ||
      period < 1 || period > life + 1 || (months == 12 && period > life)) {
    return kNaN;
  }
  const double rate = db_rate(cost, salvage, life);
  const double first = cost * rate * months / 12;
  if (std::floor(period) == 1) return first;
  double total = first;
  double amount = 0;
  const int last = static_cast<int>(std::floor(std::min(life, period)));
  for (int i = 2; i <= last; ++i) {
    amount = (cost - total) * rate;
    total += amount;
  }
  if (period > life) amount = (cost - total) * rate * (12 - months) / 12;
  return amount;
}

// Per period: declining balance until straight line over the remaining life depreciates more,
// then that straight-line amount (LibreOffice's ScGetVDB, whole periods).
double vdb(double cost, double salvage, double life, double start, double end, double factor,
           bool no_switch) {
  if (cost < 0 || salvage < 0 || salvage > cost || life <= 0 || factor <= 0 || start < 0 ||
      end < start || end > life || !whole(start) || !whole(end)) {
    return kNaN;
  }
  double total = 0;
  double rest = cost - salvage;
  bool switched = false;
  double straight = 0;
  for (int i = 1; i <= static_cast<int>(end); ++i) {
    double term;
    if (switched) {
      term = straight;
    } else {
      const double declining = ddb(cost, salvage, life, i, factor);
      straight = rest / (life - (i - 1));
      if (!no_switch && straight > declining) {
        term = straight;
        switched = true;
      } else {
        term = declining;
        rest -= declining;
      }
    }
    if (i > start) total += term;
  }
  return total;
}

std::optional<DepreciationMethod> parse_depreciation_method(std::string_view name) {
  for (const auto& m : kMethods) {
    if (name == m.name) return m.method;
  }
  return std::nullopt;
}

std::vector<std::string> depreciation_method_names() {
  std::vector<std::string> names;
  for (const auto& m : kMethods) names.emplace_back(m.name);
  return names;
}

const char* depreciation_method_name(DepreciationMethod method) {
  for (const auto& m : kMethods) {
    if (m.method == method) return m.name;
  }
  return "?";
}

bool supports_partial_first_year(DepreciationMethod method) {
  return method == DepreciationMethod::kStraightLine ||
         method == DepreciationMethod::kFixedDeclining;
}

bool depreciation_schedule(const DepreciationRule& rule, int years, double* out) {
  const double life = rule.life;
  const double salvage = rule.salvage;
  const double months = supports_partial_first_year(rule.method) ? rule.first_year_months : 12;
  if (!(life > 0) || !(salvage >= 0 && salvage < 1) || !(rule.factor > 0) ||
      !(months >= 1 && months <= 12) || !std::isfinite(life)) {
    return false;
  }
  std::fill(out, out + years, 0.0);
  const double base = 1 - salvage;  // per unit of cost
  if (rule.method == DepreciationMethod::kStraightLine) {
    // Cumulative depreciation grows linearly with time in service; the first year has
    // months/12 of it, so a partial first year pushes the remainder into year life + 1.
    const double first = months / 12;
    auto cumulative = [&](int k) {
      const double in_service = k == 0 ? 0.0 : first + (k - 1);
      return base * std::min(1.0, in_service / life);
    };
    for (int k = 1; k <= years; ++k) out[k - 1] = cumulative(k) - cumulative(k - 1);
    return true;
  }
  // The last year of the life (one more for DB's partial first year) takes what is left.
  const int last = static_cast<int>(std::ceil(life - 1e-9)) + (months < 12 ? 1 : 0);
  const double rate = db_rate(1, salvage, life);
  double total = 0;
  bool switched = false;
  double straight = 0;
  for (int k = 1; k <= std::min(years, last); ++k) {
    double amount = 0;
    switch (rule.method) {
      case DepreciationMethod::kSumOfYears:
        amount = base * (life - k + 1) * 2 / (life * (life + 1));
        break;
      case DepreciationMethod::kDoubleDeclining:
        amount = ddb(1, salvage, life, std::min<double>(k, life), rule.factor);
        break;
      case DepreciationMethod::kVariableDeclining:
        // As vdb(): declining balance until straight line over what is left of the life is more.
        if (!switched) {
          const double declining = ddb(1, salvage, life, std::min<double>(k, life), rule.factor);
          straight = (base - total) / std::max(life - (k - 1), 1e-9);
          switched = straight > declining;
          amount = switched ? straight : declining;
        } else {
          amount = straight;
        }
        break;
      case DepreciationMethod::kFixedDeclining:
        // As db(), written as a recurrence.
        amount = k == 1 ? rate * months / 12 : (1 - total) * rate;
        break;
      case DepreciationMethod::kStraightLine:
        break;
    }
    amount = k == last ? base - total : std::clamp(amount, 0.0, base - total);
    out[k - 1] = amount;
    total += amount;
  }
  return true;
}

}  // namespace gpugap
