#include "gpugap/blocks/financing_graph.h"

#include <Eigen/Dense>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/hawick_circuits.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <limits>
#include <utility>

namespace gpugap {
namespace {

using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

// One Boost edge per linked pair: cycles and components do not care how many deals link them.
BoostGraph to_boost(const FlowGraph& graph) {
  std::vector<std::pair<uint32_t, uint32_t>> links;
  links.reserve(graph.edges.size());
  for (const FlowEdge& e : graph.edges) links.emplace_back(e.from, e.to);
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
  BoostGraph g(graph.nodes);
  for (const auto& [from, to] : links) boost::add_edge(from, to, g);
  return g;
}

// A node keeps passing tagged money on when nearly all it holds goes out as payments inside its
// circle; below this relative shortfall it counts as passing on everything (rounding noise).
constexpr double kLeakTolerance = 1e-12;

}  // namespace

Tracer::Tracer(FlowGraph graph) : graph_(std::move(graph)) {
  const uint32_t n = graph_.nodes;
  circle_of_.assign(n, -1);
  local_.assign(n, 0);
  if (n == 0) return;
  BoostGraph g = to_boost(graph_);
  std::vector<int> component(n);
  int components = boost::strong_components(g, component.data());
  std::vector<std::vector<uint32_t>> members(static_cast<size_t>(components));
  for (uint32_t v = 0; v < n; ++v) members[static_cast<size_t>(component[v])].push_back(v);
  // Circles are numbered by their smallest node, so the numbering does not depend on Boost's.
  std::vector<int> circle_of_component(static_cast<size_t>(components), -1);
  for (uint32_t v = 0; v < n; ++v) {
    int c = component[v];
    if (members[static_cast<size_t>(c)].size() < 2 || circle_of_component[c] >= 0) continue;
    circle_of_component[c] = static_cast<int>(circles_.size());
    Circle circle;
    circle.nodes = members[static_cast<size_t>(c)];
    circles_.push_back(std::move(circle));
  }
  for (uint32_t v = 0; v < n; ++v) circle_of_[v] = circle_of_component[component[v]];
  for (Circle& circle : circles_) {
    for (size_t i = 0; i < circle.nodes.size(); ++i) {
      local_[circle.nodes[i]] = static_cast<uint32_t>(i);
    }
  }
  for (uint32_t e = 0; e < graph_.edges.size(); ++e) {
    const FlowEdge& edge = graph_.edges[e];
    int c = circle_of_[edge.from];
    if (c < 0 || c != circle_of_[edge.to]) continue;
    circles_[static_cast<size_t>(c)].edges.push_back(e);
    if (edge.kind == FlowKind::kInvestment) circles_[static_cast<size_t>(c)].has_investment = true;
  }
}

FlowGraph links_with_money(const FlowGraph& graph, const double* amounts,
                           std::vector<double>* kept) {
  FlowGraph out;
  out.nodes = graph.nodes;
  if (kept) kept->clear();
  for (size_t e = 0; e < graph.edges.size(); ++e) {
    if (!(amounts[e] > 0)) continue;
    out.edges.push_back(graph.edges[e]);
    if (kept) kept->push_back(amounts[e]);
  }
  return out;
}

void Tracer::trace(const double* amounts, const double* outside, TraceResult& result,
                   const char* counted) const {
  // A circle holding a link without money may not be a circle for these amounts (nvidia → openai
  // → oracle → nvidia with OpenAI paying Oracle 0): money invested in it would be tagged although
  // it never comes back. Such amounts (a 0 in the data or a --set, never a sample of a
  // distribution) are traced on the graph of the links that carry money.
  for (const Circle& circle : circles_) {
    for (uint32_t e : circle.edges) {
      if (amounts[e] > 0) continue;
      std::vector<double> kept;
      Tracer(links_with_money(graph_, amounts, &kept)).trace(kept.data(), outside, result, counted);
      return;
    }
  }
  const size_t n = graph_.nodes;
  for (auto* v : {&result.inflow, &result.outflow, &result.revenue, &result.round_tripped,
                  &result.round_tripped_first, &result.tagged, &result.tagged_out}) {
    v->assign(n, 0.0);
  }
  for (size_t e = 0; e < graph_.edges.size(); ++e) {
    const FlowEdge& edge = graph_.edges[e];
    result.inflow[edge.to] += amounts[e];
    result.outflow[edge.from] += amounts[e];
    if (edge.kind == FlowKind::kPayment) result.revenue[edge.to] += amounts[e];
  }
  // A company's pool: everything it receives, from the graph and from outside; when it pays out
  // more than that, the difference is money of its own from outside the graph.
  std::vector<double> pool(n);
  for (size_t v = 0; v < n; ++v) {
    double in = result.inflow[v] + (outside ? std::max(0.0, outside[v]) : 0.0);
    pool[v] = std::max(in, result.outflow[v]);
  }
  for (const Circle& circle : circles_) {
    if (circle.has_investment) trace_circle(circle, amounts, pool, counted, result);
  }
}

// Inside one circle, with m the tagged money through each member:
//   m_i = (investments into i from members) + Σ_j payment(j → i) · m_j / pool_j
// i.e. (I − Pᵀ) m = b, where P_ji = payment(j → i) / pool_j, rows summing to at most 1.
void Tracer::trace_circle(const Circle& circle, const double* amounts,
                          const std::vector<double>& pool, const char* counted,
                          TraceResult& result) const {
  const size_t n = circle.nodes.size();
  Eigen::MatrixXd system =
      Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  Eigen::VectorXd invested = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(n));
  std::vector<double> paid_inside(n, 0.0);
  std::vector<std::vector<uint32_t>> payers(n);  // positive payment edges, reversed
  for (uint32_t e : circle.edges) {
    const FlowEdge& edge = graph_.edges[e];
    const double f = amounts[e];
    if (f <= 0) continue;
    const uint32_t from = local_[edge.from], to = local_[edge.to];
    if (edge.kind == FlowKind::kInvestment) {
      invested[to] += f;
      continue;
    }
    system(to, from) -= f / pool[edge.from];
    paid_inside[from] += f;
    payers[to].push_back(from);
  }
  // The system is singular exactly when some members pass all they hold round among themselves
  // and nothing ever leaves them. No tagged money can reach such a closed ring (whatever enters a
  // company must also be kept or leave), so those members carry none: found as the members from
  // which no chain of payments reaches one that keeps or passes on money outside the ring.
  std::vector<char> reaches_leak(n, 0);
  std::vector<uint32_t> queue;
  for (uint32_t i = 0; i < n; ++i) {
    const double p = pool[circle.nodes[i]];
    if (p <= 0 || paid_inside[i] < p * (1 - kLeakTolerance)) {
      reaches_leak[i] = 1;
      queue.push_back(i);
    }
  }
  for (size_t q = 0; q < queue.size(); ++q) {
    for (uint32_t payer : payers[queue[q]]) {
      if (!reaches_leak[payer]) {
        reaches_leak[payer] = 1;
        queue.push_back(payer);
      }
    }
  }
  for (uint32_t i = 0; i < n; ++i) {
    if (reaches_leak[i]) continue;
    system.row(i).setZero();
    system(i, i) = 1;
    invested[i] = 0;
  }
  const Eigen::VectorXd tagged = system.partialPivLu().solve(invested);
  for (uint32_t i = 0; i < n; ++i) {
    const uint32_t node = circle.nodes[i];
    const double m = std::max(0.0, tagged[i]);
    result.tagged[node] = m;
    result.tagged_out[node] = pool[node] > 0 ? m * (1 - paid_inside[i] / pool[node]) : m;
  }
  for (uint32_t e : circle.edges) {
    const FlowEdge& edge = graph_.edges[e];
    if (edge.kind != FlowKind::kPayment || amounts[e] <= 0) continue;
    result.round_tripped[edge.to] += amounts[e] * result.tagged[edge.from] / pool[edge.from];
  }

  // Counted once: u, the tagged money through each member that has not yet arrived as revenue
  // at a counted member, is what members invest in it plus what it receives from the others'
  // uncounted money, unless it is counted itself:
  //   u_i = b_i + [i not counted] · Σ_j P[j][i] · u_j.
  // When every member is counted, u = b: a dollar counts at the first company it is paid to.
  Eigen::VectorXd uncounted = invested;
  bool all_counted = true;
  for (uint32_t node : circle.nodes) all_counted = all_counted && (!counted || counted[node]);
  if (!all_counted) {
    Eigen::MatrixXd once =
        Eigen::MatrixXd::Identity(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (uint32_t e : circle.edges) {
      const FlowEdge& edge = graph_.edges[e];
      if (edge.kind != FlowKind::kPayment || amounts[e] <= 0 || counted[edge.to]) continue;
      const uint32_t from = local_[edge.from], to = local_[edge.to];
      if (reaches_leak[to]) once(to, from) -= amounts[e] / pool[edge.from];
    }
    uncounted = once.partialPivLu().solve(invested);
  }
  for (uint32_t e : circle.edges) {
    const FlowEdge& edge = graph_.edges[e];
    if (edge.kind != FlowKind::kPayment || amounts[e] <= 0) continue;
    if (counted && !counted[edge.to]) continue;
    const double u = std::max(0.0, uncounted[local_[edge.from]]);
    result.round_tripped_first[edge.to] += amounts[e] * u / pool[edge.from];
  }
}

namespace {

// Stops the enumeration once enough cycles are found. Boost 1.74's hawick_circuits has no other
// way out of its search than an exception from the visitor; it never leaves this file.
struct EnoughCycles {};

struct CycleCollector {
  CycleList* out;
  size_t limit;

  template <class Path, class Graph>
  void cycle(const Path& path, const Graph&) {
    if (out->cycles.size() >= limit) {
      out->truncated = true;
      throw EnoughCycles{};
    }
    std::vector<uint32_t> cycle(path.begin(), path.end());
    std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
    out->cycles.push_back(std::move(cycle));
  }
};

}  // namespace

CycleList elementary_cycles(const FlowGraph& graph, size_t limit) {
  CycleList list;
  BoostGraph g = to_boost(graph);
  try {
    boost::hawick_circuits(g, CycleCollector{&list, limit});
  } catch (const EnoughCycles&) {
  }
  std::sort(list.cycles.begin(), list.cycles.end(), [](const auto& a, const auto& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return list;
}

double cycle_amount(const FlowGraph& graph, const double* amounts,
                    const std::vector<uint32_t>& cycle) {
  double smallest = std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < cycle.size(); ++i) {
    const uint32_t from = cycle[i], to = cycle[(i + 1) % cycle.size()];
    double link = 0;
    for (size_t e = 0; e < graph.edges.size(); ++e) {
      if (graph.edges[e].from == from && graph.edges[e].to == to) link += amounts[e];
    }
    smallest = std::min(smallest, link);
  }
  return cycle.empty() ? 0.0 : smallest;
}

}  // namespace gpugap
