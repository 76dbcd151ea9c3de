#include "gpugap/run/pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "gpugap/blocks/registry.h"
#include "gpugap/scenario/bundled.h"
#include "gpugap/util/text.h"

namespace gpugap {
namespace fs = std::filesystem;

namespace {

// The scenario as written, with `extends` followed, before its blocks and overrides.
Result<Scenario> read(const ScenarioSource& source) {
  switch (source.kind) {
    case ScenarioSource::Kind::kText:
      return load_scenario_text(source.name, source.text);
    case ScenarioSource::Kind::kFile:
      return load_scenario(source.name);
    case ScenarioSource::Kind::kNameOrPath:
      break;
  }
  auto path = resolve_scenario(source.name);
  if (!path) return path.diagnostics();
  auto scenario = load_scenario(*path);
  if (!scenario) return scenario.diagnostics();
  // A bundled scenario is known by its name; a file by the path the user gave.
  scenario->id = *path == source.name ? fs::path(source.name).stem().string() : source.name;
  return scenario;
}

// A scenario that defines nothing (an empty file, a title alone) is a mistake, not a run with
// no results.
Status check_has_quantities(const Scenario& scenario) {
  if (!scenario.quantities.empty() || !scenario.block_tables.empty()) return {};
  const auto& source = scenario.sources.back();
  bool empty = std::all_of(source->lines.begin(), source->lines.end(),
                           [](const std::string& line) { return trim(line).empty(); });
  return Diagnostic{
      {source, 0, 0, 1},
      empty ? "the scenario file is empty: it has no quantities" : "the scenario has no quantities",
      "a scenario's figures go under [quantities], one a line, such as "
      "gpu_runrate = { value = \"150B\", unit = \"USD\" } "
      "(docs/scenario-format.md)"};
}

}  // namespace

ScenarioSource ScenarioSource::named(std::string name_or_path) {
  return {Kind::kNameOrPath, std::move(name_or_path), ""};
}

ScenarioSource ScenarioSource::file(std::string path) { return {Kind::kFile, std::move(path), ""}; }

ScenarioSource ScenarioSource::text_of(std::string path, std::string text) {
  return {Kind::kText, std::move(path), std::move(text)};
}

std::string scenarios_dir() { return bundled_scenarios_dir(); }

std::vector<std::string> bundled_names() { return bundled_scenario_names(); }

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

Result<Scenario> load(const ScenarioSource& source, const std::vector<std::string>& sets) {
  auto scenario = read(source);
  if (!scenario) return scenario.diagnostics();
  if (auto has = check_has_quantities(*scenario); !has) return has.diagnostics();
  // Blocks first: their inputs become quantities, which a --set may then replace.
  if (auto expanded = expand_blocks(*scenario); !expanded) return expanded.diagnostics();
  if (auto applied = apply_overrides(*scenario, sets); !applied) return applied.diagnostics();
  return scenario;
}

Result<Model> load_and_compile(const ScenarioSource& source, const std::vector<std::string>& sets) {
  auto scenario = load(source, sets);
  if (!scenario) return scenario.diagnostics();
  return compile(std::move(*scenario));
}

Result<Evaluated> evaluate(const ScenarioSource& source, const std::vector<std::string>& sets) {
  auto model = load_and_compile(source, sets);
  if (!model) return model.diagnostics();
  auto results = evaluate_point(*model);
  if (!results) return results.diagnostics();
  return Evaluated{std::move(*model), std::move(*results)};
}

}  // namespace gpugap
