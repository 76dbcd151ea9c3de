#include "gpugap/random/philox.h"

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <cstdint>

namespace gpugap {
namespace {

// SplitMix64: varied keys and counters, including high bits, for the comparison below.
uint64_t next(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

TEST(Philox, MatchesRandom123BitForBit) {
  r123::Philox4x32 reference;
  uint64_t state = 1;
  for (int i = 0; i < 1000000; ++i) {
    const uint64_t a = next(state), b = next(state), k = next(state);
    const PhiloxCounter counter = {static_cast<uint32_t>(a), static_cast<uint32_t>(a >> 32),
                                   static_cast<uint32_t>(b), static_cast<uint32_t>(b >> 32)};
    const PhiloxKey key = {static_cast<uint32_t>(k), static_cast<uint32_t>(k >> 32)};
    const auto expected =
        reference({{counter[0], counter[1], counter[2], counter[3]}}, {{key[0], key[1]}});
    const PhiloxCounter got = philox4x32_10(counter, key);
    for (int w = 0; w < 4; ++w) {
      ASSERT_EQ(got[w], expected[w]) << "word " << w << " of sample " << i;
    }
  }
}

// The known-answer vectors of Random123's kat_vectors for philox4x32_10.
TEST(Philox, KnownAnswers) {
  EXPECT_EQ(philox4x32_10({0, 0, 0, 0}, {0, 0}),
            (PhiloxCounter{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
  EXPECT_EQ(philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                          {0xffffffffu, 0xffffffffu}),
            (PhiloxCounter{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
  EXPECT_EQ(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                          {0xa4093822u, 0x299f31d0u}),
            (PhiloxCounter{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

}  // namespace
}  // namespace gpugap
