#include "gpugap/cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "gpugap/blocks/registry.h"
#include "gpugap/report/samples_file.h"
#include "gpugap/util/atomic_file.h"
#include "gpugap/util/text.h"

namespace gpugap::cli {
namespace fs = std::filesystem;

namespace {

fs::path executable_dir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

}  // namespace

std::string scenarios_dir() {
  if (const char* env = std::getenv("GPUGAP_SCENARIOS"); env && *env) return env;
  fs::path installed = executable_dir() / ".." / "share" / "gpugap" / "scenarios";
  std::error_code ec;
  if (fs::is_directory(installed, ec)) return installed.lexically_normal().string();
  return GPUGAP_SOURCE_SCENARIOS;
}

std::vector<std::string> bundled_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(scenarios_dir(), ec)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::string> resolve_scenario(const std::string& name_or_path) {
  std::error_code ec;
  if (fs::is_regular_file(name_or_path, ec)) return name_or_path;
  bool looks_like_path =
      name_or_path.find('/') != std::string::npos ||
      (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".toml");
  if (!looks_like_path) {
    fs::path bundled = fs::path(scenarios_dir()) / (name_or_path + ".toml");
    if (fs::is_regular_file(bundled, ec)) return bundled.string();
  }
  std::string guess = closest_name(name_or_path, bundled_names());
  return Diagnostic{
      {},
      looks_like_path
          ? fmt::format("no scenario file '{}'", name_or_path)
          : fmt::format("no scenario '{}': not a file, nor a bundled scenario", name_or_path),
      guess.empty() ? "`gpugap list` shows the bundled scenarios"
                    : fmt::format("did you mean '{}'?", guess)};
}

Result<Scenario> load_with_overrides(const std::string& name_or_path,
                                     const std::vector<std::string>& sets) {
  auto path = resolve_scenario(name_or_path);
  if (!path) return path.diagnostics();
  auto scenario = load_scenario(*path);
  if (!scenario) return scenario.diagnostics();
  // A bundled scenario is known by its name; a file by the path the user gave.
  scenario->id = *path == name_or_path ? fs::path(name_or_path).stem().string() : name_or_path;
  if (auto errors = expand_blocks(*scenario); !errors.empty()) return errors;
  if (auto errors = apply_overrides(*scenario, sets); !errors.empty()) return errors;
  return scenario;
}

Result<Evaluated> load_and_evaluate(const std::string& name_or_path,
                                    const std::vector<std::string>& sets) {
  auto scenario = load_with_overrides(name_or_path, sets);
  if (!scenario) return scenario.diagnostics();
  auto model = compile(std::move(*scenario));
  if (!model) return model.diagnostics();
  auto results = evaluate_point(*model);
  if (!results) return results.diagnostics();
  return Evaluated{std::move(*model), std::move(*results)};
}

int report(const std::vector<Diagnostic>& diagnostics) {
  std::cerr << format_diagnostics(diagnostics);
  std::cerr.flush();
  return kExitBadInput;
}

bool write_output(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  AtomicFile file(path);
  file.stream() << text;
  if (!file.commit()) {
    std::cerr << fmt::format("error: {}\n", file.error());
    return false;
  }
  return true;
}

CLI::Validator count_of(const std::string& what) {
  return CLI::Validator(
      [what](std::string& text) -> std::string {
        const std::string bad = fmt::format(
            "'{}' is not a number of {} (a whole number above 0, such as 100000, 1e6 or 250k)",
            text, what);
        char* end = nullptr;
        double n = std::strtod(text.c_str(), &end);
        if (end == text.c_str()) return bad;
        std::string_view suffix(end);
        if (suffix == "k") n *= 1e3;
        if (suffix == "M") n *= 1e6;
        if (suffix == "B") n *= 1e9;
        if (!suffix.empty() && suffix != "k" && suffix != "M" && suffix != "B") return bad;
        if (!(n >= 1 && n < 1e19) || n != std::floor(n)) return bad;
        text = fmt::format("{}", static_cast<uint64_t>(n));
        return "";
      },
      "N");
}

CLI::Validator seed_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::string bad =
            fmt::format("'{}' is not a seed: a whole number from 0 to 18446744073709551615", text);
        if (text.empty() || text.size() > 20 ||
            !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
          return bad;
        }
        errno = 0;
        std::strtoull(text.c_str(), nullptr, 10);
        return errno == ERANGE ? bad : "";
      },
      "SEED");
}

void MonteCarloFlags::add_to(CLI::App& command) {
  command
      .add_option("--samples", samples,
                  "Monte Carlo samples (default 100000 when an input is uncertain; 1 is a point "
                  "run, every input at its median)")
      ->transform(count_of("samples"));
  command.add_option("--seed", seed, "Random seed (results repeat exactly for the same seed)")
      ->capture_default_str()
      ->check(seed_number());
  command.add_option("--threads", threads, "Threads (default: all cores)");
  command.add_flag("--force", force,
                   "Allow more than 10^9 samples, or more than 4 GiB of kept samples");
}

Result<uint64_t> MonteCarloFlags::samples_for(const Model& model) const {
  bool uncertain = !model.program.leaves.empty();
  uint64_t n = samples ? samples : (uncertain ? 100000 : 1);
  if (n > 1000000000ull && !force) {
    return Diagnostic{{},
                      fmt::format("--samples {} is more than 10^9: that takes a long time and "
                                  "8 bytes per sample per reported output",
                                  n),
                      "add --force if you mean it, or report fewer outputs with --only"};
  }
  return n;
}

namespace {

// A one-line progress bar on stderr, shown only on a terminal and only after half a second.
class ProgressBar {
 public:
  ProgressBar() : start_(std::chrono::steady_clock::now()) {}
  void operator()(double fraction) {
    double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed < 0.5 && fraction < 1) return;
    if (fraction >= 1 && !shown_) return;
    shown_ = true;
    int filled = static_cast<int>(fraction * 30);
    std::cerr << fmt::format("\r[{}{}] {:3.0f}%  {:.1f}s", std::string(filled, '#'),
                             std::string(30 - filled, ' '), fraction * 100, elapsed)
              << (fraction >= 1 ? "\n" : "") << std::flush;
  }

 private:
  std::chrono::steady_clock::time_point start_;
  bool shown_ = false;
};

}  // namespace

std::function<void(double)> terminal_progress() {
  if (!isatty(2)) return {};  // a bar only for a person watching; pipes and files get none
  auto bar = std::make_shared<ProgressBar>();
  return [bar](double fraction) { (*bar)(fraction); };
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

namespace {

Result<Uncertainty> sample_and_summarise(const Model& model, const MonteCarloOptions& options,
                                         const MonteCarloFlags& flags,
                                         const std::string& keep_path) {
  auto set = run_monte_carlo(model, options);
  if (!set) return set.diagnostics();
  if (!keep_path.empty()) {
    std::string error;
    if (!write_samples(keep_path, model, *set, error)) return Diagnostic{{}, error, ""};
    // Only the uncertain ones need statistics.
    SampleSet uncertain;
    uncertain.samples = set->samples;
    for (size_t o = 0; o < set->outputs.size(); ++o) {
      if (!model.quantities[set->outputs[o]].uncertain) continue;
      uncertain.outputs.push_back(set->outputs[o]);
      uncertain.values.push_back(std::move(set->values[o]));
    }
    return summarise_samples(model, uncertain, flags.seed, flags.threads);
  }
  return summarise_samples(model, *set, flags.seed, flags.threads);
}

}  // namespace

Result<Uncertainty> run_uncertainty(const Model& model, const std::vector<int>& selection,
                                    const MonteCarloFlags& flags, uint64_t samples,
                                    std::string keep_path) {
  MonteCarloOptions options;
  options.samples = samples;
  options.seed = flags.seed;
  options.threads = flags.threads;
  options.outputs = keep_path.empty() ? uncertain_quantities(model, selection) : selection;
  // Every kept output holds all its samples (per year for a series) until it is summarised.
  const uint64_t bytes = kept_sample_bytes(model, options.outputs, samples);
  const std::string what = fmt::format("{} samples of {} output{}", samples, options.outputs.size(),
                                       options.outputs.size() == 1 ? "" : "s");
  if (auto refused = sample_memory_refused(bytes, what, flags.force)) return *refused;
  options.progress = terminal_progress();
  try {
    return sample_and_summarise(model, options, flags, keep_path);
  } catch (const std::bad_alloc&) {
    return not_enough_memory(bytes, what);
  }
}

CLI::Option* add_format_option(CLI::App& command, std::string& format,
                               const std::vector<std::string>& allowed) {
  return command
      .add_option("--format", format, fmt::format("Output format: {}", fmt::join(allowed, ", ")))
      ->check(CLI::IsMember(allowed))
      ->capture_default_str();
}

Result<std::vector<std::string>> parse_only(const Model& model,
                                            const std::vector<std::string>& only) {
  std::vector<std::string> names;
  std::vector<Diagnostic> errors;
  for (const auto& item : only) {
    std::string_view rest = item;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string name(trim(rest.substr(0, comma)));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (name.empty()) continue;
      if (model.index_of(name) < 0) {
        std::string guess = closest_name(name, model.scenario.names());
        errors.push_back({{},
                          fmt::format("--only names '{}', which is not a quantity of {}", name,
                                      model.scenario.id),
                          guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)});
        continue;
      }
      names.push_back(name);
    }
  }
  if (!errors.empty()) return errors;
  return names;
}

}  // namespace gpugap::cli
