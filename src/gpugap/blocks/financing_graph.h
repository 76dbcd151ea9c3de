// The financing graph's mathematics: companies are nodes, deals are edges of money. Two
// computations run on it (docs/financing-graph.md explains both with a worked example):
//  * elementary cycles, from Boost.Graph's hawick_circuits;
//  * round-tripped revenue as vendor-financed demand, by proportional flow tracing: every
//    company's outflows carry its inflows in proportion; a company's round-tripped revenue is the
//    part of its revenue paid with its own spending that a supplier (or the company itself)
//    invested in a customer and that came back to it. It moves continuously with every amount:
//    a circle closed by a $1 link round-trips about $1. Two linear systems per member of a circle
//    with an investment, solved with Eigen.
//
// A FlowGraph is structure only (who pays whom, and how); amounts come with each call, so one
// Tracer serves every Monte Carlo sample. A Tracer is immutable after construction: trace() is
// const and safe to call from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gpugap {

enum class FlowKind : uint8_t {
  kInvestment,  // equity, loans: money that funds the receiver
  kPayment,     // purchases, cloud contracts, revenue: money the receiver earns
};

struct FlowEdge {
  uint32_t from = 0;
  uint32_t to = 0;
  FlowKind kind = FlowKind::kPayment;
};

// Parallel edges are allowed (two deals between the same companies); self-loops are not.
struct FlowGraph {
  uint32_t nodes = 0;
  std::vector<FlowEdge> edges;
};

// What tracing finds for one set of amounts, per node, in the amounts' unit.
struct TraceResult {
  std::vector<double> inflow;   // all money received
  std::vector<double> outflow;  // all money paid or invested
  std::vector<double> revenue;  // payments received
  // The part of revenue that is vendor-financed: the company's own money (what it paid or
  // invested), invested by a company of its circle in another, that came back to it as payments.
  std::vector<double> round_tripped;
  // The same money counted once over the companies counted (see trace()): each investment counts
  // by the largest part of it that is one counted company's round-tripped revenue, at that
  // company. Summed over companies, at most the money invested inside circles, and at least any
  // one counted company's round_tripped.
  std::vector<double> round_tripped_first;

  double end_customer(size_t node) const { return revenue[node] - round_tripped[node]; }
  double round_tripped_share(size_t node) const {
    return revenue[node] > 0 ? round_tripped[node] / revenue[node] : 0.0;
  }
};

class Tracer {
 public:
  explicit Tracer(FlowGraph graph);

  const FlowGraph& graph() const { return graph_; }
  // The circle of each node: its strongly connected component when that has two or more nodes,
  // numbered from 0; -1 for a node on no cycle.
  const std::vector<int>& circle_of() const { return circle_of_; }
  size_t circle_count() const { return circles_.size(); }

  // `amounts` has one entry per edge, each finite and ≥ 0. `outside`, when not null, has one
  // entry per node: money the node receives from outside the graph (end customers, other
  // investors), which dilutes what it passes on. An edge whose amount is 0 is no link: when one
  // lies inside a circle, the circles are found again for these amounts (a slower path).
  // `counted`, when not null, has one entry per node: the nodes whose round-tripped revenue
  // round_tripped_first counts; null: every node.
  void trace(const double* amounts, const double* outside, TraceResult& result,
             const char* counted = nullptr) const;

 private:
  struct Circle {
    std::vector<uint32_t> nodes;
    std::vector<uint32_t> edges;  // edges with both ends in the circle
    bool has_investment = false;  // without one, nothing is vendor-financed: nothing to solve
  };
  void trace_circle(const Circle& circle, const double* amounts, const std::vector<double>& pool,
                    const char* counted, TraceResult& result) const;

  FlowGraph graph_;
  std::vector<int> circle_of_;
  std::vector<uint32_t> local_;  // a node's index inside its circle
  std::vector<Circle> circles_;
};

// The graph without the edges that carry no money for these amounts (`amounts` has one entry per
// edge): a link with no money is no link, so cycles and circles of one period are found on it.
// `kept`, when not null, receives the amounts of the edges kept.
FlowGraph links_with_money(const FlowGraph& graph, const double* amounts,
                           std::vector<double>* kept = nullptr);

// Every elementary cycle (parallel edges count once), each rotated to start at its smallest
// node, sorted; at most `limit` of them (a dense graph has more cycles than atoms).
struct CycleList {
  std::vector<std::vector<uint32_t>> cycles;
  bool truncated = false;
};
CycleList elementary_cycles(const FlowGraph& graph, size_t limit);

// The money that goes round a cycle: its smallest link, a link being the sum of the amounts of
// the edges from one node to the next.
double cycle_amount(const FlowGraph& graph, const double* amounts,
                    const std::vector<uint32_t>& cycle);

}  // namespace gpugap
