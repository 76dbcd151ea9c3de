// The formula language: a small Pratt parser. We write our own (rather than use a library)
// because no Debian-packaged parser gives us units on literals and diagnostics that point into
// a TOML string with file:line:col; the grammar is a screenful (docs/scenario-format.md).
//
//   expr    := or ("to" or)?
//   or      := and ("or" and)*          and := cmp ("and" cmp)*
//   cmp     := sum (("<"|"<="|">"|">="|"=="|"!=") sum)?
//   sum     := prod (("+"|"-") prod)*    prod := unary (("*"|"/") unary)*
//   unary   := ("-"|"not") unary | power power := atom ("^" unary)?
//   atom    := number ("[" unit "]")? | name | name "(" args ")" | "(" expr ")"
//   number  := digits ("." digits)? (e ("+"|"-")? digits)? ("k"|"M"|"B"|"T"|"%")?
//   args    := (arg ("," arg)*)?       arg := expr (":" expr)?
// Comments run from '#' to the end of the line.
#pragma once

#include <string_view>

#include "gpugap/expr/ast.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

// Parses `text`; errors are located through `origin`.
Result<ExprPtr> parse_formula(std::string_view text, const TextOrigin& origin);

// True when the text is a plain number, e.g. "150B" or "-3.5%": such values take the declared
// unit of their quantity.
bool is_constant(const Expr& expr);

}  // namespace gpugap
