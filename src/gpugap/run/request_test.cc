#include "gpugap/run/request.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace gpugap {
namespace {

namespace fs = std::filesystem;

// The source tree (the bundled scenarios' parent folder), where tests/cli keeps the CLI's golden
// outputs.
fs::path source_tree() { return fs::path(GPUGAP_SOURCE_SCENARIOS).parent_path(); }

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_TRUE(in.good() || in.eof()) << path;
  return text.str();
}

std::string golden(const std::string& test_case, const std::string& file) {
  return read(source_tree() / "tests" / "cli" / test_case / file);
}

nlohmann::json answer(const std::string& request) {
  return nlohmann::json::parse(run_request_json(request));
}

// The answers are what `gpugap run --format json` prints for the same request: the golden
// outputs of tests/cli, byte for byte.
TEST(RunRequest, PointRunIsTheCliOutput) {
  // run --format json
  EXPECT_EQ(run_request_json(R"({"scenario": "sequoia-2024"})"),
            golden("run_json", "expected.out"));
}

TEST(RunRequest, SetAndOnlyAreTheCliOutput) {
  // run sequoia-2024 --set end_user_margin=40% --only end_user_margin,required_revenue
  const std::string expected = golden("run_set_json", "expected.out");
  EXPECT_EQ(run_request_json(R"({"scenario": "sequoia-2024", "set": ["end_user_margin=40%"],
                                 "only": "end_user_margin,required_revenue"})"),
            expected);
  EXPECT_EQ(run_request_json(R"({"scenario": "sequoia-2024", "set": {"end_user_margin": "40%"},
                                 "only": ["end_user_margin", "required_revenue"]})"),
            expected);
}

TEST(RunRequest, MonteCarloIsTheCliOutputForAnyThreadCount) {
  // run sequoia-2024-uncertain --only revenue_gap,end_user_margin --samples 1000
  const std::string expected = golden("run_uncertain_json", "expected.out");
  for (int threads : {0, 1, 3}) {
    EXPECT_EQ(run_request_json(fmt::format(
                  R"({{"scenario": "sequoia-2024-uncertain", "only": "revenue_gap,end_user_margin",
                       "samples": 1000, "threads": {}}})",
                  threads)),
              expected)
        << threads << " threads";
  }
}

TEST(RunRequest, ScenarioTextIsTheCliOutputForItsFile) {
  // run $CASE/never.toml --samples 2000 --only hit --format json
  const fs::path file = source_tree() / "tests/cli/run_never_uncertain_json/never.toml";
  nlohmann::json request = {
      {"text", read(file)}, {"path", "never.toml"}, {"samples", 2000}, {"only", {"hit"}}};
  EXPECT_EQ(run_request_json(request.dump()), golden("run_never_uncertain_json", "expected.out"));
}

TEST(RunRequest, DiagnosticsAreTheCliErrors) {
  // run tests/cli/cycle/bad.toml: the text as the file it is, the errors as the CLI prints them.
  nlohmann::json request = {{"text", read(source_tree() / "tests/cli/cycle/bad.toml")},
                            {"path", "tests/cli/cycle/bad.toml"}};
  nlohmann::json out = answer(request.dump());
  EXPECT_EQ(out["printed"], golden("cycle", "expected.err"));
  ASSERT_EQ(out["diagnostics"].size(), 1u);
  const nlohmann::json& d = out["diagnostics"][0];
  EXPECT_EQ(d["file"], "tests/cli/cycle/bad.toml");
  EXPECT_EQ(d["line"], 5);
  EXPECT_EQ(d["column"], 1);
  EXPECT_EQ(d["length"], 15);
  EXPECT_EQ(d["message"], "cycle: datacenter_cost → energy_cost → datacenter_cost");
  EXPECT_EQ(d["hint"], "a quantity cannot depend on itself; break the cycle with an input");
  EXPECT_EQ(out["error"], d["message"]);

  // run sequoia-2025: no place.
  out = answer(R"({"scenario": "sequoia-2025"})");
  EXPECT_EQ(out["printed"], golden("missing_bundled", "expected.err"));
  EXPECT_TRUE(out["diagnostics"][0]["line"].is_null());
}

TEST(RunRequest, ExtendsABundledScenarioFromText) {
  nlohmann::json out = answer(R"({"text": "extends = \"sequoia-2024\"\n", "only": "revenue_gap"})");
  ASSERT_TRUE(out.contains("quantities")) << out.dump(2);
  nlohmann::json bundled = answer(R"({"scenario": "sequoia-2024", "only": "revenue_gap"})");
  EXPECT_EQ(out["quantities"], bundled["quantities"]);
  EXPECT_EQ(out["scenario"], "scenario");  // the text's own name, from its path
}

TEST(RunRequest, BadRequestsSayWhichField) {
  auto error = [](const std::string& request) {
    nlohmann::json out = answer(request);
    EXPECT_TRUE(out.contains("error")) << request;
    return out.value("printed", std::string());
  };
  EXPECT_EQ(error("[1]"),
            "error: the request is not a JSON object\n"
            "hint: e.g. {\"scenario\": \"sequoia-2024\", \"samples\": 10000}\n");
  EXPECT_EQ(error("{\"scenario\": "), error("[1]"));
  // The fields POST /api/run reads too are read as it reads them (run/request_fields.h).
  EXPECT_EQ(error(R"({"sample": 10})"),
            "error: unknown field \"sample\"\n"
            "hint: did you mean \"samples\"? the fields are \"scenario\", \"text\", \"path\", "
            "\"set\", \"samples\", \"seed\", \"only\", \"threads\", \"view\", \"tornado\", "
            "\"method\" and \"scrambles\"\n");
  EXPECT_EQ(error(R"({"samples": -1})"), "error: samples must be a non-negative integer\n");
  EXPECT_EQ(error(R"({"scenario": "a", "text": "b"})").substr(0, 50),
            "error: the request has both \"scenario\" and \"text\"\n");
  EXPECT_EQ(error(R"({"set": [1]})"), "error: \"set\" must list \"name=value\" strings\n");
  EXPECT_EQ(error(R"({"only": "nope"})"),
            "error: --only names 'nope', which is not a quantity of sequoia-2024\n");
}

}  // namespace
}  // namespace gpugap
