#include "gpugap/server/server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "gpugap/blocks/financing.h"
#include "gpugap/report/diff.h"
#include "gpugap/report/financing_graph.h"
#include "gpugap/report/html.h"
#include "gpugap/report/output.h"
#include "gpugap/report/vega.h"
#include "gpugap/scenario/scenario.h"
#include "gpugap/server/scenarios.h"
#include "gpugap/server/time_limit.h"

namespace gpugap::server {
namespace {

using json = nlohmann::json;
using ordered_json = nlohmann::ordered_json;

// Enough cycles for any real set of deals, as `gpugap graph` lists them.
constexpr size_t kGraphCycleLimit = 1000;

// Runs that outlived their time limit and still hold a thread: beyond this, new runs wait.
constexpr int kMaxStrayRuns = 2;

template <class T>
using Outcome = std::variant<T, ApiError>;

ApiError api_error(int status, std::string message, std::string hint = "") {
  ApiError e;
  e.status = status;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

void send_json(httplib::Response& res, int status, const ordered_json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, ordered_json::error_handler_t::replace),
                  "application/json");
}

void send_error(httplib::Response& res, const ApiError& e) {
  send_json(res, e.status, error_body(e));
}

const char* status_text(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 403:
      return "forbidden";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 408:
      return "the request took too long to arrive";
    case 413:
      return "the request body is too large";
    case 414:
      return "the request address is too long";
    case 415:
      return "unsupported media type";
    case 416:
      return "range not satisfiable";
    case 431:
      return "the request headers are too large";
    case 501:
      return "not implemented";
    default:
      return status >= 500 ? "internal error" : "bad request";
  }
}

// The host part of a Host header: "localhost:8080" → "localhost", "[::1]:8080" → "::1".
std::string host_of(std::string_view header) {
  if (!header.empty() && header.front() == '[') {
    size_t close = header.find(']');
    return std::string(header.substr(1, close == std::string_view::npos ? 0 : close - 1));
  }
  return std::string(header.substr(0, header.find(':')));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ordered_json published_json(const Published& p) {
  return {{"by", p.by}, {"date", p.date}, {"url", p.url}};
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

struct Server::Impl {
  explicit Impl(ServerOptions o)
      : options(std::move(o)), catalog(options.user_scenarios, options.bundled_scenarios) {}

  ServerOptions options;
  ScenarioCatalog catalog;
  std::shared_ptr<StrayWork> strays = std::make_shared<StrayWork>(kMaxStrayRuns);
  httplib::Server http;

  Outcome<ScenarioEntry> find(const std::string& name) const {
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
    return entry;
  }

  // Runs `work` on its own thread under the time limit; exceptions become internal errors. The
  // work is handed a `cancelled` test (thread-safe) that turns true at the deadline, or as soon as
  // the server gives up on it: Monte Carlo asks it between blocks and stops, so that a run past
  // its limit frees its thread at once.
  template <class T>
  Outcome<T> limited(std::function<Result<T>(const std::function<bool()>&)> work) const {
    if (strays->full()) {
      return api_error(503, "busy: runs that went past the time limit are still finishing",
                       "try again in a moment, with fewer samples");
    }
    auto limit = std::chrono::milliseconds(options.limits.time_limit_ms);
    auto deadline = std::chrono::steady_clock::now() + limit;
    auto stop = std::make_shared<std::atomic<bool>>(false);
    std::function<bool()> cancelled = [deadline, stop] {
      return stop->load(std::memory_order_relaxed) || std::chrono::steady_clock::now() >= deadline;
    };
    auto guarded = [work = std::move(work), cancelled]() -> Result<T> {
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

  Outcome<Evaluation> evaluate(const RunParams& p) const {
    auto entry = find(p.scenario);
    if (auto* e = std::get_if<ApiError>(&entry)) return *e;
    EvaluationRequest request{std::get<ScenarioEntry>(entry).path, p.sets, p.samples, p.seed, {}};
    Evaluator evaluator = options.evaluate;
    return limited<Evaluation>(
        [evaluator, request](const std::function<bool()>& cancelled) mutable {
          request.cancelled = cancelled;
          return evaluator(request);
        });
  }

  Outcome<RunParams> run_params(const json& body) const { return parse_run(body, options.limits); }

  // A POST's JSON body as run parameters.
  Outcome<RunParams> run_params(const httplib::Request& req) const {
    auto body = parse_body(req.body);
    if (auto* e = std::get_if<ApiError>(&body)) return *e;
    return run_params(std::get<json>(body));
  }

  void get_scenarios(httplib::Response& res) const {
    ordered_json list = ordered_json::array();
    for (const ScenarioEntry& entry : catalog.list()) {
      ordered_json item = {{"name", entry.name}, {"origin", entry.origin}};
      auto scenario = load_scenario(entry.path);
      if (scenario) {
        item["title"] = scenario->title;
        item["published"] = published_json(scenario->published);
      } else {
        item["title"] = "";
        item["error"] = error_body(diagnostics_error(422, scenario.diagnostics()));
      }
      list.push_back(item);
    }
    send_json(res, 200, list);
  }

  void get_scenario(const std::string& name, httplib::Response& res) const {
    auto entry = find(name);
    if (auto* e = std::get_if<ApiError>(&entry)) return send_error(res, *e);
    const ScenarioEntry& found = std::get<ScenarioEntry>(entry);
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

  void post_run(const httplib::Request& req, httplib::Response& res) const {
    auto params = run_params(req);
    if (auto* e = std::get_if<ApiError>(&params)) return send_error(res, *e);
    const RunParams& p = std::get<RunParams>(params);
    auto evaluated = evaluate(p);
    if (auto* e = std::get_if<ApiError>(&evaluated)) return send_error(res, *e);
    Evaluation& ev = std::get<Evaluation>(evaluated);
    ordered_json out = ev.run;
    if (p.view) out["view"] = report_view(ev.model, ev.point, ev.run);
    send_json(res, 200, out);
  }

  void post_sensitivity(const httplib::Request& req, httplib::Response& res) const {
    if (!options.sensitivity) {
      return send_error(res, api_error(501, "sensitivity analysis is not in this build yet",
                                       "POST /api/run works; sensitivity comes with the "
                                       "`gpugap sensitivity` command"));
    }
    auto body = parse_body(req.body);
    if (auto* e = std::get_if<ApiError>(&body)) return send_error(res, *e);
    auto params = run_params(std::get<json>(body));
    if (auto* e = std::get_if<ApiError>(&params)) return send_error(res, *e);
    const RunParams& p = std::get<RunParams>(params);
    const json& b = std::get<json>(body);
    if (!b.contains("output") || !b["output"].is_string() || b["output"] == "") {
      return send_error(res, api_error(400, "\"output\" must name the result to analyse"));
    }
    if (b.contains("method") && b["method"] != "tornado" && b["method"] != "sobol") {
      return send_error(res, api_error(400, "\"method\" must be \"tornado\" or \"sobol\""));
    }
    auto entry = find(p.scenario);
    if (auto* e = std::get_if<ApiError>(&entry)) return send_error(res, *e);
    EvaluationRequest request{std::get<ScenarioEntry>(entry).path, p.sets, p.samples, p.seed, {}};
    SensitivityRunner runner = options.sensitivity;
    json options_body = std::get<json>(body);
    auto analysed = limited<ordered_json>(
        [runner, request, options_body](const std::function<bool()>& cancelled) mutable {
          request.cancelled = cancelled;
          return runner(request, options_body);
        });
    if (auto* e = std::get_if<ApiError>(&analysed)) return send_error(res, *e);
    ordered_json out = std::get<ordered_json>(analysed);
    ordered_json charts = ordered_json::array();
    for (auto& chart : sensitivity_charts(out)) charts.push_back(std::move(chart));
    out["charts"] = charts;
    send_json(res, 200, out);
  }

  void post_diff(const httplib::Request& req, httplib::Response& res) const {
    auto body = parse_body(req.body);
    if (auto* e = std::get_if<ApiError>(&body)) return send_error(res, *e);
    const json& b = std::get<json>(body);
    std::vector<Evaluation> sides;
    for (const char* side : {"a", "b"}) {
      auto it = b.find(side);
      if (it == b.end() || !it->is_object()) {
        return send_error(res, api_error(400, fmt::format("\"{}\" must be an object "
                                                          "{{\"scenario\": …, \"set\": […]}}",
                                                          side)));
      }
      auto params = run_params(*it);
      if (auto* e = std::get_if<ApiError>(&params)) return send_error(res, *e);
      RunParams p = std::get<RunParams>(params);
      p.samples = 0;
      auto evaluated = evaluate(p);
      if (auto* e = std::get_if<ApiError>(&evaluated)) return send_error(res, *e);
      sides.push_back(std::move(std::get<Evaluation>(evaluated)));
    }
    ordered_json rows = ordered_json::array();
    for (const DiffRow& row :
         diff_models(sides[0].model, sides[0].point, sides[1].model, sides[1].point)) {
      rows.push_back({{"name", row.name},
                      {"change", row.change},
                      {"a", row.a},
                      {"b", row.b},
                      {"a_text", row.a_text},
                      {"b_text", row.b_text},
                      {"unit", row.unit},
                      {"caused_by", row.caused_by}});
    }
    send_json(res, 200,
              {{"a", sides[0].run.value("scenario", "")},
               {"b", sides[1].run.value("scenario", "")},
               {"rows", rows}});
  }

  // GET /report.html?scenario=…&set=…&samples=…&seed=…: the report, as a download.
  void get_report(const httplib::Request& req, httplib::Response& res) const {
    json body = json::object();
    body["scenario"] = req.get_param_value("scenario");
    json sets = json::array();
    for (size_t i = 0; i < req.get_param_value_count("set"); ++i) {
      sets.push_back(req.get_param_value("set", i));
    }
    body["set"] = sets;
    for (const char* key : {"samples", "seed"}) {
      if (!req.has_param(key)) continue;
      std::string text = req.get_param_value(key);
      json number = json::parse(text, nullptr, false);
      body[key] = number.is_discarded() ? json(text) : number;
    }
    auto params = run_params(body);
    if (auto* e = std::get_if<ApiError>(&params)) return send_error(res, *e);
    const RunParams& p = std::get<RunParams>(params);
    auto evaluated = evaluate(p);
    if (auto* e = std::get_if<ApiError>(&evaluated)) return send_error(res, *e);
    Evaluation& ev = std::get<Evaluation>(evaluated);
    auto html = render_report_html(ev.run, report_view(ev.model, ev.point, ev.run),
                                   ReportRequest{p.sets, p.samples, p.seed});
    if (!html) return send_error(res, diagnostics_error(500, html.diagnostics()));
    res.set_header("Content-Disposition",
                   fmt::format("attachment; filename=\"{}.html\"", p.scenario));
    res.set_header("Cache-Control", "no-store");
    res.set_content(*html, "text/html; charset=utf-8");
  }

  // GET /api/graph?scenario=…[&year=Y][&set=…]: the financing graph of the scenario's
  // [financing] block for one year (or whole deals), as `gpugap graph NAME --format json`.
  void get_graph(const httplib::Request& req, httplib::Response& res) const {
    json body = json::object();
    body["scenario"] = req.get_param_value("scenario");
    json sets = json::array();
    for (size_t i = 0; i < req.get_param_value_count("set"); ++i) {
      sets.push_back(req.get_param_value("set", i));
    }
    body["set"] = sets;
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
    if (auto* e = std::get_if<ApiError>(&params)) return send_error(res, *e);
    RunParams p = std::get<RunParams>(params);
    p.samples = 1;  // the graph is of point values
    auto evaluated = evaluate(p);
    if (auto* e = std::get_if<ApiError>(&evaluated)) return send_error(res, *e);
    const Evaluation& ev = std::get<Evaluation>(evaluated);
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
    FinancingSnapshot snapshot = block->snapshot(values, year, kGraphCycleLimit);
    send_json(res, 200, render_graph_json(model.scenario.id, *block, snapshot));
  }

  void get_page(httplib::Response& res) const {
    auto html = render_app_html();
    if (!html) return send_error(res, diagnostics_error(500, html.diagnostics()));
    res.set_header("Cache-Control", "no-store");
    res.set_content(*html, "text/html; charset=utf-8");
  }

  // Before routing: requests addressed to another host (DNS rebinding) and POSTs that are not
  // JSON (a form on another site cannot send JSON without the browser asking first) are refused.
  httplib::Server::HandlerResponse screen(const httplib::Request& req,
                                          httplib::Response& res) const {
    if (is_loopback_host(options.host) && req.has_header("Host") &&
        !is_loopback_host(host_of(req.get_header_value("Host")))) {
      send_error(res, api_error(403, "this server answers only requests addressed to localhost",
                                "open http://127.0.0.1:<port>/"));
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method == "POST" &&
        req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
      send_error(res, api_error(415, "POST bodies must be JSON (Content-Type: application/json)"));
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  }

  void routes() {
    http.set_payload_max_length(options.limits.max_body_bytes);
    http.set_read_timeout(5, 0);
    // An idle keep-alive connection holds one of the pool's threads: let it go soon.
    http.set_keep_alive_timeout(1);
    http.set_write_timeout(30, 0);
    http.set_pre_routing_handler(
        [this](const httplib::Request& req, httplib::Response& res) { return screen(req, res); });
    http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Referrer-Policy", "no-referrer");
    });
    // Whatever went wrong before a handler could say so (an unknown path, a body over the cap)
    // still answers in JSON.
    http.set_error_handler(httplib::Server::HandlerWithResponse([this](const httplib::Request&,
                                                                       httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      std::string message = status_text(res.status);
      if (res.status == 413) {
        message =
            fmt::format("the request body is larger than {} bytes", options.limits.max_body_bytes);
      }
      send_json(res, res.status, error_body(api_error(res.status, message)));
      return httplib::Server::HandlerResponse::Handled;
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
    http.Post("/api/run",
              [this](const httplib::Request& req, httplib::Response& res) { post_run(req, res); });
    http.Post("/api/sensitivity", [this](const httplib::Request& req, httplib::Response& res) {
      post_sensitivity(req, res);
    });
    http.Post("/api/diff",
              [this](const httplib::Request& req, httplib::Response& res) { post_diff(req, res); });
    http.Get("/api/graph",
             [this](const httplib::Request& req, httplib::Response& res) { get_graph(req, res); });
    http.Get("/report.html",
             [this](const httplib::Request& req, httplib::Response& res) { get_report(req, res); });
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
  int port = o.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(o.host);
  } else if (!impl_->http.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port < 0) {
    return Diagnostic{{},
                      fmt::format("cannot listen on {}:{}", o.host, o.port),
                      "is another program using the port? --port 0 picks a free one"};
  }
  return port;
}

bool Server::listen() { return impl_->http.listen_after_bind(); }

void Server::stop() { impl_->http.stop(); }

}  // namespace gpugap::server
