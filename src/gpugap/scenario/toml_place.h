// Where things are written in a scenario's TOML, for file:line:col errors: a table's keys in the
// order written, a key by name, the place of a key and of a text written after it. Shared by the
// scenario loader (scenario.cc) and the blocks' readers (blocks/fleet_toml.cc,
// blocks/commitments_table.cc, blocks/financing_table.cc). toml++ keeps the place of keys, but
// not of values copied from an extended file's table: a value is found after its key.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "gpugap/scenario/scenario.h"

namespace gpugap {

// The keys of a table in the order they were written (toml++ sorts them by name).
std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(const toml::table& table);
// A table whose keys are all years ("2024").
bool is_year_table(const toml::table& table);
// The key `name` of `table` (for its place), or null.
const toml::key* key_of(const toml::table& table, std::string_view name);
// Where `key` is written, in the scenario's sources (an extended file's too).
SourceLocation key_location(const Scenario& scenario, const toml::key& key);
// The place of `needle` written after `key`, on its line or the next ones (an element of a
// multi-line array); the key's place when it is not found.
SourceLocation find_after(const Scenario& scenario, const toml::key& key, std::string_view needle);
// The path of a data file that `key` names, `relative` to the file that wrote the key (an
// extending file may be in another folder than the scenario it extends).
std::string data_path(const Scenario& scenario, const toml::key& key, const std::string& relative);

}  // namespace gpugap
