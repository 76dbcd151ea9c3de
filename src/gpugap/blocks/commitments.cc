#include "gpugap/blocks/commitments.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpugap/units/format.h"

namespace gpugap {

bool parse_payment_profile(const std::string& text, PaymentProfile& out) {
  if (text == "flat") {
    out = PaymentProfile::kFlat;
  } else if (text == "ramp") {
    out = PaymentProfile::kRamp;
  } else {
    return false;
  }
  return true;
}

const char* payment_profile_name(PaymentProfile profile) {
  return profile == PaymentProfile::kRamp ? "ramp" : "flat";
}

double profile_weight(PaymentProfile profile, int years, int k) {
  if (years <= 0 || k < 0 || k >= years) return 0;
  if (profile == PaymentProfile::kFlat) return 1.0 / years;
  return (k + 1) / (years * (years + 1) / 2.0);
}

std::vector<double> profile_weights(PaymentProfile profile, int years) {
  std::vector<double> w(static_cast<size_t>(std::max(years, 0)));
  for (int k = 0; k < years; ++k) w[static_cast<size_t>(k)] = profile_weight(profile, years, k);
  return w;
}

void settle_commitments(const CommitmentsStructure& s, const std::vector<double>& amounts,
                        const std::vector<double>& revenue, CommitmentsOutcome& out) {
  const size_t years = static_cast<size_t>(s.years);
  // Called once per sample: the buffers keep their capacity from one call to the next.
  out.payments.assign(years, 0.0);
  out.funding_need.assign(years, 0.0);
  out.cumulative_need.assign(years, 0.0);
  out.to_supplier.resize(s.suppliers.size());
  for (auto& paid : out.to_supplier) paid.assign(years, 0.0);
  for (size_t c = 0; c < s.commitments.size(); ++c) {
    const Commitment& deal = s.commitments[c];
    for (int k = 0; k < deal.years; ++k) {
      const int y = deal.start_year + k - s.first_year;
      if (y < 0 || y >= s.years) continue;  // the reader keeps deals inside the axis
      const double paid = amounts[c] * profile_weight(deal.profile, deal.years, k);
      out.payments[static_cast<size_t>(y)] += paid;
      out.to_supplier[deal.supplier][static_cast<size_t>(y)] += paid;
    }
  }
  double cumulative = 0;
  out.peak_need = 0;
  int first_paid = -1, last_paid = -1;
  for (size_t y = 0; y < years; ++y) {
    out.funding_need[y] = out.payments[y] - revenue[y];
    cumulative += out.funding_need[y];  // USD/yr over one year: USD
    out.cumulative_need[y] = cumulative;
    out.peak_need = std::max(out.peak_need, cumulative);
    if (out.payments[y] > 0) {
      if (first_paid < 0) first_paid = static_cast<int>(y);
      last_paid = static_cast<int>(y);
    }
  }
  // Covered from Y: revenue covers every year's payments from Y to the last year with payments,
  // and Y is no earlier than the first payment. Never when the last year with payments is short.
  auto covered = [&](int y) {
    const double p = out.payments[static_cast<size_t>(y)];
    return revenue[static_cast<size_t>(y)] >= p * (1 - 1e-12);
  };
  if (last_paid < 0) {
    out.covered_year = s.first_year;
  } else if (!covered(last_paid)) {
    out.covered_year = std::numeric_limits<double>::infinity();
  } else {
    int y = last_paid;
    while (y > first_paid && covered(y - 1)) --y;
    out.covered_year = s.first_year + y;
  }
}

CommitmentsBlock::CommitmentsBlock(CommitmentsStructure structure) : s_(std::move(structure)) {}

std::vector<std::string> CommitmentsBlock::inputs() const {
  std::vector<std::string> names;
  for (const Commitment& c : s_.commitments) names.push_back(c.input);
  names.push_back("commitments.revenue");
  for (uint32_t i : s_.supplier_revenue) {
    names.push_back("commitments.supplier_revenue." + s_.suppliers[i]);
  }
  return names;
}

std::vector<BlockOutput> CommitmentsBlock::outputs() const {
  const std::string& who = s_.company;
  std::vector<BlockOutput> out;
  out.push_back({"commitments.payments", "USD/yr", true,
                 fmt::format("what {} pays under its commitments in the year, each spread over "
                             "its years by its profile",
                             who)});
  out.push_back({"commitments.funding_need", "USD/yr", true,
                 "payments − revenue: what revenue does not cover in the year (negative: a "
                 "surplus), with all revenue counted as available"});
  out.push_back({"commitments.cumulative_need", "USD", true,
                 "the funding need summed from the first year: money from outside (equity, debt) "
                 "needed so far"});
  out.push_back({"commitments.peak_need", "USD", false,
                 "the largest cumulative need (0 if revenue always kept up): the outside money "
                 "the commitments take"});
  out.push_back({"commitments.covered_year", "", false,
                 "the first year from which revenue covers every year's payments until the last "
                 "year with payments; never if it does not cover that last year",
                 true});
  for (const std::string& supplier : s_.suppliers) {
    out.push_back({"commitments.payments." + supplier, "USD/yr", true,
                   fmt::format("what {} pays {} in the year", who, supplier)});
  }
  for (uint32_t i : s_.supplier_revenue) {
    out.push_back({"commitments.dependence." + s_.suppliers[i], "%", true,
                   fmt::format("{}'s payments to {} as a share of {}'s revenue", who,
                               s_.suppliers[i], s_.suppliers[i])});
  }
  return out;
}

Status CommitmentsBlock::check(const std::vector<BlockInputInfo>& inputs) const {
  std::vector<Diagnostic> errors;
  Dimension usd;
  usd.exponents[static_cast<size_t>(BaseDimension::kMoney)] = 1;
  Dimension per_year;
  per_year.exponents[static_cast<size_t>(BaseDimension::kTime)] = -1;
  const size_t amounts = s_.commitments.size();
  for (size_t i = 0; i < inputs.size(); ++i) {
    const BlockInputInfo& in = inputs[i];
    const bool amount = i < amounts;
    const Dimension want = amount ? usd : usd * per_year;
    if (in.dimension != want) {
      errors.push_back({in.where,
                        fmt::format("'{}' must be in {}, not {}", in.name, to_string(want),
                                    to_string(in.dimension)),
                        amount ? "a commitment's amount is its total in US dollars, e.g. 300B"
                               : "revenue is money per year, e.g. \"13.1B\" in USD/yr"});
    } else if (in.series && amount) {
      errors.push_back({in.where, fmt::format("'{}' must be one number, not a series", in.name),
                        "the years a commitment is paid over come from its start and years"});
    }
  }
  return errors;
}

void CommitmentsBlock::evaluate(BlockFrame& frame) const {
  const size_t n = s_.commitments.size();
  const auto years = static_cast<uint32_t>(s_.years);
  std::vector<double> amounts(n), revenue(years), supplier_revenue(s_.supplier_revenue.size());
  CommitmentsOutcome out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (size_t s = 0; s < frame.count(); ++s) {
    bool valid = true;
    for (size_t c = 0; c < n; ++c) {
      amounts[c] = frame.input(c, 0)[s];
      valid = valid && std::isfinite(amounts[c]) && amounts[c] >= 0;
    }
    for (uint32_t y = 0; y < years; ++y) {
      revenue[y] = frame.input(n, y)[s];
      valid = valid && std::isfinite(revenue[y]);
    }
    for (size_t i = 0; i < s_.supplier_revenue.size(); ++i) {
      for (uint32_t y = 0; y < years; ++y) {
        const double v = frame.input(n + 1 + i, y)[s];
        valid = valid && std::isfinite(v) && v > 0;
      }
    }
    size_t o = 0;
    auto write_series = [&](const std::vector<double>* values) {
      for (uint32_t y = 0; y < years; ++y) frame.output(o, y)[s] = values ? (*values)[y] : nan;
      ++o;
    };
    if (!valid) {
      // A negative amount or a supplier without revenue: explain_not_finite() names it.
      for (int k = 0; k < 3; ++k) write_series(nullptr);
      frame.output(o++)[s] = nan;
      frame.output(o++)[s] = nan;
      for (size_t k = 0; k < s_.suppliers.size() + s_.supplier_revenue.size(); ++k) {
        write_series(nullptr);
      }
      continue;
    }
    settle_commitments(s_, amounts, revenue, out);
    write_series(&out.payments);
    write_series(&out.funding_need);
    write_series(&out.cumulative_need);
    frame.output(o++)[s] = out.peak_need;
    frame.output(o++)[s] = out.covered_year;
    for (const auto& paid : out.to_supplier) write_series(&paid);
    for (size_t i = 0; i < s_.supplier_revenue.size(); ++i) {
      const auto& paid = out.to_supplier[s_.supplier_revenue[i]];
      for (uint32_t y = 0; y < years; ++y) {
        frame.output(o, y)[s] = paid[y] / frame.input(n + 1 + i, y)[s];
      }
      ++o;
    }
  }
}

std::optional<BlockInputProblem> CommitmentsBlock::explain_not_finite(
    const std::vector<std::vector<double>>& values) const {
  const size_t n = s_.commitments.size();
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t y = 0; y < values[i].size(); ++y) {
      const double v = values[i][y];
      BlockInputProblem problem;
      problem.input = i;
      problem.year = values[i].size() > 1 ? static_cast<int>(y) : -1;
      if (i < n && !(v >= 0)) {
        problem.message = fmt::format("commitment '{}' has a negative amount, -{}",
                                      s_.commitments[i].id, format_amount(-v, 15));
        problem.hint = "a commitment's amount is what the company pays over its years, 0 or more";
        return problem;
      }
      if (i > n && !(v > 0)) {
        problem.reason = "a supplier's revenue must be more than 0";
        problem.hint = "its dependence is the company's payments divided by it";
        return problem;
      }
      if (!std::isfinite(v)) {
        problem.reason = "it must be a finite number";
        return problem;
      }
    }
  }
  return std::nullopt;
}

}  // namespace gpugap
