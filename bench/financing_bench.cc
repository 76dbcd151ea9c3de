// Benchmarks of the financing graph (docs/financing-graph.md): proportional flow tracing on a
// synthetic graph of 1,000 companies and 20,000 deals (target: under a second; about 0.9 s),
// with the structure found once (as the [financing] block does) and found every time; and the
// block over a Monte Carlo run of circular-2025.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "gpugap/blocks/financing_graph.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/run/pipeline.h"
#include "scenarios_dir.h"

namespace gpugap {
namespace {

struct Synthetic {
  FlowGraph graph;
  std::vector<double> amounts;
};

// Random deals between random companies, one in four an investment, amounts from $10M to $10B
// (log-uniform): almost every company ends up in one large circle, the hard case.
Synthetic synthetic(uint32_t companies, size_t deals) {
  std::mt19937_64 rng(2025);
  std::uniform_int_distribution<uint32_t> company(0, companies - 1);
  std::uniform_real_distribution<double> log_amount(7, 10);
  Synthetic s;
  s.graph.nodes = companies;
  while (s.graph.edges.size() < deals) {
    uint32_t from = company(rng), to = company(rng);
    if (from == to) continue;
    FlowKind kind = s.graph.edges.size() % 4 == 0 ? FlowKind::kInvestment : FlowKind::kPayment;
    s.graph.edges.push_back({from, to, kind});
    s.amounts.push_back(std::pow(10.0, log_amount(rng)));
  }
  return s;
}

void BM_TraceSynthetic(benchmark::State& state) {
  const Synthetic s =
      synthetic(static_cast<uint32_t>(state.range(0)), static_cast<size_t>(state.range(1)));
  const Tracer tracer(s.graph);
  TraceResult result;
  for (auto _ : state) {
    tracer.trace(s.amounts.data(), nullptr, result);
    benchmark::DoNotOptimize(result.round_tripped.data());
  }
  state.counters["circles"] = static_cast<double>(tracer.circle_count());
}
BENCHMARK(BM_TraceSynthetic)->Args({1000, 20000})->Args({100, 2000})->Unit(benchmark::kMillisecond);

void BM_BuildAndTraceSynthetic(benchmark::State& state) {
  const Synthetic s = synthetic(1000, 20000);
  TraceResult result;
  for (auto _ : state) {
    const Tracer tracer(s.graph);
    tracer.trace(s.amounts.data(), nullptr, result);
    benchmark::DoNotOptimize(result.round_tripped.data());
  }
}
BENCHMARK(BM_BuildAndTraceSynthetic)->Unit(benchmark::kMillisecond);

// The block inside Monte Carlo: circular-2025 has one uncertain deal (150B to 158B).
void BM_MonteCarloCircular(benchmark::State& state) {
  auto model =
      load_and_compile(ScenarioSource::file(bench::scenarios_dir() + "/circular-2025.toml"));
  if (!model) {
    state.SkipWithError("cannot load and compile circular-2025");
    return;
  }
  MonteCarloOptions options;
  options.samples = 100000;
  options.threads = 1;
  options.outputs = {model->index_of("gap_on_end_customers")};
  for (auto _ : state) {
    auto set = run_monte_carlo(*model, options);
    benchmark::DoNotOptimize(set->values[0][0].data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(options.samples));
}
BENCHMARK(BM_MonteCarloCircular)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gpugap
