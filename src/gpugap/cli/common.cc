#include "gpugap/cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <set>

#include "gpugap/report/percent.h"
#include "gpugap/util/atomic_file.h"
#include "gpugap/util/text.h"

namespace gpugap::cli {
namespace {

// The --set warnings of a scenario on stderr, each once per command (diff loads two scenarios
// with the same --set).
void warn_about_sets(const Scenario& scenario) {
  static std::set<std::string> said;
  for (const auto& warning : percent_set_warnings(scenario)) {
    if (said.insert(warning).second) std::cerr << "warning: " << warning << "\n";
  }
}

}  // namespace

Result<Scenario> load_with_overrides(const std::string& name_or_path,
                                     const std::vector<std::string>& sets) {
  auto scenario = load(ScenarioSource::named(name_or_path), sets);
  if (scenario) warn_about_sets(*scenario);
  return scenario;
}

Result<Evaluated> load_and_evaluate(const std::string& name_or_path,
                                    const std::vector<std::string>& sets) {
  auto evaluated = evaluate(ScenarioSource::named(name_or_path), sets);
  if (evaluated) warn_about_sets(evaluated->model.scenario);
  return evaluated;
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

int write_page(std::string_view command, const std::string& path, const std::string& html) {
  if (!write_output(path, html)) return kExitBadInput;
  if (path != "-") {
    std::cerr << fmt::format("gpugap {}: wrote {} ({} KiB)\n", command, path,
                             (html.size() + 1023) / 1024);
  }
  return kExitOk;
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
  command
      .add_option("--method", method,
                  "mc: Monte Carlo; qmc: quasi-Monte Carlo, scrambled Sobol points (a power of "
                  "two samples per scramble, default 131072 samples in all), which reports the "
                  "standard error of each mean")
      ->check(CLI::IsMember({"mc", "qmc"}))
      ->capture_default_str();
  command
      .add_option("--scrambles", scrambles,
                  "With --method qmc: independent scrambles, whose spread gives the standard error")
      ->check(CLI::Range(2u, 1024u))
      ->capture_default_str();
  command.add_flag("--force", force,
                   "Allow more than 10^9 samples, or more than 4 GiB of kept samples");
}

Result<uint64_t> MonteCarloFlags::samples_for(const Model& model) const {
  return gpugap::samples_for(model, settings());
}

MonteCarloSettings MonteCarloFlags::settings() const {
  MonteCarloSettings s;
  s.samples = samples;
  s.seed = seed;
  s.threads = threads;
  s.first_sample = first_sample;
  s.force = force;
  s.scrambles = method == "qmc" ? scrambles : 0;
  s.progress = terminal_progress();
  return s;
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

CLI::Option* add_format_option(CLI::App& command, std::string& format,
                               const std::vector<std::string>& allowed) {
  return command
      .add_option("--format", format, fmt::format("Output format: {}", fmt::join(allowed, ", ")))
      ->check(CLI::IsMember(allowed))
      ->capture_default_str();
}

}  // namespace gpugap::cli
