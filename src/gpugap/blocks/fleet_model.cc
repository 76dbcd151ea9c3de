#include "gpugap/blocks/fleet_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gpugap {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kEpsilon = 1e-9;

// Fraction of year `age` (0 = the year of purchase) that falls within [start, end), in years
// after the start of the year of purchase.
double overlap(int age, double start, double end) {
  return std::max(0.0, std::min(age + 1.0, end) - std::max(static_cast<double>(age), start));
}

// a − b, or 0 when the difference is only rounding: the sums behind a and b were taken in
// different orders.
double difference(double a, double b) {
  const double d = a - b;
  return std::abs(d) <= 1e-9 * std::max(std::abs(a), std::abs(b)) ? 0.0 : d;
}

}  // namespace

FleetScratch::FleetScratch(const FleetStructure& s) {
  const size_t years = static_cast<size_t>(s.years);
  for (auto* v : {&frontier_price, &frontier_power, &frontier_performance}) v->assign(years + 1, 0);
  const size_t units = static_cast<size_t>(s.output_generations()) * years;
  for (auto* v : {&gpus, &cost, &board_power, &performance, &service_end}) v->assign(units, 0);
  obsolete_age.assign(units, 0);
  retire_age.assign(units, 0);
  net.assign(years, 0);
  value.assign(years, 0);
  schedule.assign(years, 0);
}

bool simulate_fleet(const FleetStructure& s, const FleetInputs& in, FleetScratch& w, double* out,
                    FleetDetail* detail, FleetRefusal* refusal) {
  const int years = s.years;
  const int generations = static_cast<int>(s.generations.size());
  const int virtual_generation = generations;  // "future", when extrapolating
  auto refuse = [&](FleetRefusal why) {
    if (refusal) *refusal = why;
    return false;
  };
  if (generations == 0) {
    return refuse({FleetRefusal::Why::kNoGeneration, FleetInputKind::kSpend, -1, -1});
  }
  if (auto why = fleet_input_out_of_domain(s, in)) return refuse(*why);
  auto series = [&](int index) { return out + static_cast<size_t>(index) * years; };
  auto output = [&](FleetSeries k) { return series(static_cast<int>(k)); };
  std::fill(out, out + static_cast<size_t>(fleet_series_count(s)) * years, 0.0);

  // 1. The frontier: the best price per unit of throughput on sale each year (and the year after
  // the axis). Past the catalogue's newest generation, when extrapolating, a virtual generation
  // at the best catalogue GPU's price whose throughput doubles every doubling time (work per
  // dollar) and whose power per unit of throughput halves every efficiency doubling time (work
  // per watt): two trends, each with its own source, not one implied by the other.
  int last_first_year = std::numeric_limits<int>::min();
  int best_overall = -1;
  for (int g = 0; g < generations; ++g) {
    last_first_year = std::max(last_first_year, s.generation_first_year[g]);
    if (best_overall < 0 ||
        in.price[g] / in.performance[g] < in.price[best_overall] / in.performance[best_overall]) {
      best_overall = g;
    }
  }
  // The frontier of any year, within the axis or after it (a vintage's value looks ahead).
  struct Frontier {
    double price = 0, power = 0, performance = 0;
  };
  auto frontier_of = [&](int t) {
    Frontier f;
    const int year = s.first_year + t;
    if (s.extrapolate && year > last_first_year) {
      const double years_on = year - last_first_year;
      f.price = in.price[best_overall];
      f.power = in.power[best_overall] * std::exp2(years_on / in.frontier_doubling_time -
                                                   years_on / in.frontier_efficiency_doubling_time);
      f.performance =
          in.performance[best_overall] * std::exp2(years_on / in.frontier_doubling_time);
      return f;
    }
    int best = -1;
    if (year >= last_first_year) {
      best = best_overall;
    } else {
      for (int g = 0; g < generations; ++g) {
        if (s.generation_first_year[g] > year) continue;
        if (best < 0 || in.price[g] / in.performance[g] < in.price[best] / in.performance[best]) {
          best = g;
        }
      }
    }
    if (best >= 0) f = {in.price[best], in.power[best], in.performance[best]};
    return f;
  };
  for (int t = 0; t <= years; ++t) {
    const Frontier f = frontier_of(t);
    w.frontier_price[t] = f.price;
    w.frontier_power[t] = f.power;
    w.frontier_performance[t] = f.performance;
  }

  // 2. Purchases: spend ÷ price, split by the mix, or all on the newest generation on sale (the
  // latest first year; among several, the best price per unit of throughput). Each generation
  // bought in a year is a unit of its own.
  const int output_generations = s.output_generations();
  const int units = years * output_generations;
  auto unit_of = [&](int v, int g) { return static_cast<size_t>(v) * output_generations + g; };
  for (auto* v : {&w.gpus, &w.cost, &w.board_power, &w.performance}) {
    std::fill(v->begin(), v->end(), 0.0);
  }
  for (int t = 0; t < years; ++t) {
    const int year = s.first_year + t;
    const double spend = in.spend[t];
    if (spend == 0) continue;
    auto buy = [&](int g, double amount) {
      const bool future = g == virtual_generation;
      const double price = future ? w.frontier_price[t] : in.price[g];
      const double gpus = amount / price;
      const size_t u = unit_of(t, g);
      w.gpus[u] += gpus;
      w.cost[u] += amount;
      w.board_power[u] += gpus * (future ? w.frontier_power[t] : in.power[g]);
      w.performance[u] += gpus * (future ? w.frontier_performance[t] : in.performance[g]);
    };
    double total_share = 0;
    if (s.mix_shares) {
      for (int g = 0; g < generations; ++g) {
        const double share = in.mix[g][t];
        if (share > 0 && s.generation_first_year[g] > year) {
          return refuse({FleetRefusal::Why::kNotOnSale, FleetInputKind::kMix, g, t});
        }
        total_share += share;
      }
    }
    if (total_share > 0) {
      for (int g = 0; g < generations; ++g) {
        if (in.mix[g][t] > 0) buy(g, spend * in.mix[g][t] / total_share);
      }
      continue;
    }
    int newest = -1;
    if (s.extrapolate && year > last_first_year) {
      newest = virtual_generation;
    } else {
      for (int g = 0; g < generations; ++g) {
        const int first = s.generation_first_year[g];
        if (first > year) continue;
        if (newest < 0 || first > s.generation_first_year[newest] ||
            (first == s.generation_first_year[newest] &&
             in.price[g] / in.performance[g] < in.price[newest] / in.performance[newest])) {
          newest = g;
        }
      }
    }
    if (newest < 0) {  // spend, but nothing on sale
      return refuse({FleetRefusal::Why::kNothingOnSale, FleetInputKind::kSpend, -1, t});
    }
    buy(newest, spend);
  }

  // 3. The book schedule, shared by every vintage.
  DepreciationRule rule;
  rule.method = s.method;
  rule.life = in.book_life;
  rule.salvage = in.salvage;
  rule.factor = in.ddb_factor;
  rule.first_year_months = s.first_year_months;
  if (!depreciation_schedule(rule, years, w.schedule.data())) {
    // Its inputs were checked above: a rule the schedule refuses is a domain left unchecked.
    return refuse({FleetRefusal::Why::kOutOfRange, FleetInputKind::kBookLife, -1, -1});
  }
  const double first_fraction =
      supports_partial_first_year(s.method) ? s.first_year_months / 12 : 1.0;
  const double service_start = 1 - first_fraction;  // years after the start of the purchase year

  // 4. Each vintage's service: until its physical end of life, or the first year in which its
  // running cost per unit of work exceeds the frontier's full cost per unit of work. The decision
  // to retire at the start of year t is taken on the frontier of year t (the price list of the
  // new year, known from the catalogue and the trend) and the running costs of year t − 1 (the
  // prices last seen), so that it can be taken at the start of the year after the axis too: a
  // vintage's value at the end of the axis's last year depends on whether it serves the next
  // one, and no year's result may depend on where the axis ends.
  const double life = in.physical_life;
  const double overhead = in.overhead_power;
  const double operations = in.operations_rate;
  // Energy bought per watt of rated IT power in a year: rated power while working, idle power
  // the rest of the time, times PUE.
  auto energy_per_watt = [&](int t) {
    const double u = in.utilisation[t];
    return in.pue[t] * (u + (1 - u) * in.idle_power) * in.electricity_price[t];
  };
  // Capital's cost a year per dollar of price (Jorgenson's user cost, the fall in price being the
  // frontier's): the annuity that repays a dollar over the physical life at the discount rate,
  // r ÷ (1 − (1 + r)^−life); 1 ÷ life without discounting.
  const double r = in.discount_rate;
  const double capital_charge = r > 0 ? r / (1 - std::pow(1 + r, -life)) : 1 / life;
  // The frontier's full cost of a year of one unit of throughput in year t, with `energy` the
  // energy bought per watt of rated IT power: the capital charge, energy and operations. The
  // market's price of work: obsolescence compares a vintage's running cost with it, and rents
  // follow it, so that neither depends on how the buyer keeps its books.
  auto full_cost = [&](const Frontier& f, double energy) {
    return (f.price * capital_charge + (f.power + overhead) * energy + operations * f.price) /
           f.performance;
  };
  auto frontier_full_cost = [&](int t, double energy) {
    return full_cost({w.frontier_price[t], w.frontier_power[t], w.frontier_performance[t]}, energy);
  };
  const double physical_end = service_start + life;  // years after the start of the purchase year
  for (int u = 0; u < units; ++u) {
    const int v = u / output_generations;
    w.obsolete_age[u] = 0;
    if (w.gpus[u] == 0) continue;
    const double it_power = w.board_power[u] + w.gpus[u] * overhead;
    for (int a = 1; v + a <= years && physical_end > a + kEpsilon; ++a) {
      const int t = v + a;
      if (w.frontier_performance[t] <= 0) continue;
      const double energy = energy_per_watt(t - 1);
      const double running = (it_power * energy + operations * w.cost[u]) / w.performance[u];
      if (running > frontier_full_cost(t, energy)) {
        w.obsolete_age[u] = a;
        break;
      }
    }
    w.service_end[u] =
        w.obsolete_age[u] > 0 ? std::min<double>(physical_end, w.obsolete_age[u]) : physical_end;
    // The year of retirement is the year in which the unit leaves service, an end at a year
    // boundary counting in the year that starts there: the first year at whose end the unit is
    // out of service. Obsolescence is at the start of its year; the physical end of life is
    // within a year (partial first year, fractional life) or at its start.
    w.retire_age[u] = static_cast<int>(std::floor(w.service_end[u] + kEpsilon));
  }

  // 5. Year by year over the vintages.
  double* bought_total = output(FleetSeries::kGpusBought);
  double* installed = output(FleetSeries::kInstalledGpus);
  double* retired = output(FleetSeries::kRetiredGpus);
  double* obsolete = output(FleetSeries::kObsoleteGpus);
  double* throughput = output(FleetSeries::kInstalledPerformance);
  double* it_power = output(FleetSeries::kItPower);
  double* energy = output(FleetSeries::kEnergyCost);
  double* operations_cost = output(FleetSeries::kOperationsCost);
  double* book_depreciation = output(FleetSeries::kBookDepreciation);
  double* write_off = output(FleetSeries::kWriteOff);
  double* book_value = output(FleetSeries::kBookValue);
  double* economic_value = output(FleetSeries::kEconomicValue);
  double* rental_price = output(FleetSeries::kRentalPrice);
  double* rental_revenue = output(FleetSeries::kRentalRevenue);

  // Rent per hour used of one unit of throughput at the frontier's cost-plus price.
  auto frontier_rent_per_throughput = [&](int t) {
    if (w.frontier_performance[t] <= 0) return 0.0;
    return frontier_full_cost(t, energy_per_watt(t)) / in.utilisation[t] / (1 - in.cloud_margin[t]);
  };

  // A unit's economic value at the end of year t: the present value, at the discount rate, of
  // its rental values to come, each year's being what its work is worth at that year's frontier
  // full cost per unit of work less its own running cost (Jorgenson: an asset's price is the
  // discounted sum of its rentals). The frontier of each year to come is the price list (the
  // catalogue and the trend); the running costs are those of year t, the prices last seen, so
  // the value is known at the end of year t whatever the axis holds after it. The rentals stop at
  // the end of the physical life, or at the first year whose rental value no longer covers the
  // running cost — the rule that retires a unit as obsolete (for the year after t, the same
  // test on the same numbers). The rental value is at cost, before the cloud margin: with it, a
  // new GPU would be worth more than its price.
  auto value_at_end_of = [&](size_t u, int t) {
    const int a = t - static_cast<int>(u / output_generations);
    const double energy = energy_per_watt(t);
    const double running = (w.board_power[u] + w.gpus[u] * overhead) * energy +
                           operations * w.cost[u];  // a year in service
    double value = 0, discount = 1;
    for (int k = 1;; ++k) {
      const double share = overlap(a + k, service_start, physical_end);
      if (share <= 0) break;
      Frontier f;
      if (t + k <= years) {
        f = {w.frontier_price[t + k], w.frontier_power[t + k], w.frontier_performance[t + k]};
      } else {
        f = frontier_of(t + k);
      }
      if (f.performance <= 0) break;
      const double rental_value = w.performance[u] * full_cost(f, energy) - running;
      if (rental_value < 0 && k > 1) break;  // obsolete from here on
      discount /= 1 + r;
      const double term = share * std::max(0.0, rental_value) * discount;
      value += term;
      // After the catalogue without a trend the frontier stays put: the rest is an annuity.
      if (!s.extrapolate && s.first_year + t + k >= last_first_year) {
        // Full years k + 1 … last, then what is left of the last, partial one.
        const int last =
            static_cast<int>(std::floor(std::min(physical_end - a - 1, 1e6) + kEpsilon));
        const int full = std::max(0, last - k);
        const double annuity = r > 0 ? (1 - std::pow(1 + r, -full)) / r : full;
        const double partial =
            overlap(a + k + full + 1, service_start, physical_end) * std::pow(1 + r, -full - 1);
        value += std::max(0.0, rental_value) * discount * (annuity + partial);
        break;
      }
      if (term <= 1e-15 * value) break;  // a trend's rentals shrink geometrically
    }
    return value;
  };

  double* retirement_year = output(FleetSeries::kVintageRetirementYear);
  double* obsolescence_year = output(FleetSeries::kVintageObsolescenceYear);
  double* payback_year = output(FleetSeries::kVintagePaybackYear);
  std::fill(retirement_year, retirement_year + years, kInfinity);
  std::fill(obsolescence_year, obsolescence_year + years, kInfinity);
  std::fill(payback_year, payback_year + years, kInfinity);
  double* economic_end = output(FleetSeries::kVintageEconomicEndYear);
  std::fill(economic_end, economic_end + years, kInfinity);

  if (detail) detail->vintages.clear();
  for (int v = 0; v < years; ++v) {
    double vintage_gpus = 0, vintage_cost = 0;
    for (int g = 0; g < output_generations; ++g) {
      vintage_gpus += w.gpus[unit_of(v, g)];
      vintage_cost += w.cost[unit_of(v, g)];
    }
    if (vintage_gpus == 0) continue;
    int vintage_units = 0;
    for (int g = 0; g < output_generations; ++g) vintage_units += w.gpus[unit_of(v, g)] > 0;
    FleetVintage* vintage = nullptr;
    if (detail) {
      detail->vintages.emplace_back();
      vintage = &detail->vintages.back();
      vintage->year = s.first_year + v;
      vintage->gpus = vintage_gpus;
      vintage->cost = vintage_cost;
      for (int g = 0; g < output_generations; ++g) {
        vintage->gpus_by_generation.push_back(w.gpus[unit_of(v, g)]);
        vintage->cost_by_generation.push_back(w.cost[unit_of(v, g)]);
        const bool gone = w.gpus[unit_of(v, g)] > 0 && w.retire_age[unit_of(v, g)] < years - v;
        vintage->retired_year_by_generation.push_back(
            gone ? s.first_year + v + w.retire_age[unit_of(v, g)] : 0);
      }
      for (auto* m : {&vintage->in_service, &vintage->book_value, &vintage->economic_value,
                      &vintage->rent, &vintage->facility_power}) {
        m->assign(years, 0.0);
      }
    }
    bought_total[v] += vintage_gpus;
    std::fill(w.net.begin(), w.net.end(), 0.0);
    std::fill(w.value.begin(), w.value.end(), 0.0);
    // A vintage retires when the last of its units does, and is obsolete from the first year in
    // which one of its units retires as obsolete.
    int last_retirement = 0;
    int first_obsolescence = std::numeric_limits<int>::max();
    for (int g = 0; g < output_generations; ++g) {
      const size_t u = unit_of(v, g);
      if (w.gpus[u] == 0) continue;
      const double gpus = w.gpus[u];
      const double cost = w.cost[u];
      const double price_per_gpu = cost / gpus;
      const double power_per_gpu = w.board_power[u] / gpus + overhead;
      const double throughput_per_gpu = w.performance[u] / gpus;
      // Marginal cost per GPU per year of use: energy and operations.
      auto marginal = [&](int t) {
        return (power_per_gpu * energy_per_watt(t) + operations * price_per_gpu) /
               in.utilisation[t];
      };
      const bool obsoleted = w.obsolete_age[u] > 0;
      const int retire_age = w.retire_age[u];
      last_retirement = std::max(last_retirement, retire_age);
      if (obsoleted) first_obsolescence = std::min(first_obsolescence, w.obsolete_age[u]);
      double depreciated = 0;  // per unit of cost
      for (int t = v; t < years; ++t) {
        const int a = t - v;
        const double in_service = overlap(a, service_start, w.service_end[u]);
        // Accounting: depreciation for the years in service (in the year of retirement only when
        // the unit still serves part of it), then the rest above salvage is written off in the
        // year of retirement.
        if (a < retire_age || (a == retire_age && in_service > kEpsilon)) {
          book_depreciation[t] += cost * w.schedule[a];
          depreciated += w.schedule[a];
        }
        double book = cost * (1 - depreciated);
        if (a == retire_age) {
          write_off[t] += book - cost * in.salvage;
          book = 0;
          retired[t] += gpus;
          if (obsoleted) obsolete[t] += gpus;
        }
        if (a > retire_age) break;
        book_value[t] += book;
        // Economics: the present value of its rental values to come (below).
        const double value = w.service_end[u] > a + 1 + kEpsilon ? value_at_end_of(u, t) : 0.0;
        economic_value[t] += value;
        w.value[t] += value;
        // Running and renting.
        const double gpu_years = gpus * in_service;
        const double watts = (w.board_power[u] + gpus * overhead) * in_service;
        const double running = watts * energy_per_watt(t) + operations * cost * in_service;
        installed[t] += gpu_years;
        series(fleet_installed_series(g))[t] += gpu_years;
        throughput[t] += w.performance[u] * in_service;
        it_power[t] += watts;
        energy[t] += watts * energy_per_watt(t);
        operations_cost[t] += operations * cost * in_service;
        double rent = 0;
        if (in_service > 0) {
          rent = std::max(marginal(t), throughput_per_gpu * frontier_rent_per_throughput(t));
        }
        const double revenue = rent * gpu_years * in.utilisation[t];
        rental_price[t] += rent * gpu_years;
        series(fleet_rent_series(g))[t] += rent * gpu_years;
        rental_revenue[t] += revenue;
        w.net[t] += revenue - running;
        if (vintage) {
          vintage->in_service[t] += gpu_years;
          vintage->book_value[t] += book;
          vintage->economic_value[t] += value;
          // Of several units, the average over the GPUs in service (÷ below).
          vintage->rent[t] += vintage_units > 1 ? rent * gpu_years : rent;
          vintage->facility_power[t] += watts * in.pue[t];
        }
      }
    }
    if (v + last_retirement < years) retirement_year[v] = s.first_year + v + last_retirement;
    if (first_obsolescence < years - v) {
      obsolescence_year[v] = s.first_year + v + first_obsolescence;
    }
    // The end of its economic life, on its value path: the first year at whose start its value is
    // down to salvage (within the axis: the value at the end of the axis's last year is known,
    // the year after is not in it).
    for (int t = v; t + 1 < years; ++t) {
      if (w.value[t] <= in.salvage * vintage_cost * (1 + kEpsilon)) {
        output(FleetSeries::kVintageEconomicEndYear)[v] = s.first_year + t + 1;
        break;
      }
    }
    double payback = 0;
    for (int t = v; t < years && std::isinf(payback_year[v]); ++t) {
      payback += w.net[t];
      if (payback >= vintage_cost) payback_year[v] = s.first_year + t;
    }
    if (vintage) {
      for (int t = 0; t < years; ++t) {
        if (vintage_units > 1 && vintage->in_service[t] > 0) {
          vintage->rent[t] /= vintage->in_service[t];
        }
      }
      auto year_or_zero = [](double year) { return std::isinf(year) ? 0 : static_cast<int>(year); };
      vintage->retired_year = year_or_zero(retirement_year[v]);
      vintage->obsolete_year = year_or_zero(obsolescence_year[v]);
      vintage->payback_year = year_or_zero(payback_year[v]);
    }
  }
  for (int g = 0; g < output_generations; ++g) {
    for (int t = 0; t < years; ++t) {
      series(fleet_bought_series(g))[t] = w.gpus[unit_of(t, g)];
      const double installed_g = series(fleet_installed_series(g))[t];
      double& rent = series(fleet_rent_series(g))[t];
      rent = installed_g > 0 ? rent / installed_g : 0;
    }
  }

  // 6. Totals.
  double* facility_power = output(FleetSeries::kFacilityPower);
  double* frontier_power = output(FleetSeries::kFrontierPowerPerGpu);
  double* gpu_capex = output(FleetSeries::kGpuCapex);
  double* shell_capex = output(FleetSeries::kShellCapex);
  double* capex = output(FleetSeries::kCapex);
  double* shell_depreciation = output(FleetSeries::kShellDepreciation);
  double* economic_depreciation = output(FleetSeries::kEconomicDepreciation);
  double peak_it_power = 0;
  double gap_cumulative = 0;
  double book_pv = 0, economic_pv = 0, discount = 1;
  for (int t = 0; t < years; ++t) {
    facility_power[t] = it_power[t] * in.pue[t];
    frontier_power[t] =
        w.frontier_performance[t] > 0 ? (w.frontier_power[t] + overhead) * in.pue[t] : 0;
    gpu_capex[t] = in.spend[t];
    shell_capex[t] = std::max(0.0, it_power[t] - peak_it_power) * in.shell_capex;
    peak_it_power = std::max(peak_it_power, it_power[t]);
    capex[t] = gpu_capex[t] + shell_capex[t];
    if (in.shell_capex > 0) {
      for (int b = 0; b <= t; ++b) {
        const int age = t - b;
        shell_depreciation[t] += shell_capex[b] * (std::min(1.0, (age + 1) / in.shell_life) -
                                                   std::min(1.0, age / in.shell_life));
      }
    }
    const double value_before = t > 0 ? economic_value[t - 1] : 0.0;
    economic_depreciation[t] = difference(value_before + gpu_capex[t], economic_value[t]);
    output(FleetSeries::kHiddenLoss)[t] =
        difference(economic_depreciation[t], book_depreciation[t] + write_off[t]);
    output(FleetSeries::kBookOverstatement)[t] = difference(book_value[t], economic_value[t]);
    rental_price[t] = installed[t] > 0 ? rental_price[t] / installed[t] : 0;
    output(FleetSeries::kRentalPriceNew)[t] =
        frontier_rent_per_throughput(t) * w.frontier_performance[t];
    const double running = energy[t] + operations_cost[t] + shell_depreciation[t];
    const double book_cost = book_depreciation[t] + write_off[t] + running;
    const double keep = 1 - in.cloud_margin[t];
    output(FleetSeries::kRequiredRevenue)[t] = book_cost / keep;
    output(FleetSeries::kRequiredRevenueEconomic)[t] = (economic_depreciation[t] + running) / keep;
    const double gap = book_cost / keep - in.ai_revenue[t];
    output(FleetSeries::kGap)[t] = gap;
    gap_cumulative += gap;  // × one year
    output(FleetSeries::kGapCumulative)[t] = gap_cumulative;
    output(FleetSeries::kTaxShield)[t] =
        in.tax_rate[t] * (book_depreciation[t] + write_off[t] + shell_depreciation[t]);
    output(FleetSeries::kAfterTaxCost)[t] = book_cost * (1 - in.tax_rate[t]);
    book_pv += (book_depreciation[t] + write_off[t]) * discount;
    economic_pv += economic_depreciation[t] * discount;
    discount /= 1 + in.discount_rate;
    output(FleetSeries::kBookDepreciationPv)[t] = book_pv;
    output(FleetSeries::kEconomicDepreciationPv)[t] = economic_pv;
  }
  return true;
}

}  // namespace gpugap
