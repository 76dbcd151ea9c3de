#include "gpugap/run/request.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <optional>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/report/output.h"
#include "gpugap/report/sensitivity_json.h"
#include "gpugap/report/view.h"
#include "gpugap/run/monte_carlo.h"
#include "gpugap/run/request_fields.h"
#include "gpugap/util/text.h"

namespace gpugap {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

Diagnostic bad_field(std::string message, std::string hint = "") {
  return {{}, std::move(message), std::move(hint)};
}

// A list of strings, or one string.
Result<std::vector<std::string>> strings(const json& value, const char* key) {
  std::vector<std::string> out;
  if (value.is_string()) return std::vector<std::string>{value.get<std::string>()};
  if (value.is_array()) {
    for (const json& item : value) {
      if (!item.is_string()) return bad_field(fmt::format("\"{}\" must hold strings", key));
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  return bad_field(fmt::format("\"{}\" must be a list of strings or one string", key));
}

const std::vector<std::string>& known_fields() {
  static const std::vector<std::string> fields = {"scenario", "text",    "path",   "set",
                                                  "samples",  "seed",    "only",   "threads",
                                                  "view",     "tornado", "method", "scrambles"};
  return fields;
}

}  // namespace

Result<RunRequest> parse_run_request(std::string_view json_text) {
  const json body = json::parse(json_text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return bad_field("the request is not a JSON object",
                     "e.g. {\"scenario\": \"sequoia-2024\", \"samples\": 10000}");
  }
  if (auto unknown = unknown_request_field(body, known_fields())) return *unknown;
  RunRequest request;
  if (body.contains("scenario") && body.contains("text")) {
    return bad_field("the request has both \"scenario\" and \"text\"",
                     "give a bundled name or path in \"scenario\", or the TOML in \"text\"");
  }
  if (auto it = body.find("scenario"); it != body.end()) {
    if (!it->is_string()) return bad_field("\"scenario\" must be a string");
    request.source = ScenarioSource::named(it->get<std::string>());
  }
  if (auto it = body.find("text"); it != body.end()) {
    if (!it->is_string()) return bad_field("\"text\" must be a string");
    std::string path = "scenario.toml";
    if (auto p = body.find("path"); p != body.end()) {
      if (!p->is_string() || p->get<std::string>().empty()) {
        return bad_field("\"path\" must be a file name, such as \"my.toml\"");
      }
      path = p->get<std::string>();
    }
    request.source = ScenarioSource::text_of(path, it->get<std::string>());
  } else if (body.contains("path")) {
    return bad_field("\"path\" names scenario \"text\", which the request has not");
  }
  // The fields every run request shares, as POST /api/run reads them.
  auto run = read_run_fields(body, std::numeric_limits<uint64_t>::max());
  if (!run) return run.diagnostics();
  request.sets = std::move(run->sets);
  request.samples = run->samples;
  request.seed = run->seed;
  request.view = run->view;
  if (auto it = body.find("only"); it != body.end()) {
    auto only = strings(*it, "only");
    if (!only) return only.diagnostics();
    request.only = std::move(*only);
  }
  if (auto it = body.find("method"); it != body.end()) {
    if (!it->is_string() || (*it != "mc" && *it != "qmc")) {
      return bad_field("\"method\" must be \"mc\" (Monte Carlo) or \"qmc\" (quasi-Monte Carlo)",
                       "e.g. {\"scenario\": \"sequoia-2024-uncertain\", \"method\": \"qmc\"}");
    }
    if (*it == "qmc") request.scrambles = kDefaultScrambles;
  }
  if (auto it = body.find("scrambles"); it != body.end()) {
    auto n = request_count(body, "scrambles", 1024);
    if (!n) return n.diagnostics();
    if (request.scrambles == 0 || *n < 2) {
      return bad_field("\"scrambles\" is 2 or more, with \"method\": \"qmc\"",
                       "e.g. {\"method\": \"qmc\", \"scrambles\": 16}");
    }
    request.scrambles = static_cast<unsigned>(*n);
  }
  if (auto it = body.find("threads"); it != body.end()) {
    auto n = request_count(body, "threads", 1024);
    if (!n) return n.diagnostics();
    request.threads = static_cast<unsigned>(*n);
  }
  if (auto it = body.find("tornado"); it != body.end()) {
    if (!it->is_string()) return bad_field("\"tornado\" must be the name of a result");
    request.tornado = it->get<std::string>();
  }
  return request;
}

Result<std::vector<std::string>> parse_only(const Model& model,
                                            const std::vector<std::string>& only) {
  std::vector<std::string> names;
  std::vector<Diagnostic> errors;
  for (const auto& item : only) {
    std::string_view rest = item;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string name(trim(rest.substr(0, comma)));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (name.empty()) continue;
      if (model.index_of(name) < 0) {
        std::string guess = closest_name(name, model.scenario.names());
        errors.push_back({{},
                          fmt::format("--only names '{}', which is not a quantity of {}", name,
                                      model.scenario.id),
                          guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)});
        continue;
      }
      names.push_back(name);
    }
  }
  if (!errors.empty()) return errors;
  return names;
}

Result<ordered_json> run_json(const RunRequest& request) {
  // The steps of cli/run.cc for --format json, in its order.
  auto evaluated = evaluate(request.source, request.sets);
  if (!evaluated) return evaluated.diagnostics();
  const Model& model = evaluated->model;
  auto only = parse_only(model, request.only);
  if (!only) return only.diagnostics();
  std::vector<int> selection = selected_quantities(model, *only);
  MonteCarloSettings settings;
  settings.samples = request.samples;
  settings.seed = request.seed;
  settings.threads = request.threads;
  settings.scrambles = request.scrambles;
  auto uncertainty = run_summaries(model, selection, settings);
  if (!uncertainty) return uncertainty.diagnostics();
  ordered_json run = render_json(model, evaluated->results, selection,
                                 uncertainty->has_value() ? &**uncertainty : nullptr);
  if (!request.view) return run;
  std::vector<ordered_json> analyses;
  if (!request.tornado.empty()) {
    int output = model.index_of(request.tornado);
    if (output < 0) {
      std::string guess = closest_name(request.tornado, model.scenario.names());
      return Diagnostic{{},
                        fmt::format("\"tornado\": '{}' is not a quantity of {}", request.tornado,
                                    model.scenario.id),
                        guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)};
    }
    auto t = tornado(model, output);
    if (!t) return t.diagnostics();
    analyses.push_back(tornado_json(model, *t));
  }
  ordered_json view = report_view(model, evaluated->results, run, analyses);
  run["view"] = std::move(view);
  return run;
}

ordered_json diagnostics_json(const std::vector<Diagnostic>& diagnostics) {
  ordered_json out;
  out["error"] = diagnostics.empty() ? "unknown error" : diagnostics.front().message;
  ordered_json list = ordered_json::array();
  for (const Diagnostic& d : diagnostics) {
    ordered_json item;
    const bool known = d.where.known();
    item["file"] = d.where.source ? ordered_json(d.where.source->path) : ordered_json(nullptr);
    item["line"] = known ? ordered_json(d.where.line) : ordered_json(nullptr);
    item["column"] = known ? ordered_json(d.where.column) : ordered_json(nullptr);
    item["length"] = known ? ordered_json(d.where.length) : ordered_json(nullptr);
    item["message"] = d.message;
    item["hint"] = d.hint;
    list.push_back(std::move(item));
  }
  out["diagnostics"] = std::move(list);
  out["printed"] = format_diagnostics(diagnostics);
  return out;
}

std::string run_request_json(std::string_view json_text, unsigned threads) {
  auto request = parse_run_request(json_text);
  // A message may quote bytes of the file that are not UTF-8: replaced, not thrown on.
  auto error = [](const std::vector<Diagnostic>& diagnostics) {
    return diagnostics_json(diagnostics)
               .dump(2, ' ', false, ordered_json::error_handler_t::replace) +
           "\n";
  };
  if (!request) return error(request.diagnostics());
  if (threads != 0) request->threads = threads;
  auto result = run_json(*request);
  if (!result) return error(result.diagnostics());
  // A page's answer is read by a program, not a person: no indentation.
  if (request->view) return result->dump(-1, ' ', false, ordered_json::error_handler_t::replace);
  return result->dump(2) + "\n";
}

}  // namespace gpugap
