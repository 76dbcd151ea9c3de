#include "gpugap/server/api.h"

#include <algorithm>
#include <filesystem>

#include "gpugap/run/request_fields.h"

namespace gpugap::server {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

ApiError bad_request(std::string message, std::string hint = "") {
  ApiError e;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

std::string file_name(const SourceLocation& where) {
  if (!where.source) return "";
  const std::string& path = where.source->path;
  if (!path.empty() && path.front() == '<') return path;
  return std::filesystem::path(path).filename().string();
}

ordered_json diagnostic_json(const Diagnostic& d) {
  ordered_json out;
  out["error"] = d.message;
  out["file"] = file_name(d.where);
  out["line"] = d.where.known() ? json(d.where.line) : json(nullptr);
  out["col"] = d.where.known() ? json(d.where.column) : json(nullptr);
  if (!d.hint.empty()) out["hint"] = d.hint;
  return out;
}

// A field's error (run/request_fields.h) as a 400.
ApiError bad_field(const std::vector<Diagnostic>& diagnostics) {
  return bad_request(diagnostics.front().message, diagnostics.front().hint);
}

}  // namespace

ordered_json error_body(const ApiError& e) {
  ordered_json out;
  out["error"] = e.message;
  out["line"] = e.line > 0 ? json(e.line) : json(nullptr);
  out["col"] = e.col > 0 ? json(e.col) : json(nullptr);
  if (!e.file.empty()) out["file"] = e.file;
  if (!e.hint.empty()) out["hint"] = e.hint;
  if (!e.diagnostics.empty()) out["diagnostics"] = e.diagnostics;
  return out;
}

ApiError diagnostics_error(int status, const std::vector<Diagnostic>& diagnostics) {
  ApiError e;
  e.status = status;
  if (diagnostics.empty()) {
    e.message = "unknown error";
    return e;
  }
  const Diagnostic& first = diagnostics.front();
  e.message = first.message;
  e.hint = first.hint;
  e.file = file_name(first.where);
  if (first.where.known()) {
    e.line = first.where.line;
    e.col = first.where.column;
  }
  for (const Diagnostic& d : diagnostics) e.diagnostics.push_back(diagnostic_json(d));
  return e;
}

ApiResult<json> parse_body(std::string_view text) {
  json body;
  try {
    body = json::parse(text);
  } catch (const json::parse_error& error) {
    // The message after "syntax error while parsing value - " says what was wrong.
    std::string what = error.what();
    size_t dash = what.find(" - ");
    ApiError e = bad_request("the request body is not valid JSON: " +
                             (dash == std::string::npos ? what : what.substr(dash + 3)));
    size_t end = std::min(error.byte == 0 ? 0 : error.byte - 1, text.size());
    e.line = 1;
    e.col = 1;
    for (size_t i = 0; i < end; ++i) {
      if (text[i] == '\n') {
        ++e.line;
        e.col = 1;
      } else {
        ++e.col;
      }
    }
    return e;
  } catch (const json::exception&) {
    // nlohmann::json refuses a number beyond a double's range (1e400) as out of range; its
    // message would echo the number, which may be long.
    return bad_request("the request body has a number too large for a double (over 1.8e308)",
                       "send samples and seed as whole numbers within their limits");
  }
  if (!body.is_object()) return bad_request("the request body must be a JSON object");
  return body;
}

std::optional<ApiError> unknown_field(const json& body, const std::vector<std::string>& fields) {
  if (auto unknown = unknown_request_field(body, fields)) return bad_field({*unknown});
  return std::nullopt;
}

namespace {

// The hint with a request for more samples than the server allows.
constexpr const char* kFewerSamples =
    "ask for fewer: 10^5 samples already place the percentiles within a fraction of a percent";

}  // namespace

ApiResult<MonteCarloParams> parse_monte_carlo(const json& body, const Limits& limits) {
  MonteCarloParams p;
  auto samples = request_count(body, "samples", limits.max_samples, kFewerSamples);
  if (!samples) return bad_field(samples.diagnostics());
  p.samples = *samples;
  if (body.contains("seed") && !body["seed"].is_null()) {
    auto seed = request_count(body, "seed", UINT64_MAX);
    if (!seed) return bad_field(seed.diagnostics());
    p.seed = *seed;
  }
  return p;
}

ApiResult<RunParams> parse_run(const json& body, const Limits& limits,
                               const std::vector<std::string>& more_fields) {
  std::vector<std::string> fields = {"scenario", "set", "samples", "seed", "view"};
  fields.insert(fields.end(), more_fields.begin(), more_fields.end());
  if (auto e = unknown_field(body, fields)) return *e;
  RunParams p;
  auto scenario = body.find("scenario");
  if (scenario == body.end() || !scenario->is_string() || scenario->get<std::string>().empty()) {
    return bad_request("\"scenario\" must name a scenario", "GET /api/scenarios lists them");
  }
  p.scenario = scenario->get<std::string>();
  auto run = read_run_fields(body, limits.max_samples, kFewerSamples);
  if (!run) return bad_field(run.diagnostics());
  p.sets = std::move(run->sets);
  p.samples = run->samples;
  p.seed = run->seed;
  p.view = run->view;
  return p;
}

}  // namespace gpugap::server
