// gpugap serve: the web UI on a local HTTP server, with the JSON API it uses (docs/api.md).
// Listens on 127.0.0.1 unless --host says otherwise; stops on Ctrl-C.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "gpugap/analysis/uncertainty.h"
#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/report/html.h"
#include "gpugap/report/output.h"
#include "gpugap/server/server.h"
#include "gpugap/util/text.h"

namespace gpugap::cli {
namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string scenarios;
  double time_limit = 30;
  uint64_t samples_in_flight = server::Limits{}.samples_in_flight;
};

// As `gpugap run` evaluates: point values, then Monte Carlo over the uncertain quantities (by
// default 100000 samples when an input is uncertain). No progress bar: this runs in a server.
Result<server::Evaluation> evaluate(const server::EvaluationRequest& request) {
  auto evaluated = load_and_evaluate(request.path, request.sets);
  if (!evaluated) return evaluated.diagnostics();
  const Model& model = evaluated->model;
  std::vector<int> selection = selected_quantities(model, {});
  MonteCarloFlags flags;
  flags.samples = request.samples;
  flags.seed = request.seed;
  auto samples = flags.samples_for(model);
  if (!samples) return samples.diagnostics();
  std::optional<Uncertainty> uncertainty;
  if (*samples > 1) {
    MonteCarloOptions options;
    options.samples = *samples;
    options.seed = request.seed;
    options.outputs = uncertain_quantities(model, selection);
    options.cancelled = request.cancelled;  // the server's time limit
    auto set = run_monte_carlo(model, options);
    if (!set) return set.diagnostics();
    uncertainty = summarise_samples(model, *set, request.seed, 0);
  }
  nlohmann::ordered_json run =
      render_json(model, evaluated->results, selection, uncertainty ? &*uncertainty : nullptr);
  return server::Evaluation{std::move(evaluated->model), std::move(evaluated->results),
                            std::move(run)};
}

// What GET /api/scenarios reports of a file: whether it loads and compiles, as every command
// starts (no evaluation: that may be long).
std::vector<Diagnostic> check(const std::string& path) {
  auto scenario = load_with_overrides(path, {});
  if (!scenario) return scenario.diagnostics();
  auto model = compile(std::move(*scenario));
  return model ? std::vector<Diagnostic>{} : model.diagnostics();
}

// `gpugap sensitivity` for the API: the server has checked "output", "method" and, for Sobol
// indices, the base samples (which it gives when the request does not).
Result<nlohmann::ordered_json> analyse(const server::EvaluationRequest& request,
                                       const nlohmann::json& body) {
  auto evaluated = load_and_evaluate(request.path, request.sets);
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
  if (body.value("method", "tornado") == "tornado") {
    auto t = tornado(model, output);
    if (!t) return t.diagnostics();
    return tornado_json(model, *t);
  }
  constexpr size_t kBootstrap = 100;  // as `gpugap sensitivity` by default
  auto s = sobol_indices(model, output, request.samples, kBootstrap, request.seed, 0);
  if (!s) return s.diagnostics();
  return sobol_json(model, *s);
}

int serve(const ServeOptions& o) {
  std::error_code ec;
  if (!o.scenarios.empty() && !std::filesystem::is_directory(o.scenarios, ec)) {
    return report({Diagnostic{{},
                              fmt::format("--scenarios {}: no such folder", o.scenarios),
                              "give a folder of .toml scenario files"}});
  }
  if (o.time_limit <= 0) {
    return report({Diagnostic{{}, "--time-limit must be a positive number of seconds", ""}});
  }
  server::ServerOptions options;
  options.host = o.host;
  options.port = o.port;
  options.user_scenarios = o.scenarios;
  options.bundled_scenarios = scenarios_dir();
  options.limits.time_limit_ms = static_cast<int>(o.time_limit * 1000);
  options.limits.samples_in_flight = o.samples_in_flight;
  options.evaluate = evaluate;
  options.sensitivity = analyse;
  options.check = check;
  server::Server http(std::move(options));
  auto port = http.bind();
  if (!port) return report(port.diagnostics());
  if (!server::is_loopback_host(o.host)) {
    std::cerr << fmt::format(
        "warning: listening on {}: anyone who can reach this machine can use this server\n",
        o.host);
  }
  bool ipv6 = o.host.find(':') != std::string::npos;
  std::cout << fmt::format("gpugap serve: http://{}:{}/ (Ctrl-C stops it)\n",
                           ipv6 ? "[" + o.host + "]" : o.host, *port);
  std::cout.flush();
  return http.listen() ? kExitOk : kExitBadInput;
}

}  // namespace

void add_serve(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the web UI: a slider per input, results and charts that follow");
  cmd->add_option("--host", options->host,
                  "Address to listen on (another than 127.0.0.1 opens the server to the network)")
      ->capture_default_str();
  cmd->add_option("--port", options->port, "Port to listen on; 0 picks a free one")
      ->capture_default_str();
  cmd->add_option("--scenarios", options->scenarios,
                  "A folder of your own scenario files, offered beside the bundled ones");
  cmd->add_option("--time-limit", options->time_limit, "Seconds one evaluation may take")
      ->capture_default_str();
  cmd->add_option("--samples-in-flight", options->samples_in_flight,
                  "Monte Carlo samples that runs of over 100000 samples may hold at once (memory)")
      ->capture_default_str()
      ->transform(count_of("samples"));
  cmd->callback([options, &exit_code] { exit_code = serve(*options); });
}

}  // namespace gpugap::cli
