// The compiled form of a scenario, the language between the compiler (compile/) and the
// interpreter (engine/): a flat list of instructions over numbered slots, each slot an array of
// one batch of samples (structure of arrays). A point run is a batch of one; Monte Carlo runs the
// same program over larger batches. A series occupies one slot per year, consecutively. Programs
// are immutable after compile and safe to evaluate from several threads, each with its own memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace gpugap {

enum class Op : uint8_t {
  kConst,  // dst = k
  kCopy,   // dst = a
  kYear,   // dst[y] = first_year + y
  // element-wise, one operand
  kNeg,
  kNot,
  kAbs,
  kExp,
  kLog,
  kSqrt,
  kSin,
  kCos,
  // element-wise, two operands
  kAdd,
  kSub,
  kMul,
  kDiv,
  kPow,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
  kAnd,
  kOr,
  kMin,
  kMax,
  kLerp,  // dst = a + (b - a) * k
  // element-wise, three operands
  kSelect,  // dst = a != 0 ? b : c
  kClamp,   // dst = min(max(a, b), c)
  // over the years of a series
  kSum,        // scalar dst = sum of a over years
  kMean,       // scalar dst = mean of a over years
  kCumsum,     // dst[y] = a[0] + … + a[y]
  kLag,        // dst[y] = a[y - k], or b (a scalar) before the first year
  kAt,         // scalar dst = a[k]
  kGrowth,     // dst[0] = a, dst[y] = dst[y-1] * (1 + b[y])
  kNpv,        // scalar dst = sum_y b[y] / (1 + a)^y
  kFirstYear,  // scalar dst = first_year + first y with a[y] != 0, or +infinity
  kBlock,      // calls[k]: a domain model (program/block.h) computing several outputs at once
  // uncertainty: a uniform per random leaf, an optional copula, then a quantile function
  kUniform,      // dst = the uniforms of leaves[k] for this batch's samples
  kCopula,       // copulas[k]: correlate the uniforms of its leaves in place (dst unused)
  kQNormal,      // dst = b + c * Φ⁻¹(a)                      a is the uniform
  kQLognormal,   // dst = exp(b + c * Φ⁻¹(a))
  kQUniform,     // dst = b + (c - b) * a
  kQLogUniform,  // dst = exp(ln b + (ln c - ln b) * a)
  kQTriangular,  // triangular(low b, mode c, high d)
  kQPert,        // PERT(low b, mode c, high d): a scaled beta
  kQBeta,        // beta(alpha b, beta c)
  kQInterval90,  // "b to c": 90% interval, lognormal if b > 0 else normal
  kQDiscrete,    // discretes[k]: value by cumulative probability
};

class Block;

// A slot range: `length` is 1 for a scalar, the number of years for a series.
struct Operand {
  uint32_t slot = 0;
  uint32_t length = 1;
};

struct Instruction {
  Op op = Op::kConst;
  Operand dst;
  Operand a, b, c, d;
  double k = 0;
  int32_t origin = -1;  // index into the compiler's table of source expressions
};

// One call of a block: where its inputs are and where its outputs go.
struct BlockCall {
  std::shared_ptr<const Block> block;
  std::vector<Operand> inputs;
  std::vector<Operand> outputs;
};

// A source of randomness: one per distribution written in a formula, keyed by the quantity's
// name and the distribution's place in it, so that its draws do not depend on anything else.
struct RandomLeaf {
  std::string key;      // "gpu_runrate#0"
  uint64_t stream = 0;  // stream_hash(key)
  uint32_t slot = 0;    // where its uniforms go
  uint32_t value = 0;   // where the distribution's value goes (its quantile function's output)
};

// Rank-correlated leaves through a Gaussian copula: z = L · Φ⁻¹(u), u' = Φ(z).
struct Copula {
  std::vector<uint32_t> leaves;
  std::vector<double> cholesky;  // lower triangle of L, row-major, leaves.size()² entries
};

struct DiscreteTable {
  std::vector<double> values;      // ascending; base units
  std::vector<double> cumulative;  // cumulative probabilities, last = 1
};

struct Program {
  int first_year = 0;
  uint32_t years = 1;
  uint32_t slot_count = 0;
  std::vector<Instruction> code;
  std::vector<BlockCall> calls;
  std::vector<RandomLeaf> leaves;
  std::vector<Copula> copulas;
  std::vector<DiscreteTable> discretes;
};

class UniformSource;  // random/streams.h

// Where a run's uniforms come from. By default every leaf draws from its own stream, samples
// first_sample … first_sample + count - 1. `fixed` pins leaves to one uniform each (0.5 is the
// median; NaN leaves that leaf drawing); `columns` supplies them (Sobol designs), indexed by
// sample number. `source`, when set, replaces the Philox streams for drawn leaves (quasi-Monte
// Carlo); copulas apply to its uniforms as to the streams'. Copulas apply only to drawn uniforms.
struct Sampling {
  uint64_t seed = 0;
  uint64_t first_sample = 0;
  const UniformSource* source = nullptr;
  const std::vector<double>* fixed = nullptr;
  const std::vector<const double*>* columns = nullptr;
};

// The memory of one evaluation as the program sees it: slot i holds `batch` samples from
// base + i × batch. The interpreter's Workspace owns it; a Block reads and writes through it.
struct Slots {
  double* base = nullptr;
  size_t batch = 0;
  double* slot(uint32_t index) const { return base + static_cast<size_t>(index) * batch; }
};

}  // namespace gpugap
