#include "gpugap/analysis/paired.h"

#include <algorithm>

#include "gpugap/units/format.h"

namespace gpugap {

PairedPlan plan_paired(const Model& a, const Model& b,
                       const std::map<std::string, int>& shown_years) {
  PairedPlan plan;
  for (size_t i = 0; i < b.quantities.size(); ++i) {
    const CompiledQuantity& qb = b.quantities[i];
    const std::string& name = b.def(static_cast<int>(i)).name;
    int j = a.index_of(name);
    if (j < 0) continue;
    const CompiledQuantity& qa = a.quantities[j];
    if (!qb.uncertain && !qa.uncertain) continue;
    if (qa.series != qb.series || qa.unit.dimension != qb.unit.dimension) continue;
    int year = -1;
    if (qb.series) {
      year = std::min(a.program.first_year + static_cast<int>(a.program.years),
                      b.program.first_year + static_cast<int>(b.program.years)) -
             1;
      if (year < a.program.first_year || year < b.program.first_year) continue;
      if (auto shown = shown_years.find(name); shown != shown_years.end()) year = shown->second;
    }
    plan.in_a.push_back(j);
    plan.in_b.push_back(static_cast<int>(i));
    plan.years.push_back(year);
  }
  return plan;
}

PairedDifferences compare_paired(const Model& a, const Model& b, const PairedPlan& plan,
                                 SampleSet& sa, SampleSet& sb) {
  const uint64_t samples = sa.samples;
  PairedDifferences out;
  for (size_t k = 0; k < plan.in_b.size(); ++k) {
    const int year = plan.years[k];
    auto column = [&](const Model& m, SampleSet& set) -> SampleColumn& {
      const size_t y = year < 0 ? 0 : static_cast<size_t>(year - m.program.first_year);
      return set.values[k][y];
    };
    SampleColumn& xa = column(a, sa);
    SampleColumn& xb = column(b, sb);
    SampleColumn d(samples);  // every element written below
    bool any = false;
    for (uint64_t i = 0; i < samples; ++i) {
      // Rounding is not a difference: the same value computed in another order stays equal.
      d[i] = same_value(xa[i], xb[i]) ? 0.0 : xb[i] - xa[i];
      any = any || d[i] != 0;
    }
    const std::string& name = b.def(plan.in_b[k]).name;
    if (!any) {
      out.same.push_back(name);
      continue;
    }
    PairedDifference p;
    p.name = name;
    p.year = year;
    p.display = b.quantities[plan.in_b[k]].unit;
    p.unit = unit_label(p.display);
    p.difference = summarise(d);
    p.a = summarise(xa);
    p.b = summarise(xb);
    out.differing.push_back(std::move(p));
  }
  return out;
}

}  // namespace gpugap
