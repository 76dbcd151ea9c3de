#include "gpugap/random/sobol.h"

#include <algorithm>
#include <bit>
#include <boost/random/detail/sobol_table.hpp>
#include <vector>

namespace gpugap {
namespace {

// 32 direction numbers per dimension, dimension by dimension, as Boost.Random computes them
// (Bratley and Fox's recurrence from Joe and Kuo's initial numbers).
const std::vector<uint32_t>& directions() {
  static const std::vector<uint32_t> table = [] {
    using Tables = boost::random::detail::qrng_tables::sobol;
    std::vector<uint32_t> v(kSobolDimensions * 32);
    for (size_t dim = 0; dim < kSobolDimensions; ++dim) {
      uint32_t* m = v.data() + dim * 32;
      if (dim == 0) {
        for (int k = 0; k < 32; ++k) m[k] = 1;
      } else {
        const unsigned poly = Tables::polynomial(dim - 1);
        const int degree = std::bit_width(poly) - 1;
        for (int k = 0; k < degree; ++k) m[k] = Tables::minit(dim - 1, static_cast<size_t>(k));
        for (int j = degree; j < 32; ++j) {
          unsigned p = poly;
          m[j] = m[j - degree];
          for (int k = 0; k < degree; ++k, p >>= 1) {
            const int rem = degree - k;
            m[j] ^= ((p & 1) * m[j - rem]) << rem;
          }
        }
      }
      for (int k = 0; k < 32; ++k) m[k] <<= 31 - k;  // m_k / 2^(k+1) as a 32-bit fraction
    }
    return v;
  }();
  return table;
}

uint64_t mix(uint64_t x) {  // SplitMix64's finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

uint32_t reverse_bits(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
  return (x >> 16) | (x << 16);
}

// Owen's nested uniform scramble by a hash: on the reversed bits, a map where each bit is
// flipped by a function of the bits below it (Laine and Karras; Burley 2020; Vegdahl's constants).
uint32_t owen_scramble(uint32_t x, uint32_t seed) {
  x = reverse_bits(x);
  x ^= x * 0x3d20adeau;
  x += seed;
  x *= (seed >> 16) | 1u;
  x ^= x * 0x05526c56u;
  x ^= x * 0x53a22864u;
  return reverse_bits(x);
}

}  // namespace

uint32_t sobol_point(size_t dimension, uint32_t index) {
  const uint32_t* v = directions().data() + dimension * 32;
  uint32_t x = 0;
  for (int k = 0; index != 0; ++k, index >>= 1) {
    if (index & 1) x ^= v[k];
  }
  return x;
}

void ScrambledSobol::fill(size_t leaf, uint64_t stream, uint64_t first, size_t count,
                          double* out) const {
  size_t i = 0;
  while (i < count) {
    // One scramble at a time: its seed, then its points.
    const uint64_t sample = first + i;
    const uint64_t scramble = sample / points_;
    uint64_t point = sample % points_;
    const uint64_t key = mix(mix(seed_ ^ mix(stream)) + scramble);
    const uint32_t seed = static_cast<uint32_t>(key >> 32);
    const size_t run = static_cast<size_t>(std::min<uint64_t>(count - i, points_ - point));
    for (size_t t = 0; t < run; ++t, ++point) {
      const uint32_t x = owen_scramble(sobol_point(leaf, static_cast<uint32_t>(point)), seed);
      const uint64_t low = mix(key ^ point) >> 43;  // 21 random bits below the point's 32
      out[i + t] = (static_cast<double>((static_cast<uint64_t>(x) << 21) | low) + 0.5) * 0x1.0p-53;
    }
    i += run;
  }
}

}  // namespace gpugap
