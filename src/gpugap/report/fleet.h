// The output of `gpugap fleet`: a scenario's [fleet] block as matrices, each vintage's GPUs in
// service, book and economic value and rent year by year, with its obsolescence and payback years
// (by vintage), or GPUs bought and in service by generation (by generation); then the yearly
// outputs. As a table for people (years across, in panels under ~110 columns; "·" where a vintage
// or generation is not in service, 0 where a value is zero), JSON and CSV.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/blocks/fleet_block.h"
#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"

namespace gpugap {

// What is shown: the point run of a scenario and its fleet block's detail of that run.
struct FleetView {
  const Model* model = nullptr;
  const PointResults* results = nullptr;
  const FleetBlock* block = nullptr;
  FleetDetail detail;
  std::vector<int> years;
};

// `by` is "vintage" or "generation".
std::string render_fleet_table(const FleetView& view, const std::string& by);
nlohmann::ordered_json render_fleet_json(const FleetView& view, const std::string& by);
std::string render_fleet_csv(const FleetView& view, const std::string& by);

}  // namespace gpugap
