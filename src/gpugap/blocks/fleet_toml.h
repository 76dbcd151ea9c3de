// Reading a block's TOML table (blocks/fleet_config.cc): where each key and value was written, for
// file:line:col errors, and a value as a quantity of the scenario. toml++ keeps the place of keys,
// but not of values copied from an extended file's table, so a value is found after its key.
// A reader collects its errors; one reader serves one table, on one thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "gpugap/scenario/scenario.h"
#include "gpugap/scenario/toml_place.h"

namespace gpugap {

class TomlValueReader {
 public:
  explicit TomlValueReader(const Scenario& scenario) : toml_scenario_(scenario) {}

  std::string path_of(const toml::key& key) const;
  SourceLocation key_location(const toml::key& key) const;
  // Where the value written after `key =` starts (after an opening quote).
  TextOrigin value_origin(const toml::key& key) const;
  SourceLocation value_location(const toml::key& key, size_t length) const;
  // The place of `needle` written after `key` (an element of an array).
  SourceLocation find_after(const toml::key& key, const std::string& needle) const;

  void fail(const toml::key& key, std::string message, std::string hint = "");
  void fail_at(SourceLocation where, std::string message, std::string hint = "");
  // An error for each key of `table` not in `allowed`, with "did you mean"; false if any.
  bool check_table_keys(const toml::table& table, const std::vector<std::string>& allowed,
                        const std::string& what);

  // A value as the quantity `name`: a formula (string or number), a table of years, or
  // { value, unit, source, note, fill }; `default_unit` when none is given.
  bool read_value(const std::string& name, const toml::key& key, const toml::node& node,
                  const std::string& default_unit, QuantityDef& q);

  // The literal numbers of a quantity (its formula, or each year's) as written, a percentage as
  // a fraction, with where each was written. Formulas that name other quantities are skipped.
  std::vector<std::pair<double, SourceLocation>> literal_values(const QuantityDef& q) const;
  // A quantity's value in each year of the axis when it is made of literal numbers (following a
  // bare name to the quantity it names), else nothing.
  std::optional<std::vector<double>> literal_series(const QuantityDef& q, int depth = 0) const;
  // Where the value of year `year` of a quantity was written (or its name, for a filled year).
  static SourceLocation year_location(const QuantityDef& q, int year);

  const std::vector<Diagnostic>& errors() const { return errors_; }

 protected:
  std::vector<Diagnostic> errors_;

 private:
  bool scalar_text(const toml::key& key, const toml::node& node, std::string& text,
                   TextOrigin& origin);
  bool read_years(const toml::table& table, QuantityDef& q);

  const Scenario& toml_scenario_;
};

}  // namespace gpugap
