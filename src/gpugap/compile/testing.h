// For tests: a model compiled from scenario text, or the diagnostics that stopped it.
// Test code only (GoogleTest assertions); not part of the library's interface.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gpugap/compile/model.h"

namespace gpugap::testing {

// Compiles `toml` as the file "test.toml"; a failure fails the calling test.
inline Model compile_text(const std::string& toml) {
  auto scenario = load_scenario_text("test.toml", toml);
  EXPECT_TRUE(scenario.ok()) << format_diagnostics(scenario.diagnostics());
  auto model = compile(std::move(*scenario));
  EXPECT_TRUE(model.ok()) << (model.ok() ? "" : format_diagnostics(model.diagnostics()));
  return std::move(*model);
}

// The formatted diagnostics of loading and compiling `toml`, or "" when it compiles.
inline std::string compile_error(const std::string& toml) {
  auto scenario = load_scenario_text("test.toml", toml);
  if (!scenario) return format_diagnostics(scenario.diagnostics());
  auto model = compile(std::move(*scenario));
  return model.ok() ? "" : format_diagnostics(model.diagnostics());
}

// A fixture with a folder of its own for scenario files (removed after each test).
class ScenarioFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() /
        (std::string("gpugap_") + ::testing::UnitTest::GetInstance()->current_test_info()->name() +
         "_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `text` to `name` in the folder; returns its path.
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

  std::filesystem::path dir_;
};

}  // namespace gpugap::testing
