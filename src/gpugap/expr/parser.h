// The formula language: a small Pratt parser. We write our own (rather than use a library)
// because no Debian-packaged parser gives us units on literals and diagnostics that point into
// a TOML string with file:line:col; the grammar is a screenful (docs/scenario-format.md).
//
//   expr    := or ("to" or)?
//   or      := and ("or" and)*          and := not ("and" not)*
//   not     := "not" not | cmp
//   cmp     := sum (("<"|"<="|">"|">="|"=="|"!=") sum)?
//   sum     := prod (("+"|"-") prod)*    prod := unary (("*"|"/") unary)*
//   unary   := "-" unary | power         power := atom ("^" unary)?
//   atom    := number ("[" unit "]")? | name | name "(" args ")" | "(" expr ")"
//   number  := digits ("." digits)? (e ("+"|"-")? digits)? ("k"|"M"|"B"|"T"|"%")?
//   args    := (arg ("," arg)*)?       arg := expr (":" expr)?
// Comments run from '#' to the end of the line. Trees are at most 256 levels high (parentheses
// and calls count too), so that every recursive walk over them is bounded.
#pragma once

#include <string_view>

#include "gpugap/expr/ast.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

// Parses `text`; errors are located through `origin`.
Result<ExprPtr> parse_formula(std::string_view text, const TextOrigin& origin);

// True when `text` is a name as formulas write it: a letter or '_', then letters, digits, '_' and
// '.'. Only such names can be referred to, so only they can name a quantity.
bool is_name(std::string_view text);

// True when the text is a plain number, e.g. "150B" or "-3.5%": such values take the declared
// unit of their quantity.
bool is_constant(const Expr& expr);

}  // namespace gpugap
