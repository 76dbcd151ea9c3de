// Properties the fleet model must have whatever its inputs, checked on every bundled scenario with
// a [fleet] block (docs/fleet-model.md): a year's results do not depend on where the time axis
// ends, and rents do not depend on how the buyer depreciates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
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
      "book_depreciation", "write_off", "book_value",     "hidden_loss", "book_overstatement",
      "required_revenue",  "gap",       "gap_cumulative", "tax_shield",  "after_tax_cost"};
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

}  // namespace
}  // namespace gpugap
