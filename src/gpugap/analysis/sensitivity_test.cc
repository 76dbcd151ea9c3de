#include "gpugap/analysis/sensitivity.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "gpugap/analysis/solve.h"
#include "gpugap/engine/point.h"
#include "gpugap/run/testing.h"
#include "gpugap/units/format.h"

namespace gpugap {
namespace {

using testing::compile_error;
using testing::compile_text;

const SobolIndex& index_of(const SobolResult& r, const std::string& label) {
  for (const auto& i : r.indices) {
    if (i.input.label == label) return i;
  }
  ADD_FAILURE() << "no index for " << label;
  return r.indices.front();
}

TEST(Sobol, IshigamiIndicesMatchTheAnalyticValues) {
  // Ishigami & Homma (1990) with a = 7, b = 0.1; inputs uniform on [-π, π].
  Model model = compile_text(R"toml(
[quantities]
x1 = "uniform(-3.141592653589793, 3.141592653589793)"
x2 = "uniform(-3.141592653589793, 3.141592653589793)"
x3 = "uniform(-3.141592653589793, 3.141592653589793)"
f = "sin(x1) + 7 * sin(x2)^2 + 0.1 * x3^4 * sin(x1)"
)toml");
  const double a = 7, b = 0.1, pi = M_PI;
  const double v1 = 0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = b * b * std::pow(pi, 8) * (1.0 / 18 - 1.0 / 50);
  const double v = v1 + v2 + v13;
  auto result = sobol_indices(model, model.index_of("f"), 1 << 14, 200, 7, 2);
  ASSERT_TRUE(result.ok()) << format_diagnostics(result.diagnostics());
  struct Expected {
    const char* input;
    double first, total;
  };
  const Expected expected[] = {
      {"x1", v1 / v, (v1 + v13) / v}, {"x2", v2 / v, v2 / v}, {"x3", 0.0, v13 / v}};
  for (const auto& e : expected) {
    const SobolIndex& i = index_of(*result, e.input);
    // The analytic value lies in the bootstrap interval (widened by a hair for the estimator's
    // bias at finite N), and the estimate is close.
    EXPECT_LE(i.first_low - 0.01, e.first) << e.input;
    EXPECT_GE(i.first_high + 0.01, e.first) << e.input;
    EXPECT_LE(i.total_low - 0.01, e.total) << e.input;
    EXPECT_GE(i.total_high + 0.01, e.total) << e.input;
    EXPECT_NEAR(i.first, e.first, 0.03) << e.input;
    EXPECT_NEAR(i.total, e.total, 0.03) << e.input;
  }
}

TEST(Sobol, SameResultForAnyThreadCount) {
  Model model = compile_text(R"toml(
[quantities]
a = "1 to 3"
b = "normal(0, 1)"
f = "a * 2 + b"
)toml");
  auto one = sobol_indices(model, model.index_of("f"), 1024, 20, 3, 1);
  auto two = sobol_indices(model, model.index_of("f"), 1024, 20, 3, 2);
  ASSERT_TRUE(one.ok() && two.ok());
  for (size_t i = 0; i < one->indices.size(); ++i) {
    EXPECT_EQ(one->indices[i].first, two->indices[i].first);
    EXPECT_EQ(one->indices[i].total_high, two->indices[i].total_high);
  }
}

TEST(Sobol, RunsSplitAndMergedAreTheSameBits) {
  // What gpugap.dask.sobol does: each of the k + 2 runs alone (any thread count), then the
  // indices from them.
  Model model = compile_text(R"toml(
[quantities]
a = "1 to 3"
b = "normal(0, 1)"
c = "uniform(0, 2)"
f = "a * 2 + b * c"
)toml");
  const int f = model.index_of("f");
  auto whole = sobol_indices(model, f, 1000, 30, 9, 2);
  ASSERT_TRUE(whole.ok());
  auto count = sobol_run_count(model, f);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 3u + 2u);
  std::vector<std::vector<double>> runs;
  for (size_t run = 0; run < *count; ++run) {
    auto values = sobol_run(model, f, 1000, 9, run, run % 2 + 1);
    ASSERT_TRUE(values.ok());
    EXPECT_EQ(values->size(), 1024u);  // rounded up as sobol_indices() does
    runs.push_back(std::move(*values));
  }
  auto merged = sobol_from_runs(model, f, 1000, 30, 9, 1, runs);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->mean, whole->mean);
  EXPECT_EQ(merged->variance, whole->variance);
  ASSERT_EQ(merged->indices.size(), whole->indices.size());
  for (size_t i = 0; i < whole->indices.size(); ++i) {
    EXPECT_EQ(merged->indices[i].input.label, whole->indices[i].input.label);
    EXPECT_EQ(merged->indices[i].first, whole->indices[i].first);
    EXPECT_EQ(merged->indices[i].total_low, whole->indices[i].total_low);
    EXPECT_EQ(merged->indices[i].total_high, whole->indices[i].total_high);
  }
  // A run missing, or one past the last, is refused rather than merged into wrong indices.
  runs.pop_back();
  EXPECT_FALSE(sobol_from_runs(model, f, 1000, 30, 9, 1, runs).ok());
  EXPECT_FALSE(sobol_run(model, f, 1000, 9, *count, 1).ok());
}

TEST(Sobol, ProgressFollowsTheWorkNotTheStepCount) {
  // A tiny model and many resamples: the bootstrap is nearly all the work, so the bar must be
  // far from full when the model runs are done (it read (k + 2) / (k + 3), 80%, there).
  Model model = compile_text(R"toml(
[quantities]
a = "1 to 3"
b = "normal(0, 1)"
f = "a * 2 + b"
)toml");
  std::vector<double> seen;
  auto result = sobol_indices(model, model.index_of("f"), 1 << 14, 400, 3, 2,
                              [&](double f) { seen.push_back(f); });
  ASSERT_TRUE(result.ok());
  ASSERT_FALSE(seen.empty());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(seen.back(), 1.0);
  // The last report of the model runs: the first of the bootstrap's batches comes after it.
  const size_t batches = 400 / 2;
  ASSERT_GT(seen.size(), batches);
  const double runs_done = seen[seen.size() - batches - 2];
  EXPECT_LT(runs_done, 0.4) << "the model runs' share of the bar";
  // The bootstrap's reports are evenly spaced: one per batch of resamples.
  const double step = seen[seen.size() - 2] - seen[seen.size() - 3];
  EXPECT_NEAR(seen[seen.size() - batches] - seen[seen.size() - batches - 1], step, 1e-9);
}

TEST(Tornado, RanksInputsBySwingAtTheirPercentiles) {
  Model model = compile_text(R"toml(
[quantities]
small = "normal(10, 1)"
large = "normal(100, 10)"
fixed = "5"
f = "small + 3 * large + fixed"
)toml");
  auto t = tornado(model, model.index_of("f"));
  ASSERT_TRUE(t.ok());
  EXPECT_DOUBLE_EQ(t->base, 10 + 300 + 5);
  ASSERT_EQ(t->bars.size(), 2u);  // "fixed" is certain
  EXPECT_EQ(t->bars[0].input.label, "large");
  const double z90 = 1.2815515655446004;
  EXPECT_NEAR(t->bars[0].input_low, 100 - 10 * z90, 1e-9);
  EXPECT_NEAR(t->bars[0].output_high, 10 + 3 * (100 + 10 * z90) + 5, 1e-9);
  EXPECT_NEAR(t->bars[0].swing(), 3 * 2 * 10 * z90, 1e-9);
  EXPECT_NEAR(t->bars[1].swing(), 2 * z90, 1e-9);
}

TEST(Sobol, RefusesCorrelatedInputs) {
  // Saltelli's design would silently break the correlation.
  Model model = compile_text(R"toml(
[quantities]
a = "normal(0, 1)"
b = "normal(0, 1)"
f = "a + b"
[correlations]
"a, b" = 0.5
)toml");
  auto s = sobol_indices(model, model.index_of("f"), 1024, 20, 3, 1);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.diagnostics()[0].message,
            "Sobol indices assume independent inputs; this scenario correlates 'a' and 'b'");
  EXPECT_TRUE(tornado(model, model.index_of("f")).ok());
}

TEST(Sobol, BaseSamplesAreRoundedUpToAPowerOfTwo) {
  Model model = compile_text("[quantities]\na = \"normal(0, 1)\"\nf = \"2 * a\"\n");
  auto s = sobol_indices(model, model.index_of("f"), 1000, 20, 3, 1);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->base_samples, 1024u);
}

TEST(Tornado, DiscreteValuesInAnyOrderGoFromLowToHigh) {
  Model model = compile_text(R"toml(
[quantities]
d = "discrete(3: 0.4, 1: 0.2, 2: 0.4)"
f = "10 * d"
)toml");
  auto t = tornado(model, model.index_of("f"));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->base, 20.0);
  EXPECT_EQ(t->bars[0].input_low, 1.0);
  EXPECT_EQ(t->bars[0].input_high, 3.0);
}

TEST(Tornado, EachOfSeveralDistributionsInAQuantityShowsItsOwnValue) {
  Model model = compile_text(R"toml(
[quantities]
b = { value = "normal(1B, 0.1B) + normal(2B, 0.1B)", unit = "USD" }
g = { value = "normal(1, 0.1) + 5 * normal(2, 0.1)", unit = "GW" }
f = { value = "b / 1[GW] * g", unit = "USD" }
)toml");
  auto t = tornado(model, model.index_of("f"));
  ASSERT_TRUE(t.ok());
  const double z90 = 1.2815515655446004;
  std::map<std::string, const TornadoBar*> bars;
  for (const auto& bar : t->bars) bars[bar.input.label] = &bar;
  ASSERT_EQ(bars.size(), 4u);
  ASSERT_TRUE(bars.count("b: normal(1B, 0.1B)"));
  const TornadoBar& b1 = *bars["b: normal(1B, 0.1B)"];
  EXPECT_NEAR(in_unit(b1.input_low, b1.input.unit), 1e9 - 0.1e9 * z90, 1);
  EXPECT_NEAR(in_unit(b1.input_high, b1.input.unit), 1e9 + 0.1e9 * z90, 1);
  EXPECT_EQ(format_value(b1.input_low, b1.input.unit), "$872M");
  // In GW, as the quantity: 1 ± 0.1 z, not 10⁹ times that nor a uniform draw.
  ASSERT_TRUE(bars.count("g: normal(2, 0.1)"));
  const TornadoBar& g2 = *bars["g: normal(2, 0.1)"];
  EXPECT_EQ(g2.input.unit.text, "GW");
  EXPECT_NEAR(in_unit(g2.input_low, g2.input.unit), 2 - 0.1 * z90, 1e-9);
  EXPECT_NEAR(in_unit(g2.input_high, g2.input.unit), 2 + 0.1 * z90, 1e-9);
  EXPECT_EQ(format_value(g2.input_high, g2.input.unit), "2.13 GW");
}

TEST(Tornado, RefusesASeriesOrACertainOutput) {
  Model model = compile_text(R"toml(
[quantities]
a = "normal(1, 1)"
b = "2"
)toml");
  auto t = tornado(model, model.index_of("b"));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.diagnostics()[0].message, "'b' depends on no uncertain input: nothing to analyse");
}

Scenario scenario_text(const std::string& toml) {
  auto s = load_scenario_text("test.toml", toml);
  EXPECT_TRUE(s.ok());
  return std::move(*s);
}

TEST(Solve, FindsAKnownRoot) {
  // gap = 600B − revenue closes at revenue = 600B; required revenue = cost / (1 − margin) hits
  // 800B at margin = 62.5%.
  Scenario s = scenario_text(R"toml(
[quantities]
cost = { value = "300B", unit = "USD" }
margin = { value = "50%", unit = "%" }
revenue = { value = "100B", unit = "USD" }
required = { value = "cost / (1 - margin)", unit = "USD" }
gap = { value = "required - revenue", unit = "USD" }
)toml");
  auto r = solve(s, {"gap", "0", "revenue", std::nullopt});
  ASSERT_TRUE(r.ok()) << format_diagnostics(r.diagnostics());
  ASSERT_TRUE(r->found);
  EXPECT_NEAR(r->value, 600e9, 1e-3);
  auto m = solve(s, {"required", "800B", "margin", std::make_pair("10%", "90%")});
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(m->found);
  EXPECT_NEAR(m->value, 0.625, 1e-12);
}

TEST(Solve, NoRootIsAnAnswerNotAFailure) {
  Scenario s = scenario_text(R"toml(
[quantities]
revenue = { value = "100B", unit = "USD" }
gap = { value = "600B[USD] - revenue", unit = "USD" }
)toml");
  auto r = solve(s, {"gap", "0", "revenue", std::make_pair("0", "100B")});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->found);
  EXPECT_EQ(r->explanation,
            "no root in [$0, $100B]: gap is $600B at $0 and $500B at $100B, above $0 at both "
            "ends (a curve that turns back could still reach it in between: narrow --between to "
            "look)");
  auto bad = solve(s, {"gap", "0", "revenu", std::nullopt});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.diagnostics()[0].message, "--vary 'revenu' is not a quantity of test");
}

TEST(Solve, ASignChangeAcrossAPoleOrAJumpIsNoRoot) {
  // required = cost / (1 − margin) goes to +∞ below a margin of 100% and comes back from −∞
  // above it: the sign changes, but nothing reaches 800B there.
  Scenario s = scenario_text(R"toml(
[quantities]
cost = { value = "300B", unit = "USD" }
margin = { value = "50%", unit = "%" }
required = { value = "cost / (1 - margin)", unit = "USD" }
step = { value = "if(margin > 150%, 1, -1)" }
)toml");
  auto pole = solve(s, {"required", "-800B", "margin", std::make_pair("0%", "120%")});
  ASSERT_TRUE(pole.ok()) << format_diagnostics(pole.diagnostics());
  EXPECT_FALSE(pole->found);
  EXPECT_NE(pole->explanation.find("changes sign around margin = 100%"), std::string::npos)
      << pole->explanation;
  // The bisection can land on the pole itself: 0% to 200% has it in the middle.
  auto exact = solve(s, {"required", "-800B", "margin", std::make_pair("0%", "200%")});
  ASSERT_TRUE(exact.ok()) << format_diagnostics(exact.diagnostics());
  EXPECT_FALSE(exact->found);
  auto jump = solve(s, {"step", "0", "margin", std::make_pair("110%", "200%")});
  ASSERT_TRUE(jump.ok());
  EXPECT_FALSE(jump->found);
  EXPECT_NE(jump->explanation.find("a discontinuity"), std::string::npos) << jump->explanation;
  // Beyond the pole the root is real: 300B / (1 − m) = −800B at m = 137.5%.
  auto real = solve(s, {"required", "-800B", "margin", std::make_pair("120%", "200%")});
  ASSERT_TRUE(real.ok());
  ASSERT_TRUE(real->found);
  EXPECT_NEAR(real->value, 1.375, 1e-12);
}

TEST(Solve, RefusesAnInputTheTargetDoesNotDependOn) {
  Scenario s = scenario_text(R"toml(
[quantities]
cost = { value = "300B", unit = "USD" }
margin = { value = "50%", unit = "%" }
other = { value = "3B", unit = "USD" }
required = { value = "cost / (1 - margin)", unit = "USD" }
gap = { value = "required - 100B[USD]", unit = "USD" }
)toml");
  auto r = solve(s, {"gap", "0", "other", std::nullopt});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics()[0].message,
            "'gap' does not depend on 'other': varying it cannot move the target");
  EXPECT_EQ(r.diagnostics()[0].hint, "'gap' depends on the inputs cost, margin: vary one of those");
  // An intermediate quantity it depends on is fine.
  EXPECT_TRUE(solve(s, {"gap", "0", "required", std::nullopt}).ok());
}

TEST(Solve, TheDefaultBracketOfAShareStaysBetween0And100Percent) {
  Scenario s = scenario_text(R"toml(
[quantities]
cost = { value = "300B", unit = "USD" }
margin = { value = "50%", unit = "%" }
required = { value = "cost / (1 - margin)", unit = "USD" }
)toml");
  auto r = solve(s, {"required", "1T", "margin", std::nullopt});
  ASSERT_TRUE(r.ok()) << format_diagnostics(r.diagnostics());
  EXPECT_NEAR(r->low, 1.0 / 101, 1e-15);
  EXPECT_NEAR(r->high, 100.0 / 101, 1e-15);
  ASSERT_TRUE(r->found);
  EXPECT_NEAR(r->value, 0.7, 1e-12);
}

// A server's time limit stops the work wherever it is: drawing the design, running the model, or
// resampling. Each stage is reached by answering "go on" a number of times first.
TEST(Sobol, CancelledStopsAtEveryStage) {
  Model model = compile_text(R"toml(
[quantities]
x1 = "uniform(0, 1)"
x2 = "normal(0, 1)"
f = "x1 + x2 ^ 2"
)toml");
  const int output = model.index_of("f");
  int total = 0;
  auto counted = sobol_indices(model, output, 1 << 17, 50, 3, 1, {}, [&] {
    ++total;
    return false;
  });
  ASSERT_TRUE(counted.ok());
  ASSERT_GT(total, 8);
  for (int go_on : {0, 1, 3, total / 2, total - 1}) {
    int asked = 0;
    auto stopped =
        sobol_indices(model, output, 1 << 17, 50, 3, 1, {}, [&] { return asked++ >= go_on; });
    ASSERT_FALSE(stopped.ok()) << go_on;
    EXPECT_NE(stopped.diagnostics()[0].message.find("cancelled"), std::string::npos)
        << stopped.diagnostics()[0].message;
    // It stopped at the first "stop" (Monte Carlo's workers may each ask once more).
    EXPECT_LE(asked, go_on + 4) << go_on;
  }
}

// The estimate is what the server refuses on before allocating: it grows with N and with the
// inputs, covers the design and the outputs, and at the API's cap (2^24 base samples) of a
// four-input model it is over 2 GiB (2.4 GB was measured).
TEST(Sobol, MemoryEstimateCoversTheDesignAndOutputs) {
  Model model = compile_text(R"toml(
[quantities]
a = "uniform(0, 1)"
b = "uniform(0, 1)"
c = "normal(0, 1)"
d = "lognormal(0, 1)"
f = "a + b + c + d"
)toml");
  const uint64_t small = sobol_memory_bytes(model, 1 << 10, 100, 2);
  const uint64_t large = sobol_memory_bytes(model, 1 << 20, 100, 2);
  // A and B over four leaves, f(A), f(B) and four f(AB): 14 columns of 8 bytes.
  EXPECT_GE(large, uint64_t{14} * 8 << 20);
  EXPECT_GT(large, 100 * small);
  EXPECT_GT(sobol_memory_bytes(model, 1 << 21, 100, 2), large * 19 / 10)
      << "twice N, twice the memory";
  EXPECT_EQ(sobol_memory_bytes(model, 1000, 100, 2), sobol_memory_bytes(model, 1024, 100, 2));
  EXPECT_GT(sobol_memory_bytes(model, 1 << 24, 100, 2), uint64_t{2} << 30);
  EXPECT_EQ(sobol_memory_bytes(model, UINT64_MAX, 100, 2), UINT64_MAX);
}

}  // namespace
}  // namespace gpugap
