#include "gpugap/server/evaluation.h"

#include <fmt/format.h>

#include <optional>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/report/output.h"
#include "gpugap/report/paired.h"
#include "gpugap/report/sensitivity_json.h"
#include "gpugap/report/vega.h"
#include "gpugap/report/view.h"
#include "gpugap/run/monte_carlo.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/util/text.h"

namespace gpugap::server {

namespace {

MonteCarloSettings settings_for(uint64_t samples, uint64_t seed,
                                const std::function<bool()>& cancelled) {
  MonteCarloSettings settings;
  settings.samples = samples;
  settings.seed = seed;
  settings.force = true;  // the server's budget (run_budget.h) bounds its memory, not --force
  settings.cancelled = cancelled;
  return settings;
}

}  // namespace

Result<Evaluation> evaluate_request(const EvaluationRequest& request) {
  auto evaluated = evaluate(ScenarioSource::file(request.path), request.sets);
  if (!evaluated) return evaluated.diagnostics();
  const Model& model = evaluated->model;
  std::vector<int> selection = selected_quantities(model, {});
  const MonteCarloSettings settings =
      settings_for(request.samples, request.seed, request.cancelled);
  auto uncertainty = run_summaries(model, selection, settings);
  if (!uncertainty) return uncertainty.diagnostics();
  nlohmann::ordered_json run = render_json(model, evaluated->results, selection,
                                           uncertainty->has_value() ? &**uncertainty : nullptr);
  return Evaluation{std::move(evaluated->model), std::move(evaluated->results), std::move(run)};
}

Result<nlohmann::ordered_json> analyse_request(const EvaluationRequest& request,
                                               const nlohmann::json& body) {
  auto evaluated = evaluate(ScenarioSource::file(request.path), request.sets);
  if (!evaluated) return evaluated.diagnostics();
  const Model& model = evaluated->model;
  std::string name = body.value("output", "");
  int output = model.index_of(name);
  if (output < 0) {
    std::string guess = closest_name(name, model.scenario.names());
    return Diagnostic{
        {},
        fmt::format("\"output\": '{}' is not a quantity of {}", name, model.scenario.id),
        guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)};
  }
  // The charts name inputs and output as the scenario labels them.
  auto with_charts = [&](nlohmann::ordered_json out) {
    nlohmann::ordered_json charts = nlohmann::ordered_json::array();
    for (auto& chart : sensitivity_charts(out, quantity_labels(model.scenario))) {
      charts.push_back(std::move(chart));
    }
    out["charts"] = std::move(charts);
    return out;
  };
  if (body.value("method", "tornado") == "tornado") {
    auto t = tornado(model, output);
    if (!t) return t.diagnostics();
    return with_charts(tornado_json(model, *t));
  }
  constexpr size_t kBootstrap = 100;  // as `gpugap sensitivity` by default
  // The time limit stops the analysis wherever it is (sensitivity.h), freeing its thread.
  auto s = sobol_indices(model, output, request.samples, kBootstrap, request.seed, 0, {},
                         request.cancelled);
  if (!s) return s.diagnostics();
  return with_charts(sobol_json(model, *s));
}

Result<nlohmann::ordered_json> compare_request(const Evaluation& a, const Evaluation& b,
                                               const std::vector<DiffRow>& rows, uint64_t samples,
                                               uint64_t seed,
                                               const std::function<bool()>& cancelled) {
  const bool a_uncertain = !a.model.program.leaves.empty();
  const bool b_uncertain = !b.model.program.leaves.empty();
  if (!a_uncertain && !b_uncertain) return nlohmann::ordered_json(nullptr);
  const MonteCarloSettings settings = settings_for(samples, seed, cancelled);
  // As `gpugap diff`: the default count is that of the side that is uncertain, B first.
  auto n = samples_for(b_uncertain ? b.model : a.model, settings);
  if (!n) return n.diagnostics();
  auto paired = run_paired_differences(a.model, b.model, rows, settings, *n);
  if (!paired) return paired.diagnostics();
  return paired_json(*paired, *n, seed);
}

Status check_scenario(const std::string& path) {
  auto model = load_and_compile(ScenarioSource::file(path));
  return model ? Status{} : Status{model.diagnostics()};
}

}  // namespace gpugap::server
