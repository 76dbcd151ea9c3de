#include "gpugap/blocks/financing.h"
#include "gpugap/units/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace gpugap {
namespace {

// "-200B": an amount as deals.csv writes it, with every digit it has (-1.234567891B).
std::string usd_text(double usd) { return (usd < 0 ? "-" : "") + format_amount(usd, 15); }

// outputs(): two totals, then four measures over the reported companies and four per company.
constexpr size_t kTotalOutputs = 2;
constexpr size_t kMeasureCount = 4;

}  // namespace

FinancingBlock::FinancingBlock(std::vector<Company> companies, std::vector<CountedDeal> deals,
                               std::vector<uint32_t> report, std::vector<uint32_t> outside,
                               std::optional<TimeAxis> time)
    : companies_(std::move(companies)),
      deals_(std::move(deals)),
      report_(std::move(report)),
      outside_(std::move(outside)),
      time_(time) {
  summed_.assign(companies_.size(), report_.empty() ? 1 : 0);
  for (uint32_t c : report_) summed_[c] = 1;
  whole_ = make_period(std::nullopt);
  if (time_) {
    for (int year = time_->first_year; year <= time_->last_year; ++year) {
      years_.push_back(make_period(year));
    }
  }
}

// The deals that flow in `year`, each spread evenly over its years; all of them, whole, when
// `year` is empty. The graph's structure (its circles) is found here, once.
FinancingBlock::Period FinancingBlock::make_period(std::optional<int> year) const {
  Period period;
  period.year = year;
  FlowGraph graph;
  graph.nodes = static_cast<uint32_t>(companies_.size());
  for (size_t d = 0; d < deals_.size(); ++d) {
    const CountedDeal& deal = deals_[d];
    double share = 1;
    if (year) {
      if (!deal.start_year || !deal.years) continue;
      if (*year < *deal.start_year || *year >= *deal.start_year + *deal.years) continue;
      share = 1.0 / *deal.years;
    }
    graph.edges.push_back({deal.from, deal.to, deal.flow});
    period.deals.push_back(d);
    period.shares.push_back(share);
  }
  period.tracer = std::make_shared<const Tracer>(std::move(graph));
  return period;
}

std::vector<std::string> FinancingBlock::inputs() const {
  std::vector<std::string> names;
  for (const CountedDeal& deal : deals_) names.push_back("deal." + deal.id);
  for (uint32_t c : outside_) names.push_back("financing.outside." + companies_[c].id);
  return names;
}

std::vector<BlockOutput> FinancingBlock::outputs() const {
  const bool series = time_.has_value();
  const std::string money = series ? "USD/yr" : "USD";
  std::vector<BlockOutput> out;
  out.push_back({"financing.total_flow", money, series, "money on all counted deals"});
  out.push_back(
      {"financing.investment_flow", money, series, "equity and loans among the counted deals"});
  std::string over = report_.empty() ? "all companies" : "the reported companies";
  if (!report_.empty()) {
    std::vector<std::string> ids;
    for (uint32_t c : report_) ids.push_back(companies_[c].id);
    over = fmt::format("{}", fmt::join(ids, " + "));
  }
  auto add_measures = [&](const std::string& prefix, const std::string& whose) {
    out.push_back({prefix + "revenue", money, series,
                   fmt::format("payments {} receive under the counted deals", whose)});
    out.push_back(
        {prefix + "round_tripped_revenue", money, series,
         fmt::format("vendor-financed revenue of {}: their own spending, invested by a supplier "
                     "(or themselves) in a customer, coming back{} (docs/financing-graph.md)",
                     whose,
                     prefix == "financing."
                         ? "; each invested dollar counted once (by the most of it one of them "
                           "gets back)"
                         : "")});
    out.push_back({prefix + "end_customer_revenue", money, series,
                   fmt::format("revenue of {} less its round-tripped part", whose)});
    out.push_back(
        {prefix + "round_tripped_share", "%", series,
         fmt::format("round-tripped share of the revenue of {} (0 without revenue)", whose)});
  };
  add_measures("financing.", over);
  for (uint32_t c : report_) {
    add_measures(fmt::format("financing.{}.", companies_[c].id), companies_[c].id);
  }
  return out;
}

Status FinancingBlock::check(const std::vector<BlockInputInfo>& inputs) const {
  std::vector<Diagnostic> errors;
  Dimension usd;
  usd.exponents[static_cast<size_t>(BaseDimension::kMoney)] = 1;
  Dimension per_year;
  per_year.exponents[static_cast<size_t>(BaseDimension::kTime)] = -1;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const BlockInputInfo& in = inputs[i];
    const bool deal = i < deals_.size();
    const Dimension want = deal || !time_ ? usd : usd * per_year;
    if (in.dimension != want) {
      errors.push_back({in.where,
                        fmt::format("'{}' must be in {}, not {}", in.name, to_string(want),
                                    to_string(in.dimension)),
                        deal ? "a deal's amount is its total in US dollars, e.g. 300B"
                             : "money from outside the deals, per year"});
    } else if (in.series && deal) {
      errors.push_back({in.where, fmt::format("'{}' must be one number, not a series", in.name),
                        "the years a deal flows over come from start_year and years"});
    }
  }
  return errors;
}

void FinancingBlock::trace_period(const Period& period, const double* deal_amounts,
                                  const double* outside, std::vector<double>& amounts,
                                  TraceResult& result) const {
  amounts.resize(period.deals.size());
  for (size_t e = 0; e < period.deals.size(); ++e) {
    amounts[e] = deal_amounts[period.deals[e]] * period.shares[e];
  }
  period.tracer->trace(amounts.data(), outside, result, summed_.data());
}

// The outputs for one period and sample, in the order of outputs().
void FinancingBlock::measure(const Period& period, const std::vector<double>& amounts,
                             const TraceResult& result, double* values) const {
  double total = 0, invested = 0;
  for (size_t e = 0; e < amounts.size(); ++e) {
    total += amounts[e];
    if (period.tracer->graph().edges[e].kind == FlowKind::kInvestment) invested += amounts[e];
  }
  *values++ = total;
  *values++ = invested;
  auto measures = [&](double revenue, double round_tripped) {
    *values++ = revenue;
    *values++ = round_tripped;
    *values++ = revenue - round_tripped;
    *values++ = revenue > 0 ? round_tripped / revenue : 0.0;
  };
  // The total counts each invested dollar once, by the largest part of it that is one summed
  // company's round-tripped revenue (trace_period passes summed_ as the companies counted); a
  // company's own figure counts every part of it that comes back to that company.
  double revenue = 0, round_tripped = 0;
  for (size_t c = 0; c < companies_.size(); ++c) {
    if (!summed_[c]) continue;
    revenue += result.revenue[c];
    round_tripped += result.round_tripped_first[c];
  }
  measures(revenue, round_tripped);
  for (uint32_t c : report_) measures(result.revenue[c], result.round_tripped[c]);
}

void FinancingBlock::evaluate(BlockFrame& frame) const {
  const size_t deals = deals_.size();
  const size_t outputs = kTotalOutputs + kMeasureCount * (1 + report_.size());
  std::vector<double> deal_amounts(deals), outside(companies_.size(), 0.0), amounts,
      values(outputs);
  TraceResult result;
  const uint32_t periods = time_ ? static_cast<uint32_t>(years_.size()) : 1;
  for (uint32_t y = 0; y < periods; ++y) {
    const Period& period = time_ ? years_[y] : whole_;
    for (size_t s = 0; s < frame.count(); ++s) {
      bool valid = true;
      for (size_t d = 0; d < deals; ++d) {
        deal_amounts[d] = frame.input(d, y)[s];
        valid = valid && std::isfinite(deal_amounts[d]) && deal_amounts[d] >= 0;
      }
      for (size_t i = 0; i < outside_.size(); ++i) {
        outside[outside_[i]] = frame.input(deals + i, y)[s];
        valid = valid && std::isfinite(outside[outside_[i]]) && outside[outside_[i]] >= 0;
      }
      if (valid) {
        trace_period(period, deal_amounts.data(), outside.data(), amounts, result);
        measure(period, amounts, result, values.data());
      } else {
        // A negative amount (a --set, a formula) has no meaning here: the run then reports it
        // through explain_not_finite().
        std::fill(values.begin(), values.end(), std::numeric_limits<double>::quiet_NaN());
      }
      for (size_t o = 0; o < outputs; ++o) frame.output(o, y)[s] = values[o];
    }
  }
}

std::optional<BlockInputProblem> FinancingBlock::explain_not_finite(
    const std::vector<std::vector<double>>& values) const {
  for (size_t i = 0; i < values.size() && i < deals_.size() + outside_.size(); ++i) {
    const auto negative =
        std::find_if(values[i].begin(), values[i].end(), [](double v) { return v < 0; });
    if (negative == values[i].end()) continue;
    if (i < deals_.size()) {
      BlockInputProblem problem;
      problem.input = i;
      problem.message =
          fmt::format("deal '{}' has a negative amount, {}", deals_[i].id, usd_text(*negative));
      problem.hint =
          "a deal's amount is what `from` pays `to`, 0 or more; for money the other way, swap "
          "from and to in the deals file";
      return problem;
    }
    const std::string& company = companies_[outside_[i - deals_.size()]].id;
    std::string when =
        time_ && values[i].size() > 1
            ? fmt::format(" in {}", time_->first_year + (negative - values[i].begin()))
            : "";
    BlockInputProblem problem;
    problem.input = i;
    problem.year = values[i].size() > 1 ? static_cast<int>(negative - values[i].begin()) : -1;
    problem.message = fmt::format("the outside money of '{}' is negative{}, {}{}", company, when,
                                  usd_text(*negative), time_ ? "/yr" : "");
    problem.hint =
        "outside money is what a company receives from outside the deals (end customers, other "
        "investors): 0 or more";
    return problem;
  }
  return std::nullopt;
}

FinancingSnapshot FinancingBlock::snapshot(const std::vector<std::vector<double>>& values,
                                           std::optional<int> year, size_t cycle_limit) const {
  auto value = [&](size_t input, size_t y) {
    const auto& v = values[input];
    return v.size() > 1 ? v[y] : v[0];
  };
  FinancingSnapshot snap;
  snap.year = year;
  const Period* period = &whole_;
  size_t y = 0;
  if (year && time_) {
    y = static_cast<size_t>(*year - time_->first_year);
    period = &years_[y];
  }
  std::vector<double> deal_amounts(deals_.size());
  for (size_t d = 0; d < deals_.size(); ++d) deal_amounts[d] = value(d, 0);
  snap.outside.assign(companies_.size(), 0.0);
  for (size_t i = 0; i < outside_.size(); ++i) {
    const size_t input = deals_.size() + i;
    if (period == &whole_ && time_) {
      // Whole amounts: money from outside over every year.
      for (size_t t = 0; t < years_.size(); ++t) snap.outside[outside_[i]] += value(input, t);
    } else {
      snap.outside[outside_[i]] = value(input, y);
    }
  }
  trace_period(*period, deal_amounts.data(), snap.outside.data(), snap.amounts, snap.trace);
  snap.graph = period->tracer->graph();
  snap.edge_deal = period->deals;
  // Cycles and circles of the links that carry money: a deal set to 0 closes no circle.
  std::vector<double> money_amounts;
  const FlowGraph money = links_with_money(snap.graph, snap.amounts.data(), &money_amounts);
  snap.circle_of = Tracer(money).circle_of();
  snap.cycles = elementary_cycles(money, cycle_limit);
  for (const auto& cycle : snap.cycles.cycles) {
    snap.cycle_amounts.push_back(cycle_amount(money, money_amounts.data(), cycle));
  }
  return snap;
}

const FinancingBlock* find_financing_block(const Scenario& scenario) {
  for (const auto& block : scenario.blocks) {
    if (auto* financing = dynamic_cast<const FinancingBlock*>(block.get())) return financing;
  }
  return nullptr;
}

}  // namespace gpugap
