#include "gpugap/blocks/fleet_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace gpugap {
namespace {

// Small fleets in round numbers (base units: USD, yr, W), worked out by hand.
struct Fleet {
  FleetStructure structure;
  FleetInputs inputs;
  std::vector<double> out;
  FleetDetail detail;

  explicit Fleet(FleetStructure s) : structure(std::move(s)), inputs(structure) {
    auto& in = inputs;
    std::fill(in.electricity_price.begin(), in.electricity_price.end(), 0.25);
    std::fill(in.pue.begin(), in.pue.end(), 1.0);
    std::fill(in.utilisation.begin(), in.utilisation.end(), 1.0);
    for (size_t g = 0; g < structure.generations.size(); ++g) {
      in.price[g] = 6;
      in.power[g] = 1;
      in.performance[g] = 1;
    }
    in.physical_life = 6;
    in.book_life = 6;
  }

  bool run() {
    FleetScratch scratch(structure);
    out.assign(static_cast<size_t>(fleet_series_count(structure)) * structure.years, 0);
    return simulate_fleet(structure, inputs, scratch, out.data(), &detail);
  }
  double at(FleetSeries series, int t) const { return at(static_cast<int>(series), t); }
  double at(int series, int t) const {
    return out[static_cast<size_t>(series) * structure.years + t];
  }
  double sum(FleetSeries series) const {
    double total = 0;
    for (int t = 0; t < structure.years; ++t) total += at(series, t);
    return total;
  }
};

FleetStructure generations(std::vector<std::string> names, std::vector<int> first_years,
                           int first_year = 2024, int years = 10) {
  FleetStructure s;
  s.first_year = first_year;
  s.years = years;
  s.generations = std::move(names);
  s.generation_first_year = std::move(first_years);
  return s;
}

TEST(FleetModel, BookEqualsEconomicWhenNothingBetterComesAlong) {
  // One generation, no newer one: its value falls only with the life it has left, so straight
  // line over the physical life is exactly the economic depreciation.
  Fleet f(generations({"G"}, {2024}));
  f.inputs.spend[0] = 600;
  f.inputs.physical_life = 4;
  f.inputs.book_life = 4;
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kGpusBought, 0), 100);
  for (int t = 0; t < 4; ++t) {
    EXPECT_NEAR(f.at(FleetSeries::kBookDepreciation, t), 150, 1e-9) << t;
    EXPECT_NEAR(f.at(FleetSeries::kEconomicDepreciation, t), 150, 1e-9) << t;
    EXPECT_EQ(f.at(FleetSeries::kHiddenLoss, t), 0) << t;
    EXPECT_NEAR(f.at(FleetSeries::kBookValue, t), 600 - 150 * (t + 1), 1e-9);
    EXPECT_NEAR(f.at(FleetSeries::kEconomicValue, t), 600 - 150 * (t + 1), 1e-9);
    EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, t), 100);
    // 100 GPUs × 1 W × 0.25 USD per W·yr.
    EXPECT_DOUBLE_EQ(f.at(FleetSeries::kEnergyCost, t), 25);
  }
  // In service 2024–2027: retired in 2028, its first year out of service.
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kRetiredGpus, 3), 0);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kRetiredGpus, 4), 100);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, 4), 0);
  EXPECT_EQ(f.sum(FleetSeries::kWriteOff), 0);
  EXPECT_EQ(f.sum(FleetSeries::kObsoleteGpus), 0);
  ASSERT_EQ(f.detail.vintages.size(), 1u);
  EXPECT_EQ(f.detail.vintages[0].retired_year, 2028);
  EXPECT_EQ(f.detail.vintages[0].obsolete_year, 0);
  // The same by vintage, for formulas; "never" where nothing was bought.
  EXPECT_EQ(f.at(FleetSeries::kVintageRetirementYear, 0), 2028);
  EXPECT_TRUE(std::isinf(f.at(FleetSeries::kVintageObsolescenceYear, 0)));
  EXPECT_TRUE(std::isinf(f.at(FleetSeries::kVintageRetirementYear, 1)));
  EXPECT_TRUE(std::isinf(f.at(FleetSeries::kVintagePaybackYear, 1)));
}

TEST(FleetModel, ObsoleteWhenRunningCostsMoreThanNewFullCost) {
  // The seeds' case: work per machine doubles every 2 years at the same price and power. Old
  // machines cost 0.25/yr to run; a new one costs 6/6 + 0.25 = 1.25/yr for 2^(k/2) times the
  // work. Running the old ones costs more once 2^(k/2) > 5: k = 5 (5.66), not k = 4 (4).
  Fleet f(generations({"old"}, {2024}));
  f.structure.extrapolate = true;
  f.inputs.frontier_doubling_time = 2;
  f.inputs.frontier_efficiency_doubling_time = f.inputs.frontier_doubling_time;
  f.inputs.spend[0] = 60;
  ASSERT_TRUE(f.run());
  ASSERT_EQ(f.detail.vintages.size(), 1u);
  EXPECT_EQ(f.detail.vintages[0].obsolete_year, 2029);
  EXPECT_EQ(f.detail.vintages[0].retired_year, 2029);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kObsoleteGpus, 5), 10);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, 4), 10);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, 5), 0);
  // Five years of straight line over 6 taken; the last sixth written off when retired.
  EXPECT_NEAR(f.at(FleetSeries::kWriteOff, 5), 10, 1e-9);
  EXPECT_EQ(f.at(FleetSeries::kBookDepreciation, 5), 0);
  EXPECT_EQ(f.at(FleetSeries::kBookValue, 5), 0);

  // Dearer electricity makes it sooner: at 1/yr, 2^(k/2) > 2 from k = 3.
  std::fill(f.inputs.electricity_price.begin(), f.inputs.electricity_price.end(), 1.0);
  ASSERT_TRUE(f.run());
  EXPECT_EQ(f.detail.vintages[0].obsolete_year, 2027);

  // Without the trend nothing ever beats the old machines.
  f.structure.extrapolate = false;
  ASSERT_TRUE(f.run());
  EXPECT_EQ(f.detail.vintages[0].obsolete_year, 0);
  EXPECT_EQ(f.detail.vintages[0].retired_year, 2030);  // six years in service, 2024–2029
  EXPECT_EQ(f.sum(FleetSeries::kWriteOff), 0);
}

// Past the catalogue, work per dollar and work per watt follow their own trends (issue 14 item
// 6): at the same price, throughput doubles every 2 years; power per unit of throughput halves
// every efficiency doubling time, so a GPU's power is 2^(k/2 − k/e) after k years.
TEST(FleetModel, FutureEnergyPerWorkHasItsOwnTrend) {
  Fleet f(generations({"old"}, {2024}));
  f.structure.extrapolate = true;
  f.inputs.frontier_doubling_time = 2;
  f.inputs.frontier_efficiency_doubling_time = 2;
  f.inputs.spend[0] = 60;
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kFrontierPowerPerGpu, 4), 1);  // the same power per GPU
  f.inputs.frontier_efficiency_doubling_time = 1;
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kFrontierPowerPerGpu, 2), 0.5);   // 2^(1 − 2)
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kFrontierPowerPerGpu, 4), 0.25);  // 2^(2 − 4)
  f.inputs.frontier_efficiency_doubling_time = 4;  // slower: power per GPU grows
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kFrontierPowerPerGpu, 4), 2);  // 2^(2 − 1)
  // Either trend is refused outside its domain.
  f.inputs.frontier_efficiency_doubling_time = 0;
  EXPECT_FALSE(f.run());
}

// The economic life measured on the value path (issue 14 item 5): the first year at whose start
// a vintage's economic value is down to its salvage. And the present values of book and economic
// depreciation, year by year.
TEST(FleetModel, EconomicLifeFromTheValuePathAndPresentValues) {
  Fleet f(generations({"G"}, {2024}));
  f.inputs.spend[0] = 600;
  f.inputs.physical_life = 4;
  f.inputs.book_life = 4;
  f.inputs.discount_rate = 0.1;
  ASSERT_TRUE(f.run());
  // Nothing better comes along: the rental value is the annuity 600 × 0.1 ÷ (1 − 1.1^−4) a
  // year, and the value at the end of each year the present value of the rentals left, down to 0
  // at the end of 2027; economic depreciation is the annuity's repayment of principal.
  EXPECT_EQ(f.at(FleetSeries::kVintageEconomicEndYear, 0), 2028);
  const double annuity = 600 * 0.1 / (1 - std::pow(1.1, -4));
  double value_before = 600, book_pv = 0, economic_pv = 0;
  for (int t = 0; t < 4; ++t) {
    const double value = annuity * (1 - std::pow(1.1, -(3 - t))) / 0.1;
    EXPECT_NEAR(f.at(FleetSeries::kEconomicValue, t), value, 1e-9) << t;
    book_pv += 150 / std::pow(1.1, t);
    economic_pv += (value_before - value) / std::pow(1.1, t);
    value_before = value;
  }
  EXPECT_NEAR(f.at(FleetSeries::kBookDepreciationPv, 3), book_pv, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kEconomicDepreciationPv, 3), economic_pv, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kEconomicDepreciationPv, 9), economic_pv, 1e-9);
  // With salvage, the economic life ends when the value is down to it: 30% of 600 = 180, above
  // the value at the end of 2026 (172.1).
  f.inputs.salvage = 0.3;
  ASSERT_TRUE(f.run());
  EXPECT_EQ(f.at(FleetSeries::kVintageEconomicEndYear, 0), 2027);
  // The seeds' obsolescence (work per dollar doubling every 2 years): obsolete in 2029, its
  // value gone at the end of 2028; the market takes the loss before the books do.
  Fleet g(generations({"old"}, {2024}));
  g.structure.extrapolate = true;
  g.inputs.frontier_doubling_time = 2;
  g.inputs.frontier_efficiency_doubling_time = 2;
  g.inputs.spend[0] = 60;
  ASSERT_TRUE(g.run());
  EXPECT_EQ(g.at(FleetSeries::kVintageEconomicEndYear, 0), 2029);
  EXPECT_EQ(g.detail.vintages[0].obsolete_year, 2029);
  for (int t = 0; t < 4; ++t) {
    EXPECT_GT(g.at(FleetSeries::kEconomicDepreciationPv, t),
              g.at(FleetSeries::kBookDepreciationPv, t))
        << t;
  }
  // A vintage whose value lasts beyond the axis: never.
  Fleet h(generations({"G"}, {2024}, 2024, 3));
  h.inputs.spend[0] = 600;
  ASSERT_TRUE(h.run());
  EXPECT_TRUE(std::isinf(h.at(FleetSeries::kVintageEconomicEndYear, 0)));
}

// Capital has a cost (issue 14 item 3, in part): the rent's and obsolescence's capital charge is
// the annuity that repays the price over the physical life at the discount rate, not price ÷
// life. 6 × 0.1 ÷ (1 − 1.1^−6) = 1.3776 a year, + 0.25 of energy.
TEST(FleetModel, CapitalChargeIsAnAnnuityAtTheDiscountRate) {
  Fleet f(generations({"G"}, {2024}));
  f.inputs.spend[0] = 60;
  ASSERT_TRUE(f.run());
  EXPECT_NEAR(f.at(FleetSeries::kRentalPriceNew, 0), 6.0 / 6 + 0.25, 1e-12);
  f.inputs.discount_rate = 0.1;
  ASSERT_TRUE(f.run());
  const double annuity = 0.1 / (1 - std::pow(1.1, -6));
  EXPECT_NEAR(f.at(FleetSeries::kRentalPriceNew, 0), 6 * annuity + 0.25, 1e-12);
  EXPECT_NEAR(f.detail.vintages[0].rent[0], 6 * annuity + 0.25, 1e-12);  // its launch rent
  // The same charge sets obsolescence: with the seeds' pace, a dearer frontier keeps the old
  // machines in service longer (0.25 × 2^(k/2) > 1.3776 + 0.25 from k = 6: never within life).
  f.structure.extrapolate = true;
  f.inputs.frontier_doubling_time = 2;
  f.inputs.frontier_efficiency_doubling_time = 2;
  ASSERT_TRUE(f.run());
  EXPECT_EQ(f.detail.vintages[0].obsolete_year, 0);
  f.inputs.discount_rate = 0;
  ASSERT_TRUE(f.run());
  EXPECT_EQ(f.detail.vintages[0].obsolete_year, 2029);
}

TEST(FleetModel, RetirementYearIsTheYearTheVintageLeavesService) {
  // A book life longer than the physical life: the rest is written off in the year of
  // retirement, the first year out of service, whether the vintage wears out or is obsolete.
  Fleet f(generations({"G"}, {2024}));
  f.inputs.spend[0] = 600;
  f.inputs.physical_life = 3;
  f.inputs.book_life = 6;
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, 2), 100);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, 3), 0);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kRetiredGpus, 3), 100);
  EXPECT_EQ(f.detail.vintages[0].retired_year, 2027);
  EXPECT_NEAR(f.at(FleetSeries::kBookDepreciation, 2), 100, 1e-9);
  EXPECT_EQ(f.at(FleetSeries::kBookDepreciation, 3), 0);
  EXPECT_NEAR(f.at(FleetSeries::kWriteOff, 3), 300, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kBookValue, 2), 300, 1e-9);

  // A partial first year: in service from July 2024 to June 2027, so it leaves during 2027,
  // which still has half a year of its service and the schedule's period for that year.
  f.structure.first_year_months = 6;
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, 3), 50);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, 4), 0);
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kRetiredGpus, 3), 100);
  EXPECT_EQ(f.detail.vintages[0].retired_year, 2027);
  EXPECT_NEAR(f.at(FleetSeries::kBookDepreciation, 3), 100, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kWriteOff, 3), 600 - 50 - 3 * 100, 1e-9);
}

// With a full first year and a whole physical life, GPUs enter and leave at year boundaries, so
// the yearly average in service adds up: installed(t) = installed(t−1) + bought(t) − retired(t).
// The vintage series say the same as the vintages.
TEST(FleetModel, StockAddsUpWhenGpusEnterAndLeaveAtYearBoundaries) {
  std::mt19937_64 rng(20250101);
  std::uniform_real_distribution<double> unit(0, 1);
  const auto methods = depreciation_method_names();
  int obsolete = 0, physical = 0;
  for (int trial = 0; trial < 100; ++trial) {
    FleetStructure s = generations({"a", "b", "c"}, {2020, 2022, 2025}, 2020, 14);
    s.method = *parse_depreciation_method(methods[trial % methods.size()]);
    s.extrapolate = trial % 2 == 0;
    Fleet f(s);
    auto& in = f.inputs;
    for (int t = 0; t < s.years; ++t) {
      in.spend[t] = unit(rng) < 0.2 ? 0 : 1e9 * unit(rng);
      in.electricity_price[t] = 0.5 + unit(rng);
    }
    for (int g = 0; g < 3; ++g) {
      in.price[g] = 5000 + 30000 * unit(rng);
      in.power[g] = 300 + 1000 * unit(rng);
      in.performance[g] = 1e22 * (1 + 2 * g) * (0.5 + unit(rng));
    }
    in.physical_life = 1 + trial % 7;
    in.book_life = 1 + 7 * unit(rng);
    in.salvage = 0.1;
    in.frontier_doubling_time = 1 + 2 * unit(rng);
    in.frontier_efficiency_doubling_time = in.frontier_doubling_time;
    ASSERT_TRUE(f.run()) << trial;
    double before = 0;
    for (int t = 0; t < s.years; ++t) {
      const double installed = f.at(FleetSeries::kInstalledGpus, t);
      const double expected =
          before + f.at(FleetSeries::kGpusBought, t) - f.at(FleetSeries::kRetiredGpus, t);
      EXPECT_NEAR(installed, expected, 1e-9 * std::max(1.0, installed)) << trial << " " << t;
      EXPECT_LE(f.at(FleetSeries::kObsoleteGpus, t), f.at(FleetSeries::kRetiredGpus, t));
      before = installed;
    }
    for (const auto& v : f.detail.vintages) {
      const int t = v.year - s.first_year;
      auto year_or_never = [](int year) {
        return year > 0 ? static_cast<double>(year) : std::numeric_limits<double>::infinity();
      };
      EXPECT_EQ(f.at(FleetSeries::kVintageRetirementYear, t), year_or_never(v.retired_year));
      EXPECT_EQ(f.at(FleetSeries::kVintageObsolescenceYear, t), year_or_never(v.obsolete_year));
      EXPECT_EQ(f.at(FleetSeries::kVintagePaybackYear, t), year_or_never(v.payback_year));
      if (v.retired_year > 0) {
        const int r = v.retired_year - s.first_year;
        EXPECT_EQ(v.in_service[r], 0) << trial;
        EXPECT_DOUBLE_EQ(v.in_service[r - 1], v.gpus) << trial;
        (v.obsolete_year > 0 ? obsolete : physical) += 1;
        if (v.obsolete_year > 0) {
          EXPECT_EQ(v.obsolete_year, v.retired_year);
        }
      }
    }
  }
  EXPECT_GT(obsolete, 30);
  EXPECT_GT(physical, 30);
}

TEST(FleetModel, EconomicValueIsThePresentValueOfRentalValuesToCome) {
  // A generation twice as good per dollar arrives in 2026. Each year's rental value is the
  // vintage's work at the frontier's full cost (capital charge 6/10 a year per unit of work, then
  // 3/10 from 2026; no running cost): 60 in 2025, 30 a year after. At the end of 2024 nine years
  // remain, 60 + 8 × 30 = 300; at the end of 2025, 8 × 30 = 240.
  Fleet f(generations({"old", "new"}, {2024, 2026}));
  f.inputs.performance[1] = 2;
  f.inputs.spend[0] = 600;
  f.inputs.physical_life = 10;
  f.inputs.book_life = 10;
  std::fill(f.inputs.electricity_price.begin(), f.inputs.electricity_price.end(), 0.0);
  ASSERT_TRUE(f.run());
  EXPECT_NEAR(f.at(FleetSeries::kEconomicValue, 0), 300, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kEconomicValue, 1), 240, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kEconomicDepreciation, 0), 600 - 300, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kEconomicDepreciation, 1), 300 - 240, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kHiddenLoss, 1), 60 - 60, 1e-9);
  EXPECT_NEAR(f.at(FleetSeries::kBookOverstatement, 1), 480 - 240, 1e-9);
}

TEST(FleetModel, ANewGpuOnAStillFrontierIsWorthItsPrice) {
  // One generation, nothing better ever: the rental value is the capital charge, the annuity
  // that repays the price over the life at the discount rate, so the present value of the five
  // years left after the first is the price less what the first year's charge repaid.
  Fleet f(generations({"only"}, {2024}));
  f.inputs.discount_rate = 0.08;
  f.inputs.spend[0] = 600;  // 100 GPUs at 6
  ASSERT_TRUE(f.run());
  const double r = 0.08;
  const double charge = 6 * r / (1 - std::pow(1 + r, -6));
  const double left = charge * (1 - std::pow(1 + r, -5)) / r;
  EXPECT_NEAR(f.at(FleetSeries::kEconomicValue, 0), 100 * left, 1e-9);
  // Discounted over all six years, the same rentals are worth the price.
  EXPECT_NEAR(charge * (1 - std::pow(1 + r, -6)) / r, 6, 1e-12);
  EXPECT_EQ(f.detail.vintages[0].obsolete_year, 0);
}

TEST(FleetModel, MorePowerPerUnitOfWorkLowersTheValueBeforeAnyCliff) {
  // The same GPUs, one drawing more power: its rental value (work at the frontier's price less
  // its own running cost) is lower in every year it serves, not only when it is retired.
  auto run = [](double power) {
    Fleet f(generations({"old", "new"}, {2024, 2026}));
    f.inputs.power[0] = power;
    f.inputs.performance[1] = 2;
    f.inputs.spend[0] = 600;
    EXPECT_TRUE(f.run());
    return f;
  };
  const Fleet cool = run(1), hot = run(2);
  EXPECT_EQ(cool.detail.vintages[0].obsolete_year, hot.detail.vintages[0].obsolete_year);
  for (int t = 0; t < 5; ++t) {
    EXPECT_LT(hot.at(FleetSeries::kEconomicValue, t), cool.at(FleetSeries::kEconomicValue, t)) << t;
  }
}

TEST(FleetModel, NewestGenerationOnSaleIsBought) {
  // In 2025 both "b" and "c" are new; "c" gives more work per dollar.
  Fleet f(generations({"a", "b", "c"}, {2024, 2025, 2025}));
  f.inputs.performance = {1, 2, 3};
  for (int t = 0; t < 3; ++t) f.inputs.spend[t] = 60;
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(fleet_bought_series(0), 0), 10);
  EXPECT_DOUBLE_EQ(f.at(fleet_bought_series(2), 1), 10);
  EXPECT_DOUBLE_EQ(f.at(fleet_bought_series(1), 1), 0);
  EXPECT_DOUBLE_EQ(f.at(fleet_installed_series(0), 2), 10);
  // A generation's rent is the average over its GPUs in service: in 2025 only "a" is in service
  // of its generation, so it is the fleet's average less the "c" GPUs'; 0 for "b", never bought.
  const double a = f.at(fleet_rent_series(0), 1), c = f.at(fleet_rent_series(2), 1);
  EXPECT_GT(a, 0);
  EXPECT_GT(c, 0);
  EXPECT_DOUBLE_EQ(f.at(fleet_rent_series(1), 1), 0);
  EXPECT_NEAR(f.at(FleetSeries::kRentalPrice, 1), (a * 10 + c * 10) / 20, 1e-12);
  EXPECT_DOUBLE_EQ(f.at(fleet_rent_series(0), 0), f.at(FleetSeries::kRentalPrice, 0));
}

TEST(FleetModel, MixSharesSplitTheSpend) {
  FleetStructure s = generations({"a", "b"}, {2024, 2024});
  s.mix_shares = true;
  Fleet f(s);
  f.inputs.price = {6, 12};
  f.inputs.spend[0] = 120;
  f.inputs.mix[0][0] = 0.25;
  f.inputs.mix[1][0] = 0.75;
  f.inputs.spend[1] = 60;  // no shares in 2025: the newest, cheapest per work ("a")
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(fleet_bought_series(0), 0), 5);
  EXPECT_DOUBLE_EQ(f.at(fleet_bought_series(1), 0), 7.5);
  EXPECT_DOUBLE_EQ(f.at(fleet_bought_series(0), 1), 10);
  // A share for a generation not yet on sale is an error.
  f.structure.generation_first_year[1] = 2026;
  EXPECT_FALSE(f.run());
}

// A vintage that buys two generations retires each on its own (issue 14 item 4): the old one
// becomes obsolete when a better generation arrives, the newer one serves on. As one blend,
// (50 × 1 W × 0.25) ÷ (50 × 1 + 50 × 4) = 0.1 a unit of work a year would exceed the new
// generation's full cost of (6 ÷ 6 + 0.25) ÷ 16 = 0.078, and all 100 GPUs would retire in 2026.
TEST(FleetModel, AMixedVintageRetiresByGeneration) {
  FleetStructure s = generations({"old", "mid", "new"}, {2024, 2024, 2026});
  s.mix_shares = true;
  Fleet f(s);
  f.inputs.performance = {1, 4, 16};
  f.inputs.spend[0] = 600;
  f.inputs.mix[0][0] = 0.5;
  f.inputs.mix[1][0] = 0.5;
  ASSERT_TRUE(f.run());
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kObsoleteGpus, 2), 50);  // the old ones, in 2026
  EXPECT_DOUBLE_EQ(f.at(fleet_installed_series(0), 2), 0);    // running cost 0.25 > 0.078
  EXPECT_DOUBLE_EQ(f.at(fleet_installed_series(1), 2), 50);   // 0.0625 < 0.078: serves on
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kRetiredGpus, 6), 50);   // at the end of their 6 years
  EXPECT_EQ(f.detail.vintages[0].obsolete_year, 2026);        // some of it obsolete
  EXPECT_EQ(f.detail.vintages[0].retired_year, 2030);         // the last of it
  EXPECT_DOUBLE_EQ(f.detail.vintages[0].in_service[2], 50);
}

TEST(FleetModel, PartialFirstYear) {
  Fleet f(generations({"G"}, {2024}));
  f.structure.first_year_months = 6;
  f.inputs.spend[0] = 600;
  f.inputs.physical_life = 2;
  f.inputs.book_life = 2;
  ASSERT_TRUE(f.run());
  const double in_service[] = {50, 100, 50, 0};
  const double depreciation[] = {150, 300, 150, 0};
  for (int t = 0; t < 4; ++t) {
    EXPECT_DOUBLE_EQ(f.at(FleetSeries::kInstalledGpus, t), in_service[t]) << t;
    EXPECT_NEAR(f.at(FleetSeries::kBookDepreciation, t), depreciation[t], 1e-9) << t;
  }
  EXPECT_DOUBLE_EQ(f.at(FleetSeries::kRetiredGpus, 2), 100);
}

TEST(FleetModel, RentsFallFromCostPlusTowardsMarginalCost) {
  Fleet f(generations({"old"}, {2024}));
  f.structure.extrapolate = true;
  f.inputs.frontier_doubling_time = 1;
  f.inputs.frontier_efficiency_doubling_time = f.inputs.frontier_doubling_time;
  f.inputs.physical_life = 6;
  f.inputs.book_life = 3;  // the books do not set the rent
  std::fill(f.inputs.cloud_margin.begin(), f.inputs.cloud_margin.end(), 0.5);
  f.inputs.spend[0] = 60;
  ASSERT_TRUE(f.run());
  const auto& rent = f.detail.vintages[0].rent;
  // Launch: (6/6 capex over the physical life + 0.25 energy) ÷ (1 − 50%) per GPU-year of use.
  EXPECT_NEAR(rent[0], 2.5, 1e-12);
  const double marginal = 0.25;
  for (int t = 1; t < f.structure.years; ++t) {
    if (rent[t] == 0) break;  // retired
    EXPECT_LE(rent[t], rent[t - 1]) << t;
    EXPECT_GE(rent[t], marginal - 1e-12) << t;
  }
  // Each doubling halves the frontier's rent per unit of work: (1 + 0.25) × 2 ÷ 2 = 1.25 in 2025.
  EXPECT_NEAR(rent[1], 1.25, 1e-12);
}

TEST(FleetModel, InputsOutsideTheirDomainFail) {
  Fleet f(generations({"G"}, {2025}));
  f.inputs.spend[1] = 60;
  ASSERT_TRUE(f.run());
  f.inputs.spend[0] = 60;  // 2024: nothing on sale
  EXPECT_FALSE(f.run());
  f.inputs.spend[0] = 0;
  f.inputs.physical_life = -3;
  EXPECT_FALSE(f.run());
  f.inputs.physical_life = 6;
  f.inputs.utilisation[2] = 0;
  EXPECT_FALSE(f.run());
  f.inputs.utilisation[2] = 1;
  f.inputs.cloud_margin[2] = 1;
  EXPECT_FALSE(f.run());
  f.inputs.cloud_margin[2] = 0;
  f.inputs.price[0] = 0;
  EXPECT_FALSE(f.run());
}

// Many random fleets: money is conserved in the books and in the economics, nothing is ever
// negative, and reusing the scratch memory gives the same result as fresh memory.
TEST(FleetModel, ConservationAndSignsOverRandomFleets) {
  std::mt19937_64 rng(20240620);
  std::uniform_real_distribution<double> unit(0, 1);
  const auto methods = depreciation_method_names();
  int obsolete = 0, written_off = 0, partial = 0;
  for (int trial = 0; trial < 300; ++trial) {
    FleetStructure s = generations({"a", "b", "c", "d"}, {2020, 2022, 2024, 2027}, 2020, 14);
    s.method = *parse_depreciation_method(methods[trial % methods.size()]);
    s.extrapolate = trial % 2 == 0;
    s.mix_shares = trial % 3 == 0;
    if (supports_partial_first_year(s.method) && trial % 4 == 1) s.first_year_months = 5;
    Fleet f(s);
    auto& in = f.inputs;
    for (int t = 0; t < s.years; ++t) {
      in.spend[t] = unit(rng) < 0.2 ? 0 : 1e9 * unit(rng);
      in.ai_revenue[t] = 1e9 * unit(rng);
      in.electricity_price[t] = 0.5 + unit(rng);
      in.pue[t] = 1 + 0.5 * unit(rng);
      in.utilisation[t] = 0.3 + 0.7 * unit(rng);
      in.cloud_margin[t] = 0.6 * unit(rng);
      in.tax_rate[t] = 0.3 * unit(rng);
      if (s.mix_shares) {
        for (int g = 0; g < 4; ++g) {
          in.mix[g][t] = s.generation_first_year[g] <= 2020 + t ? unit(rng) : 0;
        }
      }
    }
    for (int g = 0; g < 4; ++g) {
      in.price[g] = 5000 + 30000 * unit(rng);
      in.power[g] = 300 + 1000 * unit(rng);
      in.performance[g] = 1e22 * (1 + g) * (0.5 + unit(rng));
    }
    in.overhead_power = 500 * unit(rng);
    in.idle_power = 0.3 * unit(rng);
    in.shell_capex = 10 * unit(rng);
    in.shell_life = 5 + 20 * unit(rng);
    in.physical_life = 1 + 7 * unit(rng);
    in.book_life = 1 + 7 * unit(rng);
    in.ddb_factor = 1 + 2 * unit(rng);
    in.salvage = trial % 5 == 0 ? 0 : 0.2 * unit(rng);
    if (s.method == DepreciationMethod::kFixedDeclining && in.salvage == 0) in.salvage = 0.1;
    in.operations_rate = 0.05 * unit(rng);
    in.frontier_doubling_time = 1 + 3 * unit(rng);
    in.frontier_efficiency_doubling_time = in.frontier_doubling_time;
    ASSERT_TRUE(f.run()) << trial;
    obsolete += f.sum(FleetSeries::kObsoleteGpus) > 0;
    written_off += f.sum(FleetSeries::kWriteOff) > 1e-6 * f.sum(FleetSeries::kGpuCapex);
    partial += s.first_year_months < 12;

    // Books: what was spent is depreciated, written off, recovered as salvage or still on the
    // books at the end.
    double salvage = 0;
    for (const auto& v : f.detail.vintages) {
      for (size_t g = 0; g < v.cost_by_generation.size(); ++g) {
        if (v.retired_year_by_generation[g] > 0) salvage += v.cost_by_generation[g] * in.salvage;
      }
    }
    const double spent = f.sum(FleetSeries::kGpuCapex);
    const double accounted = f.sum(FleetSeries::kBookDepreciation) + f.sum(FleetSeries::kWriteOff) +
                             salvage + f.at(FleetSeries::kBookValue, s.years - 1);
    EXPECT_NEAR(accounted, spent, 1e-9 * spent) << trial;
    // Economics: what was spent is lost or still worth something.
    const double lost =
        f.sum(FleetSeries::kEconomicDepreciation) + f.at(FleetSeries::kEconomicValue, s.years - 1);
    EXPECT_NEAR(lost, spent, 1e-7 * spent) << trial;

    const FleetSeries never_negative[] = {
        FleetSeries::kGpusBought,        FleetSeries::kInstalledGpus,
        FleetSeries::kRetiredGpus,       FleetSeries::kObsoleteGpus,
        FleetSeries::kItPower,           FleetSeries::kEnergyCost,
        FleetSeries::kBookDepreciation,  FleetSeries::kBookValue,
        FleetSeries::kEconomicValue,     FleetSeries::kShellCapex,
        FleetSeries::kShellDepreciation, FleetSeries::kRentalPrice,
        FleetSeries::kRentalRevenue,     FleetSeries::kRequiredRevenue};
    for (int t = 0; t < s.years; ++t) {
      for (FleetSeries series : never_negative) {
        EXPECT_GE(f.at(series, t), 0) << trial << " series " << static_cast<int>(series);
      }
      double by_generation = 0;
      for (int g = 0; g < s.output_generations(); ++g) {
        EXPECT_GE(f.at(fleet_installed_series(g), t), 0);
        by_generation += f.at(fleet_installed_series(g), t);
      }
      EXPECT_NEAR(by_generation, f.at(FleetSeries::kInstalledGpus, t),
                  1e-9 * f.at(FleetSeries::kInstalledGpus, t));
    }
    for (const auto& v : f.detail.vintages) {
      for (int t = 0; t < s.years; ++t) {
        EXPECT_GE(v.in_service[t], 0);
        EXPECT_LE(v.in_service[t], v.gpus * (1 + 1e-12));
        EXPECT_GE(v.book_value[t], 0);
        EXPECT_GE(v.economic_value[t], 0);
      }
    }

    // The same scratch, first used for another fleet, gives the same numbers.
    FleetScratch reused(s);
    std::vector<double> first(f.out.size()), second(f.out.size());
    FleetInputs other = in;
    for (double& x : other.spend) x *= 0.5;
    other.physical_life = 2;
    ASSERT_TRUE(simulate_fleet(s, other, reused, first.data()));
    ASSERT_TRUE(simulate_fleet(s, in, reused, second.data()));
    EXPECT_EQ(second, f.out) << trial;
  }
  // The paths that matter were taken.
  EXPECT_GT(obsolete, 30);
  EXPECT_GT(written_off, 30);
  EXPECT_GT(partial, 10);
}

TEST(FleetModel, SeriesHaveUnits) {
  FleetStructure s = generations({"a", "b"}, {2024, 2025});
  s.extrapolate = true;
  auto series = fleet_series(s);
  ASSERT_EQ(static_cast<int>(series.size()), fleet_series_count(s));
  EXPECT_EQ(series[fleet_bought_series(2)].name, "gpus_bought.future");
  EXPECT_EQ(series[fleet_installed_series(0)].name, "installed_gpus.a");
  for (const auto& info : series) {
    // A calendar year is a plain number, as first_year() gives.
    EXPECT_EQ(info.unit.empty(), info.may_be_never) << info.name;
    EXPECT_FALSE(info.note.empty()) << info.name;
  }
  EXPECT_TRUE(series[static_cast<int>(FleetSeries::kVintagePaybackYear)].may_be_never);
}

}  // namespace
}  // namespace gpugap
