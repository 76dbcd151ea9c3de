// The paired Monte Carlo comparison of two scenarios (`gpugap diff`, POST /api/diff): B − A
// sample by sample for the quantities both have, of the same dimension and shape, that either is
// uncertain in. Both runs use the same seed and draws are keyed by quantity names, so the
// difference is not sampling noise. The runs themselves are the front door's
// (run/monte_carlo.h); this is what is compared and how it is summarised.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "gpugap/analysis/statistics.h"
#include "gpugap/compile/model.h"
#include "gpugap/engine/monte_carlo.h"
#include "gpugap/units/units.h"

namespace gpugap {

struct PairedDifference {
  std::string name;
  int year = -1;  // a series' year, else -1
  std::string unit;
  Summary a, b, difference;
  Unit display;
};

struct PairedDifferences {
  std::vector<PairedDifference> differing;
  std::vector<std::string> same;  // equal in every sample
};

// The quantities to compare: their indices in A and in B, and for a series the year compared —
// `shown_years[name]` (the year the point comparison shows, its largest change) when given, else
// the last year both have.
struct PairedPlan {
  std::vector<int> in_a, in_b, years;
};
PairedPlan plan_paired(const Model& a, const Model& b,
                       const std::map<std::string, int>& shown_years);

// Summarises the paired samples of `plan`'s quantities: `sa` holds A's samples of plan.in_a,
// `sb` B's of plan.in_b (both reordered by the summaries).
PairedDifferences compare_paired(const Model& a, const Model& b, const PairedPlan& plan,
                                 SampleSet& sa, SampleSet& sb);

}  // namespace gpugap
