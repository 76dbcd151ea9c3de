// `gpugap run --format json` as a function of a JSON request, for callers that have no command
// line: the WebAssembly module (wasm/), and tests. It goes through the front door (pipeline.h,
// monte_carlo.h) exactly as cli/run.cc does, so its answer is the CLI's output byte for byte.
//
// The request (docs/wasm.md):
//   {"scenario": "sequoia-2024"}           a bundled name or a path, as `gpugap run NAME`
//   {"text": "<TOML>", "path": "my.toml"}   scenario text as if it were the file `path`
//                                           (default "scenario.toml"); `extends` and data files
//                                           resolve relative to it, bundled names as usual
//   "set": ["name=formula", …] or {"name": "formula" or number, …}   as --set
//   "samples": n, "seed": n, "only": ["a", "b"] or "a,b"              as --samples --seed --only
//   "threads": n                                                      as --threads (0: all cores)
//   "method": "mc" or "qmc", "scrambles": n                           as --method --scrambles
//   "view": true        the answer also holds "view": what the report's page draws beyond the run
//                       (report/view.h: labels, headline, charts, explain tree), as POST /api/run
//   "tornado": "name"   with "view": the view also charts the tornado of that result
// The answer is what `gpugap run --format json` prints, or, when the CLI would print diagnostics
// and exit 2, {"error": the first message, "diagnostics": [{"file", "line", "column", "length",
// "message", "hint"}, …], "printed": the diagnostics as the CLI prints them on stderr}; "line",
// "column" and "length" are null for a diagnostic with no place. Stateless and thread-safe as
// the front door.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/compile/model.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/run/pipeline.h"

namespace gpugap {

struct RunRequest {
  ScenarioSource source = ScenarioSource::named("sequoia-2024");
  std::vector<std::string> sets;
  uint64_t samples = 0;  // 0: as `gpugap run` without --samples
  uint64_t seed = kDefaultSeed;
  std::vector<std::string> only;  // as --only (each may hold "a,b")
  unsigned threads = 0;           // 0: all cores
  unsigned scrambles = 0;         // quasi-Monte Carlo ("method": "qmc"); 0: Monte Carlo
  bool view = false;              // add the report's view to the answer
  std::string tornado;            // with view: a result whose tornado the view charts
};

// The request in JSON (see above), or a diagnostic naming the field that is wrong.
Result<RunRequest> parse_run_request(std::string_view json_text);

// Splits "a,b" (from --only) into names and checks each is a quantity of the model.
Result<std::vector<std::string>> parse_only(const Model& model,
                                            const std::vector<std::string>& only);

// What `gpugap run --format json` prints for the request (as a JSON value), or its diagnostics.
Result<nlohmann::ordered_json> run_json(const RunRequest& request);

// The diagnostics as the error answer above.
nlohmann::ordered_json diagnostics_json(const std::vector<Diagnostic>& diagnostics);

// JSON in, JSON out: parse_run_request, then run_json, dumped as `gpugap run --format json`
// prints it (indented by 2, ending in a newline), or the error answer. `threads`, when not 0,
// replaces the request's (a WebAssembly module without threads runs on one).
std::string run_request_json(std::string_view json_text, unsigned threads = 0);

}  // namespace gpugap
