// Draws first, then [correlations]: a Gaussian copula per group of correlated inputs, its
// Cholesky factor computed here once.
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>

#include "gpugap/util/text.h"

namespace gpugap {

// Uniform draws have no inputs: they all go first, then the copulas that correlate them, so
// that every quantile function sees its final uniform.
void Compiler::hoist_draws() {
  std::stable_partition(m_.program.code.begin(), m_.program.code.end(),
                        [](const Instruction& in) { return in.op == Op::kUniform; });
}

void Compiler::build_copulas() {
  if (m_.scenario.correlations.empty()) return;
  // The single leaf of each correlated input.
  std::vector<int> leaf_of(m_.scenario.correlations.size() * 2, -1);
  auto leaf_for = [&](const std::string& name, const SourceLocation& where) -> int {
    int index = m_.index_of(name);
    if (index < 0) {
      std::string guess = closest_name(name, m_.scenario.names());
      diagnostics_.push_back(
          {where, fmt::format("[correlations] names '{}', which is not a quantity", name),
           guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)});
      return -1;
    }
    const CompiledQuantity& q = m_.quantities[index];
    if (!q.is_input() || q.leaves.size() != 1) {
      diagnostics_.push_back(
          {where,
           fmt::format("[correlations] needs '{}' to be an uncertain input: a single "
                       "distribution such as \"100B to 300B\"",
                       name),
           !q.is_input()      ? fmt::format("'{}' is computed from other quantities", name)
           : q.leaves.empty() ? fmt::format("'{}' has no distribution", name)
                              : fmt::format("'{}' holds {} distributions", name, q.leaves.size())});
      return -1;
    }
    return q.leaves.front();
  };
  std::vector<std::array<int, 2>> pairs;
  for (const Correlation& c : m_.scenario.correlations) {
    int a = leaf_for(c.a, c.location), b = leaf_for(c.b, c.location);
    pairs.push_back({a, b});
  }
  if (!diagnostics_.empty()) return;
  // Groups: leaves joined by correlations (union–find).
  std::map<int, int> parent;
  std::function<int(int)> root = [&](int x) {
    if (!parent.count(x)) parent[x] = x;
    return parent[x] == x ? x : parent[x] = root(parent[x]);
  };
  for (const auto& [a, b] : pairs) parent[root(a)] = root(b);
  std::map<int, std::vector<int>> groups;
  for (const auto& [leaf, ignored] : parent) groups[root(leaf)].push_back(leaf);
  for (const auto& group : groups) {
    // A named reference, not a structured binding: lambdas below capture it (clang 14 cannot
    // capture a binding).
    const std::vector<int>& leaves = group.second;
    const size_t m = leaves.size();
    Eigen::MatrixXd rho = Eigen::MatrixXd::Identity(m, m);
    auto position = [&](int leaf) {
      return static_cast<size_t>(std::find(leaves.begin(), leaves.end(), leaf) - leaves.begin());
    };
    for (size_t i = 0; i < pairs.size(); ++i) {
      auto [a, b] = pairs[i];
      if (!std::count(leaves.begin(), leaves.end(), a)) continue;
      // Spearman's rank correlation to the normal copula's Pearson correlation.
      double pearson = 2 * std::sin(M_PI * m_.scenario.correlations[i].rank / 6);
      rho(position(a), position(b)) = rho(position(b), position(a)) = pearson;
    }
    Eigen::LLT<Eigen::MatrixXd> llt(rho);
    if (llt.info() != Eigen::Success) {
      // Name the first pair whose addition breaks positive definiteness.
      size_t k = 1;
      while (k < m && Eigen::LLT<Eigen::MatrixXd>(rho.topLeftCorner(k + 1, k + 1)).info() ==
                          Eigen::Success) {
        ++k;
      }
      const Correlation* culprit = &m_.scenario.correlations.front();
      for (size_t i = 0; i < pairs.size(); ++i) {
        auto [a, b] = pairs[i];
        if ((position(a) == k || position(b) == k) && position(a) <= k && position(b) <= k) {
          culprit = &m_.scenario.correlations[i];
        }
      }
      diagnostics_.push_back(
          {culprit->location,
           fmt::format("the correlations are inconsistent: with '{}, {}' = {:g} no joint "
                       "distribution has them all (the matrix is not positive definite)",
                       culprit->a, culprit->b, culprit->rank),
           "weaken this correlation or the ones it conflicts with"});
      return;
    }
    Copula copula;
    Eigen::MatrixXd l = llt.matrixL();
    for (int leaf : leaves) copula.leaves.push_back(static_cast<uint32_t>(leaf));
    for (size_t i = 0; i < m; ++i) {
      for (size_t j = 0; j < m; ++j) copula.cholesky.push_back(j <= i ? l(i, j) : 0.0);
    }
    Instruction in;
    in.op = Op::kCopula;
    in.k = static_cast<double>(m_.program.copulas.size());
    in.dst = Operand{m_.program.leaves[leaves.front()].slot, 1};
    m_.program.copulas.push_back(std::move(copula));
    // After every draw (hoisted to the front), before any quantile.
    auto first_other = std::find_if(m_.program.code.begin(), m_.program.code.end(),
                                    [](const Instruction& x) { return x.op != Op::kUniform; });
    m_.program.code.insert(first_other, in);
  }
}

}  // namespace gpugap
