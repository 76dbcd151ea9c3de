#include "gpugap/blocks/fleet_toml.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "gpugap/expr/constant.h"
#include "gpugap/expr/parser.h"
#include "gpugap/util/text.h"

namespace gpugap {
std::string TomlValueReader::path_of(const toml::key& key) const {
  const auto& path = key.source().path;
  return path ? *path : toml_scenario_.path;
}

SourceLocation TomlValueReader::key_location(const toml::key& key) const {
  return gpugap::key_location(toml_scenario_, key);
}

// Where the value written after `key =` starts (after an opening quote). toml++ does not keep
// the place of values copied from an extended file's table, but it keeps that of their keys.
TextOrigin TomlValueReader::value_origin(const toml::key& key) const {
  SourceLocation where = key_location(key);
  TextOrigin origin{where.source, where.line, where.column};
  const auto& lines = where.source->lines;
  if (where.line < 1 || where.line > static_cast<int>(lines.size())) return origin;
  const std::string& line = lines[where.line - 1];
  size_t at = line.find('=', static_cast<size_t>(where.column - 1));
  if (at == std::string::npos) return origin;
  ++at;
  while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
  if (line.compare(at, 3, "\"\"\"") == 0 || line.compare(at, 3, "'''") == 0) {
    at += 3;
    if (at >= line.size()) return {where.source, where.line + 1, 1};
  } else if (at < line.size() && (line[at] == '"' || line[at] == '\'')) {
    ++at;
  }
  origin.column = static_cast<int>(at) + 1;
  return origin;
}

SourceLocation TomlValueReader::value_location(const toml::key& key, size_t length) const {
  TextOrigin origin = value_origin(key);
  return {origin.source, origin.line, origin.column, static_cast<int>(std::max<size_t>(length, 1))};
}

SourceLocation TomlValueReader::find_after(const toml::key& key, const std::string& needle) const {
  return gpugap::find_after(toml_scenario_, key, needle);
}

void TomlValueReader::fail(const toml::key& key, std::string message, std::string hint) {
  errors_.push_back({key_location(key), std::move(message), std::move(hint)});
}

void TomlValueReader::fail_at(SourceLocation where, std::string message, std::string hint) {
  errors_.push_back({std::move(where), std::move(message), std::move(hint)});
}

bool TomlValueReader::check_table_keys(const toml::table& table,
                                       const std::vector<std::string>& allowed,
                                       const std::string& what) {
  bool ok = true;
  for (auto& [key, node] : in_file_order(table)) {
    std::string name(key->str());
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
    std::string guess = closest_name(name, allowed);
    fail(*key, fmt::format("unknown {} '{}'", what, name),
         guess.empty() ? fmt::format("expected one of: {}", fmt::join(allowed, ", "))
                       : fmt::format("did you mean '{}'?", guess));
    ok = false;
  }
  return ok;
}

// A [fleet] value: a formula (string or number), a table of years, or { value, unit, source,
// note, fill }.
bool TomlValueReader::read_value(const std::string& name, const toml::key& key,
                                 const toml::node& node, const std::string& default_unit,
                                 QuantityDef& q) {
  q.name = name;
  q.name_location = key_location(key);
  q.defined_in = path_of(key);
  q.unit = default_unit;
  if (auto* table = node.as_table()) {
    if (is_year_table(*table)) return read_years(*table, q);
    if (!check_table_keys(*table, {"value", "unit", "source", "note", "fill"},
                          fmt::format("field of '{}':", key.str()))) {
      return false;
    }
    const toml::key* value_key = key_of(*table, "value");
    if (value_key == nullptr) {
      fail(key, fmt::format("'{}' has no value", key.str()),
           "write { value = \"1.3\", source = \"…\" }");
      return false;
    }
    const toml::node& value = *table->get("value");
    if (auto* years = value.as_table(); years && is_year_table(*years)) {
      if (!read_years(*years, q)) return false;
    } else if (!scalar_text(*value_key, value, q.text, q.origin)) {
      return false;
    }
    if (const toml::node* unit = table->get("unit")) {
      auto text = unit->value_exact<std::string>();
      if (!text) {
        fail(*key_of(*table, "unit"), "a unit must be a string such as \"USD/kWh\"");
        return false;
      }
      q.unit = *text;
      q.unit_location = value_location(*key_of(*table, "unit"), text->size());
    }
    if (auto s = (*table)["source"].value<std::string>()) q.source = *s;
    if (auto s = (*table)["note"].value<std::string>()) q.note = *s;
    if (const toml::node* fill = table->get("fill")) {
      auto f = fill->value_exact<std::string>();
      if (!f || (*f != "zero" && *f != "hold" && *f != "linear" && *f != "geometric")) {
        fail(*key_of(*table, "fill"),
             "'fill' must be \"zero\", \"hold\", \"linear\" or \"geometric\"");
        return false;
      }
      q.fill = *f;
    }
    return true;
  }
  return scalar_text(key, node, q.text, q.origin);
}

bool TomlValueReader::scalar_text(const toml::key& key, const toml::node& node, std::string& text,
                                  TextOrigin& origin) {
  origin = value_origin(key);
  if (auto s = node.value_exact<std::string>()) {
    text = *s;
  } else if (auto i = node.value_exact<int64_t>()) {
    text = std::to_string(*i);
  } else if (auto f = node.value_exact<double>()) {
    text = fmt::format("{}", *f);
  } else {
    fail(key,
         fmt::format("'{}' must be a number, a formula string or a table of years", key.str()));
    return false;
  }
  return true;
}

bool TomlValueReader::read_years(const toml::table& table, QuantityDef& q) {
  for (auto& [year_key, node] : in_file_order(table)) {
    YearEntry entry;
    entry.year = std::stoi(std::string(year_key->str()));
    entry.key_location = key_location(*year_key);
    if (!scalar_text(*year_key, *node, entry.text, entry.origin)) return false;
    q.years.push_back(std::move(entry));
  }
  std::sort(q.years.begin(), q.years.end(),
            [](const YearEntry& a, const YearEntry& b) { return a.year < b.year; });
  return true;
}

// The literal numbers of a quantity (its formula, or each year's), as written: a percentage
// as a fraction. Formulas that name other quantities are skipped.
std::vector<std::pair<double, SourceLocation>> TomlValueReader::literal_values(
    const QuantityDef& q) const {
  std::vector<std::pair<double, SourceLocation>> out;
  auto one = [&](const std::string& text, const TextOrigin& origin) {
    auto parsed = parse_formula(text, origin);
    if (!parsed) return;
    auto value = constant_value(**parsed);
    if (!value) return;
    bool fraction = q.unit == "%" && text.find('%') == std::string::npos;
    out.emplace_back(fraction ? *value / 100 : *value, origin.locate(text, 0, text.size()));
  };
  if (q.is_year_table()) {
    for (const auto& entry : q.years) one(entry.text, entry.origin);
  } else if (q.origin.source) {
    one(q.text, q.origin);
  }
  return out;
}

// A quantity's value in each year of the axis when it is made of literal numbers (following a
// bare name to the quantity it names), else nothing.
std::optional<std::vector<double>> TomlValueReader::literal_series(const QuantityDef& q,
                                                                   int depth) const {
  const TimeAxis& time = *toml_scenario_.time;
  std::vector<double> values(time.size(), 0.0);
  if (!q.is_year_table()) {
    auto parsed = parse_formula(q.text, q.origin.source ? q.origin : TextOrigin{});
    if (!parsed) return std::nullopt;
    if ((*parsed)->kind == ExprKind::kName && depth < 4) {
      const QuantityDef* named = toml_scenario_.find((*parsed)->name);
      if (named == nullptr) return std::nullopt;
      return literal_series(*named, depth + 1);
    }
    auto value = constant_value(**parsed);
    if (!value) return std::nullopt;
    std::fill(values.begin(), values.end(), *value);
    return values;
  }
  std::vector<std::optional<double>> given(time.size());
  for (const auto& entry : q.years) {
    if (entry.year < time.first_year || entry.year > time.last_year) continue;
    auto parsed = parse_formula(entry.text, entry.origin);
    if (!parsed) return std::nullopt;
    auto value = constant_value(**parsed);
    if (!value) return std::nullopt;
    given[entry.year - time.first_year] = *value;
  }
  for (int y = 0; y < time.size(); ++y) {
    if (given[y]) {
      values[y] = *given[y];
      continue;
    }
    if (q.fill.empty()) return std::nullopt;  // the compiler reports the missing years
    int before = y - 1, after = y + 1;
    while (before >= 0 && !given[before]) --before;
    while (after < time.size() && !given[after]) ++after;
    if (q.fill == "zero") {
      values[y] = 0;
    } else if (q.fill == "linear" && before >= 0 && after < time.size()) {
      values[y] = *given[before] + (*given[after] - *given[before]) *
                                       static_cast<double>(y - before) / (after - before);
    } else if (q.fill == "geometric" && before >= 0 && after < time.size()) {
      values[y] = *given[before] * std::pow(*given[after] / *given[before],
                                            static_cast<double>(y - before) / (after - before));
    } else {
      values[y] = before >= 0 ? *given[before] : (after < time.size() ? *given[after] : 0.0);
    }
  }
  return values;
}

// Where the value of year `year` of a quantity was written (or its name, for a filled year).
SourceLocation TomlValueReader::year_location(const QuantityDef& q, int year) {
  for (const auto& entry : q.years) {
    if (entry.year == year) return entry.key_location;
  }
  return q.name_location;
}

}  // namespace gpugap
