// The paired Monte Carlo comparison of two scenarios (analysis/paired.h) as JSON: the
// "monte_carlo" object of `gpugap diff --format json`, which POST /api/diff gives too.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "gpugap/analysis/paired.h"

namespace gpugap {

// {samples, seed, quantities: {name: {unit, year, a, b, b_minus_a}}, same_in_every_sample}; each
// of a, b and b_minus_a is {mean, p5, p50, p95, p_positive}, values in the quantity's unit.
nlohmann::ordered_json paired_json(const PairedDifferences& paired, uint64_t samples,
                                   uint64_t seed);

}  // namespace gpugap
