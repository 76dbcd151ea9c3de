// The front door: the one place that runs gpugap's pipeline, for every caller (the CLI, the
// server, tests, benchmarks, and later a WebAssembly or Python binding). It owns the order
// resolve name → load (following `extends`) → expand blocks → apply --set → compile → evaluate,
// so that no caller spells it out: blocks are expanded before --set so that a --set reaches a
// block's inputs, and overrides apply before compiling so that a formula sees them.
// Monte Carlo, with its sample count and memory rules, is in run/monte_carlo.h.
//
// Errors are values: every function returns a Result (util/diagnostics.h) whose diagnostics are
// located in the scenario's files, never throws for bad input. Thread safety: the functions keep
// no state of their own (scenarios_dir() reads $GPUGAP_SCENARIOS), so any number of threads may
// call them at once; a Model or PointResults they return belongs to the caller, may be read from
// several threads, and owns everything it points to (sources, blocks), so it outlives the call.
#pragma once

#include <string>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"
#include "gpugap/scenario/scenario.h"

namespace gpugap {

// Where a scenario comes from: a bundled name or a path as a user writes it, a file path taken
// as it is, or scenario text (a browser or a test has no file).
struct ScenarioSource {
  enum class Kind { kNameOrPath, kFile, kText };
  Kind kind = Kind::kNameOrPath;
  std::string name;  // kNameOrPath: "sequoia-2024" or "my.toml"; kFile and kText: the file's path
  std::string text;  // kText: the scenario itself

  // "sequoia-2024" (a bundled scenario, known by that name) or a path to a file (known by its
  // path as given).
  static ScenarioSource named(std::string name_or_path);
  // A file, known by its file name without .toml: no bundled names are searched.
  static ScenarioSource file(std::string path);
  // Scenario text as if it were the file `path` (which need not exist; `extends` and data files
  // resolve relative to it).
  static ScenarioSource text_of(std::string path, std::string text);
};

// The folder of bundled scenarios: $GPUGAP_SCENARIOS, else next to the installed binary
// (../share/gpugap/scenarios), else the source tree's scenarios/.
std::string scenarios_dir();
// The names of the bundled scenarios, sorted.
std::vector<std::string> bundled_names();

// A path to an existing file, or the name of a bundled scenario ("sequoia-2024"), as a path; a
// diagnostic with "did you mean" when it is neither.
Result<std::string> resolve_scenario(const std::string& name_or_path);

// Resolve, load, expand blocks and apply the --set overrides ("name=formula"): the scenario as
// every command starts from it, not yet compiled.
Result<Scenario> load(const ScenarioSource& source, const std::vector<std::string>& sets = {});

// load(), then compile.
Result<Model> load_and_compile(const ScenarioSource& source,
                               const std::vector<std::string>& sets = {});

// A compiled scenario and its point values (every uncertain input at its median).
struct Evaluated {
  Model model;
  PointResults results;
};

// load_and_compile(), then the point run.
Result<Evaluated> evaluate(const ScenarioSource& source, const std::vector<std::string>& sets = {});

}  // namespace gpugap
