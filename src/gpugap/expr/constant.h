// Evaluates a formula that names no quantity ("600B", "-5%", "50B + 25B") to a plain number.
// Used for published figures in [expect], which are constants in their quantity's unit.
#pragma once

#include <optional>

#include "gpugap/expr/ast.h"

namespace gpugap {

// The number, or nothing when the expression names a quantity or calls a function.
std::optional<double> constant_value(const Expr& expr);

}  // namespace gpugap
