// The WebAssembly module's C interface (docs/wasm.md): gpugap's engine for a page or node, with no
// server. Each function returns a NUL-terminated UTF-8 string that stays valid until the next call
// of the same function; a JavaScript caller reads it with ccall/cwrap's 'string' return type.
// The module has one thread: Monte Carlo runs on it, with the same results as any thread count.
#include <emscripten/emscripten.h>

#include <nlohmann/json.hpp>

#include <string>

#include "gpugap/run/pipeline.h"
#include "gpugap/run/request.h"

namespace {

const char* keep(std::string& slot, std::string text) {
  slot = std::move(text);
  return slot.c_str();
}

}  // namespace

extern "C" {

// `gpugap run --format json` for a JSON request (run/request.h): the JSON it prints, or
// {"error", "diagnostics", "printed"}.
EMSCRIPTEN_KEEPALIVE const char* gpugap_run(const char* request) {
  static std::string answer;
  return keep(answer, gpugap::run_request_json(request ? request : "", 1));  // no threads here
}

// The names of the bundled scenarios, as a JSON list; their files are in the module's file system
// under /gpugap/scenarios (the data they read under /gpugap/data).
EMSCRIPTEN_KEEPALIVE const char* gpugap_scenarios() {
  static std::string answer;
  return keep(answer, nlohmann::json(gpugap::bundled_names()).dump());
}

// gpugap's version, as `gpugap --version` prints it.
EMSCRIPTEN_KEEPALIVE const char* gpugap_version() { return GPUGAP_VERSION; }

}  // extern "C"
