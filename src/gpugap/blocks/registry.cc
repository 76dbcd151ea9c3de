#include "gpugap/blocks/registry.h"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <functional>

#include "gpugap/blocks/commitments.h"
#include "gpugap/blocks/financing.h"
#include "gpugap/blocks/fleet_config.h"
#include "gpugap/program/block.h"

namespace gpugap {
namespace {

using Factory = std::function<Result<std::shared_ptr<const Block>>(const toml::table&, Scenario&)>;

struct Entry {
  BlockKind kind;
  Factory make;
};

// One entry per block: adding a block is adding its line here.
const std::vector<Entry>& registry() {
  static const std::vector<Entry> entries = {
      {{"fleet", "fleet-model", {"catalogue"}, "fleet"}, make_fleet_block},
      {{"financing", "financing-graph", {"deals", "companies"}, "financing"}, make_financing_block},
      {{"commitments", "commitments", {"deals"}, "commitments"}, make_commitments_block},
  };
  return entries;
}

}  // namespace

const std::vector<BlockKind>& block_kinds() {
  static const std::vector<BlockKind> kinds = [] {
    std::vector<BlockKind> out;
    for (const Entry& e : registry()) out.push_back(e.kind);
    return out;
  }();
  return kinds;
}

Status expand_blocks(Scenario& scenario) {
  std::vector<Diagnostic> diagnostics;
  scenario.blocks.clear();
  for (const BlockTable& table : scenario.block_tables) {
    const auto& toml_table = *static_cast<const toml::table*>(table.table.get());
    const Entry* entry = nullptr;
    for (const auto& e : registry()) {
      if (table.name == e.kind.name) entry = &e;
    }
    if (entry == nullptr) {
      const auto& where = toml_table.source();
      std::string path = where.path ? *where.path : scenario.path;
      diagnostics.push_back({scenario.locate(path, static_cast<int>(where.begin.line),
                                             static_cast<int>(where.begin.column)),
                             fmt::format("the [{}] block is not available in this version of "
                                         "gpugap",
                                         table.name),
                             ""});
      continue;
    }
    auto block = entry->make(toml_table, scenario);
    if (!block) {
      diagnostics.insert(diagnostics.end(), block.diagnostics().begin(), block.diagnostics().end());
      continue;
    }
    scenario.blocks.push_back(std::move(*block));
  }
  return diagnostics;
}

}  // namespace gpugap
