#include "gpugap/engine/monte_carlo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numeric>

#include "gpugap/analysis/statistics.h"
#include "gpugap/engine/point.h"
#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

using testing::compile_error;
using testing::compile_text;

std::vector<double> samples_of(const Model& model, const std::string& name, uint64_t n,
                               unsigned threads = 1, size_t batch = 1024, uint64_t seed = 1) {
  MonteCarloOptions options;
  options.samples = n;
  options.seed = seed;
  options.threads = threads;
  options.batch = batch;
  options.outputs = {model.index_of(name)};
  auto set = run_monte_carlo(model, options);
  EXPECT_TRUE(set.ok()) << (set.ok() ? "" : format_diagnostics(set.diagnostics()));
  return {set->values[0][0].begin(), set->values[0][0].end()};
}

const char* kGap = R"toml(
[quantities]
runrate = { value = "100B to 300B", unit = "USD" }
margin = { value = "uniform(40%, 60%)", unit = "%" }
energy = { value = "normal(1, 0.2)" }
cost = { value = "runrate * (1 + energy) / (1 - margin)", unit = "USD" }
)toml";

TEST(MonteCarlo, BitIdenticalForAnyThreadCountAndBlockSize) {
  Model model = compile_text(kGap);
  std::vector<double> reference = samples_of(model, "cost", 10007, 1, 1024);
  for (unsigned threads : {2u, 7u}) {
    for (size_t batch : {64u, 4096u}) {
      EXPECT_EQ(samples_of(model, "cost", 10007, threads, batch), reference)
          << threads << " threads, batch " << batch;
    }
  }
}

TEST(MonteCarlo, ARunFromFirstSampleIsThatSliceOfOneRun) {
  // A study split into sample ranges (gpugap --first-sample, gpugap.dask) gives one run's samples.
  Model model = compile_text(kGap);
  const std::vector<double> whole = samples_of(model, "cost", 5000, 2, 1024);
  for (uint64_t first : {0u, 1u, 1023u, 1024u, 3001u}) {
    for (size_t batch : {100u, 1024u}) {
      MonteCarloOptions options;
      options.samples = 5000 - first;
      options.first_sample = first;
      options.seed = 1;
      options.threads = 2;
      options.batch = batch;
      options.outputs = {model.index_of("cost")};
      auto set = run_monte_carlo(model, options);
      ASSERT_TRUE(set.ok());
      EXPECT_EQ(set->values[0][0], SampleColumn(whole.begin() + first, whole.end()))
          << "from " << first << ", batch " << batch;
    }
  }
}

TEST(MonteCarlo, ABadSampleIsNamedByItsIndexInTheLongerRun) {
  Model model = compile_text(R"toml(
[quantities]
x = { value = "uniform(-1, 1)" }
y = { value = "1 / (x - x)" }
)toml");
  MonteCarloOptions options;
  options.samples = 10;
  options.first_sample = 500;
  options.outputs = {model.index_of("y")};
  auto set = run_monte_carlo(model, options);
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.diagnostics()[0].message.find("in sample 500 of 500 to 509"), std::string::npos)
      << set.diagnostics()[0].message;
}

TEST(MonteCarlo, AddingAQuantityChangesNoOtherSamples) {
  // Common random numbers: draws are keyed by the quantity's name, not its position.
  Model model = compile_text(kGap);
  std::string more = std::string("[quantities]\nnoise = \"normal(0, 1)\"\n") +
                     std::string(kGap).substr(std::string(kGap).find("[quantities]") + 13);
  Model bigger = compile_text(more);
  EXPECT_EQ(samples_of(model, "cost", 5000), samples_of(bigger, "cost", 5000));
  EXPECT_NE(samples_of(model, "cost", 5000, 1, 1024, 1),
            samples_of(model, "cost", 5000, 1, 1024, 2));
}

TEST(MonteCarlo, MomentsOfEachDistribution) {
  Model model = compile_text(R"toml(
[quantities]
n = "normal(10, 2)"
ln = "lognormal(0, 0.5)"
u = "uniform(2, 6)"
lu = "loguniform(1, 100)"
t = "triangular(0, 1, 4)"
p = "pert(0, 1, 4)"
b = "beta(2, 3)"
d = "discrete(1: 0.25, 3: 0.75)"
)toml");
  const uint64_t n = 200000;
  struct Case {
    const char* name;
    double mean, sd;
  };
  const double lognormal_sd = std::sqrt((std::exp(0.25) - 1) * std::exp(0.25));
  const Case cases[] = {
      {"n", 10, 2},
      {"ln", std::exp(0.125), lognormal_sd},
      {"u", 4, 4 / std::sqrt(12.0)},
      {"lu", 99 / std::log(100.0),
       std::sqrt((100.0 * 100 - 1) / (2 * std::log(100.0)) - std::pow(99 / std::log(100.0), 2))},
      {"t", 5.0 / 3, std::sqrt((0 + 1 + 16 - 0 - 0 - 4) / 18.0)},
      {"p", (0 + 4 * 1 + 4) / 6.0, std::sqrt(((8.0 / 6) - 0) * (4 - 8.0 / 6) / 7)},
      {"b", 0.4, std::sqrt(6.0 / (25 * 6))},
      {"d", 2.5, std::sqrt(0.75)},
  };
  // One run keeps every distribution's samples: each run evaluates them all, and PERT and beta
  // cost microseconds a sample.
  MonteCarloOptions options;
  options.samples = n;
  options.seed = 1;
  options.threads = 2;
  for (const Case& c : cases) options.outputs.push_back(model.index_of(c.name));
  auto set = run_monte_carlo(model, options);
  ASSERT_TRUE(set.ok());
  for (size_t i = 0; i < std::size(cases); ++i) {
    const Case& c = cases[i];
    const SampleColumn& x = set->values[i][0];
    double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double var = 0;
    for (double v : x) var += (v - mean) * (v - mean);
    double sd = std::sqrt(var / (n - 1));
    // Five standard errors.
    EXPECT_NEAR(mean, c.mean, 5 * c.sd / std::sqrt(double(n))) << c.name;
    EXPECT_NEAR(sd / c.sd, 1.0, 0.02) << c.name;
  }
}

TEST(MonteCarlo, PointRunsUseMedians) {
  Model model = compile_text(kGap);
  auto point = evaluate_point(model);
  ASSERT_TRUE(point.ok());
  EXPECT_NEAR(point->values[model.index_of("runrate")][0], std::sqrt(100e9 * 300e9), 1);
  EXPECT_NEAR(point->values[model.index_of("margin")][0], 0.5, 1e-15);
  EXPECT_NEAR(point->values[model.index_of("energy")][0], 1.0, 1e-15);
}

// Spearman's rank correlation of two samples.
double rank_correlation(std::vector<double> a, std::vector<double> b) {
  auto ranks = [](const std::vector<double>& x) {
    std::vector<size_t> order(x.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t i, size_t j) { return x[i] < x[j]; });
    std::vector<double> r(x.size());
    for (size_t i = 0; i < order.size(); ++i) r[order[i]] = static_cast<double>(i);
    return r;
  };
  std::vector<double> ra = ranks(a), rb = ranks(b);
  double n = static_cast<double>(a.size()), mean = (n - 1) / 2, num = 0, den = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    num += (ra[i] - mean) * (rb[i] - mean);
    den += (ra[i] - mean) * (ra[i] - mean);
  }
  return num / den;
}

TEST(MonteCarlo, CopulaGivesTheRequestedRankCorrelations) {
  Model model = compile_text(R"toml(
[quantities]
a = "100 to 300"
b = "normal(0, 1)"
c = "uniform(0, 1)"
[correlations]
"a, b" = 0.6
"b, c" = -0.3
)toml");
  const uint64_t n = 100000;
  std::vector<double> a = samples_of(model, "a", n), b = samples_of(model, "b", n),
                      c = samples_of(model, "c", n);
  // The standard error of a rank correlation is about 1/sqrt(n) ≈ 0.003.
  EXPECT_NEAR(rank_correlation(a, b), 0.6, 0.015);
  EXPECT_NEAR(rank_correlation(b, c), -0.3, 0.015);
  // Marginals are unchanged: b is still a standard normal.
  EXPECT_NEAR(quantile(b, 0.5), 0.0, 0.02);
  EXPECT_NEAR(quantile(b, 0.95), 1.6449, 0.03);
}

TEST(MonteCarlo, CorrelationsThatCannotHoldAreAnError) {
  std::string error = compile_error(R"toml(
[quantities]
a = "normal(0, 1)"
b = "normal(0, 1)"
c = "normal(0, 1)"
[correlations]
"a, b" = 0.9
"b, c" = 0.9
"a, c" = -0.9
)toml");
  EXPECT_NE(error.find("the correlations are inconsistent: with 'a, c' = -0.9"), std::string::npos)
      << error;
}

TEST(MonteCarlo, CorrelationsNeedSingleDistributionInputs) {
  std::string error = compile_error(R"toml(
[quantities]
a = "normal(0, 1)"
b = "a * 2"
c = "3"
[correlations]
"a, b" = 0.5
"a, c" = 0.5
"a, d" = 0.5
)toml");
  EXPECT_NE(error.find("[correlations] needs 'b' to be an uncertain input"), std::string::npos)
      << error;
  EXPECT_NE(error.find("hint: 'b' is computed from other quantities"), std::string::npos);
  EXPECT_NE(error.find("hint: 'c' has no distribution"), std::string::npos);
  EXPECT_NE(error.find("[correlations] names 'd', which is not a quantity"), std::string::npos);
}

TEST(MonteCarlo, BadParametersAreCompileErrors) {
  struct Case {
    const char* value;
    const char* message;
  };
  const Case cases[] = {
      {"normal(1, -2)", "normal() needs a standard deviation of 0 or more, not -2"},
      {"uniform(5, 1)", "uniform() needs low ≤ high, but 5 > 1"},
      {"300 to 100", "the 90% interval '300 to 100' needs its low end below its high end"},
      {"triangular(0, 5, 4)", "triangular() needs low ≤ mode ≤ high with low < high, not 0, 5, 4"},
      {"discrete(1: 0.5, 2: 0.4)", "the probabilities of discrete() sum to 0.9, not 1"},
      {"beta(0, 1)", "beta() needs positive alpha and beta"},
      {"loguniform(0, 1)", "loguniform() needs a positive low end, not 0"},
  };
  for (const Case& c : cases) {
    std::string error = compile_error(std::string("[quantities]\nx = \"") + c.value + "\"\n");
    EXPECT_NE(error.find(std::string("test.toml:2:6: error: ") + c.message), std::string::npos)
        << error;
  }
}

TEST(MonteCarlo, DiscreteValuesInAnyOrderAreAQuantileFunction) {
  // Written out of order: the median is still the median, and a rank correlation holds.
  Model model = compile_text(R"toml(
[quantities]
d = "discrete(3: 0.4, 1: 0.2, 2: 0.4)"
n = "normal(0, 1)"
[correlations]
"d, n" = 0.9
)toml");
  auto point = evaluate_point(model);
  ASSERT_TRUE(point.ok());
  EXPECT_EQ(point->values[model.index_of("d")][0], 2.0);
  const uint64_t count = 20000;
  std::vector<double> d = samples_of(model, "d", count), n = samples_of(model, "n", count);
  // Ties in d lower the rank correlation below 0.9, but it is strongly positive.
  EXPECT_GT(rank_correlation(d, n), 0.75);
  EXPECT_NEAR(std::count(d.begin(), d.end(), 1.0) / static_cast<double>(count), 0.2, 0.02);
  EXPECT_NEAR(std::count(d.begin(), d.end(), 3.0) / static_cast<double>(count), 0.4, 0.02);
}

TEST(MonteCarlo, DiscreteValuesMayCarryUnits) {
  Model model = compile_text(R"toml(
[quantities]
power = { value = "discrete(2[GW]: 0.5, 1000[MW]: 0.25, 3[GW]: 0.25)", unit = "GW" }
share = { value = "discrete(1: 50%, 2: 50%)", unit = "%" }
)toml");
  auto point = evaluate_point(model);
  ASSERT_TRUE(point.ok());
  EXPECT_EQ(point->values[model.index_of("power")][0], 2e9);
  // Probabilities in % do not make the values fractions: 1 and 2 are 1% and 2%.
  EXPECT_DOUBLE_EQ(point->values[model.index_of("share")][0], 0.01);
  std::string error = compile_error(R"toml(
[quantities]
power = { value = "discrete(2[GW]: 0.5, 1: 0.5)", unit = "GW" }
)toml");
  EXPECT_NE(error.find("the values of discrete() mix units: W and a plain number ('1')"),
            std::string::npos)
      << error;
  error = compile_error("[quantities]\na = \"1\"\nx = \"discrete(a: 0.5, 2: 0.5)\"\n");
  EXPECT_NE(error.find("discrete() takes numbers (with a unit or not), but 'a' is a formula"),
            std::string::npos)
      << error;
}

TEST(MonteCarlo, BadParametersWithUnitsAreCompileErrors) {
  struct Case {
    const char* value;
    const char* message;
  };
  const Case cases[] = {
      {"300[GW] to 100[GW]", "the 90% interval '300[GW] to 100[GW]' needs its low end below"},
      {"normal(10[GW], -1[GW])", "normal() needs a standard deviation of 0 or more, not -1[GW]"},
      {"uniform(5[GW], 1[GW])", "uniform() needs low ≤ high, but 5[GW] > 1[GW]"},
      {"triangular(1[GW], 5[GW], 3[GW])",
       "triangular() needs low ≤ mode ≤ high with low < high, not 1[GW], 5[GW], 3[GW]"},
      {"uniform(2[GW], 1000[MW])", "uniform() needs low ≤ high, but 2[GW] > 1000[MW]"},
  };
  for (const Case& c : cases) {
    std::string error = compile_error(std::string("[quantities]\nx = { value = \"") + c.value +
                                      "\", unit = \"GW\" }\n");
    EXPECT_NE(error.find(std::string("test.toml:2:16: error: ") + c.message), std::string::npos)
        << error;
  }
}

TEST(MonteCarlo, ABareNumberInAPercentDistributionIsExplained) {
  std::string error =
      compile_error("[quantities]\nm = { value = \"triangular(30%, 50, 70%)\", unit = \"%\" }\n");
  EXPECT_NE(error.find("hint: in a quantity in %, a formula that writes a number with % takes the "
                       "others as plain numbers: '50' here is 5000%; write 50%"),
            std::string::npos)
      << error;
}

TEST(MonteCarlo, BadParametersKnownWhenRunAreNamed) {
  // A parameter that is a name is known when the program runs: the point run stops there.
  struct Case {
    const char* value;
    const char* message;
  };
  const Case cases[] = {
      {"normal(0, k)", "'normal(0, k)' in the formula of 'x' has a negative standard deviation"},
      {"lognormal(0, k)", "'lognormal(0, k)' in the formula of 'x' has a negative sigma"},
      {"triangular(0, k, 1)",
       "'triangular(0, k, 1)' in the formula of 'x' has its mode outside low to high"},
      {"uniform(0, k)", "'uniform(0, k)' in the formula of 'x' has its low end above its high end"},
      {"0 to k", "'0 to k' in the formula of 'x' has its low end not below its high end"},
  };
  for (const Case& c : cases) {
    Model model = compile_text(std::string("[quantities]\nk = \"-2\"\nx = \"") + c.value + "\"\n");
    auto point = evaluate_point(model);
    ASSERT_FALSE(point.ok()) << c.value;
    EXPECT_NE(point.diagnostics()[0].message.find(c.message), std::string::npos)
        << point.diagnostics()[0].message;
    EXPECT_EQ(point.diagnostics()[0].hint, "it comes from k = -2");
  }
  // A sampled parameter: the first sample with a negative standard deviation is named.
  Model model = compile_text("[quantities]\nx = \"normal(0, normal(0, 1))\"\n");
  MonteCarloOptions options;
  options.samples = 100;
  options.outputs = {model.index_of("x")};
  auto set = run_monte_carlo(model, options);
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.diagnostics()[0].message.find("has a negative standard deviation"),
            std::string::npos)
      << set.diagnostics()[0].message;
}

TEST(MonteCarlo, ACorrelationGivenTwiceIsAnError) {
  std::string error = compile_error(R"toml(
[quantities]
a = "normal(0, 1)"
b = "normal(0, 1)"
[correlations]
"a, b" = 0.5
"b, a" = 0.3
)toml");
  EXPECT_NE(error.find("test.toml:7:1: error: the correlation of 'b, a' is given twice: 'a, b' = "
                       "0.5 on line 6, and here 'b, a' = 0.3"),
            std::string::npos)
      << error;
}

TEST(MonteCarlo, UnitsApplyToDistributions) {
  Model model = compile_text(R"toml(
[quantities]
power = { value = "5 to 15", unit = "GW" }
price = { value = "normal(2, 0.1)", unit = "USD/GW" }
cost = { value = "power * price", unit = "USD" }
)toml");
  auto point = evaluate_point(model);
  ASSERT_TRUE(point.ok());
  EXPECT_NEAR(point->values[model.index_of("power")][0], std::sqrt(75.0) * 1e9, 1);
  std::string error = compile_error(R"toml(
[quantities]
a = { value = "normal(2, 1)", unit = "USD" }
b = { value = "uniform(a, 3[GW])", unit = "USD" }
)toml");
  EXPECT_NE(error.find("unit mismatch in 'uniform(a, 3[GW])': USD and W"), std::string::npos)
      << error;
}

TEST(MonteCarlo, FirstFailingSampleIsNamed) {
  Model model = compile_text(R"toml(
[quantities]
margin = "discrete(0.5: 0.5, 1: 0.5)"
revenue = "1 / (1 - margin)"
)toml");
  MonteCarloOptions options;
  options.samples = 100;
  options.outputs = {model.index_of("revenue")};
  auto set = run_monte_carlo(model, options);
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.diagnostics()[0].message.find("division by zero in 'revenue'"), std::string::npos);
  EXPECT_NE(set.diagnostics()[0].message.find("in sample "), std::string::npos);
}

TEST(MonteCarlo, ARunCanBeCancelled) {
  Model model = compile_text(kGap);
  MonteCarloOptions options;
  options.samples = 1000000;
  options.batch = 1024;
  options.threads = 2;
  options.outputs = {model.index_of("cost")};
  std::atomic<int> asked{0};
  options.cancelled = [&] { return ++asked > 10; };
  auto set = run_monte_carlo(model, options);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.diagnostics()[0].message,
            "the run was cancelled before its 1000000 samples were drawn");
  EXPECT_LT(asked.load(), 100);  // it stopped at once, not after the thousand batches
}

}  // namespace
}  // namespace gpugap
