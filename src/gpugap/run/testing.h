// For tests: a model compiled from scenario text, or the diagnostics that stopped it, through the
// front door (run/pipeline.h) as every command gets it.
// Test code only (GoogleTest assertions); not part of the library's interface.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "gpugap/run/pipeline.h"
#include "gpugap/util/testing.h"

namespace gpugap::testing {

// Compiles `toml` as the file "test.toml"; a failure fails the calling test.
inline Model compile_text(const std::string& toml) {
  auto model = load_and_compile(ScenarioSource::text_of("test.toml", toml));
  EXPECT_TRUE(model.ok()) << (model.ok() ? "" : format_diagnostics(model.diagnostics()));
  return std::move(*model);
}

// The formatted diagnostics of loading and compiling `toml`, or "" when it compiles.
inline std::string compile_error(const std::string& toml) {
  auto model = load_and_compile(ScenarioSource::text_of("test.toml", toml));
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

// The Outcome of evaluating `source` with `sets` through the front door.
inline Outcome evaluate_source(const ScenarioSource& source,
                               const std::vector<std::string>& sets = {}) {
  Outcome out;
  auto evaluated = evaluate(source, sets);
  if (!evaluated) {
    out.errors = format_diagnostics(evaluated.diagnostics());
    return out;
  }
  const Model& model = evaluated->model;
  for (size_t i = 0; i < model.quantities.size(); ++i) {
    out.values[model.def(static_cast<int>(i)).name] = evaluated->results.values[i];
  }
  return out;
}

inline Outcome evaluate_text(const std::string& toml, const std::vector<std::string>& sets = {}) {
  return evaluate_source(ScenarioSource::text_of("s.toml", toml), sets);
}

// A folder of scenario files for one test.
using ScenarioFiles = TempFolder;

}  // namespace gpugap::testing
