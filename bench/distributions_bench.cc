// BM_Distribution/<name>: one random quantity drawn from each distribution of the table
// (program/distributions.h), through the interpreter as a Monte Carlo batch runs it — the
// Philox uniforms and the quantile function — per sample, one thread. docs/BENCHMARKS.md
// compares each with BM_Distribution/uniform (the cheapest transform of a uniform draw).
#include <benchmark/benchmark.h>

#include <stdexcept>

#include "gpugap/engine/interpreter.h"
#include "gpugap/run/pipeline.h"

namespace gpugap {
namespace {

void BM_Distribution(benchmark::State& state, const std::string& formula) {
  auto model = load_and_compile(
      ScenarioSource::text_of("bench.toml", "[quantities]\nx = \"" + formula + "\"\n"));
  if (!model) throw std::runtime_error(format_diagnostics(model.diagnostics()));
  const size_t batch = 1024;
  Workspace workspace(model->program, batch);
  Sampling sampling;
  sampling.seed = 1;
  for (auto _ : state) {
    evaluate(model->program, workspace, batch, sampling);
    benchmark::DoNotOptimize(workspace.slot(0));
    sampling.first_sample += batch;
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * batch));
}

BENCHMARK_CAPTURE(BM_Distribution, uniform, std::string("uniform(2, 6)"));
BENCHMARK_CAPTURE(BM_Distribution, normal, std::string("normal(10, 2)"));
BENCHMARK_CAPTURE(BM_Distribution, lognormal, std::string("lognormal(0, 0.5)"));
BENCHMARK_CAPTURE(BM_Distribution, loguniform, std::string("loguniform(1, 100)"));
BENCHMARK_CAPTURE(BM_Distribution, triangular, std::string("triangular(30%, 80%, 200%)"));
BENCHMARK_CAPTURE(BM_Distribution, pert, std::string("pert(30%, 80%, 200%)"));
BENCHMARK_CAPTURE(BM_Distribution, pert_symmetric, std::string("pert(0, 1, 2)"));
BENCHMARK_CAPTURE(BM_Distribution, beta, std::string("beta(2, 5)"));
BENCHMARK_CAPTURE(BM_Distribution, beta_u_shaped, std::string("beta(0.5, 0.5)"));
BENCHMARK_CAPTURE(BM_Distribution, discrete, std::string("discrete(1: 0.2, 2: 0.3, 5: 0.5)"));
BENCHMARK_CAPTURE(BM_Distribution, interval90, std::string("100 to 300"));

}  // namespace
}  // namespace gpugap
