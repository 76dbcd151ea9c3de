#include "gpugap/report/headline.h"

#include <algorithm>

#include "gpugap/units/format.h"

namespace gpugap {

std::vector<int> final_results(const Model& model) {
  std::vector<bool> used(model.quantities.size(), false);
  for (const auto& q : model.quantities) {
    for (int d : q.dependencies) used[static_cast<size_t>(d)] = true;
  }
  std::vector<int> out;
  for (size_t i = 0; i < model.quantities.size(); ++i) {
    if (!used[i] && !model.quantities[i].is_input()) out.push_back(static_cast<int>(i));
  }
  return out;
}

std::vector<std::string> headline_quantities(const Model& model) {
  constexpr size_t kMaxHeadline = 6;
  std::vector<std::string> out;
  auto add = [&](const std::string& name) {
    int i = model.index_of(name);
    if (i < 0 || model.quantities[i].series || out.size() >= kMaxHeadline) return;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  };
  auto is_input = [&](const std::string& name) {
    int i = model.index_of(name);
    return i >= 0 && model.quantities[i].is_input();
  };
  // The scenario's own choice (headline = [...]), when it makes one: a name that is not a scalar
  // quantity of the scenario is left out.
  if (!model.scenario.headline.empty()) {
    for (const std::string& name : model.scenario.headline) add(name);
    return out;
  }
  for (const char* name : {"required_revenue", "ai_revenue", "revenue_gap"}) add(name);
  // The results that answer a scenario's question, in the order the file gives them: a sum of
  // money called a gap or a shortfall, or a required revenue ("shortfall_2030",
  // "gap_on_contract", "required_revenue_2030"). Not a block's own outputs: its view shows them.
  for (const QuantityDef& def : model.scenario.quantities) {
    int i = model.index_of(def.name);
    if (i < 0 || model.quantities[i].is_input() || def.name.find('.') != std::string::npos) {
      continue;
    }
    if (unit_label(model.quantities[i].unit).rfind("USD", 0) != 0) continue;
    std::vector<std::string> words;
    for (size_t start = 0; start <= def.name.size();) {
      size_t end = std::min(def.name.find('_', start), def.name.size());
      words.push_back(def.name.substr(start, end - start));
      start = end + 1;
    }
    bool gap = std::any_of(words.begin(), words.end(),
                           [](const std::string& w) { return w == "gap" || w == "shortfall"; });
    if (gap || def.name.rfind("required_revenue", 0) == 0) add(def.name);
  }
  // Then the published figures: results before inputs.
  for (const Expectation& e : model.scenario.expectations) {
    if (!is_input(e.name)) add(e.name);
  }
  for (const Expectation& e : model.scenario.expectations) {
    if (is_input(e.name)) add(e.name);
  }
  if (out.empty()) {
    for (int i : final_results(model)) add(model.def(i).name);
  }
  return out;
}

}  // namespace gpugap
