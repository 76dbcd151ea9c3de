// The distributions a formula may draw from, each described once, in one row: its name, its
// parameters and how to write it, the rules the compiler checks (units, and the parameters'
// values when the formula writes them as numbers), the op it compiles to, its quantile function,
// and what is wrong with its parameters when they are known only when sampled. The compiler
// (compile/distributions.cc), the interpreter and the non-finite tracer read this table.
//
// To add a distribution: a row in program/distributions.cc, its op in program/program.h (next to
// the other kQ ops), its quantile function (random/distributions.{h,cc} if it is new), and a line
// in docs/scenario-format.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpugap/program/program.h"

namespace gpugap {

struct Distribution {
  // The units of the parameters and of the value: one unit for all (the value's), or plain
  // numbers for all (the value is a plain number too).
  enum class Units { kSame, kPlain };

  const char* name;                     // "triangular"; "to" for the 90% interval "low to high"
  std::vector<const char*> parameters;  // {"low", "mode", "high"}; empty for discrete()
  const char* usage;                    // "triangular(low, mode, high)"
  Op op;                                // its quantile op: u in a, parameters in b, c, d
  Units units = Units::kSame;
  // Why the parameters are wrong, as the compiler says it when the formula writes them as numbers:
  // `known[i]` is the i-th parameter's value (base units) when written as a number, `text[i]` how
  // it is written. Empty when fine or not known enough to tell.
  std::string (*check)(const std::optional<double>* known, const std::string* text) = nullptr;
  // The quantile at u of parameters p (base units): NaN when they are invalid. Null for
  // discrete(), whose table the interpreter reads.
  double (*quantile)(double u, const double* p) = nullptr;
  // What is wrong with parameters p known only when sampled ("a negative standard deviation"),
  // for the error that traces a NaN to them; null when they are fine.
  const char* (*invalid)(const double* p) = nullptr;
};

// Every distribution, in the order the messages list them; the 90% interval "to" last.
const std::vector<Distribution>& distributions();

// The distribution a formula calls by `name` (not "to"), or null.
const Distribution* find_distribution(std::string_view name);

// The distribution whose quantile op is `op`, or null when `op` draws none.
const Distribution* distribution_of(Op op);

// The names a formula calls distributions by: normal, lognormal, …, discrete.
std::vector<std::string> distribution_names();

}  // namespace gpugap
