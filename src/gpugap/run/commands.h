// The commands beyond `run` as functions of the front door: `gpugap solve`, `fleet`, `graph` and
// `diff` compute through these, and so does the Python binding (python/), so that a caller
// without a command line gets the CLI's numbers by the same computation. Each takes what the
// pipeline gives (pipeline.h: a loaded Scenario, or an Evaluated one) and returns what the
// command shows, or its diagnostics. Stateless and thread-safe as the front door; the views
// point into the Evaluated they were made from, which must outlive them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/analysis/paired.h"
#include "gpugap/analysis/solve.h"
#include "gpugap/blocks/financing.h"
#include "gpugap/report/diff.h"
#include "gpugap/report/fleet.h"
#include "gpugap/run/monte_carlo.h"
#include "gpugap/run/pipeline.h"

namespace gpugap {

// `gpugap solve`: the value of `vary` at which `target` ("QUANTITY=VALUE") is reached, searched
// in `between` ("LOW,HIGH" in vary's unit; empty: solve()'s default bracket).
struct Solved {
  SolveRequest request;
  SolveResult result;
  Unit vary_unit, target_unit;
};
Result<Solved> solve_scenario(Scenario scenario, const std::string& target, const std::string& vary,
                              const std::string& between);
// `gpugap solve --format json` (`scenario` is the name the scenario was asked for).
nlohmann::ordered_json solve_json(const Solved& solved, const std::string& scenario);
// `gpugap solve`'s text.
std::string solve_text(const Solved& solved);

// `gpugap fleet`: the fleet block's detail of the point run (render with report/fleet.h), or a
// diagnostic when the scenario has no [fleet] block.
Result<FleetView> fleet_view(const Evaluated& evaluated);

// `gpugap graph [--year Y]`: the financing block and its snapshot for one year (or whole deals),
// or a diagnostic when the scenario has no [financing] block or Y is outside its years.
struct GraphView {
  const FinancingBlock* block = nullptr;
  FinancingSnapshot snapshot;
};
Result<GraphView> graph_view(const Evaluated& evaluated, std::optional<int> year);

// `gpugap diff A B`: the point comparison, and when either side is uncertain the paired Monte
// Carlo comparison with `settings` (its sample count as samples_for() gives it for B, or A
// when B is certain).
struct Diffed {
  std::vector<DiffRow> rows;
  std::optional<PairedDifferences> paired;
  uint64_t samples = 0;
  uint64_t seed = 0;
};
Result<Diffed> diff_scenarios(const Evaluated& a, const Evaluated& b,
                              const MonteCarloSettings& settings);
// `gpugap diff --format json` and its text.
nlohmann::ordered_json diff_json(const Evaluated& a, const Evaluated& b, const Diffed& diffed);
std::string diff_text(const Evaluated& a, const Evaluated& b, const Diffed& diffed);

}  // namespace gpugap
