#include "gpugap/server/server.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "gpugap/report/output.h"
#include "gpugap/server/api.h"
#include "gpugap/server/evaluation.h"
#include "gpugap/server/run_budget.h"
#include "gpugap/server/scenario_list.h"
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
  ASSERT_TRUE(!parsed.ok());
  const ApiError& e = parsed.error();
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.col, 3);
  EXPECT_NE(e.message.find("not valid JSON"), std::string::npos) << e.message;
  EXPECT_TRUE(!parse_body("[1, 2]").ok());
}

TEST(Api, RunRequestsAreChecked) {
  Limits limits;
  auto ok = parse_run(json::parse(R"({"scenario": "s", "set": {"a": "1B", "b": 2}, "samples": 1e5,
                                      "seed": 3, "view": true})"),
                      limits);
  ASSERT_TRUE(ok.ok());
  const RunParams& p = *ok;
  EXPECT_EQ(p.sets, (std::vector<std::string>{"a=1B", "b=2"}));
  EXPECT_EQ(p.samples, 100000u);
  EXPECT_EQ(p.seed, 3u);
  EXPECT_TRUE(p.view);

  auto error = [&](const char* body) {
    auto parsed = parse_run(json::parse(body), limits);
    return !parsed.ok() ? parsed.error().message : "";
  };
  EXPECT_EQ(error(R"({"scenario": "s", "samples": 10000001})"),
            "samples must be at most 10000000 (got 10000001)");
  EXPECT_EQ(error(R"({"scenario": "s", "samples": 1e300})"),
            "samples must be at most 10000000 (got 1e+300)")
      << "not its 301 digits";
  EXPECT_EQ(error(R"({"scenario": "s", "samples": 2e7})"),
            "samples must be at most 10000000 (got 20000000)");
  EXPECT_EQ(error(R"({"scenario": "s", "samples": -1})"), "samples must be a non-negative integer");
  EXPECT_EQ(error(R"({"scenario": "s", "samples": 2.5})"),
            "samples must be a non-negative integer");
  EXPECT_EQ(error(R"({"set": []})"), "\"scenario\" must name a scenario");
  EXPECT_EQ(error(R"({"scenario": "s", "set": [1]})"), "\"set\" must list \"name=value\" strings");
  EXPECT_EQ(error(R"({"scenario": "s", "view": "yes"})"), "\"view\" must be true or false");
}

TEST(Api, UnknownFieldsAreNamedWithASuggestion) {
  Limits limits;
  auto misspelled = parse_run(json::parse(R"({"scenario": "s", "sampels": 5})"), limits);
  ASSERT_TRUE(!misspelled.ok());
  const ApiError& e = misspelled.error();
  EXPECT_EQ(e.status, 400);
  EXPECT_EQ(e.message, "unknown field \"sampels\"");
  EXPECT_EQ(e.hint,
            "did you mean \"samples\"? the fields are \"scenario\", \"set\", \"samples\", "
            "\"seed\" and \"view\"");
  auto other = parse_run(json::parse(R"({"scenario": "s", "colour": "red"})"), limits);
  ASSERT_TRUE(!other.ok());
  EXPECT_EQ(other.error().hint.rfind("the fields are", 0), 0u) << "no guess";
  auto endpoint =
      parse_run(json::parse(R"({"scenario": "s", "output": "x"})"), limits, {"output", "method"});
  EXPECT_TRUE(endpoint.ok()) << "an endpoint's own fields";
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
  // Names that start like a loopback address are names, and DNS rebinding controls names.
  EXPECT_FALSE(is_loopback_host("127.evil.com"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.nip.io"));
  EXPECT_FALSE(is_loopback_host("127.0.0"));
  EXPECT_FALSE(is_loopback_host("127.0.0.256"));
  EXPECT_FALSE(is_loopback_host(""));
}

TEST(Server, HostHeaders) {
  for (const char* ok : {"127.0.0.1", "127.0.0.1:8080", "127.9.9.9:1", "localhost",
                         "localhost:8080", "LocalHost", "[::1]", "[::1]:8080"}) {
    EXPECT_TRUE(host_header_allowed(ok, "127.0.0.1")) << ok;
  }
  for (const char* refused :
       {"", ":8080", "127.evil.com", "127.0.0.1.nip.io:8080", "localhost.evil.com",
        "127.0.0.1:80@evil.com", "127.0.0.1:", "127.0.0.1:8o80", "[::1", "[::1]x", "[::1].evil.com",
        "[127.0.0.1]", "[127.0.0.1]:8080", "[localhost]", "[]", "192.168.1.5:8080", "evil.com"}) {
    EXPECT_FALSE(host_header_allowed(refused, "127.0.0.1")) << refused;
  }
  // Bound to one address, that address too; bound to every interface, any IP address, never a
  // name.
  EXPECT_TRUE(host_header_allowed("192.168.1.5:8080", "192.168.1.5"));
  EXPECT_FALSE(host_header_allowed("192.168.1.6:8080", "192.168.1.5"));
  EXPECT_TRUE(host_header_allowed("[fe80::1]:8080", "fe80::1"));
  EXPECT_TRUE(host_header_allowed("10.0.0.7:8080", "0.0.0.0"));
  EXPECT_TRUE(host_header_allowed("[2001:db8::7]:8080", "::"));
  EXPECT_FALSE(host_header_allowed("nas.local:8080", "0.0.0.0"));
}

TEST(RunBudget, LargeRunsShareTheBudgetSmallOnesGoFree) {
  auto budget = std::make_shared<RunBudget>(1'000'000, 100'000);
  auto alone = budget->take(3'000'000);
  EXPECT_TRUE(alone) << "a run alone may take more than the budget";
  EXPECT_FALSE(budget->take(200'000)) << "but nothing large beside it";
  EXPECT_TRUE(budget->take(100'000)) << "runs of the default size are not counted";
  alone.reset();
  EXPECT_EQ(budget->in_flight(), 0u);
  auto a = budget->take(600'000);
  auto copy = a;  // the work's copy outlives the request's
  EXPECT_TRUE(budget->take(400'000));
  EXPECT_FALSE(budget->take(400'001));
  a.reset();
  EXPECT_FALSE(budget->take(500'000)) << "held until the last copy goes";
  copy.reset();
  EXPECT_TRUE(budget->take(500'000));
}

TEST(ScenarioCatalog, ExtendsStaysInTheFolders) {
  TempDir user, bundled, outside;
  outside.write("secret.toml", "title = \"Secret\"\n");
  bundled.write("base.toml", "title = \"Base\"\n");
  user.write("local.toml", "extends = \"base-here.toml\"\n");
  user.write("base-here.toml", "extends = \"" + (bundled.path() / "base.toml").string() + "\"\n");
  user.write("up.toml",
             "extends = \"../" + outside.path().filename().string() + "/secret.toml\"\n");
  user.write("absolute.toml", "extends = \"/etc/passwd\"\n");
  user.write("missing.toml", "extends = \"../../nowhere/at-all.toml\"\n");
  user.write("deep.toml", "extends = \"up.toml\"\n");
  fs::create_symlink(outside.path(), user.path() / "linked");
  user.write("through-link.toml", "extends = \"linked/secret.toml\"\n");
  ScenarioCatalog catalog(user.path().string(), bundled.path().string());
  EXPECT_EQ(catalog.find("local").refused, "");
  for (const char* name : {"up", "absolute", "missing", "through-link"}) {
    EXPECT_NE(catalog.find(name).refused.find("outside the scenario folders"), std::string::npos)
        << name;
  }
  EXPECT_EQ(catalog.find("absolute").refused,
            "absolute.toml: 'extends' names '/etc/passwd', outside the scenario folders");
  EXPECT_EQ(catalog.find("deep").refused.rfind("up.toml: ", 0), 0u) << "along the chain";
  bool listed = false;
  for (const auto& e : catalog.list()) {
    if (e.name == "up") listed = !e.refused.empty();
  }
  EXPECT_TRUE(listed) << "the list says so too";
}

// find() keeps its check until a file it read changes: a scenario that starts to extend a file
// outside the folders, or a parent that does, is refused on the next request.
TEST(ScenarioCatalog, ChecksAreKeptOnlyUntilAFileChanges) {
  TempDir user, outside;
  outside.write("secret.toml", "title = \"Secret\"\n");
  user.write("parent.toml", "title = \"Parent\"\n");
  user.write("child.toml", "extends = \"parent.toml\"\n");
  ScenarioCatalog catalog(user.path().string(), "");
  EXPECT_EQ(catalog.find("child").refused, "");
  EXPECT_EQ(catalog.find("child").reads.size(), 2u) << "the child and its parent";
  EXPECT_EQ(catalog.find("child").refused, "") << "from the cache";

  const std::string escape =
      "extends = \"../" + outside.path().filename().string() + "/secret.toml\"\n";
  user.write("parent.toml", escape);
  EXPECT_EQ(catalog.find("child").refused.rfind("parent.toml: 'extends' names", 0), 0u)
      << "the parent changed";
  user.write("parent.toml", "title = \"Parent again\"\n");
  EXPECT_EQ(catalog.find("child").refused, "");
  user.write("child.toml", escape);
  EXPECT_EQ(catalog.find("child").refused.rfind("child.toml: 'extends' names", 0), 0u)
      << "the child changed";
  fs::remove(user.path() / "child.toml");
  EXPECT_TRUE(catalog.find("child").path.empty()) << "gone";
}

TEST(ScenarioCatalog, DataFilesStayInTheFolders) {
  TempDir root, outside;
  const fs::path bundled = root.path() / "scenarios", user = root.path() / "mine";
  fs::create_directories(bundled);
  fs::create_directories(user);
  fs::create_directories(root.path() / "data");
  auto write = [](const fs::path& path, const std::string& text) { std::ofstream(path) << text; };
  write(root.path() / "data" / "gpus.csv", "");
  write(outside.path() / "secret.csv", "");
  write(bundled / "fleet.toml", "[fleet]\ncatalogue = \"../data/gpus.csv\"\n");
  write(user / "own.toml", "[financing]\ndeals = \"deals.csv\"\n");
  write(user / "shared.toml",
        "[fleet]\ncatalogue = \"" + (root.path() / "data" / "gpus.csv").string() + "\"\n");
  write(user / "passwd.toml", "[financing]\ndeals = \"/etc/passwd\"\n");
  write(user / "up.toml", "[financing]\ncompanies = \"../../" + outside.path().filename().string() +
                              "/secret.csv\"\n");
  write(user / "parent.toml", "[fleet]\ncatalogue = \"/etc/shadow\"\n");
  write(user / "child.toml", "extends = \"parent.toml\"\n");
  ScenarioCatalog catalog(user.string(), bundled.string());
  for (const char* name : {"fleet", "own", "shared"}) {
    EXPECT_EQ(catalog.find(name).refused, "") << name;
  }
  EXPECT_EQ(catalog.find("passwd").refused,
            "passwd.toml: [financing] deals names '/etc/passwd', outside the scenario and data "
            "folders");
  EXPECT_NE(catalog.find("up").refused.find("[financing] companies"), std::string::npos);
  EXPECT_EQ(catalog.find("child").refused.rfind("parent.toml: [fleet] catalogue", 0), 0u)
      << "along the extends chain";
}

TEST(Server, AnswersOverHttpAndKeepsServingAfterMistakes) {
  TempDir dir;
  dir.write("tiny.toml", "[quantities]\na = { value = \"2\" }\nb = { value = \"a * 3\" }\n");
  ServerOptions options;
  options.port = 0;
  options.bundled_scenarios = dir.path().string();
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

TEST(Server, LargeRunsBeyondTheBudgetAreBusy) {
  TempDir dir;
  dir.write("tiny.toml", "[quantities]\na = { value = \"2\" }\n");
  std::mutex mutex;
  std::condition_variable changed;
  bool started = false, release = false;
  ServerOptions options;
  options.port = 0;
  options.bundled_scenarios = dir.path().string();
  options.limits.samples_in_flight = 1'000'000;
  options.before_run = [&](uint64_t samples) {
    if (samples > 100'000) {
      std::unique_lock<std::mutex> lock(mutex);
      started = true;
      changed.notify_all();
      changed.wait(lock, [&] { return release; });
    }
  };
  Server server(std::move(options));
  auto port = server.bind();
  ASSERT_TRUE(port);
  std::thread listening([&] { server.listen(); });
  auto post = [&](uint64_t samples) {
    httplib::Client client("127.0.0.1", *port);
    return client.Post("/api/run", fmt::format(R"({{"scenario": "tiny", "samples": {}}})", samples),
                       "application/json");
  };
  std::thread first([&] { EXPECT_EQ(post(600'000)->status, 200); });
  {
    std::unique_lock<std::mutex> lock(mutex);
    changed.wait(lock, [&] { return started; });
  }
  auto second = post(600'000);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 503);
  EXPECT_EQ(second->get_header_value("Retry-After"), "2");
  EXPECT_NE(second->body.find("busy: other large runs hold 600000 samples"), std::string::npos)
      << second->body;
  EXPECT_EQ(post(1)->status, 200) << "small runs go on";
  {
    std::lock_guard<std::mutex> lock(mutex);
    release = true;
  }
  changed.notify_all();
  first.join();
  EXPECT_EQ(post(600'000)->status, 200) << "the budget is back";
  server.stop();
  listening.join();
}

// GET /api/scenarios keeps each scenario's entry until a file it read changes: the scenario, the
// file it extends, a data file.
TEST(ScenarioList, KeepsEntriesUntilAFileTheyReadChanges) {
  TempDir dir;
  dir.write("base.toml", "title = \"Base\"\n[quantities]\na = { value = \"2\" }\n");
  dir.write("child.toml",
            "title = \"Child\"\nextends = \"base.toml\"\n[quantities]\n"
            "b = { value = \"a * 3\" }\n");
  ScenarioCatalog catalog("", dir.path().string());
  ScenarioList list(catalog);
  auto titles = [&] {
    std::string out;
    for (const auto& item : list.list()) {
      out += item["name"].get<std::string>() + "=" + item["title"].get<std::string>() +
             (item.contains("error") ? "!" : "") + " ";
    }
    return out;
  };
  EXPECT_EQ(titles(), "base=Base child=Child ");

  // The same size and modification time on the same file: the entry is kept, not read again.
  const fs::path base = dir.path() / "base.toml";
  const auto written = fs::last_write_time(base);
  dir.write("base.toml", "title = \"BASE\"\n[quantities]\na = { value = \"2\" }\n");
  fs::last_write_time(base, written);
  EXPECT_EQ(titles(), "base=Base child=Child ") << "cached";

  // A change the stamp shows is read: in the scenario, and in the file a scenario extends.
  dir.write("base.toml", "title = \"Base 2\"\n[quantities]\naa = { value = \"2\" }\n");
  fs::last_write_time(base, written + std::chrono::seconds(1));
  EXPECT_EQ(titles(), "base=Base 2 child=Child! ") << "the child's formula names a, now gone";
  dir.write("child.toml",
            "title = \"Child 2\"\nextends = \"base.toml\"\n[quantities]\n"
            "b = { value = \"aa * 3\" }\n");
  EXPECT_EQ(titles(), "base=Base 2 child=Child 2 ");
  fs::remove(base);
  EXPECT_EQ(titles(), "child=! ") << "a file that is gone";
}

// Every kind of malformed body gets a 4xx, never a 5xx (which the API keeps for the server's own
// trouble), and the server goes on answering; a number beyond a double's range is not echoed.
TEST(Server, MalformedBodiesAreClientErrors) {
  TempDir dir;
  dir.write("tiny.toml", "[quantities]\na = { value = \"2\" }\nb = { value = \"a * 3\" }\n");
  ServerOptions options;
  options.port = 0;
  options.bundled_scenarios = dir.path().string();
  Server server(std::move(options));
  auto port = server.bind();
  ASSERT_TRUE(port) << format_diagnostics(port.diagnostics());
  std::thread listening([&] { server.listen(); });
  httplib::Client client("127.0.0.1", *port);

  const std::string huge(400, '9');
  const std::vector<std::string> bodies = {
      "",
      " ",
      "{",
      "}",
      "[]",
      "null",
      "true",
      "1",
      "\"text\"",
      "{\"scenario\"}",
      "{,}",
      "{\"scenario\": \"tiny\",}",
      "{\"scenario\": \"tiny\"} trailing",
      "\xff\xfe{}",
      "{\"scenario\": \"ti\xffny\"}",
      "{\"scenario\": \"\\ud800\"}",
      "{\"scenario\": 1}",
      "{\"scenario\": null}",
      "{\"scenario\": [\"tiny\"]}",
      "{\"scenario\": {}}",
      "{\"scenario\": \"\"}",
      "{\"scenario\": \"../tiny\"}",
      "{\"scenario\": \"tiny\\u0000\"}",
      "{\"scenario\": \"tiny\", \"samples\": 1e400}",
      "{\"scenario\": \"tiny\", \"samples\": -1e400}",
      "{\"scenario\": \"tiny\", \"seed\": 1e400}",
      "{\"scenario\": \"tiny\", \"seed\": " + huge + "}",
      "{\"scenario\": \"tiny\", \"seed\": 18446744073709551616}",
      "{\"scenario\": \"tiny\", \"seed\": 1.8446744073709552e19}",
      "{\"scenario\": \"tiny\", \"seed\": -1}",
      "{\"scenario\": \"tiny\", \"seed\": 0.5}",
      "{\"scenario\": \"tiny\", \"samples\": \"100\"}",
      "{\"scenario\": \"tiny\", \"samples\": -5}",
      "{\"scenario\": \"tiny\", \"samples\": 1e300}",
      "{\"scenario\": \"tiny\", \"samples\": NaN}",
      "{\"scenario\": \"tiny\", \"samples\": Infinity}",
      "{\"scenario\": \"tiny\", \"samples\": true}",
      "{\"scenario\": \"tiny\", \"set\": 1}",
      "{\"scenario\": \"tiny\", \"set\": [1]}",
      "{\"scenario\": \"tiny\", \"set\": [\"a\"]}",
      "{\"scenario\": \"tiny\", \"set\": [\"=\"]}",
      "{\"scenario\": \"tiny\", \"set\": [\"zz=1\"]}",
      "{\"scenario\": \"tiny\", \"set\": [\"a=(\"]}",
      "{\"scenario\": \"tiny\", \"set\": {\"a\": null}}",
      "{\"scenario\": \"tiny\", \"set\": {\"a\": 1e400}}",
      "{\"scenario\": \"tiny\", \"set\": {\"a\": [1]}}",
      "{\"scenario\": \"tiny\", \"view\": 1}",
      "{\"scenario\": \"tiny\", \"output\": 1}",
      "{\"scenario\": \"tiny\", \"output\": \"zz\"}",
      "{\"scenario\": \"tiny\", \"output\": \"b\", \"method\": 1}",
      "{\"scenario\": \"tiny\", \"output\": \"b\", \"method\": \"sobol\", \"samples\": 3}",
      "{\"a\": 1, \"b\": 2}",
      "{\"a\": {}, \"b\": {}}",
      "{\"a\": {\"scenario\": \"tiny\"}}",
      "{\"a\": {\"scenario\": \"tiny\"}, \"b\": {\"scenario\": \"tiny\"}, \"samples\": 1e400}",
      "{\"a\": {\"scenario\": \"tiny\"}, \"b\": {\"scenario\": \"tiny\"}, \"seed\": -1}",
      "{\"a\": {\"scenario\": \"tiny\"}, \"b\": {\"scenario\": \"tiny\"}, \"samples\": 1e12}",
      std::string(100000, '[') + std::string(100000, ']'),
      "{\"scenario\": \"tiny\", \"x\": " + std::string(10000, '{') + "}",
  };
  for (const char* path : {"/api/run", "/api/sensitivity", "/api/diff"}) {
    for (const std::string& body : bodies) {
      auto res = client.Post(path, body, "application/json");
      ASSERT_TRUE(res) << path << " " << body.substr(0, 80);
      EXPECT_GE(res->status, 400) << path << " " << body.substr(0, 80);
      EXPECT_LT(res->status, 500) << path << " " << body.substr(0, 80) << ": " << res->body;
      EXPECT_EQ(res->body.find(huge), std::string::npos) << "the number is not echoed";
    }
  }
  auto out_of_range =
      client.Post("/api/run", R"({"scenario": "tiny", "samples": 1e400})", "application/json");
  ASSERT_TRUE(out_of_range);
  EXPECT_EQ(out_of_range->status, 400);
  EXPECT_EQ(json::parse(out_of_range->body)["error"],
            "the request body has a number too large for a double (over 1.8e308)");
  auto good = client.Post("/api/run", R"({"scenario": "tiny"})", "application/json");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200) << "still serving";
  server.stop();
  listening.join();
}

// Sobol indices at the cap: their memory is estimated from the compiled model and a request over
// the server's limit is refused before anything is allocated; a Sobol analysis under the time
// limit is stopped there (its `cancelled` reaches the analysis).
TEST(Server, SobolIsBoundedInMemoryAndStoppedByTheTimeLimit) {
  TempDir dir;
  dir.write("two.toml",
            "[quantities]\na = { value = \"uniform(0, 1)\" }\nb = { value = \"normal(0, 1)\" }\n"
            "f = { value = \"a + b\" }\n");
  ServerOptions options;
  options.port = 0;
  options.bundled_scenarios = dir.path().string();
  options.limits.max_run_bytes = 64 << 20;
  Server server(std::move(options));
  auto port = server.bind();
  ASSERT_TRUE(port);
  std::thread listening([&] { server.listen(); });
  httplib::Client client("127.0.0.1", *port);
  auto sobol = [&](uint64_t samples) {
    return client.Post("/api/sensitivity",
                       fmt::format(R"({{"scenario": "two", "output": "f", "method": "sobol",
                                       "samples": {}}})",
                                   samples),
                       "application/json");
  };
  auto large = sobol(8'000'000);
  ASSERT_TRUE(large);
  EXPECT_EQ(large->status, 413);
  EXPECT_NE(json::parse(large->body)["error"].get<std::string>().find(
                "Sobol indices over 8388608 base samples need "),
            std::string::npos)
      << large->body;
  auto small = sobol(1024);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 200) << small->body;
  server.stop();
  listening.join();

  EvaluationRequest request{
      (dir.path() / "two.toml").string(), {}, 1 << 16, 7, [] { return true; }};
  auto stopped = analyse_request(request, json{{"output", "f"}, {"method", "sobol"}});
  ASSERT_FALSE(stopped.ok());
  EXPECT_NE(stopped.diagnostics()[0].message.find("cancelled"), std::string::npos)
      << stopped.diagnostics()[0].message;
}

// The sensitivity charts the API answers with name inputs and output by the scenario's labels, as
// the report does (display names where there is no label).
TEST(Server, SensitivityChartsUseTheScenarioLabels) {
  TempDir dir;
  dir.write("labelled.toml",
            "title = \"Labelled\"\n[quantities]\n"
            "gpu_spend = { value = \"uniform(1, 2)\", label = \"Spend on GPUs\" }\n"
            "other_cost = { value = \"uniform(3, 4)\" }\n"
            "total = { value = \"gpu_spend + other_cost\", label = \"All of it\" }\n");
  EvaluationRequest request{(dir.path() / "labelled.toml").string(), {}, 0, 1, {}};
  auto analysed = analyse_request(request, json{{"output", "total"}, {"method", "tornado"}});
  ASSERT_TRUE(analysed.ok()) << format_diagnostics(analysed.diagnostics());
  const auto& charts = (*analysed)["charts"];
  ASSERT_EQ(charts.size(), 1u) << charts.dump();
  std::set<std::string> inputs;
  for (const auto& row : charts[0]["data"]["values"]) inputs.insert(row["input"]);
  EXPECT_EQ(inputs, (std::set<std::string>{"Spend on GPUs", "Other cost"}));
  EXPECT_NE(charts[0].dump().find("What moves All of it"), std::string::npos) << charts[0].dump();
  EXPECT_EQ((*analysed)["bars"][0]["input"].is_string(), true) << "the analysis itself keeps names";
}

}  // namespace
}  // namespace gpugap::server
