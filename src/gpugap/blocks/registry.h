// The blocks a scenario can switch on with a top-level table, each registered once in
// registry.cc (name, factory, docs page, data-file keys, view: see scenario/block_kinds.h), and
// their expansion: each block's table becomes a Block (engine/block.h) and its inputs become
// quantities of the scenario. The front door (run/pipeline.h) calls it in its place in the
// pipeline; no other caller needs to.
#pragma once

#include <vector>

#include "gpugap/scenario/block_kinds.h"
#include "gpugap/scenario/scenario.h"

namespace gpugap {

Status expand_blocks(Scenario& scenario);

}  // namespace gpugap
