#include "gpugap/report/percent.h"

#include <fmt/format.h>

#include <cstdlib>

#include "gpugap/units/format.h"
#include "gpugap/util/text.h"

namespace gpugap {
namespace {

bool written_with_percent(const QuantityDef& def) {
  if (def.text.find('%') != std::string::npos) return true;
  for (const auto& entry : def.years) {
    if (entry.text.find('%') != std::string::npos) return true;
  }
  return false;
}

Unit percent_unit() { return known_unit("%"); }

}  // namespace

void show_written_percentages(Model& model) {
  const Unit percent = percent_unit();
  for (size_t i = 0; i < model.quantities.size(); ++i) {
    CompiledQuantity& q = model.quantities[i];
    const QuantityDef& def = model.def(static_cast<int>(i));
    if (!def.unit.empty() || q.unit_declared || !q.is_input() || !q.unit.text.empty() ||
        !q.unit.dimension.dimensionless() || q.unit.scale != 1.0 || !written_with_percent(def)) {
      continue;
    }
    q.unit = percent;
    for (Unit& leaf : q.leaf_units) {
      if (leaf.text.empty() && leaf.dimension.dimensionless() && leaf.scale == 1.0) leaf = percent;
    }
  }
}

std::vector<std::string> percent_set_warnings(const Scenario& scenario) {
  std::vector<std::string> out;
  for (const auto& def : scenario.quantities) {
    if (def.defined_in != "--set" || def.unit != "%") continue;
    const std::string text(trim(def.text));
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !(value > 0 && value <= 1)) continue;
    out.push_back(fmt::format("--set {}={}: {} here is {}; for {} write {}", def.name, text, text,
                              format_percent(value), format_percent(100 * value),
                              format_percent(100 * value)));
  }
  return out;
}

}  // namespace gpugap
