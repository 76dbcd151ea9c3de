// Summaries of a Monte Carlo run for reporting: per uncertain quantity (and per year of a
// series) the statistics of analysis/statistics.h. Certain quantities have none: their point
// value is exact.
#pragma once

#include <cstdint>
#include <vector>

#include "gpugap/analysis/statistics.h"
#include "gpugap/engine/monte_carlo.h"

namespace gpugap {

struct Uncertainty {
  uint64_t samples = 0;
  uint64_t seed = 0;
  // Quasi-Monte Carlo (random/sobol.h): the number of scrambles, samples / scrambles points each;
  // 0 for Monte Carlo.
  unsigned scrambles = 0;
  // Per quantity of the model: one Summary per year (one for a scalar); empty when certain or
  // not reported.
  std::vector<std::vector<Summary>> summaries;
};

// The uncertain quantities among `selection`.
std::vector<int> uncertain_quantities(const Model& model, const std::vector<int>& selection);

// Summarises `set` (its samples are reordered); summaries are computed on `threads` threads.
// `scrambles` > 0: a quasi-Monte Carlo run of that many equal scrambles one after the other,
// whose means give each summary's mean_error.
Uncertainty summarise_samples(const Model& model, SampleSet& set, uint64_t seed, unsigned threads,
                              unsigned scrambles = 0);

}  // namespace gpugap
