// What the subcommands share: finding a scenario by name or path, loading and evaluating it with
// --set overrides, printing diagnostics, and writing output files atomically.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gpugap/analysis/uncertainty.h"
#include "gpugap/compile/model.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/engine/point.h"

namespace gpugap::cli {

// Exit codes: 0 fine, 1 a check failed, 2 bad input.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;

// The folder of bundled scenarios: $GPUGAP_SCENARIOS, else next to the installed binary
// (../share/gpugap/scenarios), else the source tree's scenarios/.
std::string scenarios_dir();
std::vector<std::string> bundled_names();

// A path to an existing file, or the name of a bundled scenario ("sequoia-2024").
Result<std::string> resolve_scenario(const std::string& name_or_path);

struct Evaluated {
  Model model;
  PointResults results;
};

// Resolve, load, expand blocks and apply --set overrides (what every command starts from).
Result<Scenario> load_with_overrides(const std::string& name_or_path,
                                     const std::vector<std::string>& sets);

// load_with_overrides, then compile and evaluate.
Result<Evaluated> load_and_evaluate(const std::string& name_or_path,
                                    const std::vector<std::string>& sets);

// Prints diagnostics to stderr and returns kExitBadInput.
int report(const std::vector<Diagnostic>& diagnostics);

// Writes `text` to `path` through a temporary file and a rename, or to stdout when path is empty.
// On failure prints an error and returns false; nothing half-written is left behind.
bool write_output(const std::string& path, const std::string& text);

// The value of --format, checked against the allowed list.
CLI::Option* add_format_option(CLI::App& command, std::string& format,
                               const std::vector<std::string>& allowed);

// The check of a count option (--samples, --bootstrap): a whole number above 0, written "100000",
// "1e6" or "250k" (k, M, B), turned into digits for CLI11 (which would read "-5" as 2^64 - 5).
// `what` names the count in the message: "samples".
CLI::Validator count_of(const std::string& what);

// The check of --seed: a whole number from 0 to 2^64 - 1, in digits (CLI11 alone would take "-1"
// or 2^64 as 2^64 - 1).
CLI::Validator seed_number();

// --samples, --seed, --threads, --force: how a command runs Monte Carlo.
struct MonteCarloFlags {
  uint64_t samples = 0;  // 0: 100000 when any input is uncertain, else none
  uint64_t seed = kDefaultSeed;
  unsigned threads = 0;  // 0: all cores
  bool force = false;
  void add_to(CLI::App& command);
  // The sample count to use for `model`, or a diagnostic for a refused request.
  Result<uint64_t> samples_for(const Model& model) const;
};

// Kept samples above this many bytes are refused without --force.
inline constexpr uint64_t kSampleMemoryBudget = 4ull << 30;

// A progress bar on stderr for long work (shown only on a terminal, and only after half a
// second), or an empty function when stderr is not a terminal.
std::function<void(double)> terminal_progress();

// The memory the kept samples of `outputs` take: samples × their columns (years) × 8 bytes.
uint64_t kept_sample_bytes(const Model& model, const std::vector<int>& outputs, uint64_t samples);

// Why `bytes` of kept samples are refused (more than kSampleMemoryBudget without --force), or
// nothing; `what` names them ("100000 samples of 3 outputs"). `has_only`: the command has --only,
// so the hint may suggest it.
std::optional<Diagnostic> sample_memory_refused(uint64_t bytes, const std::string& what, bool force,
                                                bool has_only = true);
// The error when keeping `bytes` of samples ran out of memory.
Diagnostic not_enough_memory(uint64_t bytes, const std::string& what, bool has_only = true);

// Runs Monte Carlo over the uncertain quantities among `selection` and summarises them; shows a
// progress bar on a terminal when the run is long. `keep_path`, when given, receives the raw
// samples of every selected quantity (.npy or CSV). Refuses to keep more than
// kSampleMemoryBudget bytes of samples without --force, and reports running out of memory.
Result<Uncertainty> run_uncertainty(const Model& model, const std::vector<int>& selection,
                                    const MonteCarloFlags& flags, uint64_t samples,
                                    std::string keep_path = "");

// Splits "a,b" (from --only) into names and checks each is a quantity of the model.
Result<std::vector<std::string>> parse_only(const Model& model,
                                            const std::vector<std::string>& only);

}  // namespace gpugap::cli
