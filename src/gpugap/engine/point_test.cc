// Point evaluation's rule for non-finite values: only a quantity whose value is not finite is an
// error (an `if` may discard a division by zero), and the diagnosis names the sub-expression,
// the year and the inputs behind it. Monte Carlo diagnoses its first failing sample the same way.
#include "gpugap/engine/point.h"

#include <gtest/gtest.h>

#include "gpugap/engine/monte_carlo.h"
#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

using testing::compile_text;

const char* kYears = "[time]\nyears = \"2020..2023\"\n";

using testing::evaluate_text;
using testing::Outcome;

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
std::string last_line(const std::string& text) {
  std::string trimmed = text.substr(0, text.find_last_not_of('\n') + 1);
  return trimmed.substr(trimmed.rfind('\n') + 1);
}

TEST(PointNonFinite, IfGuardsADivisionByZero) {
  Outcome out = evaluate_text(R"~([quantities]
d = "0"
n = "5"
r = "if(d == 0, 0, n / d)"
)~");
  EXPECT_EQ(out.errors, "");
  EXPECT_EQ(out.values["r"], std::vector<double>{0});
}

TEST(PointNonFinite, IfGuardsADivisionByZeroInASeries) {
  Outcome out = evaluate_text(std::string(kYears) + R"~([quantities]
d = { 2020 = "1", 2021 = "0", 2022 = "2", 2023 = "0" }
n = "5"
r = "if(d == 0, 0, n / d)"
)~");
  EXPECT_EQ(out.errors, "");
  EXPECT_EQ(out.values["r"], (std::vector<double>{5, 0, 2.5, 0}));
}

TEST(PointNonFinite, ADiscardedInfinityDoesNotHideTheRealCause) {
  Outcome out = evaluate_text(R"~([quantities]
d = "0"
n = "5"
x = "0"
r = "if(d == 0, 0, n / d) + n / x"
)~");
  EXPECT_EQ(out.errors, R"~(s.toml:5:33: error: division by zero in 'r': 'x' is 0
    r = "if(d == 0, 0, n / d) + n / x"
                                    ^
hint: it comes from x = 0
)~");
}

TEST(PointNonFinite, AQuantityThatIsItselfInfiniteIsAnError) {
  // Its value is not finite even though a later `if` does not use it.
  Outcome out = evaluate_text(R"~([quantities]
d = "0"
ratio = "1 / d"
r = "if(d == 0, 0, ratio)"
)~");
  EXPECT_EQ(first_line(out.errors), "s.toml:3:14: error: division by zero in 'ratio': 'd' is 0");
}

TEST(PointNonFinite, SeriesNameTheYearAndTheValueInIt) {
  Outcome out = evaluate_text(std::string(kYears) + R"~([quantities]
d = { value = { 2020 = "1", 2021 = "2", 2022 = "0", 2023 = "0" }, unit = "GW" }
cost = { value = "5B", unit = "USD" }
per_watt = { value = "cost / d", unit = "USD/W" }
)~");
  EXPECT_EQ(first_line(out.errors),
            "s.toml:6:30: error: in 2022: division by zero in 'per_watt': 'd' is 0");
  EXPECT_EQ(last_line(out.errors), "hint: it comes from d = 0 GW");
}

const char* kSequoia = R"~([quantities]
gpu_runrate = { value = "150B", unit = "USD" }
energy_ratio = "1"
end_user_margin = { value = "50%", unit = "%" }
datacenter_cost = { value = "gpu_runrate * (1 + energy_ratio)", unit = "USD" }
required_revenue = { value = "datacenter_cost / (1 - end_user_margin)", unit = "USD" }
ai_revenue = { value = "100B", unit = "USD" }
revenue_coverage = { value = "ai_revenue / required_revenue", unit = "%" }
)~";

TEST(PointNonFinite, HintNamesTheOverrideBehindAZero) {
  Outcome out = evaluate_text(kSequoia, {"energy_ratio=-1", "end_user_margin=40%"});
  EXPECT_EQ(first_line(out.errors),
            "s.toml:8:44: error: division by zero in 'revenue_coverage': 'required_revenue' is 0");
  // The margin is set too, but only the energy ratio makes the zero.
  EXPECT_EQ(last_line(out.errors),
            "hint: it comes from required_revenue = $0; upstream: energy_ratio = -1 (from "
            "--set)");
}

TEST(PointNonFinite, HintNamesTheInputBehindAZeroInTheFile) {
  std::string toml = kSequoia;
  toml.replace(toml.find("150B"), 4, "0");
  Outcome out = evaluate_text(toml);
  EXPECT_EQ(last_line(out.errors),
            "hint: it comes from required_revenue = $0; upstream: gpu_runrate = $0");
}

TEST(PointNonFinite, NeverIsShownAsNever) {
  Outcome out = evaluate_text(std::string(kYears) + R"~([quantities]
revenue = { value = { 2020 = "1", 2021 = "2", 2022 = "3", 2023 = "4" } }
breakeven = "first_year(revenue > 10)"
later = "breakeven + 1"
zeroed = "0 * breakeven"
)~");
  EXPECT_EQ(first_line(out.errors),
            "s.toml:7:11: error: '0 * breakeven' in the formula of 'zeroed' is not a number");
  EXPECT_EQ(last_line(out.errors), "hint: it comes from breakeven = never");
}

// Monte Carlo: the same rule, and the same diagnosis, sample by sample.
Result<SampleSet> run(const Model& model, const std::string& output) {
  MonteCarloOptions options;
  options.samples = 200;
  options.threads = 1;
  options.outputs = {model.index_of(output)};
  return run_monte_carlo(model, options);
}

TEST(MonteCarloNonFinite, IfGuardsADivisionByZero) {
  Model model = compile_text(R"~([quantities]
d = "discrete(0: 0.5, 2: 0.5)"
r = "if(d == 0, 0, 1 / d)"
)~");
  auto set = run(model, "r");
  ASSERT_TRUE(set.ok()) << format_diagnostics(set.diagnostics());
  for (double v : set->values[0][0]) EXPECT_TRUE(v == 0 || v == 0.5) << v;
}

TEST(MonteCarloNonFinite, IfGuardsADivisionByZeroInASeries) {
  Model model = compile_text(std::string(kYears) + R"~([quantities]
d = { 2020 = "1", 2021 = "discrete(0: 0.5, 2: 0.5)", 2022 = "2", 2023 = "0" }
r = "if(d == 0, 0, 1 / d)"
)~");
  auto set = run(model, "r");
  ASSERT_TRUE(set.ok()) << format_diagnostics(set.diagnostics());
  for (double v : set->values[0][3]) EXPECT_EQ(v, 0);
}

TEST(MonteCarloNonFinite, TheDiagnosisSkipsADiscardedInfinity) {
  Model model = compile_text(R"~([quantities]
d = "0"
x = "discrete(0: 0.5, 2: 0.5)"
r = "if(d == 0, 0, 1 / d) + 1 / x"
)~");
  auto set = run(model, "r");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.diagnostics()[0].message.find("division by zero in 'r': 'x' is 0"),
            std::string::npos)
      << set.diagnostics()[0].message;
  EXPECT_EQ(set.diagnostics()[0].hint, "it comes from x = 0");
}

TEST(MonteCarloNonFinite, AnUnreportedQuantityIsNotBlamed) {
  // 'ratio' is infinite in every sample, but only 'r' is asked for, and its failure is 1 / x.
  Model model = compile_text(R"~([quantities]
d = "0"
ratio = "1 / d"
x = "discrete(0: 0.5, 2: 0.5)"
r = "if(d == 0, 0, ratio) + 1 / x"
)~");
  auto set = run(model, "r");
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.diagnostics()[0].message.find("division by zero in 'r': 'x' is 0"),
            std::string::npos)
      << set.diagnostics()[0].message;
}

}  // namespace
}  // namespace gpugap
