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

double money_invested_in_circles(const Case& c) {
  Tracer tracer(c.graph);
  double invested = 0;
  for (size_t e = 0; e < c.graph.edges.size(); ++e) {
    const FlowEdge& edge = c.graph.edges[e];
    int circle = tracer.circle_of()[edge.from];
    if (edge.kind == kInvest && circle >= 0 && circle == tracer.circle_of()[edge.to]) {
      invested += c.amounts[e];
    }
  }
  return invested;
}

// Round-tripped revenue is a part of revenue; the total counted once is at most the money
// invested inside circles.
void expect_bounded(const Case& c, const TraceResult& r) {
  for (uint32_t v = 0; v < c.graph.nodes; ++v) {
    EXPECT_GE(r.round_tripped[v], 0) << "node " << v;
    EXPECT_LE(r.round_tripped[v], r.revenue[v] * (1 + 1e-12)) << "node " << v;
  }
  const double once =
      std::accumulate(r.round_tripped_first.begin(), r.round_tripped_first.end(), 0.0);
  const double invested = money_invested_in_circles(c);
  EXPECT_LE(once, invested * (1 + 1e-12) + 1e-12);
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
  expect_bounded(c, r);
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
  EXPECT_DOUBLE_EQ(r.round_tripped[oracle], 10);
  EXPECT_DOUBLE_EQ(r.round_tripped_share(oracle), 0.25);
  EXPECT_DOUBLE_EQ(r.round_tripped[nvidia], 5);
  EXPECT_DOUBLE_EQ(r.round_tripped_share(nvidia), 0.25);
  EXPECT_DOUBLE_EQ(r.end_customer(oracle), 30);
  EXPECT_EQ(r.round_tripped[meta], 0);
  EXPECT_EQ(r.round_tripped[openai], 0);
  // Counted once: Nvidia's 10 is Oracle's 10 and, in part, Nvidia's 5; the total is 10.
  EXPECT_DOUBLE_EQ(std::accumulate(r.round_tripped_first.begin(), r.round_tripped_first.end(), 0.0),
                   10);
  expect_bounded(c, r);
}

// A payment loop inside the circle. By hand: A invests 10 in B; B pays A 20; A pays B 10; an
// outside customer C pays B 20. Pools: A 20, B 40.
//  * A: its investment of 10 is its own money; B passes on 20/40 of what it holds to A, so 5 of
//    A's revenue of 20 is vendor-financed (25%). What then goes round A → B → A again passed
//    through no investment on the way: trade, not financing.
//  * B: A's money is all B's (A's pool is B's 20), but A invests it in B itself: an investment
//    is not revenue, and nothing A pays B went through an investment since it left B: 0.
TEST(FinancingGraph, MixedCaseComputedByHand) {
  enum { a, b, customer };
  Case c;
  c.add(a, b, kInvest, 10);
  c.add(b, a, kPay, 20);
  c.add(a, b, kPay, 10);
  c.add(customer, b, kPay, 20);
  auto r = c.trace();
  EXPECT_NEAR(r.round_tripped[a], 5, 1e-12);
  EXPECT_NEAR(r.round_tripped_share(a), 0.25, 1e-12);
  EXPECT_NEAR(r.round_tripped[b], 0, 1e-12);
  expect_bounded(c, r);
}

TEST(FinancingGraph, OutsideMoneyDilutes) {
  Case c;  // the pure circle, but Oracle also earns 300 from customers outside the graph
  c.add(0, 1, kInvest, 100);
  c.add(1, 2, kPay, 100);
  c.add(2, 0, kPay, 100);
  auto r = c.trace({0, 0, 300});
  EXPECT_DOUBLE_EQ(r.round_tripped_share(2), 1.0);   // OpenAI's payment is all Nvidia's money
  EXPECT_DOUBLE_EQ(r.round_tripped_share(0), 0.25);  // Oracle pays from a pool of 400
  expect_bounded(c, r);
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
  c.amounts[2] = 5;  // with money on the link the circle is back, in proportion to it:
  // 2's 5 are half of 0's pool of 10, so half of 0's 10 invested in 1 is 2's money: 5 of 30.
  EXPECT_DOUBLE_EQ(c.trace().round_tripped[2], 5);
}

TEST(FinancingGraph, BoundedOnARandomGraph) {
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
  expect_bounded(c, r);
}

// Property: outside money (the filings' revenue a scenario gives by default, or any amount) only
// dilutes. On random graphs, giving companies outside money never raises a company's
// round-tripped revenue nor the total counted once, and leaves revenue as it is: with no outside
// money the measure is the largest the deals allow (docs/financing-graph.md, "Outside money").
TEST(FinancingGraph, OutsideMoneyNeverRaisesTheRoundTrip) {
  std::mt19937 rng(31);
  std::uniform_int_distribution<uint32_t> node(0, 11);
  std::uniform_real_distribution<double> amount(1, 100), money(0, 300), coin(0, 1);
  int diluted = 0;
  for (int trial = 0; trial < 60; ++trial) {
    Case c;
    for (int e = 0; e < 30; ++e) {
      uint32_t from = node(rng), to = node(rng);
      if (from == to) continue;
      c.add(from, to, e % 3 == 0 ? kInvest : kPay, amount(rng));
    }
    std::vector<double> outside(c.graph.nodes, 0.0);
    for (double& o : outside) o = coin(rng) < 0.5 ? money(rng) : 0.0;
    const TraceResult none = c.trace(), some = c.trace(outside);
    for (size_t v = 0; v < c.graph.nodes; ++v) {
      EXPECT_DOUBLE_EQ(some.revenue[v], none.revenue[v]);
      EXPECT_LE(some.round_tripped[v], none.round_tripped[v] * (1 + 1e-12) + 1e-9)
          << "trial " << trial << " company " << v;
      if (some.round_tripped[v] < none.round_tripped[v] * (1 - 1e-6)) ++diluted;
    }
    const double total_none =
        std::accumulate(none.round_tripped_first.begin(), none.round_tripped_first.end(), 0.0);
    const double total_some =
        std::accumulate(some.round_tripped_first.begin(), some.round_tripped_first.end(), 0.0);
    EXPECT_LE(total_some, total_none * (1 + 1e-12) + 1e-9) << "trial " << trial;
  }
  EXPECT_GT(diluted, 0);  // the property is not vacuous: outside money did dilute somewhere
}

// The slow, obvious version of the definition: for each company i, release what it pays and
// invests as its money; pass it on hop by hop, each company splitting what it holds in proportion
// to its pool, until nothing is left in flight; money that has gone through an investment since
// it left i and arrives at i as a payment is i's round-tripped revenue; whatever reaches i stops.
std::vector<double> round_tripped_by_hops(const Case& c) {
  TraceResult totals = c.trace();  // only its inflows and outflows are used
  const size_t n = c.graph.nodes;
  std::vector<double> pool(n), round_tripped(n, 0.0);
  for (size_t v = 0; v < n; ++v) pool[v] = std::max(totals.inflow[v], totals.outflow[v]);
  for (uint32_t i = 0; i < n; ++i) {
    std::vector<double> traded(n, 0.0), invested(n, 0.0);  // i's money, before and after
    for (size_t e = 0; e < c.graph.edges.size(); ++e) {
      const FlowEdge& edge = c.graph.edges[e];
      if (edge.from != i) continue;
      (edge.kind == kInvest ? invested : traded)[edge.to] += c.amounts[e];
    }
    for (int hop = 0; hop < 3000; ++hop) {
      std::vector<double> traded_next(n, 0.0), invested_next(n, 0.0);
      for (size_t e = 0; e < c.graph.edges.size(); ++e) {
        const FlowEdge& edge = c.graph.edges[e];
        if (edge.from == i || pool[edge.from] <= 0) continue;
        const double f = c.amounts[e] / pool[edge.from];
        const double t = traded[edge.from] * f, v = invested[edge.from] * f;
        if (edge.to == i) {
          if (edge.kind == kPay) round_tripped[i] += v;
          continue;
        }
        if (edge.kind == kPay) {
          traded_next[edge.to] += t;
          invested_next[edge.to] += v;
        } else {
          invested_next[edge.to] += t + v;
        }
      }
      traded = traded_next;
      invested = invested_next;
    }
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

// A circle of more than 24 members inverts its two systems once instead of solving two per
// member (Tracer::trace_circle): the answers must still be those of the definition.
TEST(FinancingGraph, ALargeCircleAgreesWithHopByHopTracing) {
  std::mt19937 rng(29);
  std::uniform_int_distribution<uint32_t> node(0, 39);
  std::uniform_real_distribution<double> amount(1, 50);
  Case c;
  for (int e = 0; e < 240; ++e) {
    uint32_t from = node(rng), to = node(rng);
    if (from == to) continue;
    c.add(from, to, e % 4 == 0 ? kInvest : kPay, amount(rng));
  }
  Tracer tracer(c.graph);
  ASSERT_EQ(tracer.circle_count(), 1u);
  size_t members = 0;
  for (int circle : tracer.circle_of()) members += circle == 0 ? 1 : 0;
  ASSERT_GT(members, 24u);
  auto r = c.trace();
  auto slow = round_tripped_by_hops(c);
  for (uint32_t v = 0; v < c.graph.nodes; ++v) {
    EXPECT_NEAR(r.round_tripped[v], slow[v], 1e-7 * std::max(1.0, slow[v])) << "node " << v;
  }
  expect_bounded(c, r);
}

// The seed's circle (docs/financing-graph.md): $100 invested reaches Oracle, then Nvidia. Each
// company's round-tripped revenue is 100, but the money invested is 100, and a total counts it
// once.
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
  EXPECT_DOUBLE_EQ(r.round_tripped_first[oracle] + r.round_tripped_first[nvidia], 100);
  const std::vector<char> only_nvidia = {1, 0, 0};
  Tracer(c.graph).trace(c.amounts.data(), nullptr, r, only_nvidia.data());
  EXPECT_DOUBLE_EQ(r.round_tripped_first[oracle], 0);
  EXPECT_DOUBLE_EQ(r.round_tripped_first[nvidia], 100);
  const std::vector<char> only_oracle = {0, 0, 1};
  Tracer(c.graph).trace(c.amounts.data(), nullptr, r, only_oracle.data());
  EXPECT_DOUBLE_EQ(r.round_tripped_first[oracle], 100);
  EXPECT_DOUBLE_EQ(r.round_tripped_first[nvidia], 0);
}

// Property: over random graphs and any choice of counted companies, the total counted once is at
// most the money invested inside circles and the sum of the counted companies' own figures, and
// at least the largest of them.
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
    std::vector<char> counted(c.graph.nodes, 1);
    if (trial % 4 != 0) {
      for (auto& flag : counted) flag = coin(rng) ? 1 : 0;
    }
    TraceResult r;
    Tracer(c.graph).trace(c.amounts.data(), nullptr, r, counted.data());
    const double invested = money_invested_in_circles(c);
    const double once =
        std::accumulate(r.round_tripped_first.begin(), r.round_tripped_first.end(), 0.0);
    double sum = 0, largest = 0;
    for (uint32_t v = 0; v < c.graph.nodes; ++v) {
      if (!counted[v]) {
        EXPECT_EQ(r.round_tripped_first[v], 0) << "trial " << trial << ", node " << v;
        continue;
      }
      sum += r.round_tripped[v];
      largest = std::max(largest, r.round_tripped[v]);
    }
    EXPECT_LE(once, invested * (1 + 1e-12)) << "trial " << trial;
    EXPECT_LE(once, sum * (1 + 1e-12)) << "trial " << trial;
    EXPECT_GE(once, largest * (1 - 1e-12)) << "trial " << trial;
  }
}

// Issue 14, item 9: no jump at the circle test. Oracle's round-tripped revenue is what its own
// purchases from Nvidia, invested by Nvidia in OpenAI, bring back: $0 when it buys nothing, $1
// when it buys $1, growing with the link until Nvidia's whole investment is Oracle's money.
TEST(FinancingGraph, RoundTripMovesContinuouslyWithTheClosingLink) {
  enum { nvidia, openai, oracle };
  Case c;
  c.add(nvidia, openai, kInvest, 100);
  c.add(openai, oracle, kPay, 300);
  c.add(oracle, nvidia, kPay, 0);
  EXPECT_EQ(c.trace().round_tripped[oracle], 0);
  c.amounts[2] = 1;
  EXPECT_DOUBLE_EQ(c.trace().round_tripped[oracle], 1);
  c.amounts[2] = 50;
  EXPECT_DOUBLE_EQ(c.trace().round_tripped[oracle], 50);
  c.amounts[2] = 300;
  EXPECT_DOUBLE_EQ(c.trace().round_tripped[oracle], 100);
  // With Nvidia's other customers (130 from outside the graph), Oracle's share of Nvidia's pool,
  // and so of its investment, is X / (X + 130): monotone in X, and never a step.
  const std::vector<double> outside = {130, 0, 0};
  double previous = 0;
  for (double x : {0.0, 1e-9, 1e-3, 1.0, 10.0, 50.0, 100.0, 154.0, 300.0, 1000.0}) {
    c.amounts[2] = x;
    const auto r = c.trace(outside);
    EXPECT_NEAR(r.round_tripped[oracle], 100 * x / (x + 130), 1e-9) << "X = " << x;
    EXPECT_GE(r.round_tripped[oracle], previous) << "X = " << x;
    EXPECT_NEAR(r.round_tripped[nvidia], x * 100 / std::max(300.0, x), 1e-9) << "X = " << x;
    previous = r.round_tripped[oracle];
  }
}

// Property: on random graphs, a payment set to a small amount gives every company nearly the
// round-tripped revenue it has with that payment at 0 (the 0 is traced on the graph without the
// link, the small amount on the graph with it: the two must meet).
TEST(FinancingGraph, ASmallLinkRoundTripsLittle) {
  std::mt19937 rng(23);
  std::uniform_int_distribution<uint32_t> node(0, 7);
  std::uniform_real_distribution<double> amount(1, 50);
  for (int trial = 0; trial < 60; ++trial) {
    Case c;
    for (int e = 0; e < 16; ++e) {
      uint32_t from = node(rng), to = node(rng);
      if (from == to) continue;
      c.add(from, to, e % 3 == 0 ? kInvest : kPay, amount(rng));
    }
    std::vector<size_t> payments;
    for (size_t e = 0; e < c.amounts.size(); ++e) {
      if (c.graph.edges[e].kind == kPay) payments.push_back(e);
    }
    if (payments.empty()) continue;
    const size_t link = payments[static_cast<size_t>(trial) % payments.size()];
    c.amounts[link] = 0;
    const TraceResult without = c.trace();
    c.amounts[link] = 1e-7;
    const TraceResult small = c.trace();
    for (uint32_t v = 0; v < c.graph.nodes; ++v) {
      EXPECT_NEAR(small.round_tripped[v], without.round_tripped[v], 1e-5)
          << "trial " << trial << ", node " << v;
    }
    const double once_without = std::accumulate(without.round_tripped_first.begin(),
                                                without.round_tripped_first.end(), 0.0);
    const double once_small =
        std::accumulate(small.round_tripped_first.begin(), small.round_tripped_first.end(), 0.0);
    EXPECT_NEAR(once_small, once_without, 1e-5) << "trial " << trial;
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
