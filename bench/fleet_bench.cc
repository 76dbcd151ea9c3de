// Benchmarks of the fleet model (docs/fleet-model.md): one sample of a 16-year fleet with 8
// generations (the cost every Monte Carlo sample pays), and fleet-2020-2035 extended to 8
// generations with every [fleet] input uncertain, 10^5 samples (target: under a second on 2
// cores), and that run with the statistics of every uncertain result, as `gpugap run` does.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>

#include "gpugap/analysis/uncertainty.h"
#include "gpugap/blocks/fleet_model.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/run/pipeline.h"
#include "scenarios_dir.h"

namespace gpugap {
namespace {

namespace fs = std::filesystem;

void BM_FleetSample(benchmark::State& state) {
  FleetStructure s;
  s.first_year = 2020;
  s.years = 16;
  s.generations = {"A100", "H100", "H200", "B200", "GB200", "GB300", "MI355X", "Rubin"};
  s.generation_first_year = {2020, 2023, 2024, 2025, 2025, 2025, 2025, 2026};
  s.extrapolate = true;
  FleetInputs in(s);
  for (int t = 0; t < s.years; ++t) {
    in.spend[t] = 1e10 * (1 + t);
    in.ai_revenue[t] = 1e10 * t;
    in.electricity_price[t] = 0.0892 * 8.766;  // USD/kWh in USD per W·yr
    in.pue[t] = 1.3;
    in.utilisation[t] = 0.8;
    in.cloud_margin[t] = 0.5;
    in.tax_rate[t] = 0.21;
  }
  in.price = {10000, 27500, 27000, 35000, 32500, 40000, 23000, 55000};
  in.power = {400, 700, 700, 1000, 1200, 1400, 1400, 1800};
  const double tflops[] = {312, 989.4, 989.4, 2250, 2500, 2500, 2500, 8350};
  for (int g = 0; g < 8; ++g) in.performance[g] = tflops[g] * 1e12 * 8766 * 3600;
  in.overhead_power = 575;
  in.idle_power = 0.2;
  in.shell_capex = 11;
  in.shell_life = 25;
  in.physical_life = 6;
  in.book_life = 6;
  in.frontier_doubling_time = 2.07;
  FleetScratch scratch(s);
  std::vector<double> out(static_cast<size_t>(fleet_series_count(s)) * s.years);
  for (auto _ : state) {
    simulate_fleet(s, in, scratch, out.data());
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_FleetSample)->Unit(benchmark::kMicrosecond);

// fleet-2020-2035 with two more generations (GB300 at a bench-only price, MI355X) and every
// [fleet] input scaled by uniform(0.9, 1.1), so that each sample differs everywhere.
Result<Model> uncertain_fleet() {
  const fs::path dir = fs::temp_directory_path() / "gpugap-fleet-bench";
  fs::create_directories(dir);
  const fs::path path = dir / "fleet-8-generations.toml";
  std::ofstream(path) << "extends = \"" << bench::scenarios_dir() << "/fleet-2020-2035.toml\"\n"
                      << R"([fleet]
generations = ["A100", "H100", "H200", "B200", "GB200", "GB300", "MI355X", "Rubin"]

[fleet.gpu.GB300]
price = { value = "40000", note = "benchmark only: no sourced price" }

[fleet.gpu.Rubin]
price = "55000"
power = "1800"
)";
  const ScenarioSource source = ScenarioSource::file(path.string());
  auto scenario = load(source);
  if (!scenario) return scenario.diagnostics();
  std::vector<std::string> sets;
  for (const auto& q : scenario->quantities) {
    if (q.name.rfind("fleet.", 0) == 0 && !q.is_year_table()) {
      sets.push_back(q.name + "=(" + q.text + ") * uniform(0.9, 1.1)");
    }
  }
  return load_and_compile(source, sets);
}

void BM_FleetMonteCarlo(benchmark::State& state) {
  auto model = uncertain_fleet();
  if (!model) {
    state.SkipWithError(format_diagnostics(model.diagnostics()).c_str());
    return;
  }
  MonteCarloOptions options;
  options.samples = 100000;
  options.threads = static_cast<unsigned>(state.range(0));
  options.outputs = {model->index_of("fleet.required_revenue"), model->index_of("fleet.gap"),
                     model->index_of("book_vs_economic_pv_2030")};
  for (auto _ : state) {
    auto samples = run_monte_carlo(*model, options);
    if (!samples) {
      state.SkipWithError(format_diagnostics(samples.diagnostics()).c_str());
      return;
    }
    benchmark::DoNotOptimize(samples->values.data());
  }
  state.counters["leaves"] = static_cast<double>(model->program.leaves.size());
  state.counters["samples/s"] = benchmark::Counter(static_cast<double>(options.samples),
                                                   benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FleetMonteCarlo)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// What `gpugap run` does with that model: the samples of every uncertain result kept (about 50
// quantities, most of them series of 16 years), then their statistics.
void BM_FleetRunAllOutputs(benchmark::State& state) {
  auto model = uncertain_fleet();
  if (!model) {
    state.SkipWithError(format_diagnostics(model.diagnostics()).c_str());
    return;
  }
  std::vector<int> all(model->quantities.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<int>(i);
  MonteCarloOptions options;
  options.samples = 100000;
  options.threads = static_cast<unsigned>(state.range(0));
  options.outputs = uncertain_quantities(*model, all);
  size_t columns = 0;
  for (int q : options.outputs) columns += model->quantities[q].value.length;
  for (auto _ : state) {
    auto samples = run_monte_carlo(*model, options);
    if (!samples) {
      state.SkipWithError(format_diagnostics(samples.diagnostics()).c_str());
      return;
    }
    Uncertainty u = summarise_samples(*model, *samples, 0, options.threads);
    benchmark::DoNotOptimize(u.summaries.data());
  }
  state.counters["columns"] = static_cast<double>(columns);
}
BENCHMARK(BM_FleetRunAllOutputs)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace gpugap