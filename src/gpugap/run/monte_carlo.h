// The front door's Monte Carlo (see run/pipeline.h): how many samples a run takes, the memory
// rule for kept samples, and the runs every caller makes — summaries of a model's uncertain
// quantities, and the paired comparison of two scenarios that `gpugap diff` and POST /api/diff
// show. Stateless and thread-safe as run/pipeline.h; a `progress` or `cancelled` callback is
// called as MonteCarloOptions (engine/monte_carlo.h) says.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gpugap/analysis/paired.h"
#include "gpugap/analysis/uncertainty.h"
#include "gpugap/compile/model.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/report/diff.h"

namespace gpugap {

// The samples of a run that asks for none when an input is uncertain; 2^17 for quasi-Monte Carlo.
inline constexpr uint64_t kDefaultSamples = 100000;
inline constexpr uint64_t kDefaultQmcSamples = uint64_t{1} << 17;
// The scrambles of a quasi-Monte Carlo run that asks for none.
inline constexpr unsigned kDefaultScrambles = 8;

// How a Monte Carlo run is asked for (the CLI's --samples, --seed, --threads, --force; the
// API's samples and seed).
struct MonteCarloSettings {
  uint64_t samples = 0;  // 0: 100000 when any input is uncertain, else 1 (a point run)
  uint64_t seed = kDefaultSeed;
  unsigned threads = 0;       // 0: all cores
  uint64_t first_sample = 0;  // the index of the first sample (a slice of a longer run)
  // Quasi-Monte Carlo (--method qmc): this many independent scrambles of Sobol points
  // (random/sobol.h), whose spread gives the standard error; 0: Monte Carlo.
  unsigned scrambles = 0;
  bool force = false;  // allow more than 10^9 samples, and kept samples over the memory budget
  std::function<void(double)> progress;  // may be empty
  std::function<bool()> cancelled;       // may be empty
};

// The sample count to use for `model`, or a diagnostic for a refused request (more than 10^9
// without `force`; for quasi-Monte Carlo, a count that is not the scrambles times a power of two,
// a first sample, or more random inputs than Sobol dimensions).
Result<uint64_t> samples_for(const Model& model, const MonteCarloSettings& settings);

// Kept samples above this many bytes are refused without `force`.
inline constexpr uint64_t kSampleMemoryBudget = 4ull << 30;

// The memory the kept samples of `outputs` take: samples × their columns (years) × 8 bytes.
uint64_t kept_sample_bytes(const Model& model, const std::vector<int>& outputs, uint64_t samples);

// Why `bytes` of kept samples are refused (more than kSampleMemoryBudget without `force`), or
// nothing; `what` names them ("100000 samples of 3 outputs"). `has_only`: the command has --only,
// so the hint may suggest it.
std::optional<Diagnostic> sample_memory_refused(uint64_t bytes, const std::string& what, bool force,
                                                bool has_only = true);
// The error when keeping `bytes` of samples ran out of memory.
Diagnostic not_enough_memory(uint64_t bytes, const std::string& what, bool has_only = true);

// Runs `samples` samples over the uncertain quantities among `selection` and summarises them.
// `keep_path`, when given, receives the raw samples of every selected quantity (.npy or CSV).
// Refuses to keep more than kSampleMemoryBudget bytes of samples without `force`, and reports
// running out of memory.
Result<Uncertainty> run_uncertainty(const Model& model, const std::vector<int>& selection,
                                    const MonteCarloSettings& settings, uint64_t samples,
                                    const std::string& keep_path = "");

// A run_uncertainty() that also hands back raw samples (the Python binding's r.samples()).
struct SampledUncertainty {
  Uncertainty uncertainty;
  SampleSet kept;  // the samples of `keep`, in sample order, in base units
};

// Summarises the uncertain quantities among `selection` as run_uncertainty() does, and keeps the
// samples of `keep` (any quantities, uncertain or not); kept samples that are also summarised
// are copied first (summaries reorder them), and count twice in the memory rule.
Result<SampledUncertainty> run_uncertainty_keeping(const Model& model,
                                                   const std::vector<int>& selection,
                                                   const std::vector<int>& keep,
                                                   const MonteCarloSettings& settings,
                                                   uint64_t samples);

// The summaries a run shows: samples_for(), then run_uncertainty() when that is more than one
// sample; nothing for a point run (every uncertain input at its median). What `gpugap run
// --format json`, `gpugap report`, the API and run/request.h share.
Result<std::optional<Uncertainty>> run_summaries(const Model& model,
                                                 const std::vector<int>& selection,
                                                 const MonteCarloSettings& settings);

// B − A sample by sample (analysis/paired.h) for two evaluated scenarios and their point
// comparison `rows` (report/diff.h), whose years the series are compared in; both runs use the
// same seed. Under the memory rule above; progress goes from 0 to 1 over both runs.
Result<PairedDifferences> run_paired_differences(const Model& a, const Model& b,
                                                 const std::vector<DiffRow>& rows,
                                                 const MonteCarloSettings& settings,
                                                 uint64_t samples);

}  // namespace gpugap
