#include "gpugap/server/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "gpugap/util/text.h"

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

// A non-negative integer field, or an error naming it.
ApiResult<uint64_t> count(const json& body, const char* key, uint64_t max, const char* hint) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return uint64_t{0};
  if (it->is_number_unsigned()) {
    uint64_t v = it->get<uint64_t>();
    if (v > max) {
      return bad_request(fmt::format("{} must be at most {} (got {})", key, max, v), hint);
    }
    return v;
  }
  if (it->is_number_float()) {
    double v = it->get<double>();
    if (std::isfinite(v) && v >= 0 && v == std::floor(v)) {
      // 2^64 and above do not fit a uint64_t (static_cast<double>(UINT64_MAX) is 2^64).
      if (v > static_cast<double>(max) || v >= 0x1p64) {
        // 1e300 reads as 1e+300, not as its 301 digits.
        std::string got = v < 1e15 ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
        return bad_request(fmt::format("{} must be at most {} (got {})", key, max, got), hint);
      }
      return static_cast<uint64_t>(v);
    }
  }
  return bad_request(fmt::format("{} must be a non-negative integer", key));
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
  for (const auto& item : body.items()) {
    const std::string& key = item.key();
    if (std::find(fields.begin(), fields.end(), key) != fields.end()) continue;
    std::string guess = closest_name(key, fields);
    std::string known = "the fields are";
    for (size_t i = 0; i < fields.size(); ++i) {
      known += (i == 0 ? " \"" : i + 1 == fields.size() ? " and \"" : ", \"") + fields[i] + "\"";
    }
    return bad_request(
        fmt::format("unknown field \"{}\"", key),
        guess.empty() ? known : fmt::format("did you mean \"{}\"? {}", guess, known));
  }
  return std::nullopt;
}

ApiResult<MonteCarloParams> parse_monte_carlo(const json& body, const Limits& limits) {
  MonteCarloParams p;
  auto samples = count(
      body, "samples", limits.max_samples,
      "ask for fewer: 10^5 samples already place the percentiles within a fraction of a percent");
  if (!samples) return samples.error();
  p.samples = *samples;
  if (body.contains("seed") && !body["seed"].is_null()) {
    auto seed = count(body, "seed", UINT64_MAX, "");
    if (!seed) return seed.error();
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
  if (auto set = body.find("set"); set != body.end() && !set->is_null()) {
    if (set->is_array()) {
      for (const auto& item : *set) {
        if (!item.is_string()) return bad_request("\"set\" must list \"name=value\" strings");
        p.sets.push_back(item.get<std::string>());
      }
    } else if (set->is_object()) {
      for (const auto& [name, value] : set->items()) {
        if (value.is_string()) {
          p.sets.push_back(name + "=" + value.get<std::string>());
        } else if (value.is_number()) {
          p.sets.push_back(name + "=" + value.dump());
        } else {
          return bad_request(
              fmt::format("\"set\": the value of '{}' must be a string or a number", name));
        }
      }
    } else {
      return bad_request("\"set\" must be a list of \"name=value\" strings or an object");
    }
  }
  auto monte_carlo = parse_monte_carlo(body, limits);
  if (!monte_carlo) return monte_carlo.error();
  p.samples = monte_carlo->samples;
  p.seed = monte_carlo->seed;
  if (auto view = body.find("view"); view != body.end() && !view->is_null()) {
    if (!view->is_boolean()) return bad_request("\"view\" must be true or false");
    p.view = view->get<bool>();
  }
  return p;
}

}  // namespace gpugap::server
