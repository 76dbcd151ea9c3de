// The JSON API's requests and errors (docs/api.md), apart from HTTP: reading and checking a
// request body, and turning diagnostics into the error body {"error", "line", "col", …}.
// Pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/engine/monte_carlo.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap::server {

// What a client may ask of one request, and what the server runs at once.
struct Limits {
  size_t max_body_bytes = 1 << 20;
  uint64_t max_samples = 10'000'000;
  int time_limit_ms = 30'000;
  // Memory: Monte Carlo keeps every sample of every output, so runs of more than `free_samples`
  // share a budget of samples in flight; one that does not fit is refused as busy (run_budget.h).
  uint64_t samples_in_flight = 10'000'000;
  uint64_t free_samples = 100'000;
};

struct ApiError {
  int status = 400;
  std::string message;
  std::string hint;
  std::string file;  // the file's name, or "<--set>" for an override
  int line = 0;      // 0 when the error has no place
  int col = 0;
  nlohmann::ordered_json diagnostics = nlohmann::ordered_json::array();  // all, when several
  int retry_after = 0;  // seconds, for a 503 "busy": sent as the Retry-After header
};

nlohmann::ordered_json error_body(const ApiError& error);

// The first diagnostic gives the message and place; all of them go into "diagnostics".
ApiError diagnostics_error(int status, const std::vector<Diagnostic>& diagnostics);

// A value, or the HTTP error that answers the request instead (util/diagnostics.h's Result).
template <class T>
using ApiResult = Result<T, ApiError>;

// A JSON object, or 400 with the line and column of the syntax error, or 400 for a number
// beyond the range of a double (1e400).
ApiResult<nlohmann::json> parse_body(std::string_view text);

// A 400 naming the first field of `body` that is not one of `fields`, with "did you mean" when it
// is a misspelling of one; nothing when every field is known.
std::optional<ApiError> unknown_field(const nlohmann::json& body,
                                      const std::vector<std::string>& fields);

// {samples, seed} of a request: non-negative integers, samples at most `max_samples`; 0 (or
// none) samples is the default, no seed is the default seed.
struct MonteCarloParams {
  uint64_t samples = 0;
  uint64_t seed = kDefaultSeed;
};
ApiResult<MonteCarloParams> parse_monte_carlo(const nlohmann::json& body, const Limits& limits);

// {scenario, set, samples, seed, view}: `set` is a list of "name=value" strings or an object
// {name: value}; samples and seed are non-negative integers, samples at most `max_samples`.
// As for `gpugap run`: samples 0 (or none) is 100000 when an input is uncertain, else point
// values; 1 is point values; no seed is the default seed. Any other field is an error, but those
// in `more_fields` (the endpoint's own: "output", "method").
struct RunParams {
  std::string scenario;
  std::vector<std::string> sets;
  uint64_t samples = 0;
  uint64_t seed = kDefaultSeed;
  bool view = false;
};
ApiResult<RunParams> parse_run(const nlohmann::json& body, const Limits& limits,
                               const std::vector<std::string>& more_fields = {});

}  // namespace gpugap::server
