// The [financing] block (docs/economics.md §5, docs/financing-graph.md): deals between companies as
// a graph of money, year by year, and how much of the chosen companies' revenue is vendor-financed
// (round-tripped: their own spending, invested by a supplier in a customer, coming back) rather
// than end-customer demand.
//
//   [financing]
//   deals = "../data/deals.csv"          # relative to this file
//   companies = "../data/companies.csv"  # optional: the companies a deal may name
//   report = ["openai", "oracle"]        # companies with outputs of their own
//
// Each counted deal's amount becomes the quantity `deal.<id>` (USD; --set deal.x=200B), and the
// block computes `financing.<output>` series over [time] (or totals without [time]). The block is
// immutable; evaluate() is const and thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "gpugap/blocks/financing_graph.h"
#include "gpugap/program/block.h"
#include "gpugap/scenario/scenario.h"

namespace gpugap {

// A deal as the block counts it.
struct CountedDeal {
  std::string id;
  uint32_t from = 0, to = 0;  // company indices
  FlowKind flow = FlowKind::kPayment;
  std::string kind, status, basis;
  std::optional<int> start_year, years;  // after [financing.timing]
};

// The graph of one period with a point run's amounts: for `gpugap graph`.
struct FinancingSnapshot {
  std::optional<int> year;        // empty: whole amounts of every deal
  FlowGraph graph;                // nodes are FinancingBlock::companies()
  std::vector<size_t> edge_deal;  // the deal of each edge
  std::vector<double> amounts;    // per edge, USD (USD/yr for a year)
  std::vector<double> outside;    // per company: money from outside the deals
  TraceResult trace;
  std::vector<int> circle_of;  // per company, -1 when on no cycle
  CycleList cycles;
  std::vector<double> cycle_amounts;
};

class FinancingBlock final : public Block {
 public:
  struct Company {
    std::string id;
    std::string name;  // from the companies file, else the id
  };
  struct Period {
    std::optional<int> year;
    std::vector<size_t> deals;   // per edge of the tracer's graph: index into deals()
    std::vector<double> shares;  // per edge: the part of the deal's amount that flows then
    std::shared_ptr<const Tracer> tracer;
  };

  FinancingBlock(std::vector<Company> companies, std::vector<CountedDeal> deals,
                 std::vector<uint32_t> report, std::vector<uint32_t> outside,
                 std::optional<TimeAxis> time);

  std::string name() const override { return "financing"; }
  std::vector<std::string> inputs() const override;
  std::vector<BlockOutput> outputs() const override;
  Status check(const std::vector<BlockInputInfo>& inputs) const override;
  void evaluate(BlockFrame& frame) const override;
  // A negative deal amount or outside money (from --set, or a formula), named.
  std::optional<BlockInputProblem> explain_not_finite(
      const std::vector<std::vector<double>>& values) const override;

  const std::vector<Company>& companies() const { return companies_; }
  const std::vector<CountedDeal>& deals() const { return deals_; }
  // Deals not counted only because the scenario gave no `statuses` and theirs (announced) is not
  // counted by default: the graph says so.
  const std::vector<std::string>& left_out_by_default_status() const { return default_left_out_; }
  void set_left_out_by_default_status(std::vector<std::string> ids) {
    default_left_out_ = std::move(ids);
  }
  const std::optional<TimeAxis>& time() const { return time_; }

  // Enough cycles for any real set of deals; a dense synthetic graph has astronomically many.
  static constexpr size_t kCycleLimit = 1000;

  // `values` is parallel to inputs(): each input's value in base units, one entry, or one per
  // year of the time axis. `year` empty means every deal's whole amount. At most `cycle_limit`
  // cycles are listed.
  FinancingSnapshot snapshot(const std::vector<std::vector<double>>& values,
                             std::optional<int> year, size_t cycle_limit = kCycleLimit) const;

 private:
  Period make_period(std::optional<int> year) const;
  void trace_period(const Period& period, const double* deal_amounts, const double* outside,
                    std::vector<double>& amounts, TraceResult& result) const;
  void measure(const Period& period, const std::vector<double>& amounts, const TraceResult& result,
               double* values) const;

  std::vector<Company> companies_;
  std::vector<CountedDeal> deals_;
  std::vector<std::string> default_left_out_;
  std::vector<uint32_t> report_;   // companies with outputs of their own
  std::vector<uint32_t> outside_;  // companies with an outside-money input, in input order
  std::vector<char> summed_;       // per company: counted in financing.revenue and the like
  std::optional<TimeAxis> time_;
  Period whole_;               // every deal, whole amounts
  std::vector<Period> years_;  // one per year of the time axis
};

// The factory of blocks/registry.cc: reads the [financing] table and its data files, adds the
// deals' amounts (and outside money) to the scenario as quantities, and builds the block.
Result<std::shared_ptr<const Block>> make_financing_block(const toml::table& table,
                                                          Scenario& scenario);

// The scenario's financing block, or null.
const FinancingBlock* find_financing_block(const Scenario& scenario);

}  // namespace gpugap
