// Evaluates a formula that names no quantity ("600B", "-5%", "50B + 25B", "3[GW]") to a number.
// Used for published figures in [expect], which are constants in their quantity's unit, and by
// the compiler for parameters it can check before sampling.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gpugap/expr/ast.h"
#include "gpugap/units/units.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

// A value written with numbers only, with or without units ("5", "-10%", "3[GW]", "2 * 1[yr]"):
// its value in base units and its dimension; nothing when it names a quantity, calls a function
// or adds amounts in different units.
struct Constant {
  double value = 0;
  Dimension dimension;
};
std::optional<Constant> fold_constant(const Expr& expr);

// The number, or nothing when the expression names a quantity, calls a function or writes a unit.
std::optional<double> constant_value(const Expr& expr);

// A literal integer, possibly negated, of at most a million (lag's shift, at's year, a
// dimensioned power): written as such, without unit or %.
bool literal_integer(const Expr& expr, int64_t& out);

// A number as a person writes it for a quantity ("600B", "40%"), in base units: the text is in
// `unit`, except that a "%" figure for a % quantity is already a fraction — the rule a quantity's
// own value follows. `what` names the number in the error when the text is not a number.
Result<double> number_in_unit(const std::string& text, const TextOrigin& origin, const Unit& unit,
                              const std::string& what);

}  // namespace gpugap
