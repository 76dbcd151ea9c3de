// The fleet model's tables (fleet_model.h): what each output series is, and the domain of each
// input, with the check of a sample against it. simulate_fleet() itself is in fleet_model.cc.
#include <iterator>
#include <limits>
#include <optional>

#include "gpugap/blocks/fleet_model.h"

namespace gpugap {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

const FleetSeriesInfo kSeries[] = {
    {"gpus_bought", "GPU/yr", "GPUs bought in the year: spend ÷ price, by the generation mix"},
    {"installed_gpus", "GPU",
     "GPUs in service, averaged over the year; retired at the end of their physical life or "
     "when obsolete"},
    {"retired_gpus", "GPU/yr",
     "GPUs that leave service in the year (at its start, or during it after a partial first year "
     "or a fractional life), at the end of their physical life or obsolete: installed(t) = "
     "installed(t−1) + bought(t) − retired(t) when GPUs enter and leave at year boundaries"},
    {"obsolete_gpus", "GPU/yr",
     "GPUs retired at the start of the year because running them costs more per unit of work "
     "than the full cost (capital charge, an annuity over the physical life at the discount "
     "rate, + running) of the best generation on sale"},
    {"installed_performance", "FLOP/s", "dense throughput of the GPUs in service"},
    {"it_power", "GW", "(board power + system overhead) of the GPUs in service"},
    {"facility_power", "GW", "IT power × PUE"},
    {"frontier_power_per_gpu", "W/GPU",
     "facility power per GPU of the best generation on sale: (board power + overhead) × PUE"},
    {"gpu_capex", "USD/yr", "GPU spend"},
    {"shell_capex", "USD/yr", "data-center shell for IT power beyond the previous peak"},
    {"capex", "USD/yr", "GPU spend + shell capex"},
    {"energy_cost", "USD/yr",
     "facility power × electricity price, at rated power while working and idle power otherwise"},
    {"operations_cost", "USD/yr", "operations rate × purchase price of the GPUs in service"},
    {"book_depreciation", "USD/yr",
     "accounting depreciation of the GPUs ([fleet] method, book life)"},
    {"write_off", "USD/yr",
     "book value above salvage written off when GPUs retire before the end of their book life"},
    {"shell_depreciation", "USD/yr", "shell capex, straight line over the shell's life"},
    {"book_value", "USD", "book value of the GPUs at the end of the year"},
    {"economic_value", "USD",
     "worth of the GPUs in service at the end of the year: the present value, at the discount "
     "rate, of their rental values to come (each year: their work at the frontier's full cost "
     "per unit of work, less their own running cost) until obsolete or the end of their "
     "physical life"},
    {"economic_depreciation", "USD/yr",
     "value lost in the year: economic value at the start + GPU spend − economic value at the end"},
    {"hidden_loss", "USD/yr",
     "economic depreciation − (book depreciation + write-offs): value lost that the books do not "
     "show yet"},
    {"book_overstatement", "USD", "book value − economic value: the hidden losses so far"},
    {"rental_price", "USD/GPU/h",
     "average rent of the GPUs in service: their throughput at the best generation's cost-plus "
     "rent per unit of throughput, never below their marginal cost"},
    {"rental_price_new", "USD/GPU/h",
     "cost-plus rent of the best generation on sale: (capital charge, an annuity over the "
     "physical life at the discount rate, + energy + operations) per hour used ÷ (1 − cloud "
     "margin); the book life does not set it"},
    {"rental_revenue", "USD/yr", "rent × hours used of the GPUs in service"},
    {"required_revenue", "USD/yr",
     "(book depreciation + write-offs + shell depreciation + energy + operations) ÷ (1 − cloud "
     "margin)"},
    {"required_revenue_economic", "USD/yr",
     "(economic depreciation + shell depreciation + energy + operations) ÷ (1 − cloud margin)"},
    {"gap", "USD/yr", "required revenue − AI revenue"},
    {"gap_cumulative", "USD", "the gap summed from the first year"},
    {"tax_shield", "USD/yr", "tax rate × (book depreciation + write-offs + shell depreciation)"},
    {"after_tax_cost", "USD/yr",
     "(book depreciation + write-offs + shell depreciation + energy + operations) × (1 − tax "
     "rate)"},
    {"book_depreciation_pv", "USD",
     "present value at the first year of the axis of book depreciation and write-offs, summed to "
     "the year (discount rate)"},
    {"economic_depreciation_pv", "USD",
     "present value at the first year of the axis of economic depreciation, summed to the year: "
     "above book_depreciation_pv, the books defer losses the market has taken"},
    {"vintage_retirement_year", "",
     "by vintage (year of purchase): the year its GPUs leave service, at the end of their "
     "physical life or obsolete; never if not within the time axis or nothing was bought",
     true},
    {"vintage_obsolescence_year", "",
     "by vintage: the first year its running cost per unit of work exceeds the best generation's "
     "full cost, when it is retired as obsolete; never if not within the time axis",
     true},
    {"vintage_payback_year", "",
     "by vintage: the first year its cumulative rent minus running costs reaches its cost; never "
     "if not within the time axis (or before it retires)",
     true},
    {"vintage_economic_end_year", "",
     "by vintage: the first year at whose start its economic value has fallen to its salvage "
     "(salvage × cost): the end of its economic life, measured on its value path; never if not "
     "within the time axis",
     true},
};
static_assert(std::size(kSeries) == static_cast<size_t>(FleetSeries::kCount));

}  // namespace

const FleetInputRange& fleet_input_range(FleetInputKind kind) {
  static constexpr FleetInputRange kAny{};
  static constexpr FleetInputRange kNonNegative{0, false, kInfinity, false, "zero or more"};
  static constexpr FleetInputRange kPositive{0, true, kInfinity, false, "more than zero"};
  static constexpr FleetInputRange kShare{0, false, 1, true, "from 0% to less than 100%"};
  static constexpr FleetInputRange kUtilisation{0, true, 1, false, "more than 0% and at most 100%"};
  static constexpr FleetInputRange kBelowOne{-kInfinity, false, 1, true, "less than 100%"};
  static constexpr FleetInputRange kPue{1, false, kInfinity, false,
                                        "at least 1 (facility power ≥ IT power)"};
  switch (kind) {
    case FleetInputKind::kAiRevenue:
      return kAny;
    case FleetInputKind::kPue:
      return kPue;
    case FleetInputKind::kUtilisation:
      return kUtilisation;
    case FleetInputKind::kCloudMargin:
      return kBelowOne;
    case FleetInputKind::kTaxRate:
    case FleetInputKind::kIdlePower:
    case FleetInputKind::kSalvage:
    case FleetInputKind::kDiscountRate:
      return kShare;
    case FleetInputKind::kShellLife:
    case FleetInputKind::kPhysicalLife:
    case FleetInputKind::kBookLife:
    case FleetInputKind::kDdbFactor:
    case FleetInputKind::kFrontierDoublingTime:
    case FleetInputKind::kFrontierEfficiencyDoublingTime:
    case FleetInputKind::kPrice:
    case FleetInputKind::kPower:
    case FleetInputKind::kPerformance:
      return kPositive;
    case FleetInputKind::kSpend:
    case FleetInputKind::kElectricityPrice:
    case FleetInputKind::kOverheadPower:
    case FleetInputKind::kShellCapex:
    case FleetInputKind::kOperationsRate:
    case FleetInputKind::kMix:
      return kNonNegative;
  }
  return kAny;
}

FleetInputs::FleetInputs(const FleetStructure& structure) {
  const size_t years = static_cast<size_t>(structure.years);
  const size_t generations = structure.generations.size();
  for (auto* series :
       {&spend, &ai_revenue, &electricity_price, &pue, &utilisation, &cloud_margin, &tax_rate}) {
    series->assign(years, 0.0);
  }
  price.assign(generations, 0.0);
  power.assign(generations, 0.0);
  performance.assign(generations, 0.0);
  if (structure.mix_shares) mix.assign(generations, std::vector<double>(years, 0.0));
}

std::vector<FleetSeriesInfo> fleet_series(const FleetStructure& structure) {
  std::vector<FleetSeriesInfo> out(std::begin(kSeries), std::end(kSeries));
  if (structure.memory_bound) {
    for (auto& info : out) {
      if (info.name != "installed_performance") continue;
      info.unit = "byte/s";
      info.note = "HBM bandwidth of the GPUs in service: the measure of memory-bound work";
    }
  }
  for (int g = 0; g < structure.output_generations(); ++g) {
    const std::string name = structure.output_generation_name(g);
    out.push_back({"gpus_bought." + name, "GPU/yr", name + " GPUs bought in the year"});
    out.push_back(
        {"installed_gpus." + name, "GPU", name + " GPUs in service, averaged over the year"});
    out.push_back({"rental_price." + name, "USD/GPU/h",
                   "average rent of the " + name +
                       " GPUs in service (0 when none is): rental_price for that generation, to "
                       "set against observed prices"});
  }
  return out;
}

// In the order below.
std::optional<FleetRefusal> fleet_input_out_of_domain(const FleetStructure& s,
                                                      const FleetInputs& in) {
  std::optional<FleetRefusal> refusal;
  auto ok = [&](FleetInputKind kind, double x, int generation = -1, int year = -1) {
    if (fleet_input_range(kind).contains(x)) return true;
    refusal = FleetRefusal{FleetRefusal::Why::kOutOfRange, kind, generation, year};
    return false;
  };
  if (!ok(FleetInputKind::kOverheadPower, in.overhead_power) ||
      !ok(FleetInputKind::kIdlePower, in.idle_power) ||
      !ok(FleetInputKind::kShellCapex, in.shell_capex) ||
      !ok(FleetInputKind::kShellLife, in.shell_life) ||
      !ok(FleetInputKind::kPhysicalLife, in.physical_life) ||
      !ok(FleetInputKind::kBookLife, in.book_life) ||
      !ok(FleetInputKind::kDdbFactor, in.ddb_factor) || !ok(FleetInputKind::kSalvage, in.salvage) ||
      !ok(FleetInputKind::kOperationsRate, in.operations_rate) ||
      !ok(FleetInputKind::kDiscountRate, in.discount_rate)) {
    return refusal;
  }
  if (s.extrapolate && (!ok(FleetInputKind::kFrontierDoublingTime, in.frontier_doubling_time) ||
                        !ok(FleetInputKind::kFrontierEfficiencyDoublingTime,
                            in.frontier_efficiency_doubling_time))) {
    return refusal;
  }
  for (int g = 0; g < static_cast<int>(s.generations.size()); ++g) {
    if (!ok(FleetInputKind::kPrice, in.price[g], g) ||
        !ok(FleetInputKind::kPower, in.power[g], g) ||
        !ok(FleetInputKind::kPerformance, in.performance[g], g)) {
      return refusal;
    }
    if (s.mix_shares) {
      for (int t = 0; t < s.years; ++t) {
        if (!ok(FleetInputKind::kMix, in.mix[g][t], g, t)) return refusal;
      }
    }
  }
  for (int t = 0; t < s.years; ++t) {
    if (!ok(FleetInputKind::kSpend, in.spend[t], -1, t) ||
        !ok(FleetInputKind::kAiRevenue, in.ai_revenue[t], -1, t) ||
        !ok(FleetInputKind::kElectricityPrice, in.electricity_price[t], -1, t) ||
        !ok(FleetInputKind::kPue, in.pue[t], -1, t) ||
        !ok(FleetInputKind::kUtilisation, in.utilisation[t], -1, t) ||
        !ok(FleetInputKind::kCloudMargin, in.cloud_margin[t], -1, t) ||
        !ok(FleetInputKind::kTaxRate, in.tax_rate[t], -1, t)) {
      return refusal;
    }
  }
  return refusal;
}

}  // namespace gpugap
