#include "gpugap/run/monte_carlo.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <new>

#include "gpugap/report/samples_file.h"

namespace gpugap {

Result<uint64_t> samples_for(const Model& model, const MonteCarloSettings& settings) {
  bool uncertain = !model.program.leaves.empty();
  uint64_t n = settings.samples ? settings.samples : (uncertain ? kDefaultSamples : 1);
  if (n > 1000000000ull && !settings.force) {
    return Diagnostic{{},
                      fmt::format("--samples {} is more than 10^9: that takes a long time and "
                                  "8 bytes per sample per reported output",
                                  n),
                      "add --force if you mean it, or report fewer outputs with --only"};
  }
  return n;
}

uint64_t kept_sample_bytes(const Model& model, const std::vector<int>& outputs, uint64_t samples) {
  uint64_t columns = 0;
  for (int q : outputs) columns += model.quantities[q].value.length;
  const double bytes = static_cast<double>(samples) * static_cast<double>(columns) * 8.0;
  return bytes < 1.8e19 ? static_cast<uint64_t>(bytes) : UINT64_MAX;
}

namespace {

std::string gibibytes(uint64_t bytes) {
  return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / static_cast<double>(1ull << 30));
}

MonteCarloOptions options_for(const MonteCarloSettings& settings, uint64_t samples,
                              std::vector<int> outputs) {
  MonteCarloOptions options;
  options.samples = samples;
  options.seed = settings.seed;
  options.first_sample = settings.first_sample;
  options.threads = settings.threads;
  options.outputs = std::move(outputs);
  options.progress = settings.progress;
  options.cancelled = settings.cancelled;
  return options;
}

Result<Uncertainty> sample_and_summarise(const Model& model, const MonteCarloOptions& options,
                                         const MonteCarloSettings& settings,
                                         const std::string& keep_path) {
  auto set = run_monte_carlo(model, options);
  if (!set) return set.diagnostics();
  if (!keep_path.empty()) {
    if (Status written = write_samples(keep_path, model, *set); !written) {
      return written.diagnostics();
    }
    // Only the uncertain ones need statistics.
    SampleSet uncertain;
    uncertain.samples = set->samples;
    for (size_t o = 0; o < set->outputs.size(); ++o) {
      if (!model.quantities[set->outputs[o]].uncertain) continue;
      uncertain.outputs.push_back(set->outputs[o]);
      uncertain.values.push_back(std::move(set->values[o]));
    }
    return summarise_samples(model, uncertain, settings.seed, settings.threads);
  }
  return summarise_samples(model, *set, settings.seed, settings.threads);
}

}  // namespace

std::optional<Diagnostic> sample_memory_refused(uint64_t bytes, const std::string& what, bool force,
                                                bool has_only) {
  if (bytes <= kSampleMemoryBudget || force) return std::nullopt;
  return Diagnostic{{},
                    fmt::format("{} need {} of memory (8 bytes a sample, per year of a "
                                "series), more than {} without --force",
                                what, gibibytes(bytes), gibibytes(kSampleMemoryBudget)),
                    has_only ? "report fewer outputs with --only, ask for fewer --samples, or "
                               "add --force"
                             : "ask for fewer --samples, or add --force"};
}

Diagnostic not_enough_memory(uint64_t bytes, const std::string& what, bool has_only) {
  return Diagnostic{{},
                    fmt::format("not enough memory for {} ({})", what, gibibytes(bytes)),
                    has_only ? "report fewer outputs with --only, or ask for fewer --samples"
                             : "ask for fewer --samples"};
}

Result<Uncertainty> run_uncertainty(const Model& model, const std::vector<int>& selection,
                                    const MonteCarloSettings& settings, uint64_t samples,
                                    const std::string& keep_path) {
  MonteCarloOptions options = options_for(
      settings, samples, keep_path.empty() ? uncertain_quantities(model, selection) : selection);
  // Every kept output holds all its samples (per year for a series) until it is summarised.
  const uint64_t bytes = kept_sample_bytes(model, options.outputs, samples);
  const std::string what = fmt::format("{} samples of {} output{}", samples, options.outputs.size(),
                                       options.outputs.size() == 1 ? "" : "s");
  if (auto refused = sample_memory_refused(bytes, what, settings.force)) return *refused;
  try {
    return sample_and_summarise(model, options, settings, keep_path);
  } catch (const std::bad_alloc&) {
    return not_enough_memory(bytes, what);
  }
}

Result<std::optional<Uncertainty>> run_summaries(const Model& model,
                                                 const std::vector<int>& selection,
                                                 const MonteCarloSettings& settings) {
  auto samples = samples_for(model, settings);
  if (!samples) return samples.diagnostics();
  if (*samples <= 1) return std::optional<Uncertainty>();
  auto u = run_uncertainty(model, selection, settings, *samples);
  if (!u) return u.diagnostics();
  return std::optional<Uncertainty>(std::move(*u));
}

Result<SampledUncertainty> run_uncertainty_keeping(const Model& model,
                                                   const std::vector<int>& selection,
                                                   const std::vector<int>& keep,
                                                   const MonteCarloSettings& settings,
                                                   uint64_t samples) {
  const std::vector<int> summarised = uncertain_quantities(model, selection);
  std::vector<int> outputs = summarised;
  std::vector<int> copied;  // kept and summarised: held twice until summarised
  for (int q : keep) {
    if (std::find(summarised.begin(), summarised.end(), q) != summarised.end()) {
      copied.push_back(q);
    } else if (std::find(outputs.begin(), outputs.end(), q) == outputs.end()) {
      outputs.push_back(q);
    }
  }
  const uint64_t bytes =
      kept_sample_bytes(model, outputs, samples) + kept_sample_bytes(model, copied, samples);
  const std::string what = fmt::format("{} samples of {} output{}", samples, outputs.size(),
                                       outputs.size() == 1 ? "" : "s");
  if (auto refused = sample_memory_refused(bytes, what, settings.force)) return *refused;
  try {
    auto set = run_monte_carlo(model, options_for(settings, samples, outputs));
    if (!set) return set.diagnostics();
    SampledUncertainty out;
    out.kept.samples = set->samples;
    SampleSet uncertain;
    uncertain.samples = set->samples;
    for (int q : keep) {
      const size_t o = static_cast<size_t>(std::find(set->outputs.begin(), set->outputs.end(), q) -
                                           set->outputs.begin());
      if (std::find(out.kept.outputs.begin(), out.kept.outputs.end(), q) !=
          out.kept.outputs.end()) {
        continue;  // named twice
      }
      out.kept.outputs.push_back(q);
      const bool summarise = o < summarised.size();
      out.kept.values.push_back(summarise ? set->values[o] : std::move(set->values[o]));
    }
    for (size_t o = 0; o < summarised.size(); ++o) {
      uncertain.outputs.push_back(summarised[o]);
      uncertain.values.push_back(std::move(set->values[o]));
    }
    out.uncertainty = summarise_samples(model, uncertain, settings.seed, settings.threads);
    return out;
  } catch (const std::bad_alloc&) {
    return not_enough_memory(bytes, what);
  }
}

Result<PairedDifferences> run_paired_differences(const Model& a, const Model& b,
                                                 const std::vector<DiffRow>& rows,
                                                 const MonteCarloSettings& settings,
                                                 uint64_t samples) {
  std::map<std::string, int> shown_years;
  for (const DiffRow& row : rows) {
    if (row.comparable && row.year >= 0) shown_years[row.name] = row.year;
  }
  const PairedPlan plan = plan_paired(a, b, shown_years);
  // Both runs keep their samples until the differences are summarised.
  const uint64_t bytes =
      kept_sample_bytes(a, plan.in_a, samples) + kept_sample_bytes(b, plan.in_b, samples);
  const std::string what = fmt::format("{} samples of {} outputs of A and B", samples,
                                       plan.in_a.size() + plan.in_b.size());
  if (auto refused = sample_memory_refused(bytes, what, settings.force, false)) return *refused;
  auto run = [&](const Model& m, const std::vector<int>& outputs,
                 double from) -> Result<SampleSet> {
    MonteCarloOptions options = options_for(settings, samples, outputs);
    if (settings.progress) {  // A's run is the first half, B's the second
      options.progress = [&, from](double f) { settings.progress(from + 0.5 * f); };
    }
    try {
      return run_monte_carlo(m, options);
    } catch (const std::bad_alloc&) {
      return not_enough_memory(bytes, what, false);
    }
  };
  auto sa = run(a, plan.in_a, 0.0);
  if (!sa) return sa.diagnostics();
  auto sb = run(b, plan.in_b, 0.5);
  if (!sb) return sb.diagnostics();
  return compare_paired(a, b, plan, *sa, *sb);
}

}  // namespace gpugap
