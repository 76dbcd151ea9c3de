// gpugap serve: the web UI on a local HTTP server, with the JSON API it uses (docs/api.md).
// Listens on 127.0.0.1 unless --host says otherwise; stops on Ctrl-C.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/server/server.h"

namespace gpugap::cli {
namespace {

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string scenarios;
  double time_limit = 30;
  uint64_t samples_in_flight = server::Limits{}.samples_in_flight;
};

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
