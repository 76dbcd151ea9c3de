#include "gpugap/report/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "gpugap/program/block.h"
#include "gpugap/units/format.h"

namespace gpugap {

std::string series_text(const std::vector<double>& values, int first_year, const Unit& unit) {
  // Up to this many years read well on one line; beyond, a summary that still shows the extremes.
  constexpr size_t kAllYears = 6;
  auto year_value = [&](size_t y) {
    return fmt::format("{}: {}", first_year + static_cast<int>(y), format_value(values[y], unit));
  };
  if (values.size() <= kAllYears) {
    std::vector<std::string> parts;
    for (size_t y = 0; y < values.size(); ++y) parts.push_back(year_value(y));
    return fmt::format("{}", fmt::join(parts, ", "));
  }
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  if (*low == *high) {
    return fmt::format("{} every year {}..{}", format_value(*low, unit), first_year,
                       first_year + static_cast<int>(values.size()) - 1);
  }
  auto year_of = [&](auto it) { return first_year + static_cast<int>(it - values.begin()); };
  return fmt::format("{} … {}; min {} in {}, max {} in {}", year_value(0),
                     year_value(values.size() - 1), format_value(*low, unit), year_of(low),
                     format_value(*high, unit), year_of(high));
}

namespace {

// Which years of a table were given, and how the others were filled: a filled year is an
// interpolation or a convention, never a figure, and the reader should see which.
std::string fill_line(const QuantityDef& def, const std::string& detail) {
  std::vector<int> years;
  for (const YearEntry& entry : def.years) years.push_back(entry.year);
  std::sort(years.begin(), years.end());
  std::string how;
  if (def.fill == "zero") {
    how = "0";
  } else if (def.fill == "hold") {
    how = "held at the nearest given year before (after, before the first)";
  } else if (def.fill == "linear") {
    how = "on a straight line between the given years around them (held beyond)";
  } else {
    how = "at constant growth between the given years around them (held beyond)";
  }
  return fmt::format("{}given for {}; the other years {} (fill = \"{}\")\n", detail,
                     fmt::join(years, ", "), how, def.fill);
}

class Explainer {
 public:
  Explainer(const Model& model, const PointResults& results)
      : m_(model), r_(results), height_(model.quantities.size(), 0) {
    // Levels of dependencies below each quantity, in dependency order (no recursion: a chain of
    // quantities may be thousands long).
    for (int index : model.order) {
      for (int d : model.quantities[index].dependencies) {
        height_[index] = std::max(height_[index], height_[d] + 1);
      }
    }
  }

  std::string value_text(int index) const {
    const CompiledQuantity& q = m_.quantities[index];
    if (!q.series) return format_value(r_.values[index][0], q.unit);
    return series_text(r_.values[index], m_.program.first_year, q.unit);
  }

  void node(int index, const std::string& prefix, bool last, bool root, int depth,
            std::string& out) {
    const QuantityDef& def = m_.def(index);
    const CompiledQuantity& q = m_.quantities[index];
    std::string branch = root ? "" : (last ? "└─ " : "├─ ");
    std::string child_prefix = root ? "" : prefix + (last ? "   " : "│  ");
    std::string unit = unit_label(q.unit);
    out += fmt::format("{}{}{} = {}{}\n", prefix, branch, def.name, value_text(index),
                       unit.empty() ? "" : fmt::format("  [{}]", unit));
    // Children are drawn once; a quantity met again refers back to them.
    bool repeated = expanded_.count(index) > 0;
    if (depth > 0 && !q.dependencies.empty()) expanded_.insert(index);
    std::string detail = child_prefix + (q.dependencies.empty() || depth == 0 ? "   " : "│  ");
    if (q.dependencies.empty()) {
      if (!def.text.empty() && !def.is_year_table()) {
        out += fmt::format("{}value: {}\n", detail, def.text);
      }
    } else if (!repeated) {
      if (q.formula) {
        out += fmt::format("{}= {}\n", detail, to_text(*q.formula));
        if (!q.series) {
          std::string substituted = to_text(*q.formula, [&](const std::string& name) {
            int i = m_.index_of(name);
            if (i < 0) return name;
            // A series' summary holds commas: brackets keep it apart from the arguments.
            return m_.quantities[i].series ? "[" + value_text(i) + "]" : value_text(i);
          });
          out += fmt::format("{}= {}\n", detail, substituted);
        }
      } else if (q.block >= 0) {
        out += fmt::format("{}= computed by the [{}] block from the {} quantities below\n", detail,
                           m_.scenario.blocks[q.block]->name(), q.dependencies.size());
      } else {
        out += fmt::format("{}= a table of years\n", detail);
      }
    }
    if (def.is_year_table() && !def.fill.empty()) out += fill_line(def, detail);
    if (!def.source.empty()) out += fmt::format("{}source: {}\n", detail, def.source);
    if (!def.note.empty()) out += fmt::format("{}note: {}\n", detail, def.note);
    if (def.defined_in == "--set") out += fmt::format("{}set on the command line\n", detail);
    if (repeated && !q.dependencies.empty()) {
      out += fmt::format("{}(derivation shown above)\n", detail);
      return;
    }
    if (depth == 0 && !q.dependencies.empty()) {
      out += fmt::format("{}(… {} more below, {} {} deep; raise --depth)\n", detail,
                         q.dependencies.size(), height_[index],
                         height_[index] == 1 ? "level" : "levels");
      return;
    }
    for (size_t i = 0; i < q.dependencies.size(); ++i) {
      node(q.dependencies[i], child_prefix, i + 1 == q.dependencies.size(), false, depth - 1, out);
    }
  }

 private:
  const Model& m_;
  const PointResults& r_;
  std::vector<int> height_;
  std::set<int> expanded_;
};

}  // namespace

std::string render_explain(const Model& model, const PointResults& results, int quantity,
                           int depth) {
  std::string out;
  Explainer(model, results)
      .node(quantity, "", true, true, std::clamp(depth, 0, kMaxExplainDepth), out);
  return out;
}

}  // namespace gpugap
