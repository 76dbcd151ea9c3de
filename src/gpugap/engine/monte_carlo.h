// Monte Carlo: the compiled program run over many samples, in batches, on several threads. Sample
// i of every quantity is the same whatever the thread count or batch size (counter-based random
// streams), and only the samples of the requested outputs are kept, so memory is
// samples × outputs × 8 bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "gpugap/compile/model.h"

namespace gpugap {

struct MonteCarloOptions {
  uint64_t samples = 100000;
  uint64_t seed = 0;
  // The index of the first sample: a run of `samples` from `first_sample` is that slice of one
  // longer run, bit for bit (a study split over machines). Not with `columns`.
  uint64_t first_sample = 0;
  unsigned threads = 0;      // 0: all cores
  size_t batch = 1024;       // samples per evaluation of the program
  std::vector<int> outputs;  // quantity indices whose samples are kept
  // Where uniforms come from, when not drawn: see Sampling (program/program.h).
  const std::vector<double>* fixed = nullptr;
  const std::vector<const double*>* columns = nullptr;
  // Replaces the Philox streams of drawn leaves (random/streams.h: quasi-Monte Carlo points).
  const UniformSource* source = nullptr;
  // Called now and then from the calling thread with the fraction done (0..1).
  std::function<void(double)> progress;
  // Asked between batches, from any worker thread: true stops the run, which then fails with
  // "the run was cancelled" (a server's time limit, say). Must be thread-safe.
  std::function<bool()> cancelled;
};

// An allocator whose value-initialisation (`resize(n)`, a vector of n) leaves a double
// uninitialised instead of zero: run_monte_carlo() writes every sample of a column before anything
// reads it, and zero-filling the columns first was most of a 10^7-sample run's time (a pass over
// memory and, under it, the page faults of the whole allocation on one thread; the workers now
// fault their own batches' pages in). Everything else as std::allocator.
inline constexpr size_t kLargeSampleBytes = size_t{4} << 20;
void* allocate_large_samples(size_t bytes);  // throws std::bad_alloc
void free_large_samples(void* p) noexcept;

template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <class U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}
  T* allocate(size_t n) {
    if (n * sizeof(T) < kLargeSampleBytes) return std::allocator<T>::allocate(n);
    return static_cast<T*>(allocate_large_samples(n * sizeof(T)));
  }
  void deallocate(T* p, size_t n) noexcept {
    if (n * sizeof(T) < kLargeSampleBytes) return std::allocator<T>::deallocate(p, n);
    free_large_samples(p);
  }
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// The samples of one output and year, in sample order. `SampleColumn(n)` and `resize(n)` do not
// zero: write every element before reading it.
using SampleColumn = std::vector<double, DefaultInitAllocator<double>>;

struct SampleSet {
  uint64_t samples = 0;
  std::vector<int> outputs;  // parallel to values
  // values[o][y] holds the samples of output o, year y (one "year" for scalars).
  std::vector<std::vector<SampleColumn>> values;
};

// Fails with a diagnostic naming the first sample (lowest index) whose value is not finite.
Result<SampleSet> run_monte_carlo(const Model& model, const MonteCarloOptions& options);

// The default seed, printed with results so that a run can be repeated.
inline constexpr uint64_t kDefaultSeed = 20240620;

}  // namespace gpugap
