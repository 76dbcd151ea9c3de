// Blocks: domain models (the fleet, the financing graph) that formulas cannot express well, run
// as one step of a compiled program. A scenario switches a block on with a top-level table
// ([fleet], [financing]). Expanding the block (blocks/registry.h) adds its inputs to the scenario
// as ordinary quantities named "<block>.<input>", so they show in `run` and `explain` and take
// --set, and declares its outputs "<block>.<output>", which any formula may use.
//
// At run time the program calls evaluate() once per batch of samples with the inputs' values and
// room for the outputs. A Block is immutable after construction; evaluate() is const and must be
// safe to call from several threads at once (each with its own frame).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gpugap/program/program.h"
#include "gpugap/units/units.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

struct BlockOutput {
  std::string name;  // full name, e.g. "fleet.capex"
  std::string unit;  // unit text, e.g. "USD/yr"
  bool series = true;
  std::string note;           // what it is, shown by run and explain
  bool may_be_never = false;  // a year where +infinity means "never", as from first_year()
};

// Why a block's outputs are not finite for one sample: the input at fault (an index into
// inputs()), the year of its value (an index into the time axis; -1 for a single value), and
// why that value is refused ("it must be at least 1").
struct BlockInputProblem {
  size_t input = 0;
  int year = -1;
  std::string reason;
  std::string hint;
  // The whole message, when the block words it itself ("deal 'x' has a negative amount, -5B");
  // empty: the engine says "'<input>' is <value> [in <year>]; <reason>".
  std::string message;
};

// What the compiler knows of an input when it checks a block.
struct BlockInputInfo {
  std::string name;
  Dimension dimension;
  bool series = false;
  SourceLocation where;  // where the input's value was written
};

// The values of one evaluation: inputs to read and outputs to write, `count` samples each, in
// base units (USD, yr, W, …). A scalar input reads the same slot for every year.
class BlockFrame {
 public:
  BlockFrame(Slots slots, const std::vector<Operand>& inputs, const std::vector<Operand>& outputs,
             int first_year, uint32_t years, size_t count)
      : slots_(slots),
        inputs_(inputs),
        outputs_(outputs),
        first_year_(first_year),
        years_(years),
        count_(count) {}

  size_t count() const { return count_; }
  int first_year() const { return first_year_; }
  uint32_t years() const { return years_; }
  const double* input(size_t i, uint32_t year = 0) const {
    const Operand& o = inputs_[i];
    return slots_.slot(o.slot + (o.length > 1 ? year : 0));
  }
  double* output(size_t o, uint32_t year = 0) {
    return slots_.slot(outputs_[o].slot + (outputs_[o].length > 1 ? year : 0));
  }

 private:
  Slots slots_;
  const std::vector<Operand>& inputs_;
  const std::vector<Operand>& outputs_;
  int first_year_;
  uint32_t years_;
  size_t count_;
};

class Block {
 public:
  virtual ~Block() = default;
  // The table name that switched it on, e.g. "fleet".
  virtual std::string name() const = 0;
  // Full names of the quantities it reads, in the order evaluate() sees them.
  virtual std::vector<std::string> inputs() const = 0;
  virtual std::vector<BlockOutput> outputs() const = 0;
  // Compile-time check of the inputs' units and shapes (parallel to inputs()).
  virtual Status check(const std::vector<BlockInputInfo>& inputs) const {
    (void)inputs;
    return {};
  }
  virtual void evaluate(BlockFrame& frame) const = 0;
  // When evaluate() gave outputs that are not finite for one sample, which input is to blame, if
  // the block can tell. `values` parallels inputs(): one value, or one per year (base units).
  virtual std::optional<BlockInputProblem> explain_not_finite(
      const std::vector<std::vector<double>>& values) const {
    (void)values;
    return std::nullopt;
  }
};

}  // namespace gpugap
