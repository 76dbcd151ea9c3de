// For tests: a model compiled from scenario text, or the diagnostics that stopped it.
// Test code only (GoogleTest assertions); not part of the library's interface.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/engine/point.h"
#include "gpugap/util/testing.h"

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

// What loading (as the file "s.toml"), --set, compiling and evaluating a scenario gave: the
// diagnostics as the CLI prints them, or every quantity's values in base units.
struct Outcome {
  std::string errors;
  std::map<std::string, std::vector<double>> values;

  double value(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) {
      ADD_FAILURE() << "no value for " << name << "; errors: " << errors;
      return std::nan("");
    }
    return it->second.front();
  }
  std::vector<double> series(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end()) {
      ADD_FAILURE() << "no value for " << name << "; errors: " << errors;
      return {};
    }
    return it->second;
  }
};

inline Outcome evaluate_text(const std::string& toml, const std::vector<std::string>& sets = {}) {
  Outcome out;
  auto scenario = load_scenario_text("s.toml", toml);
  if (!scenario) {
    out.errors = format_diagnostics(scenario.diagnostics());
    return out;
  }
  if (auto errors = apply_overrides(*scenario, sets); !errors.empty()) {
    out.errors = format_diagnostics(errors);
    return out;
  }
  auto model = compile(std::move(*scenario));
  if (!model) {
    out.errors = format_diagnostics(model.diagnostics());
    return out;
  }
  auto results = evaluate_point(*model);
  if (!results) {
    out.errors = format_diagnostics(results.diagnostics());
    return out;
  }
  for (size_t i = 0; i < model->quantities.size(); ++i) {
    out.values[model->def(static_cast<int>(i)).name] = results->values[i];
  }
  return out;
}

// A folder of scenario files for one test.
using ScenarioFiles = TempFolder;

}  // namespace gpugap::testing
