// A compiled scenario: each quantity's parsed formula, its unit and shape (scalar or series),
// its direct dependencies, a topological order, and the flat Program that computes them all.
// Built once by compile() (compile/compile.h); immutable afterwards and safe to share between
// threads.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "gpugap/expr/ast.h"
#include "gpugap/program/program.h"
#include "gpugap/scenario/scenario.h"
#include "gpugap/units/units.h"

namespace gpugap {

struct CompiledQuantity {
  ExprPtr formula;                     // null for a yearly table
  std::vector<ExprPtr> year_formulas;  // parallel to QuantityDef::years
  Unit unit;                           // declared unit, or the computed dimension in base units
  bool unit_declared = false;
  bool series = false;
  Operand value;                  // where its value lives in the program's workspace
  std::vector<int> dependencies;  // quantities its formula names, in order of first use
  bool may_be_never = false;      // derived from first_year(): +infinity means "never"
  std::vector<int> leaves;        // random leaves written in its own formula (Program::leaves)
  // Parallel to leaves: how to show a leaf's own value (the Program::leaves[l].value slot):
  // format_value(value, unit). Its scale is 1 when the formula's numbers are in the declared unit.
  std::vector<Unit> leaf_units;
  bool uncertain = false;  // depends, directly or not, on a random leaf
  int block = -1;          // an output of scenario.blocks[block] …
  int block_output = -1;   // … its outputs()[block_output]

  bool is_input() const { return dependencies.empty(); }
};

// Where an instruction came from, for run-time diagnostics (division by zero and the like).
struct ExprOrigin {
  int quantity = -1;
  int year_entry = -1;  // index into QuantityDef::years, or -1 for the formula
  const Expr* expr = nullptr;
};

// An [expect] entry with its numbers read by the compiler, in base units of its quantity's unit.
struct CompiledExpectation {
  int quantity = -1;
  double low = 0;   // the value, or the low end of "between" or of a published figure's rounding
  double high = 0;  // the high end of "between" or of the rounding (low otherwise)
};

class Model {
 public:
  Model() = default;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  Scenario scenario;
  std::vector<CompiledQuantity> quantities;  // parallel to scenario.quantities
  std::vector<int> order;                    // dependencies before dependants
  Program program;
  std::vector<ExprOrigin> origins;
  std::vector<CompiledExpectation> expectations;  // parallel to scenario.expectations

  int index_of(const std::string& name) const;
  const QuantityDef& def(int index) const { return scenario.quantities[index]; }
  // Years of the time axis, or an empty list for a scenario without [time].
  std::vector<int> years() const;
  // The text and origin a node of quantity `index` was parsed from.
  const std::string& text_of(const ExprOrigin& origin) const;
  const TextOrigin& origin_of(const ExprOrigin& origin) const;

 private:
  friend class Compiler;
  std::unordered_map<std::string, int> index_;
};

}  // namespace gpugap
