// Randomised quasi-Monte Carlo: the uniforms of a run's random leaves from scrambled Sobol points
// (`gpugap run --method qmc`). Leaf d takes dimension d of Sobol's sequence with Joe and Kuo's
// direction numbers (Boost.Random's table, 3667 dimensions). A run of N samples is `scrambles`
// independent randomisations of the first m = N / scrambles points, one after the other: sample
// i is point i mod m of scramble i / m. Each scramble is an Owen (nested uniform) scramble of the
// point's 32 bits by a hash (Burley 2020, with Vegdahl's constants) keyed by (seed, scramble,
// the leaf's stream), plus 21 random bits below them, so that every uniform is exactly uniform
// on (0, 1) and every scramble's mean is an unbiased estimate: their spread is the run's
// standard error.
//
// What stays true: a uniform is a pure function of (seed, scrambles, m, leaf, sample), so results
// repeat for a seed and do not depend on threads or batch sizes. What does not: a leaf's
// uniforms depend on its place among the leaves (its dimension), so adding a random input before
// it changes them (no common random numbers between scenarios), and a slice of a run is not
// balanced (no --first-sample).
#pragma once

#include <cstddef>
#include <cstdint>

#include "gpugap/random/streams.h"

namespace gpugap {

// The most leaves a quasi-Monte Carlo run can give a dimension each.
inline constexpr size_t kSobolDimensions = 3667;

// Point `index` (< 2^32) of dimension `dimension` of the unscrambled Sobol sequence, in natural
// (not Gray-code) order, as 32 bits of a fraction.
uint32_t sobol_point(size_t dimension, uint32_t index);

class ScrambledSobol : public UniformSource {
 public:
  // `points` per scramble (m); sample i is point i mod m of scramble i / m.
  ScrambledSobol(uint64_t seed, uint64_t points) : seed_(seed), points_(points) {}
  void fill(size_t leaf, uint64_t stream, uint64_t first, size_t count, double* out) const override;

 private:
  uint64_t seed_, points_;
};

}  // namespace gpugap
