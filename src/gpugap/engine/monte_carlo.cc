#include "gpugap/engine/monte_carlo.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <new>
#include <thread>

#include "gpugap/engine/non_finite.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace gpugap {

void* allocate_large_samples(size_t bytes) {
  constexpr size_t kHugePage = size_t{2} << 20;
  void* p = std::aligned_alloc(kHugePage, (bytes + kHugePage - 1) / kHugePage * kHugePage);
  if (p == nullptr) throw std::bad_alloc();
#if defined(__linux__)
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  return p;
}

void free_large_samples(void* p) noexcept { std::free(p); }

Result<SampleSet> run_monte_carlo(const Model& model, const MonteCarloOptions& options) {
  const Program& program = model.program;
  SampleSet set;
  set.samples = options.samples;
  set.outputs = options.outputs;
  for (int q : options.outputs) {
    const Operand& value = model.quantities[q].value;
    // Each column allocated once, in place: no temporary copy of N samples, and not zeroed (every
    // batch below writes its samples of every column; a cancelled or failed run returns none).
    auto& columns = set.values.emplace_back(value.length);
    for (auto& column : columns) column.resize(options.samples);
  }
  const size_t batch = std::max<size_t>(1, options.batch);
  const uint64_t batches = (options.samples + batch - 1) / batch;
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = static_cast<unsigned>(std::clamp<uint64_t>(threads, 1, std::max<uint64_t>(batches, 1)));

  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> first_bad{std::numeric_limits<uint64_t>::max()};
  std::atomic<bool> stopped{false};

  auto worker = [&] {
    Workspace workspace(program, batch);
    Sampling sampling;
    sampling.seed = options.seed;
    sampling.fixed = options.fixed;
    sampling.columns = options.columns;
    sampling.source = options.source;
    for (uint64_t b = next++; b < batches; b = next++) {
      if (options.cancelled && options.cancelled()) {
        stopped = true;
        next = batches;  // the other workers stop at their next batch
        break;
      }
      const uint64_t start = b * batch;
      const size_t count = static_cast<size_t>(std::min<uint64_t>(batch, options.samples - start));
      sampling.first_sample = options.first_sample + start;
      evaluate(program, workspace, count, sampling);
      for (size_t o = 0; o < set.outputs.size(); ++o) {
        const CompiledQuantity& q = model.quantities[set.outputs[o]];
        for (uint32_t y = 0; y < q.value.length; ++y) {
          const double* from = workspace.slot(q.value.slot + y);
          double* to = set.values[o][y].data() + start;
          bool finite = true;
          for (size_t i = 0; i < count; ++i) {
            to[i] = from[i];
            finite &= std::isfinite(from[i]) || (q.may_be_never && from[i] > 0);
          }
          if (!finite) {
            for (size_t i = 0; i < count; ++i) {
              if (!std::isfinite(from[i]) && !(q.may_be_never && from[i] > 0)) {
                uint64_t bad = start + i, seen = first_bad.load();
                while (bad < seen && !first_bad.compare_exchange_weak(seen, bad)) {
                }
                break;
              }
            }
          }
        }
      }
      done += count;
    }
  };

  std::atomic<unsigned> running{threads};
  auto body = [&] {
    worker();
    --running;
  };
  std::vector<std::thread> pool;
  if (options.progress) {
    // Every worker on its own thread; this one reports how far they are.
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(body);
    while (running.load() > 0) {
      options.progress(static_cast<double>(done.load()) / static_cast<double>(options.samples));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    options.progress(1.0);
  } else {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(body);
    body();
  }
  for (auto& t : pool) t.join();

  if (stopped.load()) {
    return Diagnostic{
        {},
        fmt::format("the run was cancelled before its {} samples were drawn", options.samples),
        "ask for fewer samples"};
  }
  const uint64_t bad = first_bad.load();
  if (bad != std::numeric_limits<uint64_t>::max()) {
    // Evaluate that one sample again (it is a pure function of its index) and say why.
    Workspace workspace(program, 1);
    Sampling sampling;
    sampling.seed = options.seed;
    sampling.first_sample = options.first_sample + bad;
    sampling.fixed = options.fixed;
    sampling.columns = options.columns;
    sampling.source = options.source;
    evaluate(program, workspace, 1, sampling);
    auto cause = find_non_finite(model, workspace, 0, &options.outputs);
    Diagnostic d = cause ? describe_non_finite(model, workspace, 0, *cause)
                         : Diagnostic{{}, "a result is not a finite number", ""};
    d.message =
        options.first_sample == 0
            ? fmt::format("in sample {} of {} (seed {}): {}", bad, options.samples, options.seed,
                          d.message)
            : fmt::format("in sample {} of {} to {} (seed {}): {}", options.first_sample + bad,
                          options.first_sample, options.first_sample + options.samples - 1,
                          options.seed, d.message);
    return d;
  }
  return set;
}

}  // namespace gpugap
