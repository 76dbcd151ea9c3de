#include "targets.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <string_view>

#include "gpugap/expr/parser.h"
#include "gpugap/run/monte_carlo.h"
#include "gpugap/run/pipeline.h"
#include "gpugap/server/api.h"
#include "gpugap/server/evaluation.h"

namespace gpugap::fuzz {
namespace {
namespace fs = std::filesystem;

[[noreturn]] void property_failed(const std::string& what) {
  std::fprintf(stderr, "fuzz property failed: %s\n", what.c_str());
  std::abort();
}

// Inputs that name devices or kernel files could make a run read forever (a catalogue of
// /dev/zero): they test the machine, not gpugap.
bool names_special_files(std::string_view text) {
  for (std::string_view prefix : {"/dev", "/proc", "/sys"}) {
    if (text.find(prefix) != std::string_view::npos) return true;
  }
  return false;
}

const fs::path& source_scenarios() {
  static const fs::path dir = GPUGAP_SOURCE_SCENARIOS;
  return dir;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The point run is done by evaluate(); then, when an input is uncertain, a small Monte Carlo run
// of every quantity, summarised.
void run_small(const ScenarioSource& source, const std::vector<std::string>& sets = {}) {
  static const bool verbose = std::getenv("GPUGAP_FUZZ_VERBOSE") != nullptr;
  auto evaluated = evaluate(source, sets);
  if (verbose) {
    std::fprintf(stderr, "%s",
                 evaluated ? "evaluated\n" : format_diagnostics(evaluated.diagnostics()).c_str());
  }
  if (!evaluated) return;
  const Model& model = evaluated->model;
  std::vector<int> selection(model.quantities.size());
  std::iota(selection.begin(), selection.end(), 0);
  if (uncertain_quantities(model, selection).empty()) return;
  MonteCarloSettings settings;
  settings.threads = 1;
  (void)run_uncertainty(model, selection, settings, 64);
}

// Where two trees differ, or "" (text ranges aside).
std::string difference(const Expr& a, const Expr& b) {
  if (a.kind != b.kind) return "kind";
  if ((a.kind == ExprKind::kUnary || a.kind == ExprKind::kBinary) && a.op != b.op) return "op";
  if (a.kind == ExprKind::kNumber &&
      (a.number != b.number || a.percent != b.percent || a.unit_text != b.unit_text)) {
    return "number";
  }
  if (a.name != b.name) return "name";
  if (a.args.size() != b.args.size()) return "arguments";
  for (size_t i = 0; i < a.args.size(); ++i) {
    std::string d = difference(*a.args[i], *b.args[i]);
    if (!d.empty()) return d;
  }
  return "";
}

// As the server sends a body: invalid UTF-8 replaced, never thrown.
void dump(const nlohmann::ordered_json& body) {
  (void)body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

int scenario_text(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  if (names_special_files(text)) return 0;
  run_small(ScenarioSource::text_of((source_scenarios() / "fuzz.toml").string(), text));
  return 0;
}

int formula(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  TextOrigin origin{SourceText::from_string("fuzz", text), 1, 1};
  auto parsed = parse_formula(text, origin);
  if (!parsed) return 0;
  std::string printed = to_text(**parsed);
  auto again = parse_formula(printed, TextOrigin{SourceText::from_string("fuzz", printed), 1, 1});
  if (!again) property_failed("'" + text + "' prints as '" + printed + "', which does not parse");
  std::string d = difference(**parsed, **again);
  if (!d.empty()) {
    property_failed("'" + text + "' prints as '" + printed + "', another tree (" + d + ")");
  }
  if (to_text(**again) != printed) property_failed("printing '" + printed + "' again differs");
  return 0;
}

int data_file(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  struct Kind {
    const char* scenario;
    const char* reference;  // as the scenario names the file
    const char* name;
  };
  static const Kind kKinds[] = {
      {"circular-2025.toml", "\"../data/deals.csv\"", "deals.csv"},
      {"circular-2025.toml", "\"../data/companies.csv\"", "companies.csv"},
      {"fleet-2020-2035.toml", "\"../data/gpus.csv\"", "gpus.csv"},
  };
  const Kind& kind = kKinds[data[0] % 3];
  static const fs::path dir =
      fs::temp_directory_path() / ("gpugap_fuzz_" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path file = dir / kind.name;
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  std::string text = read(source_scenarios() / kind.scenario);
  size_t at = text.find(kind.reference);
  if (at == std::string::npos)
    property_failed(std::string(kind.scenario) + " no longer names " + kind.reference);
  text.replace(at, std::string_view(kind.reference).size(), "\"" + file.string() + "\"");
  run_small(ScenarioSource::text_of((source_scenarios() / kind.scenario).string(), text));
  return 0;
}

int server_request(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (names_special_files(text)) return 0;
  server::Limits limits;
  limits.max_samples = 64;
  auto body = server::parse_body(text);
  if (!body) {
    const server::ApiError* error = &body.error();
    if (error->status >= 500) property_failed("a malformed body is the server's fault");
    dump(server::error_body(*error));
    return 0;
  }
  const auto& json = *body;
  (void)server::unknown_field(json, {"scenario", "set", "samples", "seed", "view"});
  (void)server::parse_monte_carlo(json, limits);
  auto run = server::parse_run(json, limits, {"output", "method"});
  if (!run) {
    const server::ApiError* error = &run.error();
    if (error->status >= 500) property_failed("a bad request is the server's fault");
    dump(server::error_body(*error));
    return 0;
  }
  const auto& params = *run;
  fs::path path = source_scenarios() / (params.scenario + ".toml");
  // As the server resolves a name: a name the system cannot look up (too long, say) names no file.
  std::error_code missing;
  if (params.scenario.find_first_of("/.\\") != std::string::npos ||
      !fs::is_regular_file(path, missing)) {
    return 0;
  }
  server::EvaluationRequest request;
  request.path = path.string();
  request.sets = params.sets;
  request.samples = params.samples == 0 ? 64 : params.samples;
  request.seed = params.seed;
  auto evaluation = server::evaluate_request(request);
  if (!evaluation)
    dump(server::error_body(server::diagnostics_error(400, evaluation.diagnostics())));
  return 0;
}

}  // namespace gpugap::fuzz
