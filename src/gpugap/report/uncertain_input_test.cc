// The web page tells an input drawn from a distribution (a range editor, its formula in the
// inputs' table) by the run JSON's "input" and "uncertain" (web/src/document.ts, isDistribution):
// it keeps no list of distribution names. This checks that contract for every row of the engine's
// table (program/distributions.cc), so that a new distribution reaches the page by itself.
#include <gtest/gtest.h>

#include <string>

#include "gpugap/engine/point.h"
#include "gpugap/program/distributions.h"
#include "gpugap/report/output.h"
#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

// A formula that draws from `d`, with parameters 1, 2, 3… (ordered, so that low < mode < high).
std::string formula_of(const Distribution& d) {
  if (d.name == std::string("discrete")) return "discrete(1: 0.5, 2: 0.5)";
  if (d.name == std::string("to")) return "1 to 2";
  std::string out = std::string(d.name) + "(";
  for (size_t i = 0; i < d.parameters.size(); ++i) {
    out += (i ? ", " : "") + std::to_string(i + 1);
  }
  return out + ")";
}

nlohmann::ordered_json run_json(const std::string& toml) {
  Model model = testing::compile_text(toml);
  auto point = evaluate_point(model);
  EXPECT_TRUE(point.ok());
  std::vector<int> all;
  for (size_t i = 0; i < model.quantities.size(); ++i) all.push_back(static_cast<int>(i));
  return render_json(model, *point, all)["quantities"];
}

TEST(UncertainInputs, EveryDistributionMarksItsInputUncertain) {
  for (const Distribution& d : distributions()) {
    SCOPED_TRACE(d.name);
    auto q = run_json("[quantities]\nx = \"" + formula_of(d) + "\"\ny = \"x * 2\"\n");
    EXPECT_EQ(q["x"]["input"], true);
    EXPECT_EQ(q["x"]["uncertain"], true);
    // A result that depends on it is uncertain too, but no input: the page draws no editor.
    EXPECT_EQ(q["y"]["input"], false);
    EXPECT_EQ(q["y"]["uncertain"], true);
  }
}

TEST(UncertainInputs, APlainInputIsCertain) {
  auto q = run_json("[quantities]\nx = \"2\"\n");
  EXPECT_EQ(q["x"]["input"], true);
  EXPECT_EQ(q["x"]["uncertain"], false);
}

}  // namespace
}  // namespace gpugap
