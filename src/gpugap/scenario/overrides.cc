// --set name=value (scenario.h): parse_override() and apply_overrides(), which replace a
// quantity's formula after the scenario is loaded and its blocks expanded.
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "gpugap/scenario/scenario.h"
#include "gpugap/util/text.h"

namespace gpugap {

Result<Override> parse_override(const std::string& argument) {
  size_t eq = argument.find('=');
  auto source = SourceText::from_string("<--set>", argument);
  if (eq == std::string::npos || trim(argument.substr(0, eq)).empty()) {
    return Diagnostic{{source, 1, 1, static_cast<int>(argument.size())},
                      fmt::format("--set '{}' is not of the form name=value", argument),
                      "write --set end_user_margin=40%"};
  }
  return Override{std::string(trim(argument.substr(0, eq))), argument.substr(eq + 1)};
}

Status apply_overrides(Scenario& scenario, const std::vector<std::string>& sets) {
  std::vector<Diagnostic> diagnostics;
  std::unordered_map<std::string, const std::string*> first;  // name → its first --set
  for (const auto& argument : sets) {
    auto parsed = parse_override(argument);
    if (!parsed) {
      diagnostics.insert(diagnostics.end(), parsed.diagnostics().begin(),
                         parsed.diagnostics().end());
      continue;
    }
    auto source = SourceText::from_string("<--set>", argument);
    // The last of two would win silently: say so instead.
    if (auto [it, added] = first.emplace(parsed->name, &argument); !added) {
      diagnostics.push_back({{source, 1, 1, static_cast<int>(argument.size())},
                             fmt::format("--set {} is given twice: --set {} and --set {}",
                                         parsed->name, *it->second, argument),
                             "keep one of them"});
      continue;
    }
    QuantityDef* q = scenario.find(parsed->name);
    if (q == nullptr) {
      std::string guess = closest_name(parsed->name, scenario.names());
      std::string hint = guess.empty() ? "`gpugap run SCENARIO` lists its quantities"
                                       : fmt::format("did you mean '{}'?", guess);
      for (const auto& [name, why] : scenario.left_out) {
        if (name == parsed->name) hint = why;
      }
      diagnostics.push_back({{source, 1, 1, static_cast<int>(parsed->name.size())},
                             fmt::format("--set names '{}', which is not a quantity of {}",
                                         parsed->name, scenario.id),
                             hint});
      continue;
    }
    q->text = parsed->text;
    q->origin = TextOrigin{source, 1, static_cast<int>(argument.find('=')) + 2};
    q->years.clear();
    q->fill.clear();
    q->defined_in = "--set";
  }
  return diagnostics;
}

}  // namespace gpugap
