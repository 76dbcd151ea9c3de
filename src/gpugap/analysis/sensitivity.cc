#include "gpugap/analysis/sensitivity.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <boost/random/sobol.hpp>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <thread>

#include "gpugap/analysis/statistics.h"
#include "gpugap/engine/interpreter.h"
#include "gpugap/engine/monte_carlo.h"

namespace gpugap {

double TornadoBar::swing() const { return std::abs(output_high - output_low); }

namespace {

// "normal(1B, 0.1B)": the text of the distribution that draws `leaf`, on one line, shortened.
std::string distribution_text(const Model& model, size_t leaf) {
  for (const Instruction& in : model.program.code) {
    if (in.op != Op::kUniform || static_cast<size_t>(in.k) != leaf) continue;
    const ExprOrigin& origin = model.origins[in.origin];
    std::string text =
        model.text_of(origin).substr(origin.expr->begin, origin.expr->end - origin.expr->begin);
    std::replace(text.begin(), text.end(), '\n', ' ');
    if (origin.year_entry >= 0) {
      text =
          fmt::format("{} in {}", text, model.def(origin.quantity).years[origin.year_entry].year);
    }
    constexpr size_t kWidth = 40;
    return text.size() > kWidth ? text.substr(0, kWidth - 3) + "..." : text;
  }
  return "";
}

}  // namespace

std::vector<UncertainInput> uncertain_inputs(const Model& model) {
  std::vector<UncertainInput> inputs;
  for (size_t q = 0; q < model.quantities.size(); ++q) {
    const CompiledQuantity& quantity = model.quantities[q];
    const std::string& name = model.def(static_cast<int>(q)).name;
    for (size_t i = 0; i < quantity.leaves.size(); ++i) {
      UncertainInput input{quantity.leaves[i], static_cast<int>(q), name, quantity.unit};
      if (quantity.leaves.size() > 1) {
        input.label = fmt::format("{}: {}", name, distribution_text(model, quantity.leaves[i]));
        input.unit = quantity.leaf_units[i];
      }
      inputs.push_back(input);
    }
  }
  return inputs;
}

namespace {

std::optional<Diagnostic> check_output(const Model& model, int output) {
  const CompiledQuantity& q = model.quantities[output];
  const std::string& name = model.def(output).name;
  if (q.series) {
    return Diagnostic{{},
                      fmt::format("'{}' is a series; sensitivity needs a single value", name),
                      fmt::format("add a quantity such as {0}_2030 = \"at({0}, 2030)\"", name)};
  }
  if (!q.uncertain) {
    return Diagnostic{{},
                      fmt::format("'{}' depends on no uncertain input: nothing to analyse", name),
                      "give an input a range, e.g. --set 'gpu_runrate=120B to 180B'"};
  }
  return std::nullopt;
}

// The output (and the quantities it reads) for one pinned set of uniforms.
double evaluate_pinned(const Model& model, Workspace& workspace, const std::vector<double>& fixed,
                       int quantity) {
  Sampling sampling;
  sampling.fixed = &fixed;
  evaluate(model.program, workspace, 1, sampling);
  return workspace.slot(model.quantities[quantity].value.slot)[0];
}

}  // namespace

Result<Tornado> tornado(const Model& model, int output, double low, double high) {
  if (auto error = check_output(model, output)) return *error;
  Tornado t;
  t.output = output;
  t.low_percentile = low;
  t.high_percentile = high;
  Workspace workspace(model.program, 1);
  std::vector<double> fixed(model.program.leaves.size(), 0.5);
  t.base = evaluate_pinned(model, workspace, fixed, output);
  for (const UncertainInput& input : uncertain_inputs(model)) {
    TornadoBar bar;
    bar.input = input;
    // The input's value: the quantity's when it holds this one distribution, else the
    // distribution's own.
    const uint32_t value = model.quantities[input.quantity].leaves.size() == 1
                               ? model.quantities[input.quantity].value.slot
                               : model.program.leaves[input.leaf].value;
    fixed[input.leaf] = low;
    bar.output_low = evaluate_pinned(model, workspace, fixed, output);
    bar.input_low = workspace.slot(value)[0];
    fixed[input.leaf] = high;
    bar.output_high = evaluate_pinned(model, workspace, fixed, output);
    bar.input_high = workspace.slot(value)[0];
    fixed[input.leaf] = 0.5;
    t.bars.push_back(bar);
  }
  std::stable_sort(t.bars.begin(), t.bars.end(),
                   [](const TornadoBar& a, const TornadoBar& b) { return a.swing() > b.swing(); });
  return t;
}

namespace {

// Rows of the design drawn between two questions to `cancelled`.
constexpr uint64_t kCancelEvery = 1 << 16;

Diagnostic stopped(uint64_t n) {
  return {{}, fmt::format("the Sobol indices over {} base samples were cancelled", n), ""};
}

struct Estimates {
  double variance = 0;
  std::vector<double> first, total;
};

// Jansen's estimators (Saltelli et al. 2010, table 2) over the rows in `rows`.
Estimates estimate(const std::vector<double>& fa, const std::vector<double>& fb,
                   const std::vector<std::vector<double>>& fab, const std::vector<uint64_t>& rows) {
  Estimates e;
  const double n = static_cast<double>(rows.size());
  double sum = 0, squares = 0;
  for (uint64_t r : rows) {
    sum += fa[r] + fb[r];
    squares += fa[r] * fa[r] + fb[r] * fb[r];
  }
  double mean = sum / (2 * n);
  e.variance = squares / (2 * n) - mean * mean;
  for (const auto& f : fab) {
    double first = 0, total = 0;
    for (uint64_t r : rows) {
      first += (fb[r] - f[r]) * (fb[r] - f[r]);
      total += (fa[r] - f[r]) * (fa[r] - f[r]);
    }
    e.first.push_back((e.variance - first / (2 * n)) / e.variance);
    e.total.push_back(total / (2 * n) / e.variance);
  }
  return e;
}

// Saltelli's design: A and B, n rows each, over the uniforms of every leaf (0.5 for a leaf that
// is no input), and the model's k + 2 runs over it.
struct Design {
  std::vector<UncertainInput> inputs;
  std::vector<std::vector<double>> a, b;  // by leaf, n rows

  // The columns of run `run`: A (0), B (1), A with B's column of input run − 2.
  std::vector<const double*> columns(size_t run) const {
    std::vector<const double*> out(a.size());
    for (size_t l = 0; l < a.size(); ++l) out[l] = (run == 1 ? b : a)[l].data();
    if (run >= 2) {
      const int leaf = inputs[run - 2].leaf;
      out[leaf] = b[leaf].data();
    }
    return out;
  }
};

std::optional<Diagnostic> check_sobol(const Model& model, int output) {
  if (auto error = check_output(model, output)) return *error;
  if (!model.scenario.correlations.empty()) {
    // Saltelli's design swaps one input's column at a time, which breaks any dependence between
    // inputs; the indices of correlated inputs would be silently wrong.
    const Correlation& c = model.scenario.correlations.front();
    return Diagnostic{c.location,
                      fmt::format("Sobol indices assume independent inputs; this scenario "
                                  "correlates '{}' and '{}'",
                                  c.a, c.b),
                      "use the tornado (--method tornado), or a copy of the scenario without "
                      "its [correlations]"};
  }
  return std::nullopt;
}

Result<Design> sobol_design(const Model& model, uint64_t n, uint64_t seed,
                            const std::function<bool()>& cancelled = {}) {
  Design design;
  design.inputs = uncertain_inputs(model);
  const size_t k = design.inputs.size();
  const size_t leaves = model.program.leaves.size();
  // A and B side by side: 2k dimensions of one Sobol sequence, digitally shifted by random bits
  // from the seed (a randomised quasi-Monte Carlo design; Boost's engine does not scramble).
  boost::random::sobol sequence(2 * k);
  std::mt19937_64 bits(seed);
  std::vector<uint64_t> shift(2 * k);
  for (auto& s : shift) s = bits();
  design.a.resize(leaves);
  design.b.resize(leaves);
  for (size_t l = 0; l < leaves; ++l) {
    if (cancelled && cancelled()) return stopped(n);  // each column is N × 8 bytes to fill
    design.a[l].assign(n, 0.5);
    design.b[l].assign(n, 0.5);
  }
  for (uint64_t i = 0; i < n; ++i) {
    if (cancelled && i % kCancelEvery == 0 && cancelled()) return stopped(n);
    for (size_t d = 0; d < 2 * k; ++d) {
      uint64_t x = static_cast<uint64_t>(sequence()) ^ shift[d];
      double u = (static_cast<double>(x >> 11) + 0.5) * 0x1.0p-53;
      (d < k ? design.a[design.inputs[d].leaf] : design.b[design.inputs[d - k].leaf])[i] = u;
    }
  }
  return design;
}

// The output over the n rows of `columns`.
Result<std::vector<double>> run_design(const Model& model, int output, uint64_t n, uint64_t seed,
                                       unsigned threads, const std::vector<const double*>& columns,
                                       const std::function<void(double)>& progress,
                                       const std::function<bool()>& cancelled = {}) {
  MonteCarloOptions options;
  options.samples = n;
  options.seed = seed;
  options.threads = threads;
  options.outputs = {output};
  options.columns = &columns;
  options.progress = progress;
  options.cancelled = cancelled;
  auto set = run_monte_carlo(model, options);
  if (!set) return set.diagnostics();
  const SampleColumn& column = set->values[0][0];
  return std::vector<double>(column.begin(), column.end());
}

// Resamples estimated at once, each on its own thread: at most the threads, and at most 256 MiB
// of resampled rows. (Only the speed depends on it, not the intervals.)
size_t bootstrap_width(uint64_t n, size_t bootstrap, unsigned threads) {
  unsigned cores = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  return std::clamp<size_t>(std::min<size_t>(cores, (size_t{256} << 20) / (n * sizeof(uint64_t))),
                            1, std::max<size_t>(bootstrap, 1));
}

// The indices from the k + 2 runs: the point estimates over all rows, then the bootstrap
// (`done` hears the resamples done after each batch; `cancelled` is asked before each batch).
Result<SobolResult> indices_of(const Design& design, int output, uint64_t n, size_t bootstrap,
                               uint64_t seed, size_t width, const std::vector<double>& fa,
                               const std::vector<double>& fb,
                               const std::vector<std::vector<double>>& fab,
                               const std::function<void(size_t)>& done_resamples,
                               const std::function<bool()>& cancelled = {}) {
  const size_t k = design.inputs.size();
  std::vector<uint64_t> all(n);
  for (uint64_t i = 0; i < n; ++i) all[i] = i;
  Estimates point = estimate(fa, fb, fab, all);
  SobolResult result;
  result.output = output;
  result.base_samples = n;
  result.bootstrap = bootstrap;
  result.variance = point.variance;
  double sum = 0;
  for (uint64_t i = 0; i < n; ++i) sum += fa[i] + fb[i];
  result.mean = sum / (2.0 * static_cast<double>(n));

  // Bootstrap: resample rows with replacement; percentile intervals. The rows are drawn in
  // order from one generator (the same intervals for any thread count), `width` resamples at a
  // time, whose estimates then run in parallel.
  std::vector<std::vector<double>> firsts(k, std::vector<double>(bootstrap)),
      totals(k, std::vector<double>(bootstrap));
  std::mt19937_64 resampler(seed ^ 0x5eedb007ull);
  std::uniform_int_distribution<uint64_t> pick(0, n - 1);
  std::vector<std::vector<uint64_t>> rows(width, std::vector<uint64_t>(n));
  for (size_t done = 0; done < bootstrap;) {
    if (cancelled && cancelled()) return stopped(n);
    const size_t batch = std::min(width, bootstrap - done);
    for (size_t j = 0; j < batch; ++j) {
      for (auto& row : rows[j]) row = pick(resampler);
    }
    auto resample = [&](size_t j) {
      Estimates e = estimate(fa, fb, fab, rows[j]);
      for (size_t i = 0; i < k; ++i) {
        firsts[i][done + j] = e.first[i];
        totals[i][done + j] = e.total[i];
      }
    };
    std::vector<std::thread> workers;
    for (size_t j = 1; j < batch; ++j) workers.emplace_back(resample, j);
    resample(0);
    for (auto& worker : workers) worker.join();
    done += batch;
    if (done_resamples) done_resamples(done);
  }
  for (size_t i = 0; i < k; ++i) {
    SobolIndex index;
    index.input = design.inputs[i];
    index.first = point.first[i];
    index.total = point.total[i];
    if (bootstrap > 1) {
      index.first_low = quantile(firsts[i], 0.025);
      index.first_high = quantile(firsts[i], 0.975);
      index.total_low = quantile(totals[i], 0.025);
      index.total_high = quantile(totals[i], 0.975);
    } else {
      index.first_low = index.first_high = index.first;
      index.total_low = index.total_high = index.total;
    }
    result.indices.push_back(index);
  }
  std::stable_sort(result.indices.begin(), result.indices.end(),
                   [](const SobolIndex& x, const SobolIndex& y) { return x.total > y.total; });
  return result;
}

}  // namespace

Result<SobolResult> sobol_indices(const Model& model, int output, uint64_t requested,
                                  size_t bootstrap, uint64_t seed, unsigned threads,
                                  const std::function<void(double)>& progress,
                                  const std::function<bool()>& cancelled) {
  if (auto error = check_sobol(model, output)) return *error;
  const uint64_t n = std::bit_ceil(std::max<uint64_t>(requested, 1));
  auto designed = sobol_design(model, n, seed, cancelled);
  if (!designed) return designed.diagnostics();
  const Design& design = *designed;
  const size_t k = design.inputs.size();
  const size_t width = bootstrap_width(n, bootstrap, threads);
  // Progress in proportion to the work: k + 2 runs of the model, then the bootstrap, each
  // weighed by timing it on a slice of the design (the bootstrap's random reads over n rows can
  // outweigh a small model's runs many times).
  double run_weight = 1, bootstrap_weight = 0;
  if (progress) {
    unsigned cores = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
    // Each timed thrice, the fastest kept: a probe that the scheduler interrupts says little.
    const uint64_t slice = std::min<uint64_t>(n, 16384);
    auto fastest = [](const auto& work) {
      double best = std::numeric_limits<double>::infinity();
      for (int i = 0; i < 3; ++i) {
        auto start = std::chrono::steady_clock::now();
        work();
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      return std::max(best, 1e-9);
    };
    const std::vector<const double*> columns_a = design.columns(0);
    MonteCarloOptions probe;
    probe.samples = slice;
    probe.threads = 1;  // the work itself, not starting threads
    probe.outputs = {output};
    probe.columns = &columns_a;
    const uint64_t batches = std::max<uint64_t>(n / MonteCarloOptions{}.batch, 1);
    run_weight = fastest([&] { (void)run_monte_carlo(model, probe); }) *
                 static_cast<double>(n / slice) /
                 static_cast<double>(std::min<uint64_t>(cores, batches));
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<uint64_t> any(0, n - 1);
    std::vector<uint64_t> rows(slice);
    for (auto& row : rows) row = any(random);
    const std::vector<double>& column = design.a[design.inputs.empty() ? 0 : design.inputs[0].leaf];
    const std::vector<std::vector<double>> columns(k, column);
    bootstrap_weight = fastest([&] { (void)estimate(column, column, columns, rows); }) *
                       static_cast<double>(n / slice) * static_cast<double>(bootstrap) /
                       static_cast<double>(width);
  }
  const double total_weight = static_cast<double>(k + 2) * run_weight + bootstrap_weight;
  std::vector<std::vector<double>> runs;
  for (size_t run = 0; run < k + 2; ++run) {
    std::function<void(double)> part;
    if (progress) {
      part = [&, run](double f) {
        progress((static_cast<double>(run) + f) * run_weight / total_weight);
      };
    }
    auto f = run_design(model, output, n, seed, threads, design.columns(run), part, cancelled);
    if (!f) return f.diagnostics();
    runs.push_back(std::move(*f));
  }
  const std::vector<std::vector<double>> fab(std::make_move_iterator(runs.begin() + 2),
                                             std::make_move_iterator(runs.end()));
  std::function<void(size_t)> resampled;
  if (progress) {
    resampled = [&](size_t done) {
      // Rounding may take the last batch's share a hair past 1, which the final 1 would undo.
      progress(std::min(
          1.0, (static_cast<double>(k + 2) * run_weight +
                bootstrap_weight * static_cast<double>(done) / static_cast<double>(bootstrap)) /
                   total_weight));
    };
  }
  auto result = indices_of(design, output, n, bootstrap, seed, width, runs[0], runs[1], fab,
                           resampled, cancelled);
  if (result && progress) progress(1.0);
  return result;
}

Result<size_t> sobol_run_count(const Model& model, int output) {
  if (auto error = check_sobol(model, output)) return *error;
  return uncertain_inputs(model).size() + 2;
}

Result<std::vector<double>> sobol_run(const Model& model, int output, uint64_t base_samples,
                                      uint64_t seed, size_t run, unsigned threads) {
  if (auto error = check_sobol(model, output)) return *error;
  const uint64_t n = std::bit_ceil(std::max<uint64_t>(base_samples, 1));
  auto designed = sobol_design(model, n, seed);
  if (!designed) return designed.diagnostics();
  const Design& design = *designed;
  if (run >= design.inputs.size() + 2) {
    return Diagnostic{{},
                      fmt::format("Sobol run {} of {}: there are {} runs", run,
                                  design.inputs.size() + 2, design.inputs.size() + 2),
                      "runs are numbered from 0 to sobol_run_count() - 1"};
  }
  return run_design(model, output, n, seed, threads, design.columns(run), {});
}

Result<SobolResult> sobol_from_runs(const Model& model, int output, uint64_t base_samples,
                                    size_t bootstrap, uint64_t seed, unsigned threads,
                                    const std::vector<std::vector<double>>& runs) {
  if (auto error = check_sobol(model, output)) return *error;
  const uint64_t n = std::bit_ceil(std::max<uint64_t>(base_samples, 1));
  auto designed = sobol_design(model, n, seed);
  if (!designed) return designed.diagnostics();
  const Design& design = *designed;
  const size_t k = design.inputs.size();
  if (runs.size() != k + 2 ||
      std::any_of(runs.begin(), runs.end(), [&](const auto& r) { return r.size() != n; })) {
    return Diagnostic{{},
                      fmt::format("Sobol indices need {} runs of {} samples", k + 2, n),
                      "pass every sobol_run() of the design, in order"};
  }
  const std::vector<std::vector<double>> fab(runs.begin() + 2, runs.end());
  return indices_of(design, output, n, bootstrap, seed, bootstrap_width(n, bootstrap, threads),
                    runs[0], runs[1], fab, {});
}

std::optional<Diagnostic> check_sobol_samples(uint64_t base_samples, std::string_view name) {
  if (base_samples >= 64 && base_samples <= (1ull << 24)) return std::nullopt;
  return Diagnostic{{},
                    fmt::format("{} {} is out of range for Sobol indices", name, base_samples),
                    "use 64 to 16777216 base samples (e.g. 8192)"};
}

std::optional<Diagnostic> check_sobol_bootstrap(size_t bootstrap, std::string_view name) {
  if (bootstrap >= 10 && bootstrap <= 10000) return std::nullopt;
  return Diagnostic{{},
                    fmt::format("{} {} is out of range", name, bootstrap),
                    "use 10 to 10000 resamples (e.g. 100) for the 95% intervals"};
}

uint64_t sobol_memory_bytes(const Model& model, uint64_t base_samples, size_t bootstrap,
                            unsigned threads) {
  if (base_samples > (uint64_t{1} << 40)) return UINT64_MAX;  // more than any machine holds
  const uint64_t n = std::bit_ceil(std::max<uint64_t>(base_samples, 1));
  const double k = static_cast<double>(uncertain_inputs(model).size());
  const double leaves = static_cast<double>(model.program.leaves.size());
  const unsigned cores = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  const double width = static_cast<double>(bootstrap_width(n, bootstrap, threads));
  // A and B; f(A), f(B) and each f(AB); the row numbers; the resampled rows.
  const double columns = 2 * leaves + (k + 2) + 1 + width;
  const double batch = static_cast<double>(cores) * static_cast<double>(MonteCarloOptions{}.batch) *
                       static_cast<double>(model.program.slot_count) * 8.0;
  const double bytes = static_cast<double>(n) * columns * 8.0 + batch;
  return bytes < 1.8e19 ? static_cast<uint64_t>(bytes) : UINT64_MAX;
}

}  // namespace gpugap
