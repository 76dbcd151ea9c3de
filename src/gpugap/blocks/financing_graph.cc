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

// Circles of up to this many members solve two small systems per member; larger ones invert two
// systems once (Tracer::trace_circle).
constexpr Eigen::Index kDirectLimit = 24;

// A member leaks when what it passes on inside its circle falls short of its pool by more than
// this share (rounding noise below it).
constexpr double kLeakTolerance = 1e-9;

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
  // → oracle → nvidia with OpenAI paying Oracle 0), and its members' systems may then be singular
  // (a ring that passes everything round and never leaks). Such amounts (a 0 in the data or a
  // --set, never a sample of a distribution) are traced on the graph of the links that carry
  // money; the answer is the limit of the answers as the link's amount goes to 0.
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
                  &result.round_tripped_first}) {
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

// Vendor-financed demand inside one circle (docs/financing-graph.md, "Method"). For each member i,
// with every system blocked at i (money that comes back to i stops there):
//   o_c = out(i → c) + Σ_{j≠i} out(j → c) · o_j / pool_j          i's money in c's pool
//   w(a) = o_a / pool_a, w(i) = 1                                  the share of a's outflows that
//                                                                  is i's money
//   r_b = pay(b → i) / pool_b + Σ_{c≠i} pay(b → c) / pool_b · r_c  the share of b's money that
//                                                                  reaches i by payments
// An investment a → b of amount f funds i's revenue by c_i = f · w(a) · r(b): i's own spending,
// invested by a supplier (or by i itself) in a company whose payments bring it back to i. A
// company's round-tripped revenue is Σ c_i over the circle's investments; the total counts each
// investment once, by its largest c_i among the counted members.
void Tracer::trace_circle(const Circle& circle, const double* amounts,
                          const std::vector<double>& pool, const char* counted,
                          TraceResult& result) const {
  const auto n = static_cast<Eigen::Index>(circle.nodes.size());
  struct Link {
    uint32_t from, to;
    double amount;
    bool payment;
  };
  std::vector<Link> links;
  std::vector<uint32_t> investments;  // indices into links
  for (uint32_t e : circle.edges) {
    const FlowEdge& edge = graph_.edges[e];
    if (!(amounts[e] > 0)) continue;
    const bool payment = edge.kind == FlowKind::kPayment;
    if (!payment) investments.push_back(static_cast<uint32_t>(links.size()));
    links.push_back({local_[edge.from], local_[edge.to], amounts[e], payment});
  }
  std::vector<double> best(investments.size(), 0.0);
  std::vector<uint32_t> best_at(investments.size(), 0);
  const auto share = [&](uint32_t local, double money) {
    const double p = pool[circle.nodes[local]];
    return p > 0 ? money / p : 0.0;
  };
  // A large circle: one inverse of each system, for every member at once. With A the members'
  // outflow shares and P their payment shares (rows: the payer), N = (I − A)⁻¹ and K = (I − P)⁻¹,
  // the blocked systems' answers are N's last exit from i and K's first entrance into i:
  //   o_a = pool_i · N[i][a] / N[i][i],   r_b = K[b][i] / K[i][i]   (a, b ≠ i).
  // I − A is singular only when no member leaks (every dollar stays in the circle for ever):
  // such a circle, and a small one, solves each member's systems directly.
  Eigen::MatrixXd exits, entrances;
  if (n > kDirectLimit) {
    Eigen::MatrixXd all = Eigen::MatrixXd::Identity(n, n), paid = all;
    std::vector<double> inside(static_cast<size_t>(n), 0.0);
    for (const Link& l : links) {
      all(l.from, l.to) -= share(l.from, l.amount);
      if (l.payment) paid(l.from, l.to) -= share(l.from, l.amount);
      inside[l.from] += l.amount;
    }
    bool leaks = false;
    for (uint32_t j = 0; j < circle.nodes.size(); ++j) {
      leaks = leaks || inside[j] < pool[circle.nodes[j]] * (1 - kLeakTolerance);
    }
    if (leaks) {
      exits = all.partialPivLu().inverse();
      entrances = paid.partialPivLu().inverse();
      if (!exits.allFinite() || !entrances.allFinite()) exits.resize(0, 0);
    }
  }
  Eigen::MatrixXd own(n, n), reach(n, n);
  Eigen::VectorXd spent(n), back(n), mine(n), returns(n);
  for (uint32_t i = 0; i < circle.nodes.size(); ++i) {
    if (exits.size() > 0 && exits(i, i) > 0 && entrances(i, i) > 0) {
      mine = exits.row(i).transpose() * (pool[circle.nodes[i]] / exits(i, i));
      returns = entrances.col(i) / entrances(i, i);
    } else {
      own.setIdentity();
      reach.setIdentity();
      spent.setZero();
      back.setZero();
      for (const Link& l : links) {
        if (l.from == i) {
          if (l.to != i) spent[l.to] += l.amount;
          continue;
        }
        if (l.to != i) {
          own(l.to, l.from) -= share(l.from, l.amount);
          if (l.payment) reach(l.from, l.to) -= share(l.from, l.amount);
        } else if (l.payment) {
          back[l.from] += share(l.from, l.amount);
        }
      }
      mine = own.partialPivLu().solve(spent);
      returns = reach.partialPivLu().solve(back);
    }
    const uint32_t node = circle.nodes[i];
    const bool counts = !counted || counted[node];
    double round_tripped = 0;
    for (size_t k = 0; k < investments.size(); ++k) {
      const Link& l = links[investments[k]];
      if (l.to == i) continue;  // an investment in i is not revenue
      const double w = l.from == i ? 1.0 : std::clamp(share(l.from, mine[l.from]), 0.0, 1.0);
      const double c = l.amount * w * std::clamp(returns[l.to], 0.0, 1.0);
      round_tripped += c;
      if (counts && c > best[k]) {
        best[k] = c;
        best_at[k] = node;
      }
    }
    result.round_tripped[node] = std::min(round_tripped, result.revenue[node]);
  }
  for (size_t k = 0; k < investments.size(); ++k) {
    if (best[k] > 0) result.round_tripped_first[best_at[k]] += best[k];
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
