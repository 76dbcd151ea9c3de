#include "gpugap/blocks/fleet_block.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace gpugap {
namespace {

// Stores one input value (base units) of year `year` into its field of FleetInputs.
void assign(FleetInputs& in, const FleetInputSlot& slot, int year, double value) {
  switch (slot.kind) {
    case FleetInputKind::kSpend:
      in.spend[year] = value;
      return;
    case FleetInputKind::kAiRevenue:
      in.ai_revenue[year] = value;
      return;
    case FleetInputKind::kElectricityPrice:
      in.electricity_price[year] = value;
      return;
    case FleetInputKind::kPue:
      in.pue[year] = value;
      return;
    case FleetInputKind::kUtilisation:
      in.utilisation[year] = value;
      return;
    case FleetInputKind::kCloudMargin:
      in.cloud_margin[year] = value;
      return;
    case FleetInputKind::kTaxRate:
      in.tax_rate[year] = value;
      return;
    case FleetInputKind::kMix:
      in.mix[slot.generation][year] = value;
      return;
    case FleetInputKind::kOverheadPower:
      in.overhead_power = value;
      return;
    case FleetInputKind::kIdlePower:
      in.idle_power = value;
      return;
    case FleetInputKind::kShellCapex:
      in.shell_capex = value;
      return;
    case FleetInputKind::kShellLife:
      in.shell_life = value;
      return;
    case FleetInputKind::kPhysicalLife:
      in.physical_life = value;
      return;
    case FleetInputKind::kBookLife:
      in.book_life = value;
      return;
    case FleetInputKind::kDdbFactor:
      in.ddb_factor = value;
      return;
    case FleetInputKind::kSalvage:
      in.salvage = value;
      return;
    case FleetInputKind::kOperationsRate:
      in.operations_rate = value;
      return;
    case FleetInputKind::kDiscountRate:
      in.discount_rate = value;
      return;
    case FleetInputKind::kFrontierDoublingTime:
      in.frontier_doubling_time = value;
      return;
    case FleetInputKind::kFrontierEfficiencyDoublingTime:
      in.frontier_efficiency_doubling_time = value;
      return;
    case FleetInputKind::kPrice:
      in.price[slot.generation] = value;
      return;
    case FleetInputKind::kPower:
      in.power[slot.generation] = value;
      return;
    case FleetInputKind::kPerformance:
      in.performance[slot.generation] = value;
      return;
  }
}

std::string dimension_text(const Dimension& d) {
  return d.dimensionless() ? "a plain number" : to_string(d);
}

}  // namespace

FleetBlock::FleetBlock(FleetStructure structure, std::vector<FleetInputSlot> slots)
    : structure_(std::move(structure)), slots_(std::move(slots)) {}

std::vector<std::string> FleetBlock::inputs() const {
  std::vector<std::string> names;
  for (const auto& slot : slots_) names.push_back(slot.name);
  return names;
}

std::vector<BlockOutput> FleetBlock::outputs() const {
  std::vector<BlockOutput> out;
  for (const auto& info : fleet_series(structure_)) {
    out.push_back({"fleet." + info.name, info.unit, true, info.note, info.may_be_never});
  }
  return out;
}

Status FleetBlock::check(const std::vector<BlockInputInfo>& inputs) const {
  std::vector<Diagnostic> errors;
  for (size_t i = 0; i < inputs.size() && i < slots_.size(); ++i) {
    const FleetInputSlot& slot = slots_[i];
    const BlockInputInfo& info = inputs[i];
    const Unit expected = known_unit(slot.unit);
    if (info.dimension != expected.dimension) {
      const std::string wanted =
          slot.unit.empty() ? "a plain number"
          : to_string(expected.dimension) == slot.unit
              ? slot.unit
              : fmt::format("{} ({})", slot.unit, to_string(expected.dimension));
      errors.push_back({info.where,
                        fmt::format("the [fleet] block reads '{}' in {}, but it is in {}",
                                    slot.name, wanted, dimension_text(info.dimension)),
                        slot.unit.empty() ? "write a plain number"
                                          : fmt::format("give it unit = \"{}\"", slot.unit)});
    }
    if (info.series && !slot.yearly) {
      errors.push_back({info.where,
                        fmt::format("'{}' must be one value, not a series: the [fleet] block "
                                    "reads it once for every vintage",
                                    slot.name),
                        "give a single value (an uncertain one is fine)"});
    }
  }
  return errors;
}

FleetInputs FleetBlock::sample(const std::vector<std::vector<double>>& values) const {
  FleetInputs in(structure_);
  for (size_t i = 0; i < slots_.size(); ++i) {
    const auto& v = values[i];
    const int years = slots_[i].yearly ? structure_.years : 1;
    for (int y = 0; y < years; ++y) assign(in, slots_[i], y, v.size() > 1 ? v[y] : v[0]);
  }
  return in;
}

std::optional<BlockInputProblem> FleetBlock::explain_not_finite(
    const std::vector<std::vector<double>>& values) const {
  // simulate_fleet() says why it refused the sample; this only finds the input and words it.
  const FleetStructure& s = structure_;
  const FleetInputs in = sample(values);
  FleetScratch scratch(s);
  std::vector<double> out(static_cast<size_t>(fleet_series_count(s)) * s.years);
  FleetRefusal refusal;
  if (simulate_fleet(s, in, scratch, out.data(), nullptr, &refusal)) return std::nullopt;
  std::optional<size_t> slot;
  for (size_t i = 0; i < slots_.size() && i < values.size(); ++i) {
    if (slots_[i].kind == refusal.input && slots_[i].generation == refusal.generation) slot = i;
  }
  if (!slot) return std::nullopt;
  const FleetInputSlot& input = slots_[*slot];
  const bool series = values[*slot].size() > 1;
  const int year = series ? refusal.year : -1;
  switch (refusal.why) {
    case FleetRefusal::Why::kOutOfRange:
      return BlockInputProblem{*slot, year,
                               fmt::format("it must be {}", fleet_input_range(input.kind).text),
                               input.unit == "%" ? "a share such as \"70%\"" : "", ""};
    case FleetRefusal::Why::kNotOnSale:
      return BlockInputProblem{
          *slot, refusal.year,
          fmt::format("{} is not on sale before {}", s.generations[refusal.generation],
                      s.generation_first_year[refusal.generation]),
          "a generation's first year comes from the catalogue or [fleet.gpu.NAME] first_year", ""};
    case FleetRefusal::Why::kNothingOnSale: {
      int earliest = std::numeric_limits<int>::max();
      for (int first : s.generation_first_year) earliest = std::min(earliest, first);
      const int calendar_year = s.first_year + refusal.year;
      return BlockInputProblem{
          *slot, refusal.year,
          fmt::format("{}no generation in [fleet] generations is on sale before {}",
                      series ? "" : fmt::format("in {} ", calendar_year), earliest),
          fmt::format("list a generation on sale in {} in [fleet] generations, or make spend 0 "
                      "before {}",
                      calendar_year, earliest),
          ""};
    }
    case FleetRefusal::Why::kNoGeneration:
      break;
  }
  return std::nullopt;
}

// Samples are taken a chunk at a time: the frame keeps each input and output year as an array
// over samples, while the model works one sample at a time, so inputs are copied into a small
// buffer and results out of one, a row of the chunk at a time, rather than touching hundreds of
// far-apart arrays for every sample.
void FleetBlock::evaluate(BlockFrame& frame) const {
  constexpr size_t kChunk = 16;
  const int years = structure_.years;
  const int series = fleet_series_count(structure_);
  const size_t count = frame.count();
  if (static_cast<int>(frame.years()) != years) {
    // The time axis cannot change after the block is made; guard rather than misread.
    for (int o = 0; o < series; ++o) {
      for (uint32_t y = 0; y < frame.years(); ++y) {
        std::fill(frame.output(o, y), frame.output(o, y) + count,
                  std::numeric_limits<double>::quiet_NaN());
      }
    }
    return;
  }
  // Rows of the input buffer: every year of every input (one row for a scalar).
  std::vector<std::pair<size_t, uint32_t>> rows;
  for (size_t i = 0; i < slots_.size(); ++i) {
    const uint32_t input_years = slots_[i].yearly ? static_cast<uint32_t>(years) : 1;
    for (uint32_t y = 0; y < input_years; ++y) rows.emplace_back(i, y);
  }
  std::vector<double> inputs(rows.size() * kChunk);
  std::vector<double> outputs(static_cast<size_t>(series) * years * kChunk);
  std::vector<double> result(static_cast<size_t>(series) * years);
  FleetInputs in(structure_);
  FleetScratch scratch(structure_);
  for (size_t first = 0; first < count; first += kChunk) {
    const size_t n = std::min(kChunk, count - first);
    for (size_t r = 0; r < rows.size(); ++r) {
      const double* from = frame.input(rows[r].first, rows[r].second) + first;
      std::copy(from, from + n, inputs.begin() + static_cast<std::ptrdiff_t>(r * kChunk));
    }
    for (size_t s = 0; s < n; ++s) {
      for (size_t r = 0; r < rows.size(); ++r) {
        assign(in, slots_[rows[r].first], static_cast<int>(rows[r].second), inputs[r * kChunk + s]);
      }
      const bool ok = simulate_fleet(structure_, in, scratch, result.data());
      for (size_t k = 0; k < result.size(); ++k) {
        outputs[k * kChunk + s] = ok ? result[k] : std::numeric_limits<double>::quiet_NaN();
      }
    }
    for (int o = 0; o < series; ++o) {
      for (int y = 0; y < years; ++y) {
        const size_t k = static_cast<size_t>(o) * years + y;
        std::copy(outputs.begin() + static_cast<std::ptrdiff_t>(k * kChunk),
                  outputs.begin() + static_cast<std::ptrdiff_t>(k * kChunk + n),
                  frame.output(o, static_cast<uint32_t>(y)) + first);
      }
    }
  }
}

}  // namespace gpugap
