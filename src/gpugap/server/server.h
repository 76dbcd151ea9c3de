// `gpugap serve`'s HTTP server over cpp-httplib: the web UI's page, the HTML report for download
// and the JSON API of docs/api.md. Safe by default: it binds to 127.0.0.1 and then answers only
// requests addressed to localhost, caps request bodies and Monte Carlo samples, runs each
// evaluation under a time limit, resolves scenario names only inside its folders, answers every
// mistake with a JSON error and a 4xx status, and keeps serving.
// The evaluation itself is the caller's (cli/serve.cc), so this folder needs no CLI code.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"
#include "gpugap/server/api.h"

namespace gpugap::server {

struct EvaluationRequest {
  std::string path;  // a scenario file inside the server's folders
  std::vector<std::string> sets;
  uint64_t samples = 0;  // as RunParams (api.h)
  uint64_t seed = kDefaultSeed;
  // True once the run is past the server's time limit: hand it to MonteCarloOptions::cancelled.
  // Thread-safe; empty for no limit.
  std::function<bool()> cancelled;
};

struct Evaluation {
  Model model;
  PointResults point;          // for the explain tree and the diff
  nlohmann::ordered_json run;  // what `gpugap run --format json` prints
};

// Called from the server's worker threads, several at once: must be thread-safe.
using Evaluator = std::function<Result<Evaluation>(const EvaluationRequest&)>;
// The JSON of a sensitivity analysis; `options` is the request's body (output, method, …).
using SensitivityRunner = std::function<Result<nlohmann::ordered_json>(
    const EvaluationRequest&, const nlohmann::json& options)>;
// The diagnostics of loading and compiling a scenario file without evaluating it (a formula
// error, a unit error), for GET /api/scenarios. Thread-safe.
using ScenarioChecker = std::function<std::vector<Diagnostic>(const std::string& path)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;             // 0: any free port
  std::string user_scenarios;  // --scenarios DIR; may be empty
  std::string bundled_scenarios;
  Limits limits;
  Evaluator evaluate;
  SensitivityRunner sensitivity;  // empty: POST /api/sensitivity answers 501
  ScenarioChecker check;          // empty: the list reports only files that do not load
};

// True for "localhost", "::1" and the literal IPv4 addresses 127.0.0.0/8 ("127.0.0.1", never a
// name such as "127.evil.com").
bool is_loopback_host(std::string_view host);

// Whether a request's Host header ("localhost:8080", "[::1]:8080") may reach a server bound to
// `bound` (its --host), so that a web page elsewhere cannot reach it through DNS rebinding: a
// loopback host, the bound address itself, and, bound to every interface ("0.0.0.0", "::"), any
// IP address, which no DNS answer can stand for. An empty or missing header is refused.
bool host_header_allowed(std::string_view header, std::string_view bound);

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
