// Properties the fleet model must have whatever its inputs, checked on every bundled scenario with
// a [fleet] block (docs/fleet-model.md): a year's results do not depend on where the time axis
// ends, and rents do not depend on how the buyer depreciates; and, on random fleets, a vintage
// that buys several generations is the same as those generations bought apart.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "gpugap/blocks/fleet_block.h"
#include "gpugap/blocks/registry.h"
#include "gpugap/compile/compile.h"
#include "gpugap/engine/point.h"

namespace gpugap {
namespace {
namespace fs = std::filesystem;

// One bundled scenario's fleet: its structure and the inputs of its point values.
struct BundledFleet {
  std::string name;
  FleetStructure structure;
  FleetInputs inputs;
};

std::vector<BundledFleet> bundled_fleets() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(GPUGAP_SOURCE_SCENARIOS)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<BundledFleet> fleets;
  for (const fs::path& file : files) {
    auto scenario = load_scenario(file.string());
    EXPECT_TRUE(scenario.ok()) << file;
    if (!scenario.ok()) continue;
    EXPECT_TRUE(expand_blocks(*scenario).ok()) << file;
    auto model = compile(std::move(*scenario));
    EXPECT_TRUE(model.ok()) << file;
    if (!model.ok()) continue;
    const FleetBlock* block = nullptr;
    for (const auto& b : model->scenario.blocks) {
      if (auto* fleet = dynamic_cast<const FleetBlock*>(b.get())) block = fleet;
    }
    if (block == nullptr) continue;
    auto results = evaluate_point(*model);
    EXPECT_TRUE(results.ok()) << file;
    if (!results.ok()) continue;
    std::vector<std::vector<double>> values;
    for (const std::string& input : block->inputs()) {
      values.push_back(results->values[static_cast<size_t>(model->index_of(input))]);
    }
    fleets.push_back({file.stem().string(), block->structure(), block->sample(values)});
  }
  return fleets;
}

// The same fleet on an axis of `years` years from the same first year: cut short, or carried on
// with every yearly input held at its last value.
BundledFleet with_years(const BundledFleet& fleet, int years) {
  BundledFleet out{fleet.name, fleet.structure, fleet.inputs};
  out.structure.years = years;
  auto resize = [&](std::vector<double>& series) {
    const double last = series.back();
    series.resize(static_cast<size_t>(years), last);
  };
  for (auto* series :
       {&out.inputs.spend, &out.inputs.ai_revenue, &out.inputs.electricity_price, &out.inputs.pue,
        &out.inputs.utilisation, &out.inputs.cloud_margin, &out.inputs.tax_rate}) {
    resize(*series);
  }
  for (auto& shares : out.inputs.mix) resize(shares);
  return out;
}

std::vector<double> simulate(const BundledFleet& fleet) {
  FleetScratch scratch(fleet.structure);
  std::vector<double> out(static_cast<size_t>(fleet_series_count(fleet.structure)) *
                          fleet.structure.years);
  EXPECT_TRUE(simulate_fleet(fleet.structure, fleet.inputs, scratch, out.data())) << fleet.name;
  return out;
}

bool same(double a, double b) {
  if (std::isinf(a) || std::isinf(b)) return a == b;
  return std::abs(a - b) <= 1e-9 * std::max({1.0, std::abs(a), std::abs(b)});
}

TEST(FleetProperties, BundledScenariosHaveFleets) {
  EXPECT_GE(bundled_fleets().size(), 6u);  // fleet-2020-2035, -useful-life-3…6, obsolescence
}

// Every output for year Y is the same with the axis ending at Y, Y + 1, …, Y + 10. A vintage's
// event year (retirement, obsolescence, payback) is a calendar year within the axis, or "never":
// the same event may be beyond a shorter axis, so it is compared where both axes hold it.
TEST(FleetProperties, AYearDoesNotDependOnWhereTheAxisEnds) {
  for (const BundledFleet& fleet : bundled_fleets()) {
    const int full = fleet.structure.years + 10;
    const std::vector<double> reference = simulate(with_years(fleet, full));
    const auto series = fleet_series(fleet.structure);
    for (int years = 1; years < full; ++years) {
      const std::vector<double> cut = simulate(with_years(fleet, years));
      const int last_year = fleet.structure.first_year + years - 1;
      for (size_t k = 0; k < series.size(); ++k) {
        for (int t = 0; t < years; ++t) {
          double want = reference[k * static_cast<size_t>(full) + static_cast<size_t>(t)];
          const double got = cut[k * static_cast<size_t>(years) + static_cast<size_t>(t)];
          if (series[k].may_be_never && want > last_year) want = HUGE_VAL;
          ASSERT_TRUE(same(got, want))
              << fleet.name << ": fleet." << series[k].name << " in "
              << fleet.structure.first_year + t << " is " << got << " with the axis ending in "
              << last_year << ", " << want << " with it ending in "
              << fleet.structure.first_year + full - 1;
        }
      }
    }
  }
}

// Book life and method change the books, not the market: rents, paybacks, the stock, power,
// obsolescence and economic value are the same for any book life; only the outputs of the books
// (and what is computed from them) move.
TEST(FleetProperties, OnlyTheBooksDependOnTheBookLife) {
  const std::vector<std::string> books = {
      "book_depreciation",   "write_off", "book_value",     "hidden_loss", "book_overstatement",
      "required_revenue",    "gap",       "gap_cumulative", "tax_shield",  "after_tax_cost",
      "book_depreciation_pv"};
  for (const BundledFleet& fleet : bundled_fleets()) {
    const auto series = fleet_series(fleet.structure);
    const std::vector<double> reference = simulate(fleet);
    const size_t years = static_cast<size_t>(fleet.structure.years);
    for (double life : {1.5, 3.0, 4.0, 10.0}) {
      for (DepreciationMethod method :
           {DepreciationMethod::kStraightLine, DepreciationMethod::kDoubleDeclining}) {
        // A partial first year is SLN's and DB's only: another method would move the service.
        if (fleet.structure.first_year_months < 12 && method != fleet.structure.method) continue;
        BundledFleet other = fleet;
        other.inputs.book_life = life;
        other.structure.method = method;
        const std::vector<double> out = simulate(other);
        for (size_t k = 0; k < series.size(); ++k) {
          if (std::find(books.begin(), books.end(), series[k].name) != books.end()) continue;
          for (size_t t = 0; t < years; ++t) {
            ASSERT_TRUE(same(out[k * years + t], reference[k * years + t]))
                << fleet.name << ": fleet." << series[k].name << " in "
                << fleet.structure.first_year + static_cast<int>(t) << " is " << out[k * years + t]
                << " with a book life of " << life << " years, " << reference[k * years + t]
                << " with " << fleet.inputs.book_life;
          }
        }
      }
    }
  }
}

// A vintage that buys several generations (a [fleet.mix]) is retired and rented generation by
// generation: every total is the sum of the same fleet with each generation's share bought on
// its own. (Rental prices are averages, the frontier's series are the same in every run, the
// vintage event years are per vintage: those are not sums. Shell capex follows the peak power,
// not a sum, so it is left out.)
TEST(FleetProperties, AMixedVintageIsItsGenerationsBoughtApart) {
  const std::vector<std::string> not_sums = {"frontier_power_per_gpu",    "rental_price",
                                             "rental_price_new",          "vintage_retirement_year",
                                             "vintage_obsolescence_year", "vintage_payback_year",
                                             "vintage_economic_end_year"};
  std::mt19937_64 rng(14);
  std::uniform_real_distribution<double> unit(0, 1);
  int mixed_vintages_partly_obsolete = 0;
  for (int trial = 0; trial < 60; ++trial) {
    FleetStructure s;
    s.first_year = 2020;
    s.years = 12;
    s.generations = {"a", "b", "c"};
    s.generation_first_year = {2020, 2021, 2023};
    s.mix_shares = true;
    s.extrapolate = trial % 2 == 0;
    s.method =
        trial % 3 == 0 ? DepreciationMethod::kDoubleDeclining : DepreciationMethod::kStraightLine;
    FleetInputs mixed(s);
    for (int t = 0; t < s.years; ++t) {
      mixed.spend[t] = 1e9 * (0.5 + unit(rng));
      mixed.electricity_price[t] = 0.3 + unit(rng);
      mixed.pue[t] = 1.1 + 0.3 * unit(rng);
      mixed.utilisation[t] = 0.5 + 0.5 * unit(rng);
      mixed.cloud_margin[t] = 0.5 * unit(rng);
      mixed.tax_rate[t] = 0.21;
      for (int g = 0; g < 3; ++g) {
        const bool on_sale = s.generation_first_year[static_cast<size_t>(g)] <= s.first_year + t;
        mixed.mix[static_cast<size_t>(g)][static_cast<size_t>(t)] = on_sale ? unit(rng) : 0;
      }
    }
    for (int g = 0; g < 3; ++g) {
      mixed.price[static_cast<size_t>(g)] = 5000 + 30000 * unit(rng);
      mixed.power[static_cast<size_t>(g)] = 300 + 1000 * unit(rng);
      mixed.performance[static_cast<size_t>(g)] = 1e22 * std::pow(4.0, g) * (0.5 + unit(rng));
    }
    mixed.overhead_power = 200 * unit(rng);
    mixed.idle_power = 0.2;
    mixed.operations_rate = 0.05 * unit(rng);
    mixed.physical_life = 2 + 5 * unit(rng);
    mixed.book_life = 1 + 6 * unit(rng);
    mixed.salvage = 0.1 * unit(rng);
    mixed.frontier_doubling_time = 1 + 2 * unit(rng);
    mixed.frontier_efficiency_doubling_time = 1 + 2 * unit(rng);
    const BundledFleet whole{"mixed", s, mixed};
    const std::vector<double> reference = simulate(whole);
    std::vector<double> sum(reference.size(), 0.0);
    for (size_t g = 0; g < 3; ++g) {
      BundledFleet apart = whole;
      for (int t = 0; t < s.years; ++t) {
        const size_t ti = static_cast<size_t>(t);
        const double total = mixed.mix[0][ti] + mixed.mix[1][ti] + mixed.mix[2][ti];
        apart.inputs.spend[ti] = total > 0 ? mixed.spend[ti] * mixed.mix[g][ti] / total : 0;
        for (size_t h = 0; h < 3; ++h) apart.inputs.mix[h][ti] = h == g && mixed.mix[g][ti] > 0;
      }
      const std::vector<double> out = simulate(apart);
      for (size_t i = 0; i < out.size(); ++i) sum[i] += out[i];
    }
    const auto series = fleet_series(s);
    const size_t years = static_cast<size_t>(s.years);
    for (size_t k = 0; k < series.size(); ++k) {
      if (std::find(not_sums.begin(), not_sums.end(), series[k].name) != not_sums.end()) continue;
      for (size_t t = 0; t < years; ++t) {
        const double want = sum[k * years + t];
        const double got = reference[k * years + t];
        ASSERT_TRUE(std::abs(got - want) <= 1e-6 * std::max({1.0, std::abs(got), std::abs(want)}))
            << "trial " << trial << ": fleet." << series[k].name << " in " << s.first_year + t
            << " is " << got << " for the mixed vintages, " << want
            << " for the generations bought apart";
      }
    }
    // The test bites only where a vintage's generations part ways: some of it obsolete, some
    // still in service.
    const size_t obsolete = static_cast<size_t>(FleetSeries::kObsoleteGpus) * years;
    const size_t installed = static_cast<size_t>(FleetSeries::kInstalledGpus) * years;
    for (size_t t = 0; t < years; ++t) {
      if (reference[obsolete + t] > 0 && reference[installed + t] > 0) {
        ++mixed_vintages_partly_obsolete;
      }
    }
  }
  EXPECT_GT(mixed_vintages_partly_obsolete, 10);
}

}  // namespace
}  // namespace gpugap
