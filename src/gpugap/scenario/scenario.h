// A scenario as written: quantities bound to formula text, with unit, source and note, and the
// published results it should reproduce. Loading resolves `extends` and keeps, for every piece of
// text, where it came from, so that the compiler can point errors into the right file.
// Nothing here is evaluated; see compile/ for that.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gpugap/util/diagnostics.h"

namespace gpugap {

struct Published {
  std::string by;
  std::string date;
  std::string url;
};

// One entry of a yearly table: `{ 2023 = "47.5B", 2024 = "115B" }`.
struct YearEntry {
  int year = 0;
  std::string text;
  TextOrigin origin;
  SourceLocation key_location;
};

struct QuantityDef {
  std::string name;
  std::string text;              // the formula (scalar quantities and formula series)
  TextOrigin origin;             // where `text` starts in its file
  std::vector<YearEntry> years;  // a yearly table instead of a formula, when non-empty
  std::string fill;  // for a partial yearly table: "zero", "hold", "linear", "geometric"
  std::string unit;  // as declared; empty when undeclared
  SourceLocation unit_location;
  std::string source;
  std::string note;
  std::string label;  // what the report calls it; empty: its name, made readable
  SourceLocation name_location;
  std::string defined_in;  // file that gave the current value, or "--set"

  bool is_year_table() const { return !years.empty(); }
};

// An [expect] entry: a published figure (it has a source: `published = "17"` is compared with
// its rounding, 16.5 to 17.5; min and max are published bounds), or a consistency check of the
// scenario's own arithmetic (no source: `value` with a tolerance, min, max).
struct Expectation {
  enum class Kind { kEqual, kAtLeast, kAtMost, kBetween, kRounded };
  std::string name;
  Kind kind = Kind::kEqual;
  bool published = false;  // a figure from a source, not a consistency check
  std::string source;
  std::string text;  // the published value (or the low end), a constant in the quantity's unit
  TextOrigin origin;
  std::string high_text;  // kBetween: the high end
  TextOrigin high_origin;
  double tolerance = 0.005;  // relative, for kEqual
  SourceLocation location;
};

// A rank correlation between two uncertain inputs: [correlations] "a, b" = 0.6.
struct Correlation {
  std::string a, b;
  double rank = 0;
  SourceLocation location;
};

struct TimeAxis {
  int first_year = 0;
  int last_year = 0;
  int size() const { return last_year - first_year + 1; }
};

// A block's table as written ([fleet], [financing]); blocks/registry.h turns it into a Block.
// Each toml node keeps the path of the file it came from (an extending file overrides keys one by
// one): data paths are relative to that file, and Scenario::locate finds its text.
struct BlockTable {
  std::string name;
  std::shared_ptr<const void> table;  // a toml::table; void keeps toml++ out of this header
};

class Block;

struct Scenario {
  std::string id;    // bundled name ("sequoia-2024") or the path as given
  std::string path;  // the file loaded
  std::string title;
  std::string description;
  std::vector<std::string> headline;  // the report's headline cards; empty: chosen by report/
  Published published;
  std::vector<std::string> extends_chain;  // the files this one extends, nearest first
  std::optional<TimeAxis> time;
  std::vector<QuantityDef> quantities;  // in file order; an override keeps the parent's place
  std::vector<Expectation> expectations;
  std::vector<Correlation> correlations;
  std::vector<BlockTable> block_tables;                    // as loaded
  std::vector<std::shared_ptr<const SourceText>> sources;  // every file read, for locate()
  std::vector<std::shared_ptr<const Block>> blocks;  // after blocks/registry.h expand_blocks()
  // Names a block knows but made no quantity of (a deal the scenario does not count), each with
  // why: a --set that names one gets that as its hint.
  std::vector<std::pair<std::string, std::string>> left_out;

  const QuantityDef* find(const std::string& name) const;
  QuantityDef* find(const std::string& name);
  std::vector<std::string> names() const;
  // A location in one of the files this scenario was loaded from.
  SourceLocation locate(const std::string& path, int line, int column, int length = 1) const;
};

// Loads a scenario file, following `extends` (relative to the file; a cycle is an error).
Result<Scenario> load_scenario(const std::string& path);
// Parses scenario text as if it were the file `path` (tests, and scenarios that are not files).
Result<Scenario> load_scenario_text(const std::string& path, const std::string& text);

// A `--set name=formula` from the command line. The value replaces the quantity's formula and
// keeps its unit, source and note.
struct Override {
  std::string name;
  std::string text;
};
Result<Override> parse_override(const std::string& argument);
// Replaces each named quantity's formula, as the front door does after expanding blocks
// (run/pipeline.h); an unknown name or a malformed argument is a diagnostic.
Status apply_overrides(Scenario& scenario, const std::vector<std::string>& sets);

}  // namespace gpugap
