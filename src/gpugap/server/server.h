// `gpugap serve`'s HTTP server (transport: http_server.h): the web UI's page, the HTML report for
// download and the JSON API of docs/api.md. Safe by default: it binds to 127.0.0.1 and then answers
// only requests addressed to localhost, caps request bodies and Monte Carlo samples, runs each
// evaluation under a time limit, resolves scenario names only inside its folders, answers every
// mistake with a JSON error and a 4xx status, and keeps serving.
// It evaluates through the front door (run/, see evaluation.h): this folder needs no CLI code.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/server/api.h"
#include "gpugap/server/host_check.h"

namespace gpugap::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;             // 0: any free port
  std::string user_scenarios;  // --scenarios DIR; may be empty
  std::string bundled_scenarios;
  Limits limits;
  // For tests: called on the worker thread just before a run (POST /api/run, /report.html,
  // /api/graph) starts, with its samples; may be empty.
  std::function<void(uint64_t samples)> before_run;
};

class Server {
 public:
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the listening socket and returns its port, or a diagnostic (port taken, bad host).
  Result<int> bind();
  // Serves until stop() is called from another thread. Call after bind().
  bool listen();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpugap::server
