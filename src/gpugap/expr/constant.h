// Evaluates a formula that names no quantity ("600B", "-5%", "50B + 25B") to a plain number.
// Used for published figures in [expect], which are constants in their quantity's unit.
#pragma once

#include <optional>
#include <string>

#include "gpugap/expr/ast.h"
#include "gpugap/units/units.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

// The number, or nothing when the expression names a quantity or calls a function.
std::optional<double> constant_value(const Expr& expr);

// A number as a person writes it for a quantity ("600B", "40%"), in base units: the text is in
// `unit`, except that a "%" figure for a % quantity is already a fraction — the rule a quantity's
// own value follows. `what` names the number in the error when the text is not a number.
Result<double> number_in_unit(const std::string& text, const TextOrigin& origin, const Unit& unit,
                              const std::string& what);

}  // namespace gpugap
