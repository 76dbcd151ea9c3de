#include "gpugap/report/sensitivity_json.h"

#include "gpugap/units/format.h"

namespace gpugap {

using json = nlohmann::ordered_json;

json tornado_json(const Model& model, const Tornado& t) {
  const Unit& unit = model.quantities[t.output].unit;
  json out;
  out["scenario"] = model.scenario.id;
  out["output"] = model.def(t.output).name;
  out["method"] = "tornado";
  out["unit"] = unit_label(unit);
  out["low_percentile"] = t.low_percentile;
  out["high_percentile"] = t.high_percentile;
  out["base"] = in_unit(t.base, unit);
  json bars = json::array();
  for (const auto& b : t.bars) {
    const Unit& input_unit = b.input.unit;
    bars.push_back({{"input", b.input.label},
                    {"input_unit", unit_label(input_unit)},
                    {"input_low", in_unit(b.input_low, input_unit)},
                    {"input_high", in_unit(b.input_high, input_unit)},
                    {"output_low", in_unit(b.output_low, unit)},
                    {"output_high", in_unit(b.output_high, unit)},
                    {"swing", in_unit(b.swing(), unit)}});
  }
  out["bars"] = bars;
  return out;
}

json sobol_json(const Model& model, const SobolResult& s) {
  json out;
  out["scenario"] = model.scenario.id;
  out["output"] = model.def(s.output).name;
  out["method"] = "sobol";
  out["base_samples"] = s.base_samples;
  out["bootstrap"] = s.bootstrap;
  json indices = json::array();
  for (const auto& i : s.indices) {
    indices.push_back({{"input", i.input.label},
                       {"first", i.first},
                       {"first_ci", {i.first_low, i.first_high}},
                       {"total", i.total},
                       {"total_ci", {i.total_low, i.total_high}}});
  }
  out["indices"] = indices;
  return out;
}

}  // namespace gpugap
