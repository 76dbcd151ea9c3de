// Benchmarks of the engine's real paths: load + compile + evaluate a bundled scenario, Monte
// Carlo of sequoia-2024-uncertain on 1 and 2 threads and its phases (sampling, statistics), the
// raw random stream + inverse-CDF ceiling with and without SIMD, exp, and Sobol indices with 10
// uncertain inputs.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "gpugap/analysis/sensitivity.h"
#include "gpugap/analysis/uncertainty.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/engine/point.h"
#include "gpugap/random/distributions.h"
#include "gpugap/random/streams.h"
#include "gpugap/random/vector_math.h"
#include "gpugap/run/pipeline.h"
#include "scenarios_dir.h"

namespace gpugap {
namespace {

std::string bundled_path(const std::string& name) {
  return bench::scenarios_dir() + "/" + name + ".toml";
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

// The ceiling: Philox uniforms and the normal quantile alone, with SIMD (random/vector_math.h);
// ->Threads(2) runs it on both cores at once.
void BM_UniformsAndNormalQuantile(benchmark::State& state) {
  const size_t n = 4096;
  std::vector<double> u(n);
  uint64_t first = static_cast<uint64_t>(state.thread_index()) << 40;
  for (auto _ : state) {
    uniforms(1, 2, first, n, u.data());
    normal_quantiles(u.data(), u.data(), n);
    benchmark::DoNotOptimize(u.data());
    first += n;
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// The same one value at a time, as before SIMD: Philox4x32-10 per pair, normal_quantile per value.
void BM_UniformsAndNormalQuantileScalar(benchmark::State& state) {
  const size_t n = 4096;
  std::vector<double> u(n);
  uint64_t first = 0;
  const PhiloxKey key = {1, 2};
  for (auto _ : state) {
    for (size_t j = 0; j < n; j += 2) {
      const uint64_t c = (first + j) / 2;
      const auto r =
          philox4x32_10({static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32), 0u, 0u}, key);
      u[j] = normal_quantile(philox_unit(r[0], r[1]));
      u[j + 1] = normal_quantile(philox_unit(r[2], r[3]));
    }
    benchmark::DoNotOptimize(u.data());
    first += n;
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// exp over a batch: /0 glibc's std::exp one at a time, /1 exp_same one at a time, /2 exps (SIMD).
void BM_Exp(benchmark::State& state) {
  const size_t n = 4096;
  std::vector<double> x(n), y(n);
  for (size_t i = 0; i < n; ++i) x[i] = 25.0 + 0.3 * std::sin(static_cast<double>(i));
  for (auto _ : state) {
    if (state.range(0) == 0) {
      for (size_t i = 0; i < n; ++i) y[i] = std::exp(x[i]);
    } else if (state.range(0) == 1) {
      for (size_t i = 0; i < n; ++i) y[i] = exp_same(x[i]);
    } else {
      exps(x.data(), y.data(), n);
    }
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetLabel(simd_target());
}

// Where `gpugap run sequoia-2024-uncertain --samples 10000000` spends its time, apart from the
// process start: /0 sampling the 6 uncertain results (kept), /1 their statistics
// (summarise_samples), both on 2 threads.
void BM_SequoiaPhases(benchmark::State& state) {
  static const Model model = bundled_model("sequoia-2024-uncertain");
  std::vector<int> all(model.quantities.size());
  for (size_t q = 0; q < all.size(); ++q) all[q] = static_cast<int>(q);
  MonteCarloOptions options;
  options.samples = 10000000;
  options.threads = 2;
  options.seed = kDefaultSeed;
  options.outputs = uncertain_quantities(model, all);
  if (state.range(0) == 0) {
    for (auto _ : state) {
      auto set = run_monte_carlo(model, options);
      benchmark::DoNotOptimize(set->values[0][0].data());
    }
  } else {
    const auto set = run_monte_carlo(model, options);
    for (auto _ : state) {
      state.PauseTiming();
      SampleSet copy = *set;
      state.ResumeTiming();
      auto u = summarise_samples(model, copy, kDefaultSeed, 2);
      benchmark::DoNotOptimize(u.summaries.data());
    }
  }
  state.SetLabel(fmt::format("{} results", options.outputs.size()));
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
  for (const auto& entry : std::filesystem::directory_iterator(bench::scenarios_dir())) {
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
BENCHMARK(BM_UniformsAndNormalQuantile)->Threads(1)->Threads(2)->UseRealTime();
BENCHMARK(BM_UniformsAndNormalQuantileScalar);
BENCHMARK(BM_Exp)->Arg(0)->Arg(1)->Arg(2);
BENCHMARK(BM_SequoiaPhases)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_LoadCompileChain)->Arg(20000)->Arg(40000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sobol10Inputs)->Args({1 << 16, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace gpugap
