#include "gpugap/analysis/uncertainty.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <span>
#include <thread>

namespace gpugap {

std::vector<int> uncertain_quantities(const Model& model, const std::vector<int>& selection) {
  std::vector<int> out;
  for (int q : selection) {
    if (model.quantities[q].uncertain) out.push_back(q);
  }
  return out;
}

namespace {

// The standard error of the mean of `samples`, `scrambles` equal scrambles one after the other:
// the standard deviation of their means (of the samples that are not never) over √scrambles.
double mean_error(std::span<const double> samples, unsigned scrambles) {
  if (scrambles < 2 || samples.size() < scrambles) return 0;
  const size_t m = samples.size() / scrambles;
  std::vector<double> means;
  for (size_t r = 0; r < scrambles; ++r) {
    double sum = 0;
    size_t count = 0;
    for (size_t i = r * m; i < (r + 1) * m; ++i) {
      if (std::isfinite(samples[i])) {
        sum += samples[i];
        ++count;
      }
    }
    if (count > 0) means.push_back(sum / static_cast<double>(count));
  }
  if (means.size() < 2) return 0;
  double mean = 0, squares = 0;
  for (double x : means) mean += x;
  mean /= static_cast<double>(means.size());
  for (double x : means) squares += (x - mean) * (x - mean);
  const double k = static_cast<double>(means.size());
  return std::sqrt(squares / (k - 1) / k);
}

}  // namespace

Uncertainty summarise_samples(const Model& model, SampleSet& set, uint64_t seed, unsigned threads,
                              unsigned scrambles) {
  Uncertainty u;
  u.samples = set.samples;
  u.seed = seed;
  u.scrambles = scrambles;
  u.summaries.resize(model.quantities.size());
  // One job per (output, year) column.
  std::vector<std::pair<size_t, size_t>> jobs;
  for (size_t o = 0; o < set.outputs.size(); ++o) {
    u.summaries[set.outputs[o]].resize(set.values[o].size());
    for (size_t y = 0; y < set.values[o].size(); ++y) jobs.emplace_back(o, y);
  }
  const std::vector<int> years = model.years();
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t j = next++; j < jobs.size(); j = next++) {
      auto [o, y] = jobs[j];
      const size_t q = set.outputs[o];
      const double error = mean_error(set.values[o][y], scrambles);  // before the reordering
      Summary summary = summarise(set.values[o][y]);
      summary.mean_error = error;
      if (model.quantities[q].may_be_never && !set.values[o][y].empty()) {
        for (int year : years) {
          const auto reached = std::count_if(set.values[o][y].begin(), set.values[o][y].end(),
                                             [&](double v) { return v <= year; });
          summary.p_by_year.push_back(static_cast<double>(reached) /
                                      static_cast<double>(set.values[o][y].size()));
        }
      }
      u.summaries[q][y] = std::move(summary);
    }
  };
  if (threads == 0) threads = std::thread::hardware_concurrency();
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads && t < jobs.size(); ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return u;
}

}  // namespace gpugap
