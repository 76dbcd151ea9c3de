// For tests: a model compiled from scenario text, or the diagnostics that stopped it.
// Test code only (GoogleTest assertions); not part of the library's interface.
#pragma once

#include <gtest/gtest.h>

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

}  // namespace gpugap::testing
