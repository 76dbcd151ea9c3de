#include "gpugap/run/request_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpugap/util/text.h"

namespace gpugap {
namespace {

using json = nlohmann::json;

Diagnostic bad_field(std::string message, std::string hint = "") {
  return {{}, std::move(message), std::move(hint)};
}

}  // namespace

std::optional<Diagnostic> unknown_request_field(const json& body,
                                                const std::vector<std::string>& fields) {
  for (const auto& item : body.items()) {
    const std::string& key = item.key();
    if (std::find(fields.begin(), fields.end(), key) != fields.end()) continue;
    std::string guess = closest_name(key, fields);
    std::string known = "the fields are";
    for (size_t i = 0; i < fields.size(); ++i) {
      known += (i == 0 ? " \"" : i + 1 == fields.size() ? " and \"" : ", \"") + fields[i] + "\"";
    }
    return bad_field(fmt::format("unknown field \"{}\"", key),
                     guess.empty() ? known : fmt::format("did you mean \"{}\"? {}", guess, known));
  }
  return std::nullopt;
}

Result<uint64_t> request_count(const json& body, const char* key, uint64_t max, const char* hint) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return uint64_t{0};
  if (it->is_number_unsigned()) {
    uint64_t v = it->get<uint64_t>();
    if (v > max) return bad_field(fmt::format("{} must be at most {} (got {})", key, max, v), hint);
    return v;
  }
  if (it->is_number_float()) {
    double v = it->get<double>();
    if (std::isfinite(v) && v >= 0 && v == std::floor(v)) {
      // 2^64 and above do not fit a uint64_t (static_cast<double>(UINT64_MAX) is 2^64).
      if (v > static_cast<double>(max) || v >= 0x1p64) {
        // 1e300 reads as 1e+300, not as its 301 digits.
        std::string got = v < 1e15 ? fmt::format("{:.0f}", v) : fmt::format("{:g}", v);
        return bad_field(fmt::format("{} must be at most {} (got {})", key, max, got), hint);
      }
      return static_cast<uint64_t>(v);
    }
  }
  return bad_field(fmt::format("{} must be a non-negative integer", key));
}

Result<RunFields> read_run_fields(const json& body, uint64_t max_samples,
                                  const char* samples_hint) {
  RunFields fields;
  if (auto set = body.find("set"); set != body.end() && !set->is_null()) {
    if (set->is_array()) {
      for (const auto& item : *set) {
        if (!item.is_string()) return bad_field("\"set\" must list \"name=value\" strings");
        fields.sets.push_back(item.get<std::string>());
      }
    } else if (set->is_object()) {
      for (const auto& [name, value] : set->items()) {
        if (value.is_string()) {
          fields.sets.push_back(name + "=" + value.get<std::string>());
        } else if (value.is_number()) {
          fields.sets.push_back(name + "=" + value.dump());
        } else {
          return bad_field(
              fmt::format("\"set\": the value of '{}' must be a string or a number", name));
        }
      }
    } else {
      return bad_field("\"set\" must be a list of \"name=value\" strings or an object");
    }
  }
  auto samples = request_count(body, "samples", max_samples, samples_hint);
  if (!samples) return samples.diagnostics();
  fields.samples = *samples;
  if (body.contains("seed") && !body["seed"].is_null()) {
    auto seed = request_count(body, "seed", UINT64_MAX);
    if (!seed) return seed.diagnostics();
    fields.seed = *seed;
  }
  if (auto view = body.find("view"); view != body.end() && !view->is_null()) {
    if (!view->is_boolean()) return bad_field("\"view\" must be true or false");
    fields.view = view->get<bool>();
  }
  return fields;
}

}  // namespace gpugap
