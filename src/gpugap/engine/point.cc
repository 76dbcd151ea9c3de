#include "gpugap/engine/point.h"

#include "gpugap/engine/non_finite.h"

namespace gpugap {

Result<PointResults> evaluate_point(const Model& model) {
  Workspace workspace(model.program, 1);
  // Uncertain inputs at their medians.
  const std::vector<double> medians(model.program.leaves.size(), 0.5);
  Sampling sampling;
  sampling.fixed = &medians;
  evaluate(model.program, workspace, 1, sampling);
  if (auto bad = find_non_finite(model, workspace, 0)) {
    return describe_non_finite(model, workspace, 0, *bad, /*at_medians=*/true);
  }
  PointResults results;
  results.values.reserve(model.quantities.size());
  for (const auto& q : model.quantities) {
    std::vector<double> values(q.value.length);
    for (uint32_t y = 0; y < q.value.length; ++y) values[y] = workspace.slot(q.value.slot + y)[0];
    results.values.push_back(std::move(values));
  }
  return results;
}

}  // namespace gpugap
