// Benchmarks of the engine's real paths: load + compile + evaluate a bundled scenario, Monte
// Carlo of sequoia-2024-uncertain on 1 and 2 threads, the raw random stream + inverse-CDF
// ceiling, and Sobol indices with 10 uncertain inputs.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <filesystem>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/engine/point.h"
#include "gpugap/random/distributions.h"
#include "gpugap/random/streams.h"
#include "gpugap/run/pipeline.h"

namespace gpugap {
namespace {

std::string bundled_path(const std::string& name) {
  return std::string(GPUGAP_SCENARIOS_DIR) + "/" + name + ".toml";
}

Model bundled_model(const std::string& name) {
  auto model = load_and_compile(ScenarioSource::file(bundled_path(name)));
  if (!model) throw std::runtime_error(format_diagnostics(model.diagnostics()));
  return std::move(*model);
}

void BM_LoadCompileEvaluate(benchmark::State& state, const std::string& name) {
  const ScenarioSource source = ScenarioSource::file(bundled_path(name));
  for (auto _ : state) {
    auto evaluated = evaluate(source);
    benchmark::DoNotOptimize(evaluated->results.values.data());
  }
}

void BM_MonteCarloSequoiaUncertain(benchmark::State& state) {
  static const Model model = bundled_model("sequoia-2024-uncertain");
  MonteCarloOptions options;
  options.samples = static_cast<uint64_t>(state.range(0));
  options.threads = static_cast<unsigned>(state.range(1));
  options.seed = 1;
  options.outputs = {model.index_of("revenue_gap")};
  for (auto _ : state) {
    auto set = run_monte_carlo(model, options);
    benchmark::DoNotOptimize(set->values[0][0].data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

// The ceiling: Philox uniforms and the normal quantile alone, one thread.
void BM_UniformsAndNormalQuantile(benchmark::State& state) {
  const size_t n = 4096;
  std::vector<double> u(n);
  uint64_t first = 0;
  for (auto _ : state) {
    uniforms(1, 2, first, n, u.data());
    for (double& x : u) x = normal_quantile(x);
    benchmark::DoNotOptimize(u.data());
    first += n;
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// A scenario of N quantities, each the previous plus one: loading, compiling and evaluating it
// should grow linearly with N (name lookups once went through every earlier quantity).
void BM_LoadCompileChain(benchmark::State& state) {
  std::string toml = "[quantities]\nq0 = \"1\"\n";
  for (int64_t i = 1; i < state.range(0); ++i) toml += fmt::format("q{} = \"q{} + 1\"\n", i, i - 1);
  const ScenarioSource source = ScenarioSource::text_of("chain.toml", toml);
  for (auto _ : state) {
    auto evaluated = evaluate(source);
    benchmark::DoNotOptimize(evaluated->results.values.back().data());
  }
}

void BM_Sobol10Inputs(benchmark::State& state) {
  auto model = load_and_compile(ScenarioSource::text_of("bench.toml", R"toml(
[quantities]
a = "1 to 3"
b = "normal(5, 1)"
c = "uniform(0, 2)"
d = "triangular(0, 1, 3)"
e = "10 to 20"
f = "normal(0, 0.5)"
g = "uniform(1, 2)"
h = "2 to 4"
i = "normal(3, 0.3)"
j = "uniform(0.5, 1.5)"
out = "a * b + c^2 - d * e + f + g * h / i + j"
)toml"));
  for (auto _ : state) {
    auto r = sobol_indices(*model, model->index_of("out"), static_cast<uint64_t>(state.range(0)),
                           100, 1, static_cast<unsigned>(state.range(1)));
    benchmark::DoNotOptimize(r->indices.data());
  }
}

void register_scenarios() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(GPUGAP_SCENARIOS_DIR)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    benchmark::RegisterBenchmark(("BM_LoadCompileEvaluate/" + name).c_str(), BM_LoadCompileEvaluate,
                                 name)
        ->Unit(benchmark::kMicrosecond);
  }
}

const int kRegistered = (register_scenarios(), 0);

}  // namespace

BENCHMARK(BM_MonteCarloSequoiaUncertain)
    ->Args({10000000, 1})
    ->Args({10000000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_UniformsAndNormalQuantile);
BENCHMARK(BM_LoadCompileChain)->Arg(20000)->Arg(40000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sobol10Inputs)->Args({1 << 16, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace gpugap
