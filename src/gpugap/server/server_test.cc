#include "gpugap/server/server.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "gpugap/report/output.h"
#include "gpugap/server/api.h"
#include "gpugap/server/scenarios.h"
#include "gpugap/server/time_limit.h"

namespace gpugap::server {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

// A fresh folder under the system's temporary folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "gpugap-server-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
  }

 private:
  fs::path path_;
};

TEST(ScenarioNames, OnlyPlainNamesAreValid) {
  EXPECT_TRUE(valid_scenario_name("sequoia-2024"));
  EXPECT_TRUE(valid_scenario_name("my_scenario.v2"));
  EXPECT_FALSE(valid_scenario_name(""));
  EXPECT_FALSE(valid_scenario_name(".."));
  EXPECT_FALSE(valid_scenario_name("../etc/passwd"));
  EXPECT_FALSE(valid_scenario_name("a/b"));
  EXPECT_FALSE(valid_scenario_name("a\\b"));
  EXPECT_FALSE(valid_scenario_name(".hidden"));
  EXPECT_FALSE(valid_scenario_name("a..b"));
  EXPECT_FALSE(valid_scenario_name("a b"));
  EXPECT_FALSE(valid_scenario_name(std::string(101, 'a')));
}

TEST(ScenarioCatalog, UserScenariosShadowBundledOnesAndLinksCannotLeave) {
  TempDir user, bundled, outside;
  user.write("mine.toml", "");
  user.write("shared.toml", "");
  user.write("notes.txt", "");
  bundled.write("shared.toml", "");
  bundled.write("sequoia.toml", "");
  outside.write("secret.toml", "");
  fs::create_symlink(outside.path() / "secret.toml", user.path() / "escape.toml");

  ScenarioCatalog catalog(user.path().string(), bundled.path().string());
  std::vector<std::string> names;
  for (const auto& e : catalog.list()) names.push_back(e.name + ":" + e.origin);
  EXPECT_EQ(names, (std::vector<std::string>{"mine:user", "sequoia:bundled", "shared:user"}));
  EXPECT_EQ(catalog.find("shared").origin, "user");
  EXPECT_EQ(catalog.find("sequoia").origin, "bundled");
  EXPECT_TRUE(catalog.find("escape").path.empty()) << "a link out of the folder";
  EXPECT_TRUE(catalog.find("../" + outside.path().filename().string() + "/secret").path.empty());
  EXPECT_TRUE(catalog.find("notes").path.empty());
  EXPECT_EQ(catalog.closest("sequoai"), "sequoia");
}

TEST(Api, BadJsonSaysWhere) {
  auto parsed = parse_body("{\n  \"scenario\": \"x\",\n  oops\n}");
  ASSERT_TRUE(std::holds_alternative<ApiError>(parsed));
  const ApiError& e = std::get<ApiError>(parsed);
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.col, 3);
  EXPECT_NE(e.message.find("not valid JSON"), std::string::npos) << e.message;
  EXPECT_TRUE(std::holds_alternative<ApiError>(parse_body("[1, 2]")));
}

TEST(Api, RunRequestsAreChecked) {
  Limits limits;
  auto ok = parse_run(json::parse(R"({"scenario": "s", "set": {"a": "1B", "b": 2}, "samples": 1e5,
                                      "seed": 3, "view": true})"),
                      limits);
  ASSERT_TRUE(std::holds_alternative<RunParams>(ok));
  const RunParams& p = std::get<RunParams>(ok);
  EXPECT_EQ(p.sets, (std::vector<std::string>{"a=1B", "b=2"}));
  EXPECT_EQ(p.samples, 100000u);
  EXPECT_EQ(p.seed, 3u);
  EXPECT_TRUE(p.view);

  auto error = [&](const char* body) {
    auto parsed = parse_run(json::parse(body), limits);
    return std::holds_alternative<ApiError>(parsed) ? std::get<ApiError>(parsed).message : "";
  };
  EXPECT_EQ(error(R"({"scenario": "s", "samples": 10000001})"),
            "samples must be at most 10000000 (got 10000001)");
  EXPECT_EQ(error(R"({"scenario": "s", "samples": 1e300})"),
            "samples must be at most 10000000 (got " + fmt::format("{:.0f}", 1e300) + ")");
  EXPECT_EQ(error(R"({"scenario": "s", "samples": -1})"), "samples must be a non-negative integer");
  EXPECT_EQ(error(R"({"scenario": "s", "samples": 2.5})"),
            "samples must be a non-negative integer");
  EXPECT_EQ(error(R"({"set": []})"), "\"scenario\" must name a scenario");
  EXPECT_EQ(error(R"({"scenario": "s", "set": [1]})"), "\"set\" must list \"name=value\" strings");
  EXPECT_EQ(error(R"({"scenario": "s", "view": "yes"})"), "\"view\" must be true or false");
}

TEST(Api, DiagnosticsBecomeErrorsWithAPlace) {
  auto text = SourceText::from_string("/some/where/mine.toml", "a = 1\nb = oops\n");
  ApiError e = diagnostics_error(422, {Diagnostic{{text, 2, 5, 4}, "unknown name 'oops'", "hint"},
                                       Diagnostic{{}, "second", ""}});
  json body = error_body(e);
  EXPECT_EQ(body["error"], "unknown name 'oops'");
  EXPECT_EQ(body["line"], 2);
  EXPECT_EQ(body["col"], 5);
  EXPECT_EQ(body["file"], "mine.toml") << "the server's folders are not the client's business";
  EXPECT_EQ(body["hint"], "hint");
  EXPECT_EQ(body["diagnostics"].size(), 2u);
  EXPECT_TRUE(body["diagnostics"][1]["line"].is_null());
}

TEST(TimeLimit, FastWorkReturnsSlowWorkIsAbandoned) {
  auto strays = std::make_shared<StrayWork>(1);
  auto fast = run_within<int>(
      std::chrono::milliseconds(2000), [] { return 7; }, strays);
  ASSERT_TRUE(fast.has_value());
  EXPECT_EQ(*fast, 7);

  auto slow = run_within<int>(
      std::chrono::milliseconds(20),
      [] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return 1;
      },
      strays);
  EXPECT_FALSE(slow.has_value());
  EXPECT_TRUE(strays->full()) << "the abandoned work still runs";
  for (int i = 0; i < 200 && strays->count() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(strays->count(), 0) << "and is forgotten once it ends";
}

TEST(Server, LoopbackHosts) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(is_loopback_host("example.com"));
  EXPECT_FALSE(is_loopback_host("1270.0.0.1"));
}

Result<Evaluation> evaluate(const EvaluationRequest& request) {
  auto scenario = load_scenario(request.path);
  if (!scenario) return scenario.diagnostics();
  if (auto errors = apply_overrides(*scenario, request.sets); !errors.empty()) return errors;
  auto model = compile(std::move(*scenario));
  if (!model) return model.diagnostics();
  auto results = evaluate_point(*model);
  if (!results) return results.diagnostics();
  auto run = render_json(*model, *results, selected_quantities(*model, {}));
  return Evaluation{std::move(*model), std::move(*results), std::move(run)};
}

TEST(Server, AnswersOverHttpAndKeepsServingAfterMistakes) {
  TempDir dir;
  dir.write("tiny.toml", "[quantities]\na = { value = \"2\" }\nb = { value = \"a * 3\" }\n");
  ServerOptions options;
  options.port = 0;
  options.bundled_scenarios = dir.path().string();
  options.evaluate = evaluate;
  Server server(std::move(options));
  auto port = server.bind();
  ASSERT_TRUE(port) << format_diagnostics(port.diagnostics());
  std::thread listening([&] { server.listen(); });

  httplib::Client client("127.0.0.1", *port);
  auto post = [&](const std::string& body) {
    return client.Post("/api/run", body, "application/json");
  };
  auto bad = post("{not json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["line"], 1);
  auto missing = post(R"({"scenario": "tinny"})");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(json::parse(missing->body)["hint"], "did you mean 'tiny'?");
  auto formula = post(R"({"scenario": "tiny", "set": ["b=aa * 3"]})");
  ASSERT_TRUE(formula);
  EXPECT_EQ(formula->status, 422);
  EXPECT_EQ(json::parse(formula->body)["col"], 3);
  auto good = post(R"({"scenario": "tiny", "set": ["a=5"]})");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(json::parse(good->body)["quantities"]["b"]["value"], 15.0);

  server.stop();
  listening.join();
}

}  // namespace
}  // namespace gpugap::server
