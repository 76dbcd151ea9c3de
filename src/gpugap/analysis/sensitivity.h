// Which uncertain input drives a result. Tornado: each uncertain input at its 10th and 90th
// percentile, the others at their medians. Sobol: first-order and total variance shares
// (Saltelli's design on a Sobol sequence, Jansen's estimators, bootstrap 95% intervals).
// Uncertain inputs are the random leaves of the model: one per distribution written in a formula.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpugap/compile/model.h"

namespace gpugap {

// A random leaf as people know it: the quantity it belongs to. When the quantity holds one
// distribution, the input's values are the quantity's; when it holds several, each is one of
// them, labelled with its text ("b: normal(1B, 0.1B)") and valued on its own.
struct UncertainInput {
  int leaf = -1;
  int quantity = -1;
  std::string label;
  Unit unit;  // input values are shown as format_value(v, unit) or in_unit(v, unit)
};
std::vector<UncertainInput> uncertain_inputs(const Model& model);

struct TornadoBar {
  UncertainInput input;
  double input_low = 0, input_high = 0;    // the input at its low and high percentile (input.unit)
  double output_low = 0, output_high = 0;  // the output then
  double swing() const;
};

struct Tornado {
  int output = -1;
  double low_percentile = 0.1, high_percentile = 0.9;
  double base = 0;               // the output with every input at its median
  std::vector<TornadoBar> bars;  // largest swing first
};

// `output` must be a scalar quantity.
Result<Tornado> tornado(const Model& model, int output, double low = 0.1, double high = 0.9);

struct SobolIndex {
  UncertainInput input;
  double first = 0, first_low = 0, first_high = 0;
  double total = 0, total_low = 0, total_high = 0;
};

struct SobolResult {
  int output = -1;
  uint64_t base_samples = 0;  // N, a power of two: the model ran N × (inputs + 2) times
  size_t bootstrap = 0;
  double mean = 0, variance = 0;
  std::vector<SobolIndex> indices;  // largest total index first
};

// `base_samples` is rounded up to a power of two (a Sobol sequence is balanced over those).
// Inputs must be independent: a scenario with [correlations] is refused. `progress`, when given,
// hears the share done (0 to 1) now and then, from the calling thread, and 1 at the end.
// `cancelled`, when given (thread-safe), is asked while the design is drawn, between batches of
// each model run and between bootstrap batches: once it answers true the work stops there and
// the result is an error ("cancelled").
Result<SobolResult> sobol_indices(const Model& model, int output, uint64_t base_samples,
                                  size_t bootstrap, uint64_t seed, unsigned threads,
                                  const std::function<void(double)>& progress = {},
                                  const std::function<bool()>& cancelled = {});

// The memory sobol_indices() allocates for these counts, in bytes, before it allocates it: the
// design's two matrices (every random leaf × N), the output for A, B and each input's AB (N
// each), the row numbers and the bootstrap's resampled rows (at most 256 MiB), plus each
// thread's Monte Carlo batch. Saturates instead of overflowing.
uint64_t sobol_memory_bytes(const Model& model, uint64_t base_samples, size_t bootstrap,
                            unsigned threads);

// Sobol indices in parts, for a caller that runs the model elsewhere (python/gpugap/dask.py): the
// design's k + 2 runs of the model (A, B, then A with B's column of input i) need nothing from
// each other, and sobol_indices() is sobol_run() for each run, then sobol_from_runs() — split
// or not, the same bits. sobol_run() rebuilds the design from (base_samples, seed) each time.
// sobol_run_count() is k + 2, or why `output` has no Sobol indices (as sobol_indices() says).
Result<size_t> sobol_run_count(const Model& model, int output);
Result<std::vector<double>> sobol_run(const Model& model, int output, uint64_t base_samples,
                                      uint64_t seed, size_t run, unsigned threads);
Result<SobolResult> sobol_from_runs(const Model& model, int output, uint64_t base_samples,
                                    size_t bootstrap, uint64_t seed, unsigned threads,
                                    const std::vector<std::vector<double>>& runs);

// The counts Sobol indices are meant for, checked by every caller that takes them from a user
// (`gpugap sensitivity`, POST /api/sensitivity): 64 to 2^24 base samples (fewer give meaningless
// indices), 10 to 10000 bootstrap resamples. `name` is the count as the user wrote it
// ("--samples", "samples"); nothing when the count is fine.
std::optional<Diagnostic> check_sobol_samples(uint64_t base_samples, std::string_view name);
std::optional<Diagnostic> check_sobol_bootstrap(size_t bootstrap, std::string_view name);

}  // namespace gpugap
