// Quasi-Monte Carlo through the front door (--method qmc): reproducible, independent of threads,
// its own standard error, and the refusals.
#include <gtest/gtest.h>

#include <cmath>

#include "gpugap/run/monte_carlo.h"
#include "gpugap/run/request.h"
#include "gpugap/run/testing.h"

namespace gpugap {
namespace {

using testing::compile_text;

const char* kScenario = R"toml(
[quantities]
a = "normal(10, 2)"
b = "pert(1, 2, 6)"
c = "lognormal(0, 0.5)"
total = "a + b * c"
)toml";

MonteCarloSettings qmc(uint64_t samples, unsigned threads = 0, uint64_t seed = 3) {
  MonteCarloSettings s;
  s.samples = samples;
  s.seed = seed;
  s.threads = threads;
  s.scrambles = 8;
  return s;
}

std::vector<double> kept(const Model& model, const MonteCarloSettings& settings) {
  const int total = model.index_of("total");
  auto run = run_uncertainty_keeping(model, {total}, {total}, settings, settings.samples);
  EXPECT_TRUE(run.ok());
  return {run->kept.values[0][0].begin(), run->kept.values[0][0].end()};
}

TEST(QuasiMonteCarlo, RepeatsForASeedOnAnyThreadCount) {
  const Model model = compile_text(kScenario);
  const std::vector<double> one = kept(model, qmc(4096, 1));
  EXPECT_EQ(one, kept(model, qmc(4096, 2)));
  EXPECT_EQ(one, kept(model, qmc(4096, 3)));
  EXPECT_NE(one, kept(model, qmc(4096, 1, 4)));  // another seed, other scrambles
  MonteCarloSettings mc = qmc(4096, 1);
  mc.scrambles = 0;
  EXPECT_NE(one, kept(model, mc));
}

TEST(QuasiMonteCarlo, ReportsAStandardErrorFarBelowMonteCarlos) {
  const Model model = compile_text(kScenario);
  const int a = model.index_of("a"), total = model.index_of("total");
  auto u = run_uncertainty(model, {a, total}, qmc(1 << 14), 1 << 14);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->scrambles, 8u);
  const Summary& sa = u->summaries[a][0];
  ASSERT_GT(sa.mean_error, 0);
  EXPECT_NEAR(sa.mean, 10, 5 * sa.mean_error);
  // Monte Carlo's standard error is sd / √N = 2 / 128: the scrambled points do far better.
  EXPECT_LT(sa.mean_error, 0.1 * 2 / 128.0);
  EXPECT_GT(u->summaries[total][0].mean_error, 0);
  MonteCarloSettings mc = qmc(1 << 14);
  mc.scrambles = 0;
  auto plain = run_uncertainty(model, {a}, mc, 1 << 14);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->summaries[a][0].mean_error, 0);
}

TEST(QuasiMonteCarlo, TheOutputShowsTheStandardError) {
  auto json = run_request_json(
      R"({"text": "[quantities]\nx = \"normal(10, 2)\"\n", "method": "qmc", "samples": 1024})");
  EXPECT_NE(json.find("\"method\": \"qmc\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"mean_standard_error\""), std::string::npos) << json;
  auto wrong = run_request_json(R"({"scenario": "sequoia-2024", "method": "sobol"})");
  EXPECT_NE(wrong.find(R"(\"method\" must be \"mc\")"), std::string::npos) << wrong;
}

TEST(QuasiMonteCarlo, RefusesWhatNeedsMonteCarlo) {
  const Model model = compile_text(kScenario);
  auto bad_count = samples_for(model, qmc(100000));
  ASSERT_FALSE(bad_count.ok());
  EXPECT_NE(bad_count.diagnostics()[0].message.find("times a power of two"), std::string::npos);
  EXPECT_NE(bad_count.diagnostics()[0].hint.find("65536 or 131072"), std::string::npos);
  MonteCarloSettings slice = qmc(1024);
  slice.first_sample = 5;
  auto sliced = samples_for(model, slice);
  ASSERT_FALSE(sliced.ok());
  EXPECT_NE(sliced.diagnostics()[0].message.find("--first-sample needs Monte Carlo"),
            std::string::npos);
  MonteCarloSettings defaults = qmc(0);
  ASSERT_TRUE(samples_for(model, defaults).ok());
  EXPECT_EQ(*samples_for(model, defaults), kDefaultQmcSamples);
  auto paired = run_paired_differences(model, model, {}, qmc(1024), 1024);
  ASSERT_FALSE(paired.ok());
  EXPECT_NE(paired.diagnostics()[0].message.find("paired comparison needs Monte Carlo"),
            std::string::npos);
}

}  // namespace
}  // namespace gpugap
