// Why a value is not a finite number: the instruction that made it, the sub-expression it came
// from, and the quantities (inputs, --set overrides) behind it.
#include "gpugap/engine/non_finite.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

#include "gpugap/program/block.h"
#include "gpugap/program/distributions.h"
#include "gpugap/units/format.h"

namespace gpugap {
namespace {

// Slot of year y of an operand: a scalar broadcasts over the years.
uint32_t at_year(const Operand& o, uint32_t y) { return o.slot + (o.length > 1 ? y : 0); }

void all_years(const Operand& o, std::vector<uint32_t>& out) {
  for (uint32_t y = 0; y < o.length; ++y) out.push_back(o.slot + y);
}

// Reads the values of one sample of a workspace, and follows a non-finite value back through
// the instructions that made it.
class Tracer {
 public:
  Tracer(const Model& model, const Workspace& workspace, size_t sample)
      : model_(model),
        w_(workspace),
        sample_(sample),
        writer_(model.program.slot_count, -1),
        never_(model.program.slot_count, false) {
    const auto& code = model.program.code;
    for (size_t i = 0; i < code.size(); ++i) {
      const Instruction& in = code[i];
      if (in.op == Op::kCopula) continue;  // rewrites its leaves' uniforms in place
      for (uint32_t y = 0; y < in.dst.length; ++y) {
        const uint32_t s = in.dst.slot + y;
        writer_[s] = static_cast<int>(i);
        // +infinity from first_year(), and what carries it on unchanged, means "never".
        if (value(s) != std::numeric_limits<double>::infinity()) continue;
        bool never = in.op == Op::kFirstYear;
        for (uint32_t f : feeding(in, s)) never = never || never_[f];
        never_[s] = never;
      }
    }
  }

  double value(uint32_t slot) const { return w_.slot(slot)[sample_]; }

  // The instruction behind the non-finite value in `slot`: follow a non-finite operand (a NaN
  // first when the value is a NaN) until every operand is finite or an allowed "never".
  NonFinite cause(uint32_t slot) const {
    for (;;) {
      const int i = writer_[slot];
      if (i < 0) return {-1, -1, slot};  // not computed by any instruction: nothing to trace
      const Instruction& in = model_.program.code[i];
      const bool nan = std::isnan(value(slot));
      std::optional<uint32_t> next;
      for (uint32_t f : feeding(in, slot)) {
        const double v = value(f);
        if (std::isfinite(v) || never_[f] || writer_[f] < 0) continue;
        if (!next || (nan && std::isnan(v) && !std::isnan(value(*next)))) next = f;
      }
      if (!next) return {quantity_of(i, slot), i, slot};
      slot = *next;
    }
  }

  // The inputs (or --set quantities) a zero in `slot` comes from: through products to their zero
  // factors, through quotients to their numerators, and through anything else to every operand.
  std::vector<int> zero_sources(uint32_t slot) const {
    std::vector<int> found;
    std::vector<bool> seen(writer_.size(), false);
    std::deque<uint32_t> queue{slot};
    size_t steps = 0;
    while (!queue.empty() && ++steps < 10000) {
      const uint32_t s = queue.front();
      queue.pop_front();
      if (seen[s] || writer_[s] < 0) continue;
      seen[s] = true;
      const Instruction& in = model_.program.code[writer_[s]];
      const int q = model_.origins[in.origin].quantity;
      if (model_.quantities[q].is_input() || model_.def(q).defined_in == "--set") {
        if (std::find(found.begin(), found.end(), q) == found.end()) found.push_back(q);
        continue;
      }
      std::vector<uint32_t> from = feeding(in, s);
      if (in.op == Op::kDiv && value(from[0]) == 0) from.resize(1);
      if (in.op == Op::kMul) {
        std::vector<uint32_t> zeros;
        for (uint32_t f : from) {
          if (value(f) == 0) zeros.push_back(f);
        }
        if (!zeros.empty()) from = zeros;
      }
      queue.insert(queue.end(), from.begin(), from.end());
    }
    return found;
  }

 private:
  // The slots that slot `s` of `in`'s destination was computed from: the same year of each
  // operand for element-wise operations, only the branch taken for `if`, and the years a
  // function over the years reads.
  std::vector<uint32_t> feeding(const Instruction& in, uint32_t s) const {
    const uint32_t e = s - in.dst.slot;
    std::vector<uint32_t> out;
    switch (in.op) {
      case Op::kConst:
      case Op::kYear:
      case Op::kUniform:
      case Op::kCopula:
        break;
      case Op::kCopy:
      case Op::kNeg:
      case Op::kNot:
      case Op::kAbs:
      case Op::kExp:
      case Op::kLog:
      case Op::kSqrt:
      case Op::kSin:
      case Op::kCos:
        out = {at_year(in.a, e)};
        break;
      case Op::kSelect:
        out = {value(at_year(in.a, e)) != 0 ? at_year(in.b, e) : at_year(in.c, e)};
        break;
      case Op::kClamp:
        out = {at_year(in.a, e), at_year(in.b, e), at_year(in.c, e)};
        break;
      case Op::kSum:
      case Op::kMean:
      case Op::kFirstYear:
        all_years(in.a, out);
        break;
      case Op::kNpv:
        out = {in.a.slot};
        all_years(in.b, out);
        break;
      case Op::kCumsum:
        for (uint32_t y = 0; y <= e; ++y) out.push_back(in.a.slot + y);
        break;
      case Op::kLag: {
        const int64_t source = static_cast<int64_t>(e) - static_cast<int64_t>(in.k);
        out = {source >= 0 && source < static_cast<int64_t>(in.a.length)
                   ? in.a.slot + static_cast<uint32_t>(source)
                   : in.b.slot};
        break;
      }
      case Op::kAt:
        out = {in.a.slot + static_cast<uint32_t>(in.k)};
        break;
      case Op::kGrowth:
        out = e == 0 ? std::vector<uint32_t>{in.a.slot}
                     : std::vector<uint32_t>{in.dst.slot + e - 1, at_year(in.b, e)};
        break;
      case Op::kBlock:
        for (const Operand& o : model_.program.calls[static_cast<size_t>(in.k)].inputs) {
          all_years(o, out);
        }
        break;
      default:
        if (const Distribution* d = distribution_of(in.op)) {
          // A distribution: its uniform, then its parameters (none for discrete()'s table).
          const Operand* parameters[] = {&in.b, &in.c, &in.d};
          out = {in.a.slot};
          for (size_t j = 0; j < d->parameters.size() && j < 3; ++j) {
            out.push_back(parameters[j]->slot);
          }
        } else {  // two operands, element by element
          out = {at_year(in.a, e), at_year(in.b, e)};
        }
        break;
    }
    return out;
  }

  // The quantity an instruction computes; for a block, the output that `slot` belongs to.
  int quantity_of(int instruction, uint32_t slot) const {
    const Instruction& in = model_.program.code[instruction];
    if (in.op == Op::kBlock) {
      for (size_t q = 0; q < model_.quantities.size(); ++q) {
        const Operand& v = model_.quantities[q].value;
        if (model_.quantities[q].block >= 0 && slot >= v.slot && slot < v.slot + v.length) {
          return static_cast<int>(q);
        }
      }
    }
    return model_.origins[in.origin].quantity;
  }

  const Model& model_;
  const Workspace& w_;
  size_t sample_;
  std::vector<int> writer_;  // the instruction that writes each slot, or -1
  std::vector<bool> never_;  // slots whose +infinity is a first_year() "never"
};

// A quantity's value as the user wrote it, in its declared unit; `year` picks one year of a
// series (-1: none known).
std::string value_text(const Model& model, int index, const Tracer& t, int year) {
  const CompiledQuantity& q = model.quantities[index];
  if (q.series && year < 0) return "(a series)";
  const double v = t.value(q.value.slot + (q.series ? static_cast<uint32_t>(year) : 0));
  if (std::isnan(v)) return "not a number";
  if (std::isinf(v)) return v > 0 ? (q.may_be_never ? "never" : "infinite") : "-infinite";
  return format_value(v, q.unit, 6);
}

std::string entry_text(const Model& model, int index, const Tracer& t, int year) {
  std::string entry =
      fmt::format("{} = {}", model.def(index).name, value_text(model, index, t, year));
  if (model.def(index).defined_in == "--set") entry += " (from --set)";
  return entry;
}

// The --set quantities upstream of `index`, itself excluded.
std::vector<int> set_upstream(const Model& model, int index) {
  std::vector<int> found;
  std::vector<bool> seen(model.quantities.size(), false);
  std::vector<int> stack = model.quantities[index].dependencies;
  while (!stack.empty()) {
    const int q = stack.back();
    stack.pop_back();
    if (seen[q]) continue;
    seen[q] = true;
    if (model.def(q).defined_in == "--set") found.push_back(q);
    for (int d : model.quantities[q].dependencies) stack.push_back(d);
  }
  return found;
}

// "it comes from required_revenue = 0 USD; upstream: energy_ratio = -1 (from --set)": the
// quantities named in the culprit, then the inputs behind the computed ones.
std::string hint_text(const Model& model, const Tracer& t, const Expr& culprit, int year) {
  std::vector<int> direct;
  visit_names(culprit, [&](const Expr& e) {
    const int index = model.index_of(e.name);
    if (index >= 0 && std::find(direct.begin(), direct.end(), index) == direct.end()) {
      direct.push_back(index);
    }
  });
  if (direct.empty()) return "check the numbers in this formula";
  std::vector<int> upstream;
  for (int d : direct) {
    const CompiledQuantity& q = model.quantities[d];
    if (q.is_input() || model.def(d).defined_in == "--set") continue;
    const uint32_t slot = q.value.slot + (q.series && year >= 0 ? static_cast<uint32_t>(year) : 0);
    // A zero is traced to what made it; anything else to the overrides above it.
    for (int f : t.value(slot) == 0 ? t.zero_sources(slot) : set_upstream(model, d)) {
      if (std::find(direct.begin(), direct.end(), f) == direct.end() &&
          std::find(upstream.begin(), upstream.end(), f) == upstream.end()) {
        upstream.push_back(f);
      }
    }
  }
  // Overrides from the command line are the likeliest cause: name only them when there are any.
  if (std::any_of(upstream.begin(), upstream.end(),
                  [&](int q) { return model.def(q).defined_in == "--set"; })) {
    std::erase_if(upstream, [&](int q) { return model.def(q).defined_in != "--set"; });
  }
  auto list = [&](const std::vector<int>& indices) {
    std::vector<std::string> entries;
    for (size_t i = 0; i < indices.size() && i < 3; ++i) {
      entries.push_back(entry_text(model, indices[i], t, year));
    }
    if (indices.size() > 3) entries.push_back("…");
    return fmt::format("{}", fmt::join(entries, ", "));
  };
  std::string hint = "it comes from " + list(direct);
  if (!upstream.empty()) hint += "; upstream: " + list(upstream);
  return hint;
}

// "(1 - m)" → "1 - m": the sub-expression itself, when one pair of parentheses wraps it all.
void strip_parentheses(const std::string& text, size_t& begin, size_t& end) {
  while (end - begin >= 2 && text[begin] == '(' && text[end - 1] == ')') {
    int depth = 0;
    size_t i = begin;
    for (; i < end; ++i) {
      depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
      if (depth == 0) break;
    }
    if (i != end - 1) return;  // "(a) + (b)": the first parenthesis closes early
    ++begin;
    --end;
  }
}

bool allowed(const CompiledQuantity& q, double v) {
  return std::isfinite(v) || (q.may_be_never && v > 0);
}

}  // namespace

std::optional<NonFinite> find_non_finite(const Model& model, const Workspace& workspace,
                                         size_t sample, const std::vector<int>* among) {
  for (int index : model.order) {
    if (among != nullptr && std::find(among->begin(), among->end(), index) == among->end()) {
      continue;
    }
    const CompiledQuantity& q = model.quantities[index];
    for (uint32_t y = 0; y < q.value.length; ++y) {
      if (allowed(q, workspace.slot(q.value.slot + y)[sample])) continue;
      return Tracer(model, workspace, sample).cause(q.value.slot + y);
    }
  }
  return std::nullopt;
}

// The block's own account of which input made its outputs not finite, pointing at where that
// input's value was written (the year's entry of a table, the --set text, a CSV cell, …).
std::optional<Diagnostic> block_input_problem(const Model& model, const Workspace& w, size_t sample,
                                              const Instruction& in, bool at_medians) {
  const BlockCall& call = model.program.calls[static_cast<size_t>(in.k)];
  std::vector<std::vector<double>> values;
  for (const Operand& o : call.inputs) {
    std::vector<double>& v = values.emplace_back(o.length);
    for (uint32_t y = 0; y < o.length; ++y) v[y] = w.slot(o.slot + y)[sample];
  }
  auto problem = call.block->explain_not_finite(values);
  const auto names = call.block->inputs();
  if (!problem || problem->input >= names.size()) return std::nullopt;
  const int index = model.index_of(names[problem->input]);
  if (index < 0) return std::nullopt;
  const QuantityDef& def = model.def(index);
  const CompiledQuantity& q = model.quantities[index];
  const auto& v = values[problem->input];
  const int year = q.series && problem->year >= 0 ? problem->year : -1;
  const int calendar_year = year >= 0 ? model.program.first_year + year : 0;
  SourceLocation where = def.name_location;
  if (def.is_year_table()) {
    for (const auto& entry : def.years) {
      if (entry.year == calendar_year)
        where = entry.origin.locate(entry.text, 0, entry.text.size());
    }
  } else if (def.origin.source && !def.text.empty()) {
    where = def.origin.locate(def.text, 0, def.text.size());
  }
  if (!problem->message.empty()) return Diagnostic{where, problem->message, problem->hint};
  const double value = year >= 0 && year < static_cast<int>(v.size()) ? v[year] : v[0];
  std::string shown = format_value(value, q.unit, 6);
  std::vector<std::string> about;
  if (at_medians && q.uncertain) about.push_back("uncertain inputs at their medians");
  if (def.defined_in == "--set") about.push_back("from --set");
  std::string message = fmt::format(
      "'{}' is {}{}{}; {}", def.name, shown, year >= 0 ? fmt::format(" in {}", calendar_year) : "",
      about.empty() ? "" : fmt::format(" ({})", fmt::join(about, ", ")), problem->reason);
  return Diagnostic{where, message, problem->hint};
}

Diagnostic describe_non_finite(const Model& model, const Workspace& w, size_t sample,
                               const NonFinite& cause, bool at_medians) {
  const Tracer t(model, w, sample);
  if (cause.instruction < 0) return Diagnostic{{}, "a result is not a finite number", ""};
  const Instruction& in = model.program.code[cause.instruction];
  const ExprOrigin& origin = model.origins[in.origin];
  const QuantityDef& q = model.def(cause.quantity);
  // The year it went wrong in, when the value is one of a series.
  const uint32_t element = cause.slot - in.dst.slot;
  const Operand& value = model.quantities[cause.quantity].value;
  int year = -1;
  if (value.length > 1 && cause.slot >= value.slot && cause.slot < value.slot + value.length) {
    year = static_cast<int>(cause.slot - value.slot);
  } else if (in.dst.length > 1) {
    year = static_cast<int>(element);
  } else if (origin.year_entry >= 0) {
    year = model.def(origin.quantity).years[origin.year_entry].year - model.program.first_year;
  }
  const std::string when = year >= 0 ? fmt::format("in {}: ", model.program.first_year + year) : "";
  const Expr* culprit = origin.expr;
  if (culprit == nullptr && in.op == Op::kBlock) {
    if (auto problem = block_input_problem(model, w, sample, in, at_medians)) return *problem;
  }
  if (culprit == nullptr) {
    // A block's output: name it and the block's inputs.
    std::vector<std::string> inputs;
    for (int d : model.quantities[cause.quantity].dependencies) {
      inputs.push_back(entry_text(model, d, t, year));
    }
    return Diagnostic{q.name_location,
                      fmt::format("{}'{}' is not a finite number for these inputs", when, q.name),
                      fmt::format("its inputs: {}", fmt::join(inputs, ", "))};
  }
  const std::string& text = model.text_of(origin);
  const TextOrigin& where = model.origin_of(origin);
  std::string what;
  size_t begin = culprit->begin, end = culprit->end;
  if (in.op == Op::kDiv && culprit->kind == ExprKind::kBinary &&
      t.value(at_year(in.b, element)) == 0) {
    culprit = culprit->args[1].get();
    begin = culprit->begin;
    end = culprit->end;
    strip_parentheses(text, begin, end);
    what = fmt::format("{}division by zero in '{}': '{}' is 0", when, q.name,
                       text.substr(begin, end - begin));
  } else if (std::string problem = invalid_parameters(in, w, sample); !problem.empty()) {
    what = fmt::format("{}'{}' in the formula of '{}' has {}", when,
                       text.substr(culprit->begin, culprit->end - culprit->begin), q.name, problem);
  } else {
    what = fmt::format("{}'{}' in the formula of '{}' is {}", when,
                       text.substr(culprit->begin, culprit->end - culprit->begin), q.name,
                       std::isnan(t.value(cause.slot)) ? "not a number" : "infinite");
  }
  return Diagnostic{where.locate(text, begin, end - begin), what,
                    hint_text(model, t, *culprit, year)};
}

}  // namespace gpugap
