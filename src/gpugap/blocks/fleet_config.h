// Reading a scenario's [fleet] table (docs/fleet-model.md): the GPU catalogue (data/gpus.csv,
// relative to the file that names it), the generations, the mix and the accounting rule become a
// FleetBlock; every number becomes a quantity "fleet.<input>" of the scenario, with its origin in
// the TOML (or the CSV) so that errors point at file:line:col. Called by blocks/registry.cc.
#pragma once

#include <memory>

#include <toml++/toml.h>

#include "gpugap/program/block.h"
#include "gpugap/scenario/scenario.h"

namespace gpugap {

Result<std::shared_ptr<const Block>> make_fleet_block(const toml::table& table, Scenario& scenario);

}  // namespace gpugap
