#include "gpugap/report/paired.h"

#include "gpugap/units/format.h"

namespace gpugap {

nlohmann::ordered_json paired_json(const PairedDifferences& paired, uint64_t samples,
                                   uint64_t seed) {
  using nlohmann::ordered_json;
  auto stats = [](const Summary& s, const Unit& u) {
    return ordered_json{{"mean", in_unit(s.mean, u)},
                        {"p5", in_unit(s.p5, u)},
                        {"p50", in_unit(s.p50, u)},
                        {"p95", in_unit(s.p95, u)},
                        {"p_positive", s.p_positive}};
  };
  ordered_json mc;
  mc["samples"] = samples;
  mc["seed"] = seed;
  auto quantities = ordered_json::object();
  for (const auto& p : paired.differing) {
    quantities[p.name] = {{"unit", p.unit},
                          {"year", p.year < 0 ? ordered_json(nullptr) : ordered_json(p.year)},
                          {"a", stats(p.a, p.display)},
                          {"b", stats(p.b, p.display)},
                          {"b_minus_a", stats(p.difference, p.display)}};
  }
  mc["quantities"] = quantities;
  mc["same_in_every_sample"] = paired.same;
  return mc;
}

}  // namespace gpugap
