#include "gpugap/blocks/financing_graph.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>

namespace gpugap {
namespace {

constexpr FlowKind kInvest = FlowKind::kInvestment;
constexpr FlowKind kPay = FlowKind::kPayment;

struct Case {
  FlowGraph graph;
  std::vector<double> amounts;
  void add(uint32_t from, uint32_t to, FlowKind kind, double amount) {
    graph.nodes = std::max(graph.nodes, std::max(from, to) + 1);
    graph.edges.push_back({from, to, kind});
    amounts.push_back(amount);
  }
  TraceResult trace(const std::vector<double>& outside = {}) const {
    TraceResult r;
    Tracer(graph).trace(amounts.data(), outside.empty() ? nullptr : outside.data(), r);
    return r;
  }
};

// Money that enters the tracing (investments inside a circle) equals money that leaves it.
void expect_conserved(const Case& c, const TraceResult& r) {
  Tracer tracer(c.graph);
  double invested = 0;
  for (size_t e = 0; e < c.graph.edges.size(); ++e) {
    const FlowEdge& edge = c.graph.edges[e];
    int circle = tracer.circle_of()[edge.from];
    if (edge.kind == kInvest && circle >= 0 && circle == tracer.circle_of()[edge.to]) {
      invested += c.amounts[e];
    }
  }
  double left = std::accumulate(r.tagged_out.begin(), r.tagged_out.end(), 0.0);
  EXPECT_NEAR(left, invested, 1e-9 * std::max(1.0, invested));
}

TEST(FinancingGraph, NoCycleMeansNothingRoundTripped) {
  Case c;  // an investor funds a lab that buys from a chip maker: a chain, not a circle
  c.add(0, 1, kInvest, 10);
  c.add(1, 2, kPay, 30);
  c.add(3, 2, kPay, 5);
  auto r = c.trace();
  EXPECT_EQ(Tracer(c.graph).circle_count(), 0u);
  for (uint32_t v = 0; v < 4; ++v) EXPECT_EQ(r.round_tripped[v], 0);
  EXPECT_EQ(r.revenue[2], 35);
  EXPECT_EQ(r.end_customer(2), 35);
  EXPECT_TRUE(elementary_cycles(c.graph, 100).cycles.empty());
}

TEST(FinancingGraph, PureThreeCycleIsAllRoundTripped) {
  Case c;  // the seed's circle with one amount: Nvidia → OpenAI → Oracle → Nvidia
  c.add(0, 1, kInvest, 100);
  c.add(1, 2, kPay, 100);
  c.add(2, 0, kPay, 100);
  auto r = c.trace();
  EXPECT_DOUBLE_EQ(r.round_tripped_share(2), 1.0);
  EXPECT_DOUBLE_EQ(r.round_tripped_share(0), 1.0);
  EXPECT_EQ(r.revenue[1], 0);
  EXPECT_EQ(r.round_tripped_share(1), 0);  // no revenue: a share of nothing is 0
  expect_conserved(c, r);
}

// docs/financing-graph.md, "A worked example", with the numbers checked there by hand.
TEST(FinancingGraph, WorkedExampleOfTheDocs) {
  enum { nvidia, openai, oracle, meta };
  Case c;
  c.add(nvidia, openai, kInvest, 10);
  c.add(openai, oracle, kPay, 30);
  c.add(oracle, nvidia, kPay, 20);
  c.add(meta, oracle, kPay, 10);
  auto r = c.trace();
  EXPECT_DOUBLE_EQ(r.tagged[openai], 10);
  EXPECT_DOUBLE_EQ(r.tagged[oracle], 10);
  EXPECT_DOUBLE_EQ(r.tagged[nvidia], 5);
  EXPECT_DOUBLE_EQ(r.round_tripped[oracle], 10);
  EXPECT_DOUBLE_EQ(r.round_tripped_share(oracle), 0.25);
  EXPECT_DOUBLE_EQ(r.round_tripped[nvidia], 5);
  EXPECT_DOUBLE_EQ(r.round_tripped_share(nvidia), 0.25);
  EXPECT_DOUBLE_EQ(r.end_customer(oracle), 30);
  EXPECT_EQ(r.round_tripped[meta], 0);
  EXPECT_DOUBLE_EQ(r.tagged_out[oracle], 5);
  EXPECT_DOUBLE_EQ(r.tagged_out[nvidia], 5);
  expect_conserved(c, r);
}

// A payment loop inside the circle makes the system genuinely linear. By hand: A invests 10 in B;
// B pays A 20; A pays B 10; an outside customer C pays B 20. Pools: A 20, B 40.
//   m_B = 10 + (10/20)·m_A,  m_A = (20/40)·m_B  ⇒  m_B = 10 / (1 − 1/4) = 40/3,  m_A = 20/3.
// A's revenue 20 carries m_B/40 = 1/3 of tagged money: 20/3 (33.3%); B's revenue 30 takes
// 10 · m_A/20 = 10/3 from A (11.1%).
TEST(FinancingGraph, MixedCaseComputedByHand) {
  enum { a, b, customer };
  Case c;
  c.add(a, b, kInvest, 10);
  c.add(b, a, kPay, 20);
  c.add(a, b, kPay, 10);
  c.add(customer, b, kPay, 20);
  auto r = c.trace();
  EXPECT_NEAR(r.tagged[b], 40.0 / 3, 1e-12);
  EXPECT_NEAR(r.tagged[a], 20.0 / 3, 1e-12);
  EXPECT_NEAR(r.round_tripped[a], 20.0 / 3, 1e-12);
  EXPECT_NEAR(r.round_tripped_share(a), 1.0 / 3, 1e-12);
  EXPECT_NEAR(r.round_tripped[b], 10.0 / 3, 1e-12);
  EXPECT_NEAR(r.round_tripped_share(b), 1.0 / 9, 1e-12);
  expect_conserved(c, r);
}

TEST(FinancingGraph, OutsideMoneyDilutes) {
  Case c;  // the pure circle, but Oracle also earns 300 from customers outside the graph
  c.add(0, 1, kInvest, 100);
  c.add(1, 2, kPay, 100);
  c.add(2, 0, kPay, 100);
  auto r = c.trace({0, 0, 300});
  EXPECT_DOUBLE_EQ(r.round_tripped_share(2), 1.0);   // OpenAI's payment is all Nvidia's money
  EXPECT_DOUBLE_EQ(r.round_tripped_share(0), 0.25);  // Oracle pays from a pool of 400
  expect_conserved(c, r);
}

TEST(FinancingGraph, ClosedPaymentRingInsideACircleCarriesNothing) {
  Case c;  // 1 ⇄ 2 pay each other 50 and nothing else leaves them; 0 invests in 1 with amount 0
  c.add(0, 1, kInvest, 0);
  c.add(1, 2, kPay, 50);
  c.add(2, 1, kPay, 50);
  c.add(2, 0, kPay, 0);
  auto r = c.trace();
  for (uint32_t v = 0; v < 3; ++v) {
    EXPECT_TRUE(std::isfinite(r.round_tripped[v]));
    EXPECT_EQ(r.round_tripped[v], 0);
  }
}

TEST(FinancingGraph, ALinkWithoutMoneyClosesNoCircle) {
  Case c;  // 0 invests in 1, 1 pays 2, and 2 pays 0 nothing (a deal set to 0)
  c.add(0, 1, kInvest, 10);
  c.add(1, 2, kPay, 30);
  c.add(2, 0, kPay, 0);
  auto r = c.trace();
  // Structurally a circle; with these amounts 0's money never comes back.
  EXPECT_EQ(Tracer(c.graph).circle_count(), 1u);
  EXPECT_EQ(r.revenue[2], 30);
  EXPECT_EQ(r.round_tripped[2], 0);
  EXPECT_EQ(r.end_customer(2), 30);
  const FlowGraph money = links_with_money(c.graph, c.amounts.data());
  EXPECT_EQ(money.edges.size(), 2u);
  EXPECT_EQ(Tracer(money).circle_count(), 0u);
  EXPECT_TRUE(elementary_cycles(money, 100).cycles.empty());
  c.amounts[2] = 5;  // with money on the link the circle is back
  EXPECT_GT(c.trace().round_tripped[2], 0);
}

TEST(FinancingGraph, ConservationOnARandomGraph) {
  std::mt19937 rng(7);
  Case c;
  std::uniform_int_distribution<uint32_t> node(0, 29);
  std::uniform_real_distribution<double> amount(1, 100);
  for (int e = 0; e < 150; ++e) {
    uint32_t from = node(rng), to = node(rng);
    if (from == to) continue;
    c.add(from, to, e % 4 == 0 ? kInvest : kPay, amount(rng));
  }
  auto r = c.trace();
  expect_conserved(c, r);
  for (uint32_t v = 0; v < c.graph.nodes; ++v) {
    EXPECT_GE(r.round_tripped[v], 0);
    EXPECT_LE(r.round_tripped[v], r.revenue[v] * (1 + 1e-12));
  }
}

// The slow, obvious version: release the circle's investments and pass the tagged money on hop
// by hop, each company splitting what it holds in proportion to its pool, until nothing is left
// in flight; count what arrives as payments. The linear solve must agree.
// With `counted`, money that arrives at a counted company is counted there and stops: the
// round_tripped_first of trace().
std::vector<double> round_tripped_by_hops(const Case& c,
                                          const std::vector<char>* counted = nullptr) {
  Tracer tracer(c.graph);
  const auto& circle = tracer.circle_of();
  TraceResult totals = c.trace();  // only its inflows and outflows are used
  const size_t n = c.graph.nodes;
  std::vector<double> pool(n), in_flight(n, 0.0), round_tripped(n, 0.0);
  for (size_t v = 0; v < n; ++v) pool[v] = std::max(totals.inflow[v], totals.outflow[v]);
  auto inside = [&](const FlowEdge& e) {
    return circle[e.from] >= 0 && circle[e.from] == circle[e.to];
  };
  for (size_t e = 0; e < c.graph.edges.size(); ++e) {
    const FlowEdge& edge = c.graph.edges[e];
    if (edge.kind == kInvest && inside(edge)) in_flight[edge.to] += c.amounts[e];
  }
  for (int hop = 0; hop < 2000; ++hop) {
    std::vector<double> next(n, 0.0);
    for (size_t e = 0; e < c.graph.edges.size(); ++e) {
      const FlowEdge& edge = c.graph.edges[e];
      if (edge.kind != kPay || !inside(edge) || in_flight[edge.from] == 0) continue;
      double carried = in_flight[edge.from] * c.amounts[e] / pool[edge.from];
      round_tripped[edge.to] += carried;
      if (!counted || !(*counted)[edge.to]) next[edge.to] += carried;
    }
    in_flight = next;
  }
  return round_tripped;
}

TEST(FinancingGraph, LinearSolveAgreesWithHopByHopTracing) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<uint32_t> node(0, 11);
  std::uniform_real_distribution<double> amount(1, 50);
  for (int trial = 0; trial < 20; ++trial) {
    Case c;
    for (int e = 0; e < 30; ++e) {
      uint32_t from = node(rng), to = node(rng);
      if (from == to) continue;
      c.add(from, to, e % 3 == 0 ? kInvest : kPay, amount(rng));
    }
    auto r = c.trace();
    auto slow = round_tripped_by_hops(c);
    for (uint32_t v = 0; v < c.graph.nodes; ++v) {
      EXPECT_NEAR(r.round_tripped[v], slow[v], 1e-9 * std::max(1.0, slow[v]))
          << "trial " << trial << ", node " << v;
    }
  }
}

// The seed's circle (docs/financing-graph.md): $100 invested reaches Oracle, then Nvidia. Each
// company's round-tripped revenue is 100, but the money invested is 100, and a total counts it
// once: at the first company it is paid to, or at the first one counted.
TEST(FinancingGraph, ATotalCountsEachInvestedDollarOnce) {
  enum { nvidia, openai, oracle };
  Case c;
  c.add(nvidia, openai, kInvest, 100);
  c.add(openai, oracle, kPay, 300);
  c.add(oracle, nvidia, kPay, 300);
  TraceResult r;
  Tracer(c.graph).trace(c.amounts.data(), nullptr, r);
  EXPECT_DOUBLE_EQ(r.round_tripped[oracle], 100);
  EXPECT_DOUBLE_EQ(r.round_tripped[nvidia], 100);
  EXPECT_DOUBLE_EQ(r.round_tripped_first[oracle], 100);
  EXPECT_DOUBLE_EQ(r.round_tripped_first[nvidia], 0);
  const std::vector<char> only_nvidia = {1, 0, 0};
  Tracer(c.graph).trace(c.amounts.data(), nullptr, r, only_nvidia.data());
  EXPECT_DOUBLE_EQ(r.round_tripped_first[oracle], 0);
  EXPECT_DOUBLE_EQ(r.round_tripped_first[nvidia], 100);
}

// Property: over random graphs and any choice of counted companies, the total counted once is at
// most the money invested inside circles (and at most the sum of the companies' own figures),
// and it agrees with passing the money on hop by hop until it is counted.
TEST(FinancingGraph, TotalCountedOnceIsAtMostTheMoneyInvested) {
  std::mt19937 rng(19);
  std::uniform_int_distribution<uint32_t> node(0, 11);
  std::uniform_real_distribution<double> amount(1, 50);
  std::bernoulli_distribution coin(0.5);
  for (int trial = 0; trial < 40; ++trial) {
    Case c;
    for (int e = 0; e < 30; ++e) {
      uint32_t from = node(rng), to = node(rng);
      if (from == to) continue;
      c.add(from, to, e % 3 == 0 ? kInvest : kPay, amount(rng));
    }
    std::vector<char> counted(c.graph.nodes);
    for (auto& flag : counted) flag = coin(rng) ? 1 : 0;
    TraceResult r;
    Tracer tracer(c.graph);
    tracer.trace(c.amounts.data(), nullptr, r, trial % 4 == 0 ? nullptr : counted.data());
    double invested = 0;
    for (size_t e = 0; e < c.graph.edges.size(); ++e) {
      const FlowEdge& edge = c.graph.edges[e];
      const int circle = tracer.circle_of()[edge.from];
      if (edge.kind == kInvest && circle >= 0 && circle == tracer.circle_of()[edge.to]) {
        invested += c.amounts[e];
      }
    }
    const double once =
        std::accumulate(r.round_tripped_first.begin(), r.round_tripped_first.end(), 0.0);
    const double everywhere = std::accumulate(r.round_tripped.begin(), r.round_tripped.end(), 0.0);
    EXPECT_LE(once, invested * (1 + 1e-12)) << "trial " << trial;
    EXPECT_LE(once, everywhere * (1 + 1e-12)) << "trial " << trial;
    std::vector<char> all(c.graph.nodes, 1);
    auto slow = round_tripped_by_hops(c, trial % 4 == 0 ? &all : &counted);
    for (uint32_t v = 0; v < c.graph.nodes; ++v) {
      const double want = trial % 4 == 0 || counted[v] ? slow[v] : 0.0;
      EXPECT_NEAR(r.round_tripped_first[v], want, 1e-9 * std::max(1.0, want))
          << "trial " << trial << ", node " << v;
    }
  }
}

TEST(FinancingGraph, CyclesOfNestedCircles) {
  // 0 → 1 → 2 → 0, with 1 → 0 inside it, 2 → 3 → 2 beside it, and a parallel edge 0 → 1.
  Case c;
  c.add(0, 1, kInvest, 5);
  c.add(0, 1, kPay, 7);
  c.add(1, 2, kPay, 30);
  c.add(2, 0, kPay, 20);
  c.add(1, 0, kPay, 3);
  c.add(2, 3, kPay, 4);
  c.add(3, 2, kPay, 9);
  c.add(4, 0, kPay, 1);
  auto list = elementary_cycles(c.graph, 100);
  EXPECT_FALSE(list.truncated);
  std::vector<std::vector<uint32_t>> expected = {{0, 1}, {2, 3}, {0, 1, 2}};
  EXPECT_EQ(list.cycles, expected);
  EXPECT_DOUBLE_EQ(cycle_amount(c.graph, c.amounts.data(), {0, 1}), 3);      // 12 one way, 3 back
  EXPECT_DOUBLE_EQ(cycle_amount(c.graph, c.amounts.data(), {0, 1, 2}), 12);  // 12, 30, 20
  EXPECT_DOUBLE_EQ(cycle_amount(c.graph, c.amounts.data(), {2, 3}), 4);
  Tracer tracer(c.graph);
  EXPECT_EQ(tracer.circle_count(), 1u);  // 0, 1, 2, 3 are one strongly connected component
  EXPECT_EQ(tracer.circle_of()[4], -1);
  EXPECT_EQ(elementary_cycles(c.graph, 2).cycles.size(), 2u);
  EXPECT_TRUE(elementary_cycles(c.graph, 2).truncated);
}

}  // namespace
}  // namespace gpugap
