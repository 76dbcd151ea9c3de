// The fields of a JSON run request that both JSON doors read: POST /api/run and its kin
// (server/api.h, docs/api.md) and the WebAssembly module's request (run/request.h, docs/wasm.md).
// One reader, so that both take the same values and say the same of a wrong one. A field that is
// null counts as absent. Pure functions, safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/engine/monte_carlo.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

// An error naming the first field of `body` that is not one of `fields`, with "did you mean" when
// it is a misspelling of one; nothing when every field is known.
std::optional<Diagnostic> unknown_request_field(const nlohmann::json& body,
                                                const std::vector<std::string>& fields);

// The field `key` as a whole number from 0 to `max` (written 100000 or 1e5), 0 when absent; `hint`
// goes with the error for a number above `max`.
Result<uint64_t> request_count(const nlohmann::json& body, const char* key, uint64_t max,
                               const char* hint = "");

// What every run request may say besides its scenario: "set" (a list of "name=value" strings, or
// an object {name: formula or number}), "samples" (at most `max_samples`; 0 or none is the
// default), "seed" (none is the default seed) and "view" (true or false).
struct RunFields {
  std::vector<std::string> sets;
  uint64_t samples = 0;
  uint64_t seed = kDefaultSeed;
  bool view = false;
};
Result<RunFields> read_run_fields(const nlohmann::json& body, uint64_t max_samples,
                                  const char* samples_hint = "");

}  // namespace gpugap
