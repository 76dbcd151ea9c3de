// The [fleet] block: the fleet model (fleet_model.h) as one step of a compiled program. Its inputs
// are quantities "fleet.<input>" (fleet_config.h makes them from the [fleet] table), its outputs
// the yearly series "fleet.<output>" listed by fleet_series(). evaluate() runs the model once per
// sample of the batch; it is const and thread-safe, and allocates once per call, not per sample.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gpugap/blocks/fleet_model.h"
#include "gpugap/program/block.h"

namespace gpugap {

struct FleetInputSlot {
  FleetInputKind kind = FleetInputKind::kSpend;
  int generation = -1;  // kPrice, kPower, kPerformance, kMix
  std::string name;     // full quantity name, "fleet.pue", "fleet.H100.price"
  std::string unit;     // the unit the model expects (its dimension is checked)
  bool yearly = false;  // may be a series
};

class FleetBlock : public Block {
 public:
  FleetBlock(FleetStructure structure, std::vector<FleetInputSlot> slots);

  std::string name() const override { return "fleet"; }
  std::vector<std::string> inputs() const override;
  std::vector<BlockOutput> outputs() const override;
  Status check(const std::vector<BlockInputInfo>& inputs) const override;
  void evaluate(BlockFrame& frame) const override;
  // An input outside its domain (fleet_input_range), or spend in a year with nothing on sale.
  std::optional<BlockInputProblem> explain_not_finite(
      const std::vector<std::vector<double>>& values) const override;

  const FleetStructure& structure() const { return structure_; }
  const std::vector<FleetInputSlot>& slots() const { return slots_; }
  // One sample's inputs from evaluated values (parallel to inputs(): one value, or one per year;
  // base units), for reports such as `gpugap fleet`.
  FleetInputs sample(const std::vector<std::vector<double>>& values) const;

 private:
  FleetStructure structure_;
  std::vector<FleetInputSlot> slots_;
};

}  // namespace gpugap
