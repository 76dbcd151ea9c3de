#include "gpugap/server/server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/blocks/financing.h"
#include "gpugap/report/diff.h"
#include "gpugap/report/financing_graph.h"
#include "gpugap/report/html.h"
#include "gpugap/report/output.h"
#include "gpugap/report/playground.h"
#include "gpugap/report/view.h"
#include "gpugap/run/monte_carlo.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/scenario/scenario.h"
#include "gpugap/server/evaluation.h"
#include "gpugap/server/host_check.h"
#include "gpugap/server/http_server.h"
#include "gpugap/server/listen_socket.h"
#include "gpugap/server/responses.h"
#include "gpugap/server/run_budget.h"
#include "gpugap/server/scenario_list.h"
#include "gpugap/server/scenario_save.h"
#include "gpugap/server/scenarios.h"
#include "gpugap/server/time_limit.h"
#include "gpugap/util/text.h"

namespace gpugap::server {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// Runs that outlived their time limit and still hold a thread: beyond this, new runs wait.
constexpr int kMaxStrayRuns = 2;

// The transport's limits (http_server.h): the whole request within 10 s, at most 100 header
// fields, 100 requests on a connection, 512 connections open; 64 threads run the handlers, and
// slow clients hold none of them (docs/api.md, "Safety").
HttpLimits http_limits(const Limits& limits) {
  HttpLimits http;
  http.max_body_bytes = limits.max_body_bytes;
  return http;
}

// Sobol indices' base samples when the request gives none, as `gpugap sensitivity`.
constexpr uint64_t kSobolSamples = 8192;
// Their bootstrap resamples, as evaluation.cc asks for.
constexpr size_t kSobolBootstrap = 100;

// The methods an address answers, for a 405's Allow header; nullptr for no such address.
const char* allowed_methods(std::string_view path) {
  if (path == "/api/run" || path == "/api/sensitivity" || path == "/api/diff") return "POST";
  if (path.rfind("/api/scenarios/", 0) == 0) return "GET, HEAD, POST";
  if (path == "/" || path == "/api/scenarios" || path == "/api/graph" || path == "/report.html" ||
      path == "/playground") {
    return "GET, HEAD";
  }
  return nullptr;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

struct Server::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)), catalog(options.user_scenarios, options.bundled_scenarios) {}

  ServerOptions options;
  ScenarioCatalog catalog;
  ScenarioList scenario_list{catalog};
  std::shared_ptr<StrayWork> strays = std::make_shared<StrayWork>(kMaxStrayRuns);
  std::shared_ptr<RunBudget> budget =
      std::make_shared<RunBudget>(options.limits.samples_in_flight, options.limits.free_samples);
  HttpServer http{http_limits(options.limits)};

  ApiResult<ScenarioEntry> find(const std::string& name) const {
    if (!valid_scenario_name(name)) {
      return api_error(400, fmt::format("'{}' is not a scenario name", name),
                       "a name has only letters, digits, '-', '_' and '.', as GET /api/scenarios "
                       "lists them");
    }
    ScenarioEntry entry = catalog.find(name);
    if (entry.path.empty()) {
      std::string guess = catalog.closest(name);
      return api_error(404, fmt::format("no scenario '{}'", name),
                       guess.empty() ? "GET /api/scenarios lists them"
                                     : fmt::format("did you mean '{}'?", guess));
    }
    if (!entry.refused.empty()) return refused_error(entry);
    return entry;
  }

  // Runs `work` on its own thread under the time limit; exceptions become internal errors. The
  // work is handed a `cancelled` test (thread-safe) that turns true at the deadline, or as soon as
  // the server gives up on it: Monte Carlo asks it between blocks and stops, so that a run past
  // its limit frees its thread at once. `samples` is what the work holds in memory (run_budget.h).
  template <class T>
  ApiResult<T> limited(uint64_t samples,
                       std::function<Result<T>(const std::function<bool()>&)> work) const {
    if (strays->full()) {
      return busy("busy: runs that went past the time limit are still finishing",
                  "try again in a moment, with fewer samples");
    }
    std::shared_ptr<void> held = budget->take(samples);
    if (!held) {
      return busy(fmt::format("busy: other large runs hold {} samples; this one needs {} and the "
                              "server runs at most {} at once",
                              budget->in_flight(), samples, options.limits.samples_in_flight),
                  "try again in a moment, or ask for fewer samples");
    }
    auto limit = std::chrono::milliseconds(options.limits.time_limit_ms);
    auto deadline = std::chrono::steady_clock::now() + limit;
    auto stop = std::make_shared<std::atomic<bool>>(false);
    std::function<bool()> cancelled = [deadline, stop] {
      return stop->load(std::memory_order_relaxed) || std::chrono::steady_clock::now() >= deadline;
    };
    // The budget's share goes with the work: it is given back when the work ends (before its
    // result is handed over, so that the next request sees it back), not when the request stops
    // waiting for it.
    auto guarded = [work = std::move(work), cancelled, held]() mutable -> Result<T> {
      struct GiveBack {
        std::shared_ptr<void>& share;
        ~GiveBack() { share.reset(); }
      } give_back{held};
      try {
        return work(cancelled);
      } catch (const std::exception& e) {
        return Diagnostic{{}, fmt::format("internal error: {}", e.what()), ""};
      }
    };
    auto result = run_within<Result<T>>(limit, guarded, strays);
    if (!result) stop->store(true, std::memory_order_relaxed);
    // A run that failed at its deadline was cancelled there: that is the time limit too.
    if (!result || (!*result && std::chrono::steady_clock::now() >= deadline)) {
      return api_error(503,
                       fmt::format("the run did not finish within the time limit of {} s and was "
                                   "stopped",
                                   options.limits.time_limit_ms / 1000.0),
                       "ask for fewer samples, or start the server with a longer --time-limit");
    }
    if (!*result) return diagnostics_error(422, result->diagnostics());
    return std::move(result->value());
  }

  // A large run's memory, estimated from its compiled model before the run allocates it (Monte
  // Carlo's kept samples, or all that Sobol indices hold): 413 when it is more than one run may
  // take. Runs of the default size, and scenarios that do not compile (the run says why), pass.
  std::optional<ApiError> too_large(const std::string& path, const RunParams& p,
                                    const std::string* sobol_output) const {
    if (p.samples <= options.limits.free_samples) return std::nullopt;
    auto model = load_and_compile(ScenarioSource::file(path), p.sets);
    if (!model) return std::nullopt;
    uint64_t bytes = 0;
    std::string what;
    if (sobol_output != nullptr) {
      bytes = sobol_memory_bytes(*model, p.samples, kSobolBootstrap, 0);
      what = fmt::format("Sobol indices over {} base samples", std::bit_ceil(p.samples));
    } else {
      bytes = kept_sample_bytes(*model, selected_quantities(*model, {}), p.samples);
      what = fmt::format("{} samples of {}", p.samples, model->scenario.id);
    }
    if (bytes <= options.limits.max_run_bytes) return std::nullopt;
    auto gib = [](uint64_t b) {
      return fmt::format("{:.1f} GiB", static_cast<double>(b) / static_cast<double>(1ull << 30));
    };
    return api_error(413,
                     fmt::format("{} need {} of memory, more than this server gives one run ({})",
                                 what, gib(bytes), gib(options.limits.max_run_bytes)),
                     "ask for fewer samples");
  }

  ApiResult<Evaluation> evaluate(const RunParams& p) const {
    auto entry = find(p.scenario);
    if (!entry) return entry.error();
    if (auto e = too_large(entry->path, p, nullptr)) return *e;
    EvaluationRequest request{entry->path, p.sets, p.samples, p.seed, {}};
    auto before = options.before_run;
    return limited<Evaluation>(p.samples,
                               [before, request](const std::function<bool()>& cancelled) mutable {
                                 if (before) before(request.samples);
                                 request.cancelled = cancelled;
                                 return evaluate_request(request);
                               });
  }

  ApiResult<RunParams> run_params(const json& body) const {
    return parse_run(body, options.limits);
  }

  // A POST's JSON body as run parameters.
  ApiResult<RunParams> run_params(const httplib::Request& req) const {
    auto body = parse_body(req.body);
    if (!body) return body.error();
    return run_params(*body);
  }

  void get_scenarios(httplib::Response& res) const { send_json(res, 200, scenario_list.list()); }

  void get_scenario(const std::string& name, httplib::Response& res) const {
    auto entry = find(name);
    if (!entry) return send_error(res, entry.error());
    const ScenarioEntry& found = *entry;
    auto scenario = load_scenario(found.path);
    if (!scenario) return send_error(res, diagnostics_error(422, scenario.diagnostics()));
    ordered_json out;
    out["name"] = found.name;
    out["origin"] = found.origin;
    out["title"] = scenario->title;
    out["description"] = scenario->description;
    out["published"] = published_json(scenario->published);
    ordered_json extends = ordered_json::array();
    for (const auto& file : scenario->extends_chain) {
      extends.push_back(std::filesystem::path(file).filename().string());
    }
    out["extends"] = extends;
    if (scenario->time) {
      out["time"] = {{"first_year", scenario->time->first_year},
                     {"last_year", scenario->time->last_year}};
    }
    ordered_json quantities = ordered_json::object();
    for (const QuantityDef& def : scenario->quantities) {
      ordered_json q;
      if (def.is_year_table()) {
        ordered_json years = ordered_json::object();
        for (const YearEntry& y : def.years) years[std::to_string(y.year)] = y.text;
        q["value"] = years;
      } else {
        q["value"] = def.text;
      }
      q["unit"] = def.unit;
      q["source"] = def.source;
      if (!def.note.empty()) q["note"] = def.note;
      quantities[def.name] = q;
    }
    out["quantities"] = quantities;
    ordered_json expect = ordered_json::object();
    for (const Expectation& e : scenario->expectations) expect[e.name] = e.text;
    out["expect"] = expect;
    out["toml"] = read_file(found.path);
    send_json(res, 200, out);
  }

  // POST /api/scenarios/NAME {"toml": "…"}: saves an edited scenario into the user's folder
  // (scenario_save.h).
  void post_scenario(const httplib::Request& req, httplib::Response& res) const {
    auto body = parse_body(req.body);
    if (!body) return send_error(res, body.error());
    const json& b = *body;
    if (!b.is_object() || !b.contains("toml") || !b["toml"].is_string()) {
      return send_error(res,
                        api_error(400, "the body must be {\"toml\": \"the scenario's text\"}"));
    }
    SaveOutcome saved =
        save_scenario(options.user_scenarios, req.matches[1].str(), b["toml"].get<std::string>());
    if (saved.status != 200) {
      ApiError e = api_error(saved.status, saved.message, saved.hint);
      if (!saved.printed.empty()) e.diagnostics = ordered_json::array({saved.printed});
      return send_error(res, e);
    }
    send_json(res, 200, ordered_json{{"name", req.matches[1].str()}, {"saved", true}});
  }

  void post_run(const httplib::Request& req, httplib::Response& res) const {
    auto params = run_params(req);
    if (!params) return send_error(res, params.error());
    const RunParams& p = *params;
    auto evaluated = evaluate(p);
    if (!evaluated) return send_error(res, evaluated.error());
    Evaluation& ev = *evaluated;
    ordered_json out = ev.run;
    if (p.view) out["view"] = report_view(ev.model, ev.point, ev.run);
    send_json(res, 200, out);
  }

  void post_sensitivity(const httplib::Request& req, httplib::Response& res) const {
    auto body = parse_body(req.body);
    if (!body) return send_error(res, body.error());
    auto params = parse_run(*body, options.limits, {"output", "method"});
    if (!params) return send_error(res, params.error());
    RunParams p = *params;
    const json& b = *body;
    if (!b.contains("output") || !b["output"].is_string() || b["output"] == "") {
      return send_error(res, api_error(400, "\"output\" must name the result to analyse"));
    }
    if (b.contains("method") && b["method"] != "tornado" && b["method"] != "sobol") {
      return send_error(res, api_error(400, "\"method\" must be \"tornado\" or \"sobol\""));
    }
    bool sobol = b.value("method", "tornado") == "sobol";
    if (sobol) {
      // As `gpugap sensitivity` checks --samples: the same ranges, the same words.
      if (p.samples == 0) p.samples = kSobolSamples;
      if (auto bad = check_sobol_samples(p.samples, "samples")) {
        return send_error(res, api_error(400, bad->message, bad->hint));
      }
    }
    auto entry = find(p.scenario);
    if (!entry) return send_error(res, entry.error());
    if (sobol) {
      const std::string output = b["output"];
      if (auto e = too_large(entry->path, p, &output)) return send_error(res, *e);
    }
    EvaluationRequest request{entry->path, p.sets, p.samples, p.seed, {}};
    json options_body = *body;
    auto analysed = limited<ordered_json>(
        sobol ? p.samples : 0,
        [request, options_body](const std::function<bool()>& cancelled) mutable {
          request.cancelled = cancelled;
          return analyse_request(request, options_body);
        });
    if (!analysed) return send_error(res, analysed.error());
    send_json(res, 200, *analysed);  // with its charts (analyse_request)
  }

  void post_diff(const httplib::Request& req, httplib::Response& res) const {
    auto body = parse_body(req.body);
    if (!body) return send_error(res, body.error());
    const json& b = *body;
    if (auto e = unknown_field(b, {"a", "b", "samples", "seed"})) return send_error(res, *e);
    // As `gpugap diff --samples --seed`: one count and one seed for both sides.
    auto monte_carlo = parse_monte_carlo(b, options.limits);
    if (!monte_carlo) return send_error(res, monte_carlo.error());
    const MonteCarloParams mc = *monte_carlo;
    // Shared with the comparison's thread, which may outlive this request at the time limit.
    auto sides = std::make_shared<std::vector<Evaluation>>();
    for (const char* side : {"a", "b"}) {
      auto it = b.find(side);
      if (it == b.end() || !it->is_object()) {
        return send_error(res, api_error(400, fmt::format("\"{}\" must be an object "
                                                          "{{\"scenario\": …, \"set\": […]}}",
                                                          side)));
      }
      auto params = run_params(*it);
      if (!params) return send_error(res, params.error());
      RunParams p = *params;
      p.samples = 1;  // point values; the Monte Carlo comparison pairs the samples below
      auto evaluated = evaluate(p);
      if (!evaluated) return send_error(res, evaluated.error());
      sides->push_back(std::move(*evaluated));
    }
    const Evaluation& side_a = (*sides)[0];
    const Evaluation& side_b = (*sides)[1];
    auto diff = std::make_shared<const std::vector<DiffRow>>(
        diff_models(side_a.model, side_a.point, side_b.model, side_b.point));
    ordered_json rows = ordered_json::array();
    for (const DiffRow& row : *diff) {
      // As `gpugap diff --format json`, with the values as the CLI's table shows them.
      ordered_json r = diff_row_json(row);
      r["a_text"] = row.a_text;
      r["b_text"] = row.b_text;
      r["change_text"] = change_text(row);
      rows.push_back(std::move(r));
    }
    // A and B each keep their samples until they are compared.
    const bool uncertain =
        !side_a.model.program.leaves.empty() || !side_b.model.program.leaves.empty();
    const uint64_t held = uncertain ? 2 * (mc.samples ? mc.samples : kDefaultSamples) : 0;
    auto compared =
        limited<ordered_json>(held, [sides, diff, mc](const std::function<bool()>& cancelled) {
          return compare_request((*sides)[0], (*sides)[1], *diff, mc.samples, mc.seed, cancelled);
        });
    if (!compared) return send_error(res, compared.error());
    ordered_json out = {{"a", side_a.run.value("scenario", "")},
                        {"b", side_b.run.value("scenario", "")},
                        {"rows", rows}};
    if (!compared->is_null()) {
      out["monte_carlo"] = std::move(*compared);
    }
    send_json(res, 200, out);
  }

  // A GET's ?scenario=…&set=…&set=… as the JSON body of a POST.
  static json query_body(const httplib::Request& req) {
    json body = json::object();
    body["scenario"] = req.get_param_value("scenario");
    json sets = json::array();
    for (size_t i = 0; i < req.get_param_value_count("set"); ++i) {
      sets.push_back(req.get_param_value("set", i));
    }
    body["set"] = sets;
    return body;
  }

  // GET /report.html?scenario=…&set=…&samples=…&seed=…: the report, as a download.
  void get_report(const httplib::Request& req, httplib::Response& res) const {
    json body = query_body(req);
    for (const char* key : {"samples", "seed"}) {
      if (!req.has_param(key)) continue;
      std::string text = req.get_param_value(key);
      json number = json::parse(text, nullptr, false);
      body[key] = number.is_discarded() ? json(text) : number;
    }
    auto params = run_params(body);
    if (!params) return send_error(res, params.error());
    const RunParams& p = *params;
    auto evaluated = evaluate(p);
    if (!evaluated) return send_error(res, evaluated.error());
    Evaluation& ev = *evaluated;
    // The reader of the report recomputes with the engine it carries: a bundled scenario by its
    // name, a user's file as its text.
    ordered_json source = nullptr;
    if (auto found = find(p.scenario)) {
      source = found->origin == "bundled" ? ordered_json{{"scenario", found->name}}
                                          : ordered_json{{"text", read_file(found->path)},
                                                         {"path", found->name + ".toml"}};
    }
    auto html = render_report_html(ev.run, report_view(ev.model, ev.point, ev.run),
                                   ReportRequest{p.sets, p.samples, p.seed}, source);
    if (!html) return send_error(res, diagnostics_error(500, html.diagnostics()));
    res.set_header("Content-Disposition",
                   fmt::format("attachment; filename=\"{}.html\"", p.scenario));
    res.set_header("Cache-Control", "no-store");
    res.set_content(*html, "text/html; charset=utf-8");
  }

  // GET /api/graph?scenario=…[&year=Y][&set=…]: the financing graph of the scenario's
  // [financing] block for one year (or whole deals), as `gpugap graph NAME --format json`.
  void get_graph(const httplib::Request& req, httplib::Response& res) const {
    json body = query_body(req);
    std::optional<int> year;
    if (req.has_param("year")) {
      std::string text = req.get_param_value("year");
      int value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size()) {
        return send_error(res, api_error(400, fmt::format("year '{}' is not a year", text),
                                         "a whole year such as 2026, or no year for every "
                                         "deal's whole amount"));
      }
      year = value;
    }
    auto params = run_params(body);
    if (!params) return send_error(res, params.error());
    RunParams p = *params;
    p.samples = 1;  // the graph is of point values
    auto evaluated = evaluate(p);
    if (!evaluated) return send_error(res, evaluated.error());
    const Evaluation& ev = *evaluated;
    const Model& model = ev.model;
    const FinancingBlock* block = find_financing_block(model.scenario);
    if (block == nullptr) {
      return send_error(
          res, api_error(400,
                         fmt::format("{} has no [financing] block: there is no graph to show",
                                     model.scenario.id),
                         "a scenario with deals between companies has one, such as "
                         "circular-2025 (docs/financing-graph.md)"));
    }
    if (year) {
      const auto& time = block->time();
      if (!time || *year < time->first_year || *year > time->last_year) {
        return send_error(
            res, api_error(400,
                           time ? fmt::format("year {} is outside {}'s years {}..{}", *year,
                                              model.scenario.id, time->first_year, time->last_year)
                                : fmt::format("year {}: {} has no [time] axis, only whole deals",
                                              *year, model.scenario.id),
                           "leave out year for every deal's whole amount"));
      }
    }
    std::vector<std::vector<double>> values;
    for (const std::string& input : block->inputs()) {
      values.push_back(ev.point.values[static_cast<size_t>(model.index_of(input))]);
    }
    FinancingSnapshot snapshot = block->snapshot(values, year);
    send_json(res, 200, render_graph_json(model.scenario.id, *block, snapshot));
  }

  // GET /playground[?scenario=NAME]: the playground (report/playground.h) on a bundled scenario.
  void get_playground(const httplib::Request& req, httplib::Response& res) const {
    std::string name =
        req.has_param("scenario") ? req.get_param_value("scenario") : std::string("sequoia-2024");
    std::string path = options.bundled_scenarios + "/" + name + ".toml";
    std::error_code ec;
    if (name.empty() || name[0] == '.' || name.find_first_of("/\\") != std::string::npos ||
        !std::filesystem::is_regular_file(path, ec)) {
      return send_error(res, api_error(404, fmt::format("no bundled scenario '{}'", name),
                                       "GET /api/scenarios lists them"));
    }
    auto html = render_playground_file(path);
    if (!html) return send_error(res, diagnostics_error(500, html.diagnostics()));
    res.set_header("Cache-Control", "no-store");
    res.set_content(*html, "text/html; charset=utf-8");
  }

  void get_page(httplib::Response& res) const {
    auto html = render_app_html();
    if (!html) return send_error(res, diagnostics_error(500, html.diagnostics()));
    res.set_header("Cache-Control", "no-store");
    res.set_content(*html, "text/html; charset=utf-8");
  }

  // Before routing, before the body is read: requests addressed to another host (DNS
  // rebinding), and bodies without a length, which cpp-httplib would read whole past the cap.
  HttpServer::HandlerResponse screen(const httplib::Request& req, httplib::Response& res) const {
    if (!host_header_allowed(req.get_header_value("Host"), options.host)) {
      send_error(res, api_error(403,
                                fmt::format("this server answers only requests addressed to {}",
                                            is_loopback_host(options.host)
                                                ? "localhost"
                                                : fmt::format("{} or localhost", options.host)),
                                "open http://127.0.0.1:<port>/"));
      return HttpServer::HandlerResponse::Handled;
    }
    // Only GET, HEAD and POST are answered: refuse the others before their body is read.
    if (req.method != "GET" && req.method != "HEAD" && req.method != "POST") {
      refuse_method(req, res);
      if (req.has_header("Transfer-Encoding") ||
          req.get_header_value<uint64_t>("Content-Length") > 0) {
        res.set_header("Connection", "close");
      }
      return HttpServer::HandlerResponse::Handled;
    }
    // The transport would read a POST's body, and without a Content-Length reads it whole.
    if (req.has_header("Transfer-Encoding") ||
        (req.method == "POST" && !req.has_header("Content-Length"))) {
      send_error(res, api_error(411,
                                "the request body must have a Content-Length: chunked bodies "
                                "and bodies without a length are refused",
                                fmt::format("send at most {} bytes with a Content-Length",
                                            options.limits.max_body_bytes)));
      // The body is still on its way: this connection cannot carry another request.
      res.set_header("Connection", "close");
      return HttpServer::HandlerResponse::Handled;
    }
    return HttpServer::HandlerResponse::Unhandled;
  }

  // A POST's handler, after the JSON check: a form on another site cannot send JSON without the
  // browser asking first.
  HttpServer::Handler post_json(void (Impl::*handler)(const httplib::Request&, httplib::Response&)
                                    const) const {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      if (!is_json(req.get_header_value("Content-Type"))) {
        return send_error(
            res, api_error(415, "POST bodies must be JSON (Content-Type: application/json)"));
      }
      (this->*handler)(req, res);
    };
  }

  // A method an address does not answer: 405 with those it does, or 404 for no such address.
  static void refuse_method(const httplib::Request& req, httplib::Response& res) {
    const char* allow = allowed_methods(req.path);
    if (allow == nullptr) return send_error(res, api_error(404, status_text(404)));
    res.set_header("Allow", allow);
    send_error(res, api_error(405, fmt::format("{} is not allowed here: this address answers {}",
                                               req.method, allow)));
  }

  void routes() {
    http.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return screen(req, res); });
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Referrer-Policy", "no-referrer");
    });
    // Whatever went wrong before a handler could say so (an unknown path, a body over the cap)
    // still answers in JSON.
    http.set_error_handler(
        HttpServer::HandlerWithResponse([this](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty()) return HttpServer::HandlerResponse::Unhandled;
          std::string message = status_text(res.status);
          // 503 without a body: the transport's answer to a connection beyond its limit.
          if (res.status == 503) message = "too many connections are open: try again in a moment";
          if (res.status == 413) {
            message = fmt::format("the request body is larger than {} bytes",
                                  options.limits.max_body_bytes);
          }
          send_json(res, res.status, error_body(api_error(res.status, message)));
          return HttpServer::HandlerResponse::Handled;
        }));
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
          std::string what = "unknown";
          try {
            std::rethrow_exception(error);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          send_error(res, api_error(500, "internal error: " + what));
        });

    http.Get("/", [this](const httplib::Request&, httplib::Response& res) { get_page(res); });
    http.Get("/api/scenarios",
             [this](const httplib::Request&, httplib::Response& res) { get_scenarios(res); });
    http.Get(R"(/api/scenarios/(.*))", [this](const httplib::Request& req, httplib::Response& res) {
      get_scenario(req.matches[1].str(), res);
    });
    http.Post(R"(/api/scenarios/(.*))", post_json(&Impl::post_scenario));
    http.Post("/api/run", post_json(&Impl::post_run));
    http.Post("/api/sensitivity", post_json(&Impl::post_sensitivity));
    http.Post("/api/diff", post_json(&Impl::post_diff));
    http.Get("/api/graph",
             [this](const httplib::Request& req, httplib::Response& res) { get_graph(req, res); });
    http.Get("/report.html",
             [this](const httplib::Request& req, httplib::Response& res) { get_report(req, res); });
    http.Get("/playground", [this](const httplib::Request& req, httplib::Response& res) {
      get_playground(req, res);
    });
    // The other of GET and POST on each address (screen() refuses every other method).
    for (const char* get : {"/", "/api/scenarios", "/api/graph", "/report.html", "/playground"}) {
      http.Post(get, refuse_method);
    }
    for (const char* post : {"/api/run", "/api/sensitivity", "/api/diff"}) {
      http.Get(post, refuse_method);
    }
  }
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->routes();
}

Server::~Server() = default;

Result<int> Server::bind() {
  const ServerOptions& o = impl_->options;
  if (o.port < 0 || o.port > 65535) {
    return Diagnostic{{},
                      fmt::format("--port {} is not a port number", o.port),
                      "0 to 65535; 0 picks a free one"};
  }
  std::error_code bind_error;
  int port = impl_->http.bind(o.host, o.port, bind_error);
  if (port < 0) {
    int error = listen_error(o.host, o.port);
    if (error == EADDRINUSE) {
      return Diagnostic{{},
                        fmt::format("port {} is in use", o.port),
                        "another program (another gpugap serve?) listens on it: stop it, or "
                        "give another --port; --port 0 picks a free one"};
    }
    if (error < 0) {
      return Diagnostic{{},
                        fmt::format("cannot listen on {}: no such address", o.host),
                        "--host takes an address of this machine, such as 127.0.0.1"};
    }
    return Diagnostic{{},
                      fmt::format("cannot listen on {}:{}{}", o.host, o.port,
                                  error > 0 ? fmt::format(": {}", std::strerror(error)) : ""),
                      "--port 0 picks a free one"};
  }
  return port;
}

bool Server::listen() { return impl_->http.listen(); }

void Server::stop() { impl_->http.stop(); }

}  // namespace gpugap::server
