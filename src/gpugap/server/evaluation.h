// What `gpugap serve` computes for a request, through the front door (run/): a run as
// `gpugap run --format json` gives it, a sensitivity analysis as `gpugap sensitivity`, the
// paired Monte Carlo comparison of `gpugap diff`, and the check that GET /api/scenarios shows.
// No progress bars and no memory refusal of the CLI's (the server bounds memory with its own
// budget, run_budget.h). Safe to call from several threads at once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/compile/model.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/engine/point.h"
#include "gpugap/report/diff.h"

namespace gpugap::server {

struct EvaluationRequest {
  std::string path;  // a scenario file inside the server's folders
  std::vector<std::string> sets;
  uint64_t samples = 0;  // as RunParams (api.h)
  uint64_t seed = kDefaultSeed;
  // True once the run is past the server's time limit: Monte Carlo stops when it turns true.
  // Thread-safe; empty for no limit.
  std::function<bool()> cancelled;
};

struct Evaluation {
  Model model;
  PointResults point;          // for the explain tree and the diff
  nlohmann::ordered_json run;  // what `gpugap run --format json` prints
};

// As `gpugap run` evaluates: point values, then Monte Carlo over the uncertain quantities (by
// default 100000 samples when an input is uncertain).
Result<Evaluation> evaluate_request(const EvaluationRequest& request);

// `gpugap sensitivity` for the API; `body` is the request (its "output" and "method" checked by
// the server, which also gives Sobol indices' base samples as request.samples). The answer
// carries its Vega-Lite charts under "charts", inputs and output named by their labels.
Result<nlohmann::ordered_json> analyse_request(const EvaluationRequest& request,
                                               const nlohmann::json& body);

// `gpugap diff`'s Monte Carlo comparison of two evaluated scenarios with their point comparison
// `rows`: `samples` (0: 100000) and `seed` as `gpugap diff --samples --seed`; nothing to compare
// (null) when neither is uncertain.
Result<nlohmann::ordered_json> compare_request(const Evaluation& a, const Evaluation& b,
                                               const std::vector<DiffRow>& rows, uint64_t samples,
                                               uint64_t seed,
                                               const std::function<bool()>& cancelled);

// The diagnostics of loading and compiling a scenario file without evaluating it (a formula
// error, a unit error), for GET /api/scenarios; empty when it compiles.
Status check_scenario(const std::string& path);

}  // namespace gpugap::server
