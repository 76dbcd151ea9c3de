// The views of a scenario's blocks (docs/report.md, "Views of blocks"): Vega-Lite specs of the
// fleet's power and depreciation, from the run's `fleet.*` outputs and the fleet's vintages, and
// of the financing graph's revenue, with `usermeta.section` the block's name. The Sankey of the
// financing graph is drawn in the page (web/src/views.ts, d3-sankey) from the graph's JSON
// (report/financing_graph.h), which report_view() puts in the view as "financing".
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

namespace gpugap {

inline constexpr const char* kSectionFleet = "fleet";
inline constexpr const char* kSectionFinancing = "financing";
inline constexpr const char* kSectionCommitments = "commitments";

// From a run's JSON (`gpugap run --format json`): IT and facility power by year (GW), book against
// economic depreciation with the hidden loss by year, and the GPUs in service by generation. Only
// the charts whose outputs the run has; nothing without a fleet.
std::vector<nlohmann::ordered_json> fleet_charts(const nlohmann::ordered_json& run);

// From the fleet's vintages ({"years", "vintages": [{"year", "cost_usd", "book_value_usd",
// "economic_value_usd"}]}, as `gpugap fleet --format json` names them): each vintage's book and
// economic depreciation by year, side by side. Nothing without vintages.
std::vector<nlohmann::ordered_json> fleet_vintage_charts(const nlohmann::ordered_json& vintages);

// From the financing graph's JSON (render_graph_json()): each company's revenue from the deals,
// split into round-tripped and end-customer revenue. Nothing when no company has revenue.
std::vector<nlohmann::ordered_json> financing_charts(const nlohmann::ordered_json& graph);

// From a run's JSON: the commitments block's payments by supplier, stacked, against the revenue
// (`commitments.payments.<supplier>`, `commitments.revenue`), and the funding need by year with
// the cumulative need (`commitments.funding_need`, `commitments.cumulative_need`). Nothing
// without the block.
std::vector<nlohmann::ordered_json> commitments_charts(const nlohmann::ordered_json& run);

}  // namespace gpugap
