// What the subcommands share: their options (--format, --samples, --seed, --only), printing
// diagnostics, writing output files atomically, and the front door (run/) under the CLI's names.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpugap/run/monte_carlo.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/run/request.h"

namespace gpugap::cli {

// Exit codes: 0 fine, 1 a check failed, 2 bad input.
inline constexpr int kExitOk = 0;
inline constexpr int kExitCheckFailed = 1;
inline constexpr int kExitBadInput = 2;

// The front door (run/pipeline.h) is where scenarios are found, loaded and evaluated; its
// names are the CLI's.
using gpugap::bundled_names;
using gpugap::Evaluated;
using gpugap::resolve_scenario;
using gpugap::scenarios_dir;

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

// A self-contained HTML page (report, playground) written as write_output() does, then said on
// stderr when it went to a file: "gpugap COMMAND: wrote PATH (N KiB)". The exit code.
int write_page(std::string_view command, const std::string& path, const std::string& html);

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
  unsigned threads = 0;       // 0: all cores
  uint64_t first_sample = 0;  // --first-sample (gpugap run): a slice of a longer run
  bool force = false;
  std::string method = "mc";               // --method: mc (Monte Carlo) or qmc (quasi-Monte Carlo)
  unsigned scrambles = kDefaultScrambles;  // --scrambles, with --method qmc
  void add_to(CLI::App& command);
  // The sample count to use for `model`, or a diagnostic for a refused request.
  Result<uint64_t> samples_for(const Model& model) const;
  // The front door's settings (run/monte_carlo.h), with a progress bar on a terminal.
  MonteCarloSettings settings() const;
};

// A progress bar on stderr for long work (shown only on a terminal, and only after half a
// second), or an empty function when stderr is not a terminal.
std::function<void(double)> terminal_progress();

// --only's names, checked against the model (run/request.h).
using gpugap::parse_only;

}  // namespace gpugap::cli
