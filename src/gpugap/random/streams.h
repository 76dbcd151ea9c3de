// Counter-based random streams (Philox4x32-10, random/philox.h). The i-th uniform of a stream is a
// pure function of (seed, stream key, i): results do not depend on threads, block sizes or the
// other random quantities of a scenario (common random numbers between scenarios).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace gpugap {

// A stable 64-bit hash of a stream's name (FNV-1a): the same on every platform and run.
uint64_t stream_hash(std::string_view name);

// Fills out[0..count) with the uniforms number first, first+1, … of stream (seed, stream), each
// strictly inside (0, 1) with 53 random bits.
void uniforms(uint64_t seed, uint64_t stream, uint64_t first, size_t count, double* out);

// Where the uniforms of a run's random leaves come from, when not from the Philox streams above
// (quasi-Monte Carlo points, say). fill() writes out[0..count) with the uniforms of samples
// first … first + count − 1 of leaf `leaf` (its stream key is `stream`), each strictly inside
// (0, 1). It must be a pure function of its arguments (the engine calls it from several threads,
// for batches in any order), so that results do not depend on threads or batch sizes.
class UniformSource {
 public:
  virtual ~UniformSource() = default;
  virtual void fill(size_t leaf, uint64_t stream, uint64_t first, size_t count,
                    double* out) const = 0;
};

}  // namespace gpugap
