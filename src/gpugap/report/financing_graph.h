// The financing graph of one period for people (a table), programs (JSON, with nodes and links
// for a Sankey chart), spreadsheets (CSV) and Graphviz (dot). Used by `gpugap graph`.
// Amounts are in USD for whole deals, USD/yr for a year.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "gpugap/blocks/financing.h"

namespace gpugap {

std::string render_graph_table(const std::string& scenario, const FinancingBlock& block,
                               const FinancingSnapshot& snapshot);
nlohmann::ordered_json render_graph_json(const std::string& scenario, const FinancingBlock& block,
                                         const FinancingSnapshot& snapshot);
std::string render_graph_csv(const FinancingBlock& block, const FinancingSnapshot& snapshot);
std::string render_graph_dot(const std::string& scenario, const FinancingBlock& block,
                             const FinancingSnapshot& snapshot);

}  // namespace gpugap
