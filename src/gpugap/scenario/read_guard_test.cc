// Loading under a guard: the guard is asked before each file an `extends` names is looked at,
// and a refusal stops loading with the guard's message, the parent unread.
#include "gpugap/scenario/read_guard.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace gpugap {
namespace {
namespace fs = std::filesystem;

struct Files {
  fs::path dir = fs::temp_directory_path() / ("gpugap-read-guard-" + std::to_string(getpid()));
  Files() { fs::create_directories(dir); }
  ~Files() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  }
};

TEST(ReadGuard, IsAskedBeforeEachParentAndMayRefuseIt) {
  Files files;
  files.write("parent.toml", "[quantities]\na = \"1\"\n");
  std::string child = files.write("child.toml", "extends = \"parent.toml\"\n");
  std::vector<std::string> asked;
  auto allow = [&](const std::string& from, const std::string& written, const std::string& to) {
    asked.push_back(fs::path(from).filename().string() + " " + written + " " +
                    fs::path(to).filename().string());
    return std::string();
  };
  auto loaded = load_scenario_guarded(child, allow);
  ASSERT_TRUE(loaded.ok()) << format_diagnostics(loaded.diagnostics());
  EXPECT_EQ(loaded->quantities.size(), 1u);
  ASSERT_FALSE(asked.empty());
  EXPECT_EQ(asked.front(), "child.toml parent.toml parent.toml");

  auto refuse = [](const std::string&, const std::string& written, const std::string&) {
    return "'" + written + "' is not for you";
  };
  auto refused = load_scenario_guarded(child, refuse);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.diagnostics().front().message, "'parent.toml' is not for you");
}

TEST(ReadGuard, JudgesAMissingFileByWhereItWouldBe) {
  // Asked before the loader looks: whether a file outside exists stays unknown to the caller.
  Files files;
  std::string child = files.write("child.toml", "extends = \"../nowhere/secret.toml\"\n");
  std::string asked_for;
  auto guard = [&](const std::string&, const std::string&, const std::string& to) {
    asked_for = fs::path(to).lexically_normal().string();
    return std::string("refused");
  };
  auto loaded = load_scenario_guarded(child, guard);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.diagnostics().front().message, "refused");
  EXPECT_EQ(asked_for, (files.dir.parent_path() / "nowhere" / "secret.toml").string());
}

}  // namespace
}  // namespace gpugap
