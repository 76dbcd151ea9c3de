// Names: parsing every formula, block outputs as quantities, which names a quantity may take,
// and the unknown names and functions a formula uses, with a guess at the one meant.
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "gpugap/expr/parser.h"
#include "gpugap/program/block.h"
#include "gpugap/util/text.h"

namespace gpugap {
namespace {

const char* kReservedNames[] = {"year", "to", "and", "or", "not"};

}  // namespace

// Each block output becomes a quantity of the model, computed by the block's call.
void Compiler::add_block_outputs() {
  for (size_t b = 0; b < m_.scenario.blocks.size(); ++b) {
    const Block& block = *m_.scenario.blocks[b];
    auto outputs = block.outputs();
    for (size_t o = 0; o < outputs.size(); ++o) {
      if (const QuantityDef* clash = m_.scenario.find(outputs[o].name)) {
        diagnostics_.push_back(
            {clash->name_location,
             fmt::format("'{}' is defined twice: here and as an output of the [{}] block",
                         outputs[o].name, block.name()),
             "rename the quantity; block outputs keep their names"});
        continue;
      }
      QuantityDef def;
      def.name = outputs[o].name;
      def.unit = outputs[o].unit;
      def.note = outputs[o].note;
      def.source = fmt::format("computed by the [{}] block", block.name());
      def.defined_in = "[" + block.name() + "]";
      m_.scenario.quantities.push_back(std::move(def));
      block_outputs_.push_back({static_cast<int>(m_.scenario.quantities.size() - 1),
                                static_cast<int>(b), static_cast<int>(o)});
    }
  }
}

void Compiler::index_names() {
  add_block_outputs();
  for (size_t i = 0; i < m_.scenario.quantities.size(); ++i) {
    const QuantityDef& q = m_.scenario.quantities[i];
    bool reserved = std::find(std::begin(kReservedNames), std::end(kReservedNames), q.name) !=
                        std::end(kReservedNames) ||
                    is_distribution(q.name) || find_function(q.name) != nullptr;
    if (!is_name(q.name)) {
      diagnostics_.push_back({q.name_location,
                              fmt::format("'{}' cannot name a quantity: formulas could not refer "
                                          "to it",
                                          q.name),
                              name_hint(q.name)});
    } else if (reserved) {
      diagnostics_.push_back({q.name_location,
                              fmt::format("'{}' is a reserved word of the formula language and "
                                          "cannot name a quantity",
                                          q.name),
                              "choose another name"});
    }
    m_.index_[q.name] = static_cast<int>(i);
  }
  m_.quantities.resize(m_.scenario.quantities.size());
  for (const auto& [quantity, block, output] : block_outputs_) {
    m_.quantities[quantity].block = block;
    m_.quantities[quantity].block_output = output;
  }
}

// What a quantity could be called instead: the name with every other character as '_'.
std::string Compiler::name_hint(const std::string& name) {
  const char* rule = "names start with a letter or '_' and go on with letters, digits, '_' and '.'";
  if (name.empty()) return fmt::format("give the quantity a name; {}", rule);
  std::string fixed;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if ((c & 0xC0) == 0x80) continue;  // the rest of a UTF-8 character already replaced
    fixed += std::isalnum(c) || c == '_' || c == '.' ? name[i] : '_';
  }
  if (std::isdigit(static_cast<unsigned char>(fixed.front())) || fixed.front() == '.') {
    fixed = "_" + fixed;
  }
  return fmt::format("{}, e.g. '{}'", rule, fixed);
}

void Compiler::collect_dependencies(const Context& ctx, const Expr& expr, std::vector<int>& deps) {
  visit_names(expr, [&](const Expr& e) {
    if (e.name == "year") return;
    int index = m_.index_of(e.name);
    if (index < 0) {
      std::vector<std::string> candidates = m_.scenario.names();
      candidates.push_back("year");
      std::string guess = closest_name(e.name, candidates);
      fail(ctx, e, fmt::format("unknown name '{}'", e.name),
           guess.empty() ? "names are the quantities of this scenario, and 'year'"
                         : fmt::format("did you mean '{}'?", guess));
      return;
    }
    if (std::find(deps.begin(), deps.end(), index) == deps.end()) deps.push_back(index);
  });
  check_calls(ctx, expr);
}

void Compiler::check_calls(const Context& ctx, const Expr& e) {
  if (e.kind == ExprKind::kCall) {
    auto names = function_names();
    if (std::find(names.begin(), names.end(), e.name) == names.end()) {
      std::string guess = closest_name(e.name, names);
      fail(ctx, e, fmt::format("unknown function '{}'", e.name),
           guess.empty() ? fmt::format("functions are: {}", fmt::join(names, ", "))
                         : fmt::format("did you mean '{}'?", guess));
    }
  }
  for (const auto& a : e.args) check_calls(ctx, *a);
}

void Compiler::parse_all() {
  for (size_t i = 0; i < m_.scenario.quantities.size(); ++i) {
    const QuantityDef& q = m_.scenario.quantities[i];
    CompiledQuantity& c = m_.quantities[i];
    if (!q.unit.empty()) {
      if (auto unit = parse_unit(q.unit)) {
        c.unit = *unit;
      } else {
        diagnostics_.push_back({q.unit_location, unit.error(), kUnitHint});
      }
      c.unit_declared = true;
    }
    if (c.block >= 0) {
      const Block& block = *m_.scenario.blocks[c.block];
      for (const std::string& input : block.inputs()) {
        int index = m_.index_of(input);
        if (index < 0) {
          std::string guess = closest_name(input, m_.scenario.names());
          diagnostics_.push_back({{},
                                  fmt::format("the [{}] block reads '{}', which is not a quantity",
                                              block.name(), input),
                                  guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)});
          continue;
        }
        c.dependencies.push_back(index);
      }
      continue;
    }
    if (q.is_year_table()) {
      if (!m_.scenario.time) {
        diagnostics_.push_back({q.years.front().key_location,
                                fmt::format("'{}' is a table of years but the scenario has no "
                                            "[time] axis",
                                            q.name),
                                "add [time] years = \"2020..2035\""});
        continue;
      }
      for (size_t y = 0; y < q.years.size(); ++y) {
        const YearEntry& entry = q.years[y];
        auto parsed = parse_formula(entry.text, entry.origin);
        if (!parsed) {
          append(parsed.diagnostics());
          c.year_formulas.emplace_back();
          continue;
        }
        Context ctx{static_cast<int>(i), static_cast<int>(y), &entry.text, &entry.origin};
        collect_dependencies(ctx, **parsed, c.dependencies);
        c.year_formulas.push_back(std::move(*parsed));
      }
    } else {
      auto parsed = parse_formula(q.text, q.origin);
      if (!parsed) {
        append(parsed.diagnostics());
        continue;
      }
      Context ctx{static_cast<int>(i), -1, &q.text, &q.origin};
      collect_dependencies(ctx, **parsed, c.dependencies);
      c.formula = std::move(*parsed);
    }
  }
}

}  // namespace gpugap
