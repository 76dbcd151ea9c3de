#include "gpugap/scenario/toml_place.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>

namespace gpugap {
namespace {

bool is_year_key(std::string_view key) {
  return key.size() == 4 && std::all_of(key.begin(), key.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c));
         });
}

}  // namespace

std::vector<std::pair<const toml::key*, const toml::node*>> in_file_order(
    const toml::table& table) {
  std::vector<std::pair<const toml::key*, const toml::node*>> entries;
  for (auto&& [key, node] : table) entries.emplace_back(&key, &node);
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& x = a.first->source().begin;
    const auto& y = b.first->source().begin;
    return x.line != y.line ? x.line < y.line : x.column < y.column;
  });
  return entries;
}

bool is_year_table(const toml::table& table) {
  if (table.empty()) return false;
  for (auto&& [key, node] : table) {
    if (!is_year_key(key.str())) return false;
  }
  return true;
}

const toml::key* key_of(const toml::table& table, std::string_view name) {
  for (auto&& [key, node] : table) {
    if (key.str() == name) return &key;
  }
  return nullptr;
}

SourceLocation key_location(const Scenario& scenario, const toml::key& key) {
  const auto& source = key.source();
  const std::string path = source.path ? *source.path : scenario.path;
  return scenario.locate(path, static_cast<int>(source.begin.line),
                         static_cast<int>(source.begin.column), static_cast<int>(key.str().size()));
}

SourceLocation find_after(const Scenario& scenario, const toml::key& key, std::string_view needle) {
  SourceLocation where = key_location(scenario, key);
  if (!where.source) return where;
  const auto& lines = where.source->lines;
  for (int l = where.line; l >= 1 && l <= static_cast<int>(lines.size()) && l < where.line + 50;
       ++l) {
    size_t from = l == where.line ? static_cast<size_t>(where.column - 1) : 0;
    size_t at = lines[l - 1].find(needle, from);
    if (at != std::string::npos) {
      return {where.source, l, static_cast<int>(at) + 1, static_cast<int>(needle.size())};
    }
  }
  return where;
}

std::string data_path(const Scenario& scenario, const toml::key& key, const std::string& relative) {
  const auto& source = key.source();
  std::filesystem::path base =
      std::filesystem::path(source.path ? *source.path : scenario.path).parent_path();
  return (base / relative).lexically_normal().string();
}

}  // namespace gpugap
