// The block extension point, with a block made for the test: outputs become quantities, inputs
// are dependencies, the call runs over batches of samples, and name clashes are errors.
#include <gtest/gtest.h>

#include "gpugap/compile/compile.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/engine/point.h"
#include "gpugap/program/block.h"

namespace gpugap {
namespace {

// twice.value = 2 × input, twice.series[y] = input × (y + 1).
class Twice : public Block {
 public:
  std::string name() const override { return "twice"; }
  std::vector<std::string> inputs() const override { return {"x"}; }
  std::vector<BlockOutput> outputs() const override {
    return {{"twice.value", "USD", false, "2x"}, {"twice.series", "USD/yr", true, "x per year"}};
  }
  Status check(const std::vector<BlockInputInfo>& inputs) const override {
    if (inputs[0].series) return {{inputs[0].where, "x must be a single value", ""}};
    return {};
  }
  void evaluate(BlockFrame& frame) const override {
    const double* x = frame.input(0);
    double* value = frame.output(0);
    for (size_t i = 0; i < frame.count(); ++i) value[i] = 2 * x[i];
    for (uint32_t y = 0; y < frame.years(); ++y) {
      double* series = frame.output(1, y);
      for (size_t i = 0; i < frame.count(); ++i) series[i] = x[i] * (y + 1);
    }
  }
};

Result<Model> compile_with_block(const std::string& toml) {
  auto scenario = load_scenario_text("test.toml", toml);
  EXPECT_TRUE(scenario.ok());
  scenario->blocks.push_back(std::make_shared<Twice>());
  return compile(std::move(*scenario));
}

TEST(Blocks, OutputsAreQuantitiesComputedFromTheInputs) {
  auto model = compile_with_block(R"toml(
[time]
years = "2024..2026"
[quantities]
x = { value = "10", unit = "USD" }
y = { value = "twice.value + sum(twice.series)", unit = "USD" }
)toml");
  ASSERT_TRUE(model.ok()) << format_diagnostics(model.diagnostics());
  auto point = evaluate_point(*model);
  ASSERT_TRUE(point.ok());
  EXPECT_DOUBLE_EQ(point->values[model->index_of("y")][0], 20 + (10 + 20 + 30));
  EXPECT_EQ(model->quantities[model->index_of("twice.value")].dependencies,
            std::vector<int>{model->index_of("x")});
}

TEST(Blocks, RunUnderMonteCarloSampleBySample) {
  auto model = compile_with_block(R"toml(
[time]
years = "2024..2025"
[quantities]
x = { value = "uniform(1, 2)", unit = "USD" }
)toml");
  ASSERT_TRUE(model.ok());
  MonteCarloOptions options;
  options.samples = 3000;
  options.batch = 128;
  options.threads = 2;
  options.outputs = {model->index_of("x"), model->index_of("twice.value")};
  auto set = run_monte_carlo(*model, options);
  ASSERT_TRUE(set.ok());
  EXPECT_TRUE(model->quantities[model->index_of("twice.value")].uncertain);
  for (size_t i = 0; i < options.samples; ++i) {
    ASSERT_EQ(set->values[1][0][i], 2 * set->values[0][0][i]);
  }
}

TEST(Blocks, AnOutputNameTakenByAQuantityIsAnError) {
  auto model = compile_with_block(R"toml(
[quantities]
x = { value = "10", unit = "USD" }
"twice.value" = "3"
)toml");
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.diagnostics()[0].message,
            "'twice.value' is defined twice: here and as an output of the [twice] block");
}

TEST(Blocks, CheckRejectsBadInputs) {
  auto model = compile_with_block(R"toml(
[time]
years = "2024..2025"
[quantities]
x = { value = { 2024 = "1", 2025 = "2" }, unit = "USD" }
)toml");
  ASSERT_FALSE(model.ok());
  EXPECT_EQ(model.diagnostics()[0].message, "x must be a single value");
}

}  // namespace
}  // namespace gpugap
