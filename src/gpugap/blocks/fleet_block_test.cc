#include "gpugap/blocks/fleet_block.h"
#include "gpugap/engine/interpreter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace gpugap {
namespace {

// A block with a few inputs, evaluated over a frame of several samples, against simulate_fleet
// run on each sample alone: the per-sample reference the block must match whatever the count.
class FleetBlockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    structure_.first_year = 2024;
    structure_.years = 6;
    structure_.generations = {"a", "b"};
    structure_.generation_first_year = {2024, 2026};
    structure_.extrapolate = true;
    auto add = [&](FleetInputKind kind, const std::string& name, const std::string& unit,
                   bool yearly, int generation = -1) {
      slots_.push_back({kind, generation, name, unit, yearly});
    };
    add(FleetInputKind::kSpend, "fleet.spend", "USD/yr", true);
    add(FleetInputKind::kElectricityPrice, "fleet.electricity_price", "USD/kWh", true);
    add(FleetInputKind::kPue, "fleet.pue", "", true);
    add(FleetInputKind::kUtilisation, "fleet.utilisation", "%", true);
    add(FleetInputKind::kPhysicalLife, "fleet.physical_life", "yr", false);
    add(FleetInputKind::kBookLife, "fleet.book_life", "yr", false);
    add(FleetInputKind::kFrontierDoublingTime, "fleet.frontier_doubling_time", "yr", false);
    add(FleetInputKind::kFrontierEfficiencyDoublingTime, "fleet.frontier_efficiency_doubling_time",
        "yr", false);
    for (int g = 0; g < 2; ++g) {
      const std::string name = structure_.generations[g];
      add(FleetInputKind::kPrice, "fleet." + name + ".price", "USD/GPU", false, g);
      add(FleetInputKind::kPower, "fleet." + name + ".power", "W/GPU", false, g);
      add(FleetInputKind::kPerformance, "fleet." + name + ".performance", "FLOP/s/GPU", false, g);
    }
  }

  // Sample i's value of input `slot` in year y.
  double value(size_t slot, size_t sample, int year) const {
    const double s = static_cast<double>(sample);
    switch (slots_[slot].kind) {
      case FleetInputKind::kSpend:
        return year == 3 ? 0 : 1e9 * (1 + s + year);
      case FleetInputKind::kElectricityPrice:
        return 0.5 + 0.01 * s;
      case FleetInputKind::kPue:
        return 1.1 + 0.01 * year;
      case FleetInputKind::kUtilisation:
        return 0.95 - 0.01 * s;
      case FleetInputKind::kPhysicalLife:
        return 3 + 0.1 * s;
      case FleetInputKind::kBookLife:
        return 6 - 0.1 * s;
      case FleetInputKind::kFrontierDoublingTime:
        return 2 + 0.1 * s;
      case FleetInputKind::kFrontierEfficiencyDoublingTime:
        return 1.7 + 0.1 * s;
      case FleetInputKind::kPrice:
        return 20000 + 100 * s;
      case FleetInputKind::kPower:
        return 700 + 10 * s;
      case FleetInputKind::kPerformance:
        return 3e22 * (1 + slots_[slot].generation * (2 + 0.1 * s));
      default:
        return 0;
    }
  }

  FleetStructure structure_;
  std::vector<FleetInputSlot> slots_;
};

TEST_F(FleetBlockTest, EveryOutputIsASeriesWithAUnit) {
  FleetBlock block(structure_, slots_);
  auto outputs = block.outputs();
  ASSERT_EQ(static_cast<int>(outputs.size()), fleet_series_count(structure_));
  for (const auto& o : outputs) {
    EXPECT_EQ(o.name.rfind("fleet.", 0), 0u) << o.name;
    EXPECT_TRUE(o.series);
    auto unit = parse_unit(o.unit);
    EXPECT_TRUE(unit.ok()) << o.name << ": " << unit.error();
  }
  auto dimension = [&](const std::string& name) {
    for (const auto& o : outputs) {
      if (o.name == name) {
        return to_string(known_unit(o.unit).dimension);
      }
    }
    return std::string("missing");
  };
  EXPECT_EQ(dimension("fleet.capex"), "USD/yr");
  EXPECT_EQ(dimension("fleet.book_value"), "USD");
  EXPECT_EQ(dimension("fleet.installed_gpus"), "GPU");
  EXPECT_EQ(dimension("fleet.gpus_bought.future"), "GPU/yr");
  EXPECT_EQ(dimension("fleet.facility_power"), "W");
  EXPECT_EQ(dimension("fleet.frontier_power_per_gpu"), "W/GPU");
  EXPECT_EQ(dimension("fleet.rental_price"), "USD/yr/GPU");
  EXPECT_EQ(dimension("fleet.installed_performance"), "FLOP/yr");
  EXPECT_EQ(dimension("fleet.gap_cumulative"), "USD");
}

TEST_F(FleetBlockTest, FrameOfSamplesMatchesEachSampleAlone) {
  FleetBlock block(structure_, slots_);
  const size_t count = 37;  // more than two chunks of samples
  const uint32_t years = static_cast<uint32_t>(structure_.years);
  Program program;
  program.first_year = structure_.first_year;
  program.years = years;
  std::vector<Operand> inputs, outputs;
  for (const auto& slot : slots_) {
    inputs.push_back({program.slot_count, slot.yearly ? years : 1u});
    program.slot_count += inputs.back().length;
  }
  for (int o = 0; o < fleet_series_count(structure_); ++o) {
    outputs.push_back({program.slot_count, years});
    program.slot_count += years;
  }
  Workspace workspace(program, count);
  for (size_t i = 0; i < slots_.size(); ++i) {
    for (uint32_t y = 0; y < inputs[i].length; ++y) {
      for (size_t s = 0; s < count; ++s) {
        workspace.slot(inputs[i].slot + y)[s] = value(i, s, static_cast<int>(y));
      }
    }
  }
  BlockFrame frame(workspace.slots(), inputs, outputs, program.first_year, years, count);
  block.evaluate(frame);

  for (size_t s = 0; s < count; ++s) {
    std::vector<std::vector<double>> values;
    for (size_t i = 0; i < slots_.size(); ++i) {
      values.emplace_back();
      for (uint32_t y = 0; y < inputs[i].length; ++y) {
        values.back().push_back(value(i, s, static_cast<int>(y)));
      }
    }
    FleetScratch scratch(structure_);
    std::vector<double> expected(outputs.size() * years);
    ASSERT_TRUE(simulate_fleet(structure_, block.sample(values), scratch, expected.data()));
    for (size_t o = 0; o < outputs.size(); ++o) {
      for (uint32_t y = 0; y < years; ++y) {
        EXPECT_EQ(workspace.slot(outputs[o].slot + y)[s], expected[o * years + y])
            << "sample " << s << " output " << o << " year " << y;
      }
    }
  }
}

TEST_F(FleetBlockTest, SampleOutsideTheDomainIsNotANumber) {
  FleetBlock block(structure_, slots_);
  Program program;
  program.first_year = structure_.first_year;
  program.years = static_cast<uint32_t>(structure_.years);
  std::vector<Operand> inputs, outputs;
  for (size_t i = 0; i < slots_.size(); ++i) inputs.push_back({program.slot_count++, 1});
  for (int o = 0; o < fleet_series_count(structure_); ++o) {
    outputs.push_back({program.slot_count, program.years});
    program.slot_count += program.years;
  }
  Workspace workspace(program, 2);
  for (size_t i = 0; i < slots_.size(); ++i) {
    for (size_t s = 0; s < 2; ++s) workspace.slot(inputs[i].slot)[s] = value(i, 0, 0);
  }
  workspace.slot(inputs[4].slot)[1] = -3;  // physical_life of sample 1
  BlockFrame frame(workspace.slots(), inputs, outputs, program.first_year, program.years, 2);
  block.evaluate(frame);
  EXPECT_TRUE(std::isfinite(workspace.slot(outputs[0].slot)[0]));
  EXPECT_TRUE(std::isnan(workspace.slot(outputs[0].slot)[1]));
}

// One input of every kind but the mix, each in its range; yearly ones over three years.
struct EveryInput {
  FleetStructure structure;
  std::vector<FleetInputSlot> slots;
  std::vector<std::vector<double>> values;

  EveryInput() {
    structure.first_year = 2024;
    structure.years = 3;
    structure.generations = {"a"};
    structure.generation_first_year = {2024};
    structure.extrapolate = true;
    const std::pair<FleetInputKind, double> inputs[] = {
        {FleetInputKind::kSpend, 1e9},
        {FleetInputKind::kAiRevenue, -1e9},
        {FleetInputKind::kElectricityPrice, 0.7},
        {FleetInputKind::kPue, 1.2},
        {FleetInputKind::kUtilisation, 0.8},
        {FleetInputKind::kCloudMargin, 0.2},
        {FleetInputKind::kTaxRate, 0.21},
        {FleetInputKind::kOverheadPower, 500},
        {FleetInputKind::kIdlePower, 0.2},
        {FleetInputKind::kShellCapex, 10},
        {FleetInputKind::kShellLife, 25},
        {FleetInputKind::kPhysicalLife, 5},
        {FleetInputKind::kBookLife, 6},
        {FleetInputKind::kDdbFactor, 2},
        {FleetInputKind::kSalvage, 0.1},
        {FleetInputKind::kOperationsRate, 0.02},
        {FleetInputKind::kFrontierDoublingTime, 2},
        {FleetInputKind::kFrontierEfficiencyDoublingTime, 1.7},
        {FleetInputKind::kPrice, 30000},
        {FleetInputKind::kPower, 700},
        {FleetInputKind::kPerformance, 3e22},
    };
    for (const auto& [kind, value] : inputs) {
      const bool yearly = kind <= FleetInputKind::kTaxRate;
      const int generation = kind >= FleetInputKind::kPrice ? 0 : -1;
      slots.push_back(
          {kind, generation, "input", kind == FleetInputKind::kSalvage ? "%" : "", yearly});
      values.emplace_back(yearly ? 3 : 1, value);
    }
  }

  bool simulate(const FleetBlock& block) const {
    FleetScratch scratch(structure);
    std::vector<double> out(static_cast<size_t>(fleet_series_count(structure)) * structure.years);
    return simulate_fleet(structure, block.sample(values), scratch, out.data());
  }
};

TEST(FleetBlockDomain, EveryInputOutsideItsRangeIsNamed) {
  EveryInput fleet;
  FleetBlock block(fleet.structure, fleet.slots);
  ASSERT_TRUE(fleet.simulate(block));
  EXPECT_FALSE(block.explain_not_finite(fleet.values).has_value());
  for (size_t i = 0; i < fleet.slots.size(); ++i) {
    const FleetInputRange& range = fleet_input_range(fleet.slots[i].kind);
    std::vector<double> outside = {std::nan(""), std::numeric_limits<double>::infinity()};
    if (std::isfinite(range.low)) outside.push_back(range.low_open ? range.low : range.low - 1);
    if (std::isfinite(range.high)) {
      outside.push_back(range.high_open ? range.high : range.high + 0.5);
    }
    for (double bad : outside) {
      EveryInput copy = fleet;
      copy.values[i].back() = bad;
      EXPECT_FALSE(copy.simulate(block)) << i << " = " << bad;
      auto problem = block.explain_not_finite(copy.values);
      ASSERT_TRUE(problem.has_value()) << i << " = " << bad;
      EXPECT_EQ(problem->input, i);
      EXPECT_EQ(problem->year, fleet.slots[i].yearly ? 2 : -1);
      EXPECT_EQ(problem->reason, std::string("it must be ") + range.text);
    }
  }
}

TEST(FleetBlockDomain, SpendWithNothingOnSaleIsNamed) {
  EveryInput fleet;
  fleet.structure.generation_first_year = {2025};
  FleetBlock block(fleet.structure, fleet.slots);
  EXPECT_FALSE(fleet.simulate(block));
  auto problem = block.explain_not_finite(fleet.values);
  ASSERT_TRUE(problem.has_value());
  EXPECT_EQ(problem->input, 0u);  // spend
  EXPECT_EQ(problem->year, 0);
  EXPECT_EQ(problem->reason, "no generation in [fleet] generations is on sale before 2025");
  fleet.values[0][0] = 0;
  EXPECT_TRUE(fleet.simulate(block));
  EXPECT_FALSE(block.explain_not_finite(fleet.values).has_value());
}

TEST_F(FleetBlockTest, CheckNamesWrongUnitsAndSeries) {
  FleetBlock block(structure_, slots_);
  std::vector<BlockInputInfo> infos;
  for (const auto& slot : slots_) {
    infos.push_back({slot.name, known_unit(slot.unit).dimension, false, {}});
  }
  EXPECT_TRUE(block.check(infos).ok());
  infos[1].dimension = known_unit("USD").dimension;  // electricity_price
  infos[4].series = true;                            // physical_life
  Status checked = block.check(infos);
  const std::vector<Diagnostic>& errors = checked.diagnostics();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].message,
            "the [fleet] block reads 'fleet.electricity_price' in USD/kWh (USD/yr/W), but it is in "
            "USD");
  EXPECT_EQ(errors[1].message,
            "'fleet.physical_life' must be one value, not a series: the [fleet] block reads it "
            "once for every vintage");
}

}  // namespace
}  // namespace gpugap
