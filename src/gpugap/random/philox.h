// Philox-4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011), written portably: plain 32- and 64-bit integer arithmetic, no intrinsics, so that the
// same bits come out on x86, ARM and wasm32 (Random123's own header refuses wasm32). It is tested
// bit for bit against Random123's r123::Philox4x32 in random/philox_test.cc.
// A pure function: safe from any thread.
#pragma once

#include <array>
#include <cstdint>

namespace gpugap {

using PhiloxCounter = std::array<uint32_t, 4>;
using PhiloxKey = std::array<uint32_t, 2>;

// The 128 random bits of `counter` under `key`: ten rounds of Philox's multiply-and-xor.
constexpr PhiloxCounter philox4x32_10(PhiloxCounter counter, PhiloxKey key) {
  // The multipliers and Weyl-sequence key increments of the paper (Random123's defaults).
  constexpr uint32_t kMultiplier0 = 0xD2511F53u;
  constexpr uint32_t kMultiplier1 = 0xCD9E8D57u;
  constexpr uint32_t kWeyl0 = 0x9E3779B9u;
  constexpr uint32_t kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    const uint64_t product0 = static_cast<uint64_t>(kMultiplier0) * counter[0];
    const uint64_t product1 = static_cast<uint64_t>(kMultiplier1) * counter[2];
    const auto high0 = static_cast<uint32_t>(product0 >> 32);
    const auto low0 = static_cast<uint32_t>(product0);
    const auto high1 = static_cast<uint32_t>(product1 >> 32);
    const auto low1 = static_cast<uint32_t>(product1);
    counter = {high1 ^ counter[1] ^ key[0], low1, high0 ^ counter[3] ^ key[1], low0};
  }
  return counter;
}

}  // namespace gpugap
