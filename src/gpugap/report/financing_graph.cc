#include "gpugap/report/financing_graph.h"

#include <fmt/format.h>

#include <algorithm>

#include "gpugap/report/text_table.h"
#include "gpugap/units/format.h"

namespace gpugap {
namespace {

std::string money(double usd) {
  return usd < 0 ? "-$" + format_number(-usd) : "$" + format_number(usd);
}

std::string percent(double share) { return format_percent(share * 100); }

std::string period_text(const FinancingSnapshot& s) {
  return s.year ? fmt::format("{} (USD/yr; each deal spread evenly over its years)", *s.year)
                : "whole amounts of every deal (USD)";
}

std::string cycle_text(const FinancingBlock& block, const std::vector<uint32_t>& cycle) {
  std::string text;
  for (uint32_t c : cycle) text += block.companies()[c].id + " → ";
  return text + block.companies()[cycle.front()].id;
}

// Money the company has from outside the deals in this period (0 when none is given).
double outside_of(const FinancingSnapshot& s, uint32_t c) {
  return c < s.outside.size() ? s.outside[c] : 0;
}

// Companies with money in this period, the largest revenue first (then by id).
std::vector<uint32_t> active_companies(const FinancingSnapshot& s) {
  std::vector<uint32_t> order;
  for (uint32_t c = 0; c < s.graph.nodes; ++c) {
    if (s.trace.inflow[c] > 0 || s.trace.outflow[c] > 0) order.push_back(c);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return s.trace.revenue[a] > s.trace.revenue[b]; });
  return order;
}

// Table rows with each column padded to its widest cell; the first `left_aligned` columns are
// text, the rest numbers.
std::string columns(const std::vector<std::vector<std::string>>& rows, size_t left_aligned) {
  TextTable table;
  for (const auto& row : rows) {
    table.align.resize(std::max(table.align.size(), row.size()), Align::kRight);
    table.add(row);
  }
  for (size_t c = 0; c < left_aligned && c < table.align.size(); ++c) table.align[c] = Align::kLeft;
  return table.render();
}

}  // namespace

std::string render_graph_table(const std::string& scenario, const FinancingBlock& block,
                               const FinancingSnapshot& s) {
  std::string out = fmt::format("Financing graph of {}: {}\n\n", scenario, period_text(s));
  std::vector<uint32_t> companies = active_companies(s);
  if (companies.empty()) return out + "No deal flows in this period.\n";
  std::vector<std::vector<std::string>> rows = {{"company", "inflows", "outside", "outflows",
                                                 "revenue", "round-tripped", "share",
                                                 "end-customer", "circle"}};
  for (uint32_t c : companies) {
    rows.push_back({block.companies()[c].id, money(s.trace.inflow[c]), money(outside_of(s, c)),
                    money(s.trace.outflow[c]), money(s.trace.revenue[c]),
                    money(s.trace.round_tripped[c]), percent(s.trace.round_tripped_share(c)),
                    money(s.trace.end_customer(c)),
                    s.circle_of[c] < 0 ? "-" : std::to_string(s.circle_of[c] + 1)});
  }
  out += columns(rows, 1);

  out += fmt::format("\nDeals ({}):\n", s.amounts.size());
  rows.clear();
  for (size_t e = 0; e < s.amounts.size(); ++e) {
    const CountedDeal& deal = block.deals()[s.edge_deal[e]];
    rows.push_back({deal.id, block.companies()[deal.from].id, "→", block.companies()[deal.to].id,
                    deal.kind, deal.status, deal.basis, money(s.amounts[e])});
  }
  out += columns(rows, 7);
  if (const auto& left = block.left_out_by_default_status(); !left.empty()) {
    out += fmt::format(
        "Not counted ({}): {} — announced, not signed; without statuses = [...] a scenario "
        "counts signed and paid deals only\n",
        left.size(), fmt::join(left, ", "));
  }

  out += fmt::format("\nCycles ({}{}; the money that goes round each is its smallest link):\n",
                     s.cycles.cycles.size(), s.cycles.truncated ? ", list truncated" : "");
  if (s.cycles.cycles.empty()) out += "  none: no company's money comes back to it\n";
  rows.clear();
  for (size_t i = 0; i < s.cycles.cycles.size(); ++i) {
    rows.push_back({cycle_text(block, s.cycles.cycles[i]), money(s.cycle_amounts[i])});
  }
  out += columns(rows, 1);
  out +=
      "\nround-tripped: vendor-financed revenue, the company's own spending that a supplier (or "
      "the\n"
      "company) invested in a customer, coming back through the deals (proportional flow tracing,\n"
      "docs/financing-graph.md); end-customer: the rest. outside: money from outside the deals\n"
      "(filed revenue by default), which pays for a company's outflows alongside its inflows, so\n"
      "that only the inflows' part of them can come back round.\n";
  return out;
}

nlohmann::ordered_json render_graph_json(const std::string& scenario, const FinancingBlock& block,
                                         const FinancingSnapshot& s) {
  nlohmann::ordered_json out;
  out["scenario"] = scenario;
  out["year"] = s.year ? nlohmann::ordered_json(*s.year) : nlohmann::ordered_json(nullptr);
  out["unit"] = s.year ? "USD/yr" : "USD";
  nlohmann::ordered_json companies = nlohmann::ordered_json::array();
  for (uint32_t c : active_companies(s)) {
    companies.push_back(
        {{"id", block.companies()[c].id},
         {"name", block.companies()[c].name},
         {"inflow", s.trace.inflow[c]},
         {"outside", outside_of(s, c)},
         {"outflow", s.trace.outflow[c]},
         {"revenue", s.trace.revenue[c]},
         {"round_tripped_revenue", s.trace.round_tripped[c]},
         {"round_tripped_share", s.trace.round_tripped_share(c)},
         {"end_customer_revenue", s.trace.end_customer(c)},
         {"circle", s.circle_of[c] < 0 ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(s.circle_of[c] + 1)}});
  }
  out["companies"] = companies;
  nlohmann::ordered_json deals = nlohmann::ordered_json::array();
  for (size_t e = 0; e < s.amounts.size(); ++e) {
    const CountedDeal& deal = block.deals()[s.edge_deal[e]];
    deals.push_back({{"id", deal.id},
                     {"from", block.companies()[deal.from].id},
                     {"to", block.companies()[deal.to].id},
                     {"kind", deal.kind},
                     {"status", deal.status},
                     {"basis", deal.basis},
                     {"amount", s.amounts[e]}});
  }
  out["deals"] = deals;
  nlohmann::ordered_json cycles = nlohmann::ordered_json::array();
  for (size_t i = 0; i < s.cycles.cycles.size(); ++i) {
    nlohmann::ordered_json ids = nlohmann::ordered_json::array();
    for (uint32_t c : s.cycles.cycles[i]) ids.push_back(block.companies()[c].id);
    cycles.push_back({{"companies", ids}, {"amount", s.cycle_amounts[i]}});
  }
  out["cycles"] = cycles;
  out["cycles_truncated"] = s.cycles.truncated;
  // A Sankey chart cannot draw a cycle, so payers stand on the left and receivers on the right:
  // node i < payers is a company paying, the rest are companies receiving.
  std::vector<int> payer(s.graph.nodes, -1), receiver(s.graph.nodes, -1);
  nlohmann::ordered_json nodes = nlohmann::ordered_json::array();
  for (const FlowEdge& edge : s.graph.edges) {
    if (payer[edge.from] < 0) {
      payer[edge.from] = static_cast<int>(nodes.size());
      nodes.push_back({{"name", block.companies()[edge.from].id}, {"side", "pays"}});
    }
  }
  for (const FlowEdge& edge : s.graph.edges) {
    if (receiver[edge.to] < 0) {
      receiver[edge.to] = static_cast<int>(nodes.size());
      nodes.push_back({{"name", block.companies()[edge.to].id}, {"side", "receives"}});
    }
  }
  nlohmann::ordered_json links = nlohmann::ordered_json::array();
  for (size_t e = 0; e < s.amounts.size(); ++e) {
    const FlowEdge& edge = s.graph.edges[e];
    const CountedDeal& deal = block.deals()[s.edge_deal[e]];
    bool circular = s.circle_of[edge.from] >= 0 && s.circle_of[edge.from] == s.circle_of[edge.to];
    links.push_back({{"source", payer[edge.from]},
                     {"target", receiver[edge.to]},
                     {"value", s.amounts[e]},
                     {"deal", deal.id},
                     {"kind", deal.kind},
                     {"in_circle", circular}});
  }
  out["nodes"] = nodes;
  out["links"] = links;
  return out;
}

std::string render_graph_csv(const FinancingBlock& block, const FinancingSnapshot& s) {
  std::string out =
      "company,name,inflow,outflow,revenue,round_tripped_revenue,round_tripped_share,"
      "end_customer_revenue,circle\n";
  for (uint32_t c : active_companies(s)) {
    const auto& company = block.companies()[c];
    std::string name = company.name;
    if (name.find_first_of(",\"") != std::string::npos) {
      std::string quoted = "\"";
      for (char ch : name) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      name = quoted + "\"";
    }
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", company.id, name, s.trace.inflow[c],
                       s.trace.outflow[c], s.trace.revenue[c], s.trace.round_tripped[c],
                       s.trace.round_tripped_share(c), s.trace.end_customer(c),
                       s.circle_of[c] < 0 ? std::string() : std::to_string(s.circle_of[c] + 1));
  }
  return out;
}

std::string render_graph_dot(const std::string& scenario, const FinancingBlock& block,
                             const FinancingSnapshot& s) {
  auto quote = [](const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '\n') {
        out += "\\n";  // Graphviz's line break
        continue;
      }
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  };
  std::string out = fmt::format(
      "// gpugap graph {}: {}\n// render with: dot -Tsvg graph.dot > graph.svg\n"
      "digraph financing {{\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n"
      "  edge [fontname=\"Helvetica\", fontsize=10];\n",
      scenario, period_text(s));
  for (uint32_t c : active_companies(s)) {
    std::string label = block.companies()[c].name;
    if (s.trace.revenue[c] > 0) {
      label += fmt::format("\nrevenue {}\n{} round-tripped", money(s.trace.revenue[c]),
                           percent(s.trace.round_tripped_share(c)));
    }
    out += fmt::format("  {} [label={}{}];\n", block.companies()[c].id, quote(label),
                       s.circle_of[c] >= 0 ? ", color=firebrick" : "");
  }
  double largest = 0;
  for (double a : s.amounts) largest = std::max(largest, a);
  for (size_t e = 0; e < s.amounts.size(); ++e) {
    const FlowEdge& edge = s.graph.edges[e];
    const CountedDeal& deal = block.deals()[s.edge_deal[e]];
    bool circular = s.circle_of[edge.from] >= 0 && s.circle_of[edge.from] == s.circle_of[edge.to];
    double width = largest > 0 ? 1 + 5 * s.amounts[e] / largest : 1;
    out += fmt::format("  {} -> {} [label={}, penwidth={:.2f}{}{}];\n",
                       block.companies()[edge.from].id, block.companies()[edge.to].id,
                       quote(fmt::format("{}\n{} {}", deal.id, deal.kind, money(s.amounts[e]))),
                       width, edge.kind == FlowKind::kInvestment ? ", style=dashed" : "",
                       circular ? ", color=firebrick" : "");
  }
  return out + "}\n";
}

}  // namespace gpugap
