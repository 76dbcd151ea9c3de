#include "gpugap/report/explain.h"

#include <fmt/format.h>

#include <set>

#include "gpugap/engine/block.h"
#include "gpugap/report/format.h"

namespace gpugap {
namespace {

class Explainer {
 public:
  Explainer(const Model& model, const PointResults& results) : m_(model), r_(results) {}

  std::string value_text(int index) const {
    const CompiledQuantity& q = m_.quantities[index];
    if (!q.series) return format_value(r_.values[index][0], q.unit);
    std::vector<int> years = m_.years();
    const auto& v = r_.values[index];
    // A series reads best as its first and last years.
    return fmt::format("{}: {} … {}: {}", years.front(), format_value(v.front(), q.unit),
                       years.back(), format_value(v.back(), q.unit));
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
    bool repeated = !expanded_.insert(index).second;
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
            return i < 0 ? name : value_text(i);
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
    if (!def.source.empty()) out += fmt::format("{}source: {}\n", detail, def.source);
    if (!def.note.empty()) out += fmt::format("{}note: {}\n", detail, def.note);
    if (def.defined_in == "--set") out += fmt::format("{}set on the command line\n", detail);
    if (repeated && !q.dependencies.empty()) {
      out += fmt::format("{}(derivation shown above)\n", detail);
      return;
    }
    if (depth == 0 && !q.dependencies.empty()) {
      out += fmt::format("{}(… {} more below; raise --depth)\n", detail, q.dependencies.size());
      return;
    }
    for (size_t i = 0; i < q.dependencies.size(); ++i) {
      node(q.dependencies[i], child_prefix, i + 1 == q.dependencies.size(), false, depth - 1, out);
    }
  }

 private:
  const Model& m_;
  const PointResults& r_;
  std::set<int> expanded_;
};

}  // namespace

std::string render_explain(const Model& model, const PointResults& results, int quantity,
                           int depth) {
  std::string out;
  Explainer(model, results).node(quantity, "", true, true, depth, out);
  return out;
}

}  // namespace gpugap
