#include "gpugap/random/streams.h"

#include "gpugap/random/philox.h"
#include "gpugap/random/vector_math.h"

namespace gpugap {
namespace {

// SplitMix64's finaliser: spreads (seed, stream) over Philox's 64-bit key.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

uint64_t stream_hash(std::string_view name) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : name) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

void uniforms(uint64_t seed, uint64_t stream, uint64_t first, size_t count, double* out) {
  const uint64_t k = mix(seed ^ mix(stream));
  const PhiloxKey key = {static_cast<uint32_t>(k), static_cast<uint32_t>(k >> 32)};
  // One call gives 128 bits: the uniforms 2j and 2j+1.
  auto pair = [&](uint64_t j) {
    return philox4x32_10({static_cast<uint32_t>(j), static_cast<uint32_t>(j >> 32), 0u, 0u}, key);
  };
  size_t i = 0;
  uint64_t index = first;
  if (count > 0 && (index & 1) != 0) {  // an odd start takes the second half of a pair
    const auto r = pair(index >> 1);
    out[i++] = philox_unit(r[2], r[3]);
    ++index;
  }
  // Whole pairs: SIMD (random/vector_math.h), the same bits as one counter at a time.
  const size_t pairs = (count - i) / 2;
  philox_uniform_pairs(key, index >> 1, pairs, out + i);
  i += 2 * pairs;
  index += 2 * pairs;
  if (i < count) {
    const auto r = pair(index >> 1);
    out[i] = philox_unit(r[0], r[1]);
  }
}

}  // namespace gpugap
