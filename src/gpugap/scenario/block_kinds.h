// The blocks a scenario can switch on with a top-level table ([fleet], [financing]), as the
// loader and the server's folder check see them: name, docs page, and the keys that name data
// files. Defined in blocks/registry.cc beside each block's factory, the one list of blocks;
// declared here so that the loader, which sits below the blocks, can check a scenario's tables.
#pragma once

#include <string_view>
#include <vector>

namespace gpugap {

struct BlockKind {
  std::string_view name;  // the scenario's table: "fleet"
  std::string_view docs;  // its page, docs/<docs>.md: "fleet-model"
  // Keys of its table whose values are paths of data files the block reads, relative to the
  // file that names them: {"catalogue"}. The server refuses a path outside its folders.
  std::vector<std::string_view> data_keys;
  // The key of its view in the web page and the report (web/src/views.ts): "fleet".
  std::string_view view;
};

// Every block, in the order the loader lists them in messages.
const std::vector<BlockKind>& block_kinds();

}  // namespace gpugap
