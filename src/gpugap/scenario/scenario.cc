#include "gpugap/scenario/scenario.h"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "gpugap/scenario/block_kinds.h"
#include "gpugap/scenario/bundled.h"
#include "gpugap/scenario/duplicate_key.h"
#include "gpugap/scenario/read_guard.h"
#include "gpugap/scenario/string_origin.h"
#include "gpugap/scenario/time_axis.h"
#include "gpugap/scenario/toml_guard.h"
#include "gpugap/scenario/toml_place.h"
#include "gpugap/util/text.h"

namespace gpugap {
namespace fs = std::filesystem;

const QuantityDef* Scenario::find(const std::string& name) const {
  for (const auto& q : quantities) {
    if (q.name == name) return &q;
  }
  return nullptr;
}

QuantityDef* Scenario::find(const std::string& name) {
  for (auto& q : quantities) {
    if (q.name == name) return &q;
  }
  return nullptr;
}

SourceLocation Scenario::locate(const std::string& path, int line, int column, int length) const {
  for (const auto& source : sources) {
    if (source->path == path) return {source, line, column, length};
  }
  return {SourceText::from_string(path, ""), line, column, length};
}

std::vector<std::string> Scenario::names() const {
  std::vector<std::string> out;
  for (const auto& q : quantities) out.push_back(q.name);
  return out;
}

namespace {

const char* kTopLevelKeys[] = {"title",      "description", "published",    "extends", "time",
                               "quantities", "expect",      "correlations", "headline"};

// The top-level keys, then the blocks' tables (scenario/block_kinds.h).
std::vector<std::string> top_level_keys() {
  std::vector<std::string> keys(std::begin(kTopLevelKeys), std::end(kTopLevelKeys));
  for (const BlockKind& block : block_kinds()) keys.emplace_back(block.name);
  return keys;
}
const char* kQuantityKeys[] = {"value", "unit", "source", "note", "fill", "label"};

class Loader {
 public:
  explicit Loader(const ReadGuard* guard = nullptr) : guard_(guard) {}
  std::string refused(const std::string& from, const std::string& written, const fs::path& to) {
    return guard_ ? (*guard_)(from, written, to.string()) : "";
  }

  Result<Scenario> load_file(const std::string& path, std::vector<std::string>& stack) {
    std::error_code ignored;
    if (fs::is_directory(path, ignored)) {
      return Diagnostic{{},
                        fmt::format("'{}' is a folder, not a scenario file", path),
                        "give a path to a .toml file, or a bundled name from `gpugap list`"};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Diagnostic{{},
                        fmt::format("cannot open scenario file '{}'", path),
                        "give a path to a .toml file, or a bundled name from `gpugap list`"};
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    return load_text(path, buffer.str(), stack);
  }

  Result<Scenario> load_text(const std::string& path, const std::string& text,
                             std::vector<std::string>& stack) {
    source_ = SourceText::from_string(path, text);
    toml::table root;
    try {
      root = parse_toml(text, path);
    } catch (const toml::parse_error& e) {
      const auto& where = e.source().begin;
      if (auto duplicate = duplicate_key(e)) return *duplicate;
      int line = static_cast<int>(where.line);
      return Diagnostic{
          {source_, line, byte_column(*source_, line, static_cast<int>(where.column)), 1},
          fmt::format("TOML syntax: {}", e.description()),
          "see docs/scenario-format.md for the file format"};
    }

    Scenario scenario;
    check_keys(root, top_level_keys(), "top-level key");

    if (auto* extends = root.get("extends")) {
      auto parent_path = extends->value<std::string>();
      if (!parent_path) {
        error(*extends, "'extends' must be a string: the path of the scenario this one extends",
              "write extends = \"sequoia-2024.toml\"");
      } else if (std::string no =
                     refused(path, *parent_path, fs::path(path).parent_path() / *parent_path);
                 !no.empty()) {
        return Diagnostic{{}, no, ""};  // asked before looking there: the file beside this one
      } else {
        ExtendsTarget target = resolve_extends(path, *parent_path);
        fs::path resolved = target.path;
        std::string canonical = target.path.empty() ? "" : fs::weakly_canonical(resolved).string();
        auto seen = std::find(stack.begin(), stack.end(), canonical);
        if (target.path.empty()) {
          error(*extends, target.message, target.hint);
        } else if (seen != stack.end()) {
          std::string cycle;
          for (auto it = seen; it != stack.end(); ++it)
            cycle += fs::path(*it).filename().string() + " → ";
          cycle += fs::path(canonical).filename().string();
          error(*extends, fmt::format("'extends' makes a cycle: {}", cycle),
                "a scenario cannot extend itself, directly or through the files it extends; "
                "remove one 'extends'");
        } else if (std::string no = refused(path, *parent_path, resolved); !no.empty()) {
          return Diagnostic{{}, no, ""};  // a bundled scenario the name resolved to
        } else {
          stack.push_back(canonical);
          Loader parent_loader(guard_);
          auto parent = parent_loader.load_file(resolved.string(), stack);
          stack.pop_back();
          if (!parent) return parent.diagnostics();
          scenario = std::move(parent.value());
          scenario.extends_chain.insert(scenario.extends_chain.begin(), resolved.string());
          // A variant changes results by design: neither the parent's published figures nor
          // its publication are the variant's.
          scenario.expectations.clear();
          scenario.published = Published{};
        }
      }
    }
    scenario.path = path;
    scenario.sources.push_back(source_);
    for (size_t i = 0; i < scenario.quantities.size(); ++i) {
      quantity_index_[scenario.quantities[i].name] = i;
    }

    read_string(root, "title", scenario.title, "write title = \"AI's $600B question\"");
    read_string(root, "description", scenario.description,
                "write description = \"…\", or a multi-line \"\"\"…\"\"\" string");
    read_published(root, scenario);
    if (const toml::node* node = root.get("headline")) {
      const toml::array* names = node->as_array();
      scenario.headline.clear();
      for (size_t i = 0; names != nullptr && i < names->size(); ++i) {
        if (auto name = names->get(i)->value_exact<std::string>())
          scenario.headline.push_back(*name);
      }
      if (names == nullptr || scenario.headline.size() != names->size()) {
        error(*node, "'headline' must be a list of quantity names",
              "write headline = [\"revenue_gap\", \"required_revenue\"]");
      }
    }
    read_time(root, scenario);
    read_correlations(root, scenario);
    if (auto* quantities = root.get("quantities")) {
      if (auto* table = quantities->as_table()) {
        for (auto& [key, node] : in_file_order(*table)) {
          read_quantity(std::string(key->str()), *key, *node, scenario);
        }
      } else {
        error(*quantities, "[quantities] must be a table of name = value",
              "write [quantities] on a line of its own, then one quantity a line");
      }
    }
    if (auto* expect = root.get("expect")) {
      if (auto* table = expect->as_table()) {
        for (auto& [key, node] : in_file_order(*table)) {
          read_expectation(std::string(key->str()), *key, *node, scenario);
        }
      } else {
        error(
            *expect, "[expect] must be a table of name = published value",
            "write [expect] on a line of its own, then lines such as required_revenue = \"600B\"");
      }
    }
    for (const BlockKind& kind : block_kinds()) {
      const std::string block(kind.name);
      auto* table = root[block].as_table();
      if (root.get(block) && !table) {
        error(*root.get(block), fmt::format("[{}] must be a table", block),
              fmt::format("write [{}] on a line of its own; docs/{}.md describes its keys", block,
                          kind.docs));
        continue;
      }
      if (!table) continue;
      auto existing = std::find_if(scenario.block_tables.begin(), scenario.block_tables.end(),
                                   [&](const BlockTable& b) { return b.name == block; });
      auto merged = std::make_shared<toml::table>();
      if (existing != scenario.block_tables.end()) {
        // An extending file overrides the parent's keys one by one.
        *merged = *static_cast<const toml::table*>(existing->table.get());
        for (auto&& [key, node] : *table) merged->insert_or_assign(key, node);
        existing->table = merged;
      } else {
        *merged = *table;
        scenario.block_tables.push_back({block, merged});
      }
    }
    if (!diagnostics_.empty()) return diagnostics_;
    return scenario;
  }

 private:
  SourceLocation location_of(const toml::source_region& region, int length = 1) const {
    int line = static_cast<int>(region.begin.line);
    return {source_, line, byte_column(*source_, line, static_cast<int>(region.begin.column)),
            length};
  }

  // A key as written, quotes included.
  SourceLocation location_of(const toml::key& key) const {
    const auto& region = key.source();
    SourceLocation where = location_of(region, static_cast<int>(key.str().size()));
    if (region.end.line == region.begin.line && region.end.column > region.begin.column) {
      int end = byte_column(*source_, where.line, static_cast<int>(region.end.column));
      where.length = end - where.column;
    }
    return where;
  }

  void error(const toml::node& node, std::string message, std::string hint = "") {
    diagnostics_.push_back({location_of(node.source()), std::move(message), std::move(hint)});
  }

  void error_at(const toml::key& key, std::string message, std::string hint = "") {
    diagnostics_.push_back({location_of(key), std::move(message), std::move(hint)});
  }

  template <size_t N>
  void check_keys(const toml::table& table, const char* (&allowed)[N], const char* what) {
    check_keys(table, std::vector<std::string>(std::begin(allowed), std::end(allowed)), what);
  }
  void check_keys(const toml::table& table, const std::vector<std::string>& names,
                  const char* what) {
    for (auto&& [key, node] : table) {
      std::string name(key.str());
      if (std::find(names.begin(), names.end(), name) != names.end()) continue;
      std::string guess = closest_name(name, names);
      error_at(key, fmt::format("unknown {} '{}'", what, name),
               guess.empty() ? fmt::format("expected one of: {}", fmt::join(names, ", "))
                             : fmt::format("did you mean '{}'?", guess));
    }
  }

  // A string-valued key, when present: anything else is an error, not silently dropped.
  void read_string(const toml::table& table, const char* key, std::string& out,
                   const std::string& hint) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return;
    if (auto v = node->value_exact<std::string>()) {
      out = *v;
    } else {
      error(*node, fmt::format("'{}' must be a string", key), hint);
    }
  }

  void read_published(const toml::table& root, Scenario& scenario) {
    const toml::node* node = root.get("published");
    if (node == nullptr) return;
    const char* example =
        "write published = { by = \"Sequoia Capital\", date = 2024-06-20, url = \"https://…\" }";
    auto* table = node->as_table();
    if (table == nullptr) {
      error(*node, "'published' must be a table of by, date and url", example);
      return;
    }
    static const char* kPublishedKeys[] = {"by", "date", "url"};
    check_keys(*table, kPublishedKeys, "field of 'published':");
    read_string(*table, "by", scenario.published.by, example);
    read_string(*table, "url", scenario.published.url, example);
    if (auto* date = table->get("date")) {
      if (auto d = date->value<toml::date>()) {
        scenario.published.date = fmt::format("{:04}-{:02}-{:02}", d->year, d->month, d->day);
      } else if (auto s = date->value_exact<std::string>()) {
        scenario.published.date = *s;
      } else {
        error(*date, "'published.date' must be a TOML date or a string",
              "write date = 2024-06-20, or date = \"2024-06\" when the day is not known");
      }
    }
  }

  // A value given as a TOML number or string becomes formula text.
  bool value_text(const toml::node& node, std::string& text, TextOrigin& origin) {
    SourceLocation begin = location_of(node.source());
    origin = TextOrigin{source_, begin.line, begin.column};
    if (auto s = node.value_exact<std::string>()) {
      text = *s;
      origin = origin_of_string(source_, origin.line, origin.column, text);
      return true;
    }
    if (auto i = node.value_exact<int64_t>()) {
      text = std::to_string(*i);
      return true;
    }
    if (auto f = node.value_exact<double>()) {
      text = fmt::format("{}", *f);
      return true;
    }
    return false;
  }

  void read_years(const toml::table& table, QuantityDef& q) {
    for (auto&& [key, node] : table) {
      YearEntry entry;
      entry.year = std::stoi(std::string(key.str()));
      entry.key_location = location_of(key.source(), 4);
      if (!value_text(node, entry.text, entry.origin)) {
        error(node,
              fmt::format("the value of '{}' for {} must be a number or a formula string", q.name,
                          entry.year),
              "write 2025 = \"47.5B\"");
        continue;
      }
      q.years.push_back(std::move(entry));
    }
    std::sort(q.years.begin(), q.years.end(),
              [](const YearEntry& a, const YearEntry& b) { return a.year < b.year; });
  }

  void read_quantity(const std::string& name, const toml::key& key, const toml::node& node,
                     Scenario& scenario) {
    QuantityDef q;
    q.name = name;
    q.name_location = location_of(key);
    q.defined_in = source_->path;
    if (auto* table = node.as_table()) {
      if (is_year_table(*table)) {
        read_years(*table, q);
      } else {
        check_keys(*table, kQuantityKeys, fmt::format("field of quantity '{}':", name).c_str());
        const toml::node* value = table->get("value");
        if (value == nullptr) {
          error(node, fmt::format("quantity '{}' has no value", name),
                "write { value = \"150B\", unit = \"USD\", source = \"…\" }");
          return;
        }
        if (auto* years = value->as_table(); years && is_year_table(*years)) {
          read_years(*years, q);
        } else if (!value_text(*value, q.text, q.origin)) {
          error(*value,
                fmt::format("the value of '{}' must be a number, a formula string or a table of "
                            "years",
                            name),
                "write value = \"150B\", value = \"a * b\" or value = { 2025 = \"1B\" }");
          return;
        }
        if (auto* unit = table->get("unit")) {
          if (auto u = unit->value<std::string>()) {
            q.unit = *u;
            q.unit_location = location_of(unit->source(), static_cast<int>(u->size()) + 2);
          } else {
            error(*unit, fmt::format("the unit of '{}' must be a string such as \"USD\"", name),
                  "write unit = \"USD\", \"USD/yr\" or \"GW\"");
          }
        }
        read_string(*table, "source", q.source, "write source = \"where the figure comes from\"");
        read_string(*table, "note", q.note, "write note = \"what a reader should know\"");
        read_string(*table, "label", q.label, "write label = \"Revenue gap\"");
        if (auto* fill = table->get("fill")) {
          auto f = fill->value<std::string>();
          if (!q.is_year_table()) {
            error(*fill,
                  fmt::format("'fill' completes a table of years, but the value of '{}' is not one",
                              name),
                  "remove 'fill', or give value as a table such as { 2025 = \"1B\", 2030 = \"5B\" "
                  "}");
          } else if (!f || (*f != "zero" && *f != "hold" && *f != "linear" && *f != "geometric")) {
            error(*fill, "'fill' must be \"zero\", \"hold\", \"linear\" or \"geometric\"",
                  "zero: 0 in the missing years; hold: the last given year; linear: a straight "
                  "line between the given years; geometric: constant growth between them");
          } else {
            q.fill = *f;
          }
        }
      }
    } else if (!value_text(node, q.text, q.origin)) {
      error(node, fmt::format("quantity '{}' must be a number, a formula string or a table", name),
            "write name = \"150B\" or name = { value = \"150B\", unit = \"USD\" }");
      return;
    }
    if (auto it = quantity_index_.find(name); it != quantity_index_.end()) {
      QuantityDef* existing = &scenario.quantities[it->second];
      // An override from an extending file keeps the parent's unit, source and note unless it
      // gives its own.
      if (q.unit.empty()) {
        q.unit = existing->unit;
        q.unit_location = existing->unit_location;
      }
      if (q.source.empty()) q.source = existing->source;
      if (q.note.empty()) q.note = existing->note;
      *existing = std::move(q);
    } else {
      quantity_index_[name] = scenario.quantities.size();
      scenario.quantities.push_back(std::move(q));
    }
  }

  void read_expectation(const std::string& name, const toml::key& key, const toml::node& node,
                        Scenario& scenario) {
    Expectation e;
    e.name = name;
    e.location = location_of(key);
    const toml::node* value = &node;
    if (auto* table = node.as_table()) {
      static const char* kExpectKeys[] = {"published", "source", "value",
                                          "tolerance", "min",    "max"};
      size_t before = diagnostics_.size();
      check_keys(*table, kExpectKeys, fmt::format("field of expectation '{}':", name).c_str());
      if (diagnostics_.size() != before) return;
      const toml::node* exact = table->get("value");
      const toml::node* min = table->get("min");
      const toml::node* max = table->get("max");
      const toml::node* tolerance = table->get("tolerance");
      const toml::node* published = table->get("published");
      const toml::node* source = table->get("source");
      const char* forms =
          "write { published = \"600B\", source = \"…\" } for a published figure (compared with "
          "its rounding), { value = \"500B\", tolerance = \"1%\" } for a consistency check, or min "
          "and/or max for a bound";
      if (source) {
        std::string text;
        TextOrigin origin;
        if (!source->is_string() || !value_text(*source, text, origin) || trim(text).empty()) {
          error(*source, fmt::format("expectation '{}': source must be a non-empty string", name),
                "say where the figure was published: source = \"Sequoia, 2024-06-20: …\"");
          return;
        }
        e.source = text;
        e.published = true;
      }
      if (published) {
        if (exact || min || max) {
          error(*published,
                fmt::format("expectation '{}' gives both published and {}: it is one or the other",
                            name,
                            exact ? "value"
                            : min ? "min"
                                  : "max"),
                forms);
          return;
        }
        if (tolerance) {
          error(*tolerance,
                fmt::format("expectation '{}': a published figure is compared with its rounding, "
                            "not with a tolerance",
                            name),
                "\"17\" means 16.5 to 17.5 and \"17.0\" 16.95 to 17.05: write the figure as "
                "published; a tolerance is for a consistency check (value = …, no source)");
          return;
        }
        if (!source) {
          error(*published, fmt::format("published figure '{}' has no source", name),
                "add source = \"…\" (where it was published), or write value = … for a "
                "consistency check of the scenario's own arithmetic");
          return;
        }
        e.kind = Expectation::Kind::kRounded;
        exact = published;
      } else if (source && exact) {
        error(*exact,
              fmt::format("expectation '{}' has a source: a published figure is written "
                          "published = …, compared with its rounding",
                          name),
              "write published = \"…\" (without tolerance), or drop source for a consistency "
              "check");
        return;
      }
      if (exact && (min || max)) {
        error(*exact,
              fmt::format("expectation '{}' gives both value and {}: it is one or the other", name,
                          min ? "min" : "max"),
              forms);
        return;
      }
      if (tolerance && !exact) {
        error(*tolerance,
              fmt::format("expectation '{}': tolerance applies to value, not to min or max", name),
              "min and max are exact bounds (both included); remove tolerance");
        return;
      }
      if (min && max) {
        e.kind = Expectation::Kind::kBetween;
        value = min;
        if (!value_text(*max, e.high_text, e.high_origin)) {
          error(*max, fmt::format("expectation '{}': max must be a number or a string", name),
                "write max = \"5M\"");
          return;
        }
      } else if (min) {
        e.kind = Expectation::Kind::kAtLeast;
        value = min;
      } else if (max) {
        e.kind = Expectation::Kind::kAtMost;
        value = max;
      } else if (exact) {
        value = exact;
      } else {
        error(node, fmt::format("expectation '{}' needs value, min or max", name), forms);
        return;
      }
      if (tolerance) {
        std::string text;
        TextOrigin origin;
        bool ok = value_text(*tolerance, text, origin);
        double t = 0;
        if (ok) {
          std::string_view s = trim(text);
          bool percent = !s.empty() && s.back() == '%';
          if (percent) s.remove_suffix(1);
          char* end = nullptr;
          std::string number(s);
          t = std::strtod(number.c_str(), &end);
          ok = end != number.c_str() && *end == '\0' && t >= 0 && std::isfinite(t);
          if (percent) t /= 100;
        }
        if (!ok) {
          error(*tolerance, "tolerance must be a relative number such as \"1%\" or 0.01",
                "0.01 and \"1%\" both allow 1% either side of the published value");
        } else {
          e.tolerance = t;
        }
      }
    }
    if (!value_text(*value, e.text, e.origin)) {
      error(*value,
            fmt::format("expectation '{}' must be a number or a string such as \"600B\"", name),
            "published values are written in the quantity's unit, as published");
      return;
    }
    scenario.expectations.push_back(std::move(e));
  }

  void read_correlations(const toml::table& root, Scenario& scenario) {
    auto* node = root.get("correlations");
    if (node == nullptr) return;
    auto* table = node->as_table();
    if (table == nullptr) {
      error(*node, "[correlations] must be a table of \"a, b\" = rank correlation");
      return;
    }
    for (auto& [key, value] : in_file_order(*table)) {
      std::string text(key->str());
      size_t comma = text.find(',');
      Correlation c;
      c.location = location_of(key->source(), static_cast<int>(text.size()) + 2);
      if (comma != std::string::npos) {
        c.a = std::string(trim(std::string_view(text).substr(0, comma)));
        c.b = std::string(trim(std::string_view(text).substr(comma + 1)));
      }
      auto rank = value->value<double>();
      if (c.a.empty() || c.b.empty() || c.a == c.b) {
        error_at(*key, fmt::format("correlation key '{}' must name two different quantities, as "
                                   "\"a, b\"",
                                   text));
        continue;
      }
      if (!rank || !(*rank >= -1 && *rank <= 1)) {
        error(*value, fmt::format("the correlation of '{}' must be a number from -1 to 1", text));
        continue;
      }
      c.rank = *rank;
      // An extending file may restate a pair: the last word wins. One file saying it twice
      // ("a, b" and "b, a") is a slip.
      auto same = [&](const Correlation& o) {
        return (o.a == c.a && o.b == c.b) || (o.a == c.b && o.b == c.a);
      };
      auto twice = std::find_if(
          scenario.correlations.begin(), scenario.correlations.end(),
          [&](const Correlation& o) { return same(o) && o.location.source == c.location.source; });
      if (twice != scenario.correlations.end()) {
        error_at(
            *key,
            fmt::format("the correlation of '{}' is given twice: '{}, {}' = {:g} on line {}, "
                        "and here '{}' = {:g}",
                        text, twice->a, twice->b, twice->rank, twice->location.line, text, *rank),
            "keep one of them");
        continue;
      }
      scenario.correlations.erase(
          std::remove_if(scenario.correlations.begin(), scenario.correlations.end(), same),
          scenario.correlations.end());
      scenario.correlations.push_back(std::move(c));
    }
  }

  void read_time(const toml::table& root, Scenario& scenario) {
    auto* node = root.get("time");
    if (node == nullptr) return;
    const char* example = "write [time] and then years = \"2020..2035\"";
    auto* table = node->as_table();
    if (table == nullptr) {
      error(*node, "[time] must be a table", example);
      return;
    }
    static const char* kTimeKeys[] = {"years"};
    check_keys(*table, kTimeKeys, "key of [time]");
    auto* years = table->get("years");
    if (years == nullptr) {
      error(*node, "[time] needs years = \"FIRST..LAST\"", example);
      return;
    }
    auto text = years->value_exact<std::string>();
    if (!text) {
      error(*years, "[time] years must be a string such as \"2020..2035\"", example);
      return;
    }
    std::string problem;
    TimeAxis axis;
    if (!parse_years(*text, axis, problem)) {
      diagnostics_.push_back(
          {location_of(years->source(), static_cast<int>(text->size()) + 2),
           fmt::format("[time] years = \"{}\": {}", *text, problem),
           fmt::format("write two whole years from {} to {}, the first not after the last, e.g. "
                       "\"2020..2035\"",
                       kFirstYear, kLastYear)});
      return;
    }
    scenario.time = axis;
  }

  // toml++ reports a key written twice as a syntax error ("cannot redefine existing …").
  std::optional<Diagnostic> duplicate_key(const toml::parse_error& e) {
    std::string_view description = e.description();
    if (description.find("redefine") == std::string_view::npos) return std::nullopt;
    int line = static_cast<int>(e.source().begin.line);
    return explain_duplicate_key(
        source_, line, byte_column(*source_, line, static_cast<int>(e.source().begin.column)),
        description.find("table header") != std::string_view::npos);
  }

  const ReadGuard* guard_;  // asked before each file an `extends` names; may be null
  std::shared_ptr<const SourceText> source_;
  std::vector<Diagnostic> diagnostics_;
  // Name → place in scenario.quantities: a lookup per quantity read keeps loading linear.
  std::unordered_map<std::string, size_t> quantity_index_;
};

}  // namespace

namespace {

Result<Scenario> load_file(const std::string& path, const ReadGuard* guard) {
  std::vector<std::string> stack{fs::weakly_canonical(path).string()};
  Loader loader(guard);
  auto scenario = loader.load_file(path, stack);
  if (scenario) scenario->id = fs::path(path).stem().string();
  return scenario;
}

}  // namespace

Result<Scenario> load_scenario(const std::string& path) { return load_file(path, nullptr); }

Result<Scenario> load_scenario_guarded(const std::string& path, const ReadGuard& guard) {
  return load_file(path, &guard);
}

Result<Scenario> load_scenario_text(const std::string& path, const std::string& text) {
  std::vector<std::string> stack{fs::weakly_canonical(path).string()};
  Loader loader;
  auto scenario = loader.load_text(path, text, stack);
  if (scenario) scenario->id = fs::path(path).stem().string();
  return scenario;
}

}  // namespace gpugap
