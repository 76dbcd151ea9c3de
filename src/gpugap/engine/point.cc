#include "gpugap/engine/point.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>

#include "gpugap/engine/block.h"

namespace gpugap {
namespace {

// The operands an instruction reads.
std::vector<Operand> inputs_of(const Program& program, const Instruction& in) {
  switch (in.op) {
    case Op::kConst:
    case Op::kYear:
      return {};
    case Op::kBlock:
      return program.calls[static_cast<size_t>(in.k)].inputs;
    case Op::kCopy:
    case Op::kNeg:
    case Op::kNot:
    case Op::kAbs:
    case Op::kExp:
    case Op::kLog:
    case Op::kSqrt:
    case Op::kSin:
    case Op::kCos:
    case Op::kSum:
    case Op::kMean:
    case Op::kCumsum:
    case Op::kAt:
    case Op::kFirstYear:
      return {in.a};
    case Op::kSelect:
    case Op::kClamp:
    case Op::kQNormal:
    case Op::kQLognormal:
    case Op::kQUniform:
    case Op::kQLogUniform:
    case Op::kQBeta:
    case Op::kQInterval90:
      return {in.a, in.b, in.c};
    case Op::kQTriangular:
    case Op::kQPert:
      return {in.a, in.b, in.c, in.d};
    case Op::kUniform:
    case Op::kCopula:
      return {};
    case Op::kQDiscrete:
      return {in.a};
    default:
      return {in.a, in.b};
  }
}

bool finite(const Workspace& w, const Operand& o, size_t sample) {
  for (uint32_t y = 0; y < o.length; ++y) {
    if (!std::isfinite(w.slot(o.slot + y)[sample])) return false;
  }
  return true;
}

bool has_nan(const Workspace& w, const Operand& o, size_t sample) {
  for (uint32_t y = 0; y < o.length; ++y) {
    if (std::isnan(w.slot(o.slot + y)[sample])) return true;
  }
  return false;
}

// Whether a block's outputs are all finite but for +infinity ("never") where it may be.
bool only_never(const BlockCall& call, const Workspace& w, size_t sample) {
  const auto outputs = call.block->outputs();
  for (size_t o = 0; o < call.outputs.size(); ++o) {
    for (uint32_t y = 0; y < call.outputs[o].length; ++y) {
      const double v = w.slot(call.outputs[o].slot + y)[sample];
      if (!std::isfinite(v) && !(outputs[o].may_be_never && v > 0)) return false;
    }
  }
  return true;
}

// An input's value as the user wrote it: in its declared unit.
std::string input_value(const Model& model, int index, const Workspace& w, size_t sample) {
  const CompiledQuantity& q = model.quantities[index];
  if (q.series) return "(a series)";
  double v = w.slot(q.value.slot)[sample] / q.unit.scale;
  if (q.unit.is_percent()) return fmt::format("{:g}%", v);
  if (q.unit.text.empty()) return fmt::format("{:g}", v);
  return fmt::format("{:g} {}", v, q.unit.text);
}

// The block's own account of which input made its outputs not finite, pointing at where that
// input's value was written (the year's entry of a table, the --set text, a CSV cell, …).
std::optional<Diagnostic> block_input_problem(const Model& model, const Workspace& w, size_t sample,
                                              const Instruction& in, bool at_medians) {
  const BlockCall& call = model.program.calls[static_cast<size_t>(in.k)];
  std::vector<std::vector<double>> values;
  for (const Operand& o : call.inputs) {
    values.emplace_back();
    for (uint32_t y = 0; y < o.length; ++y) values.back().push_back(w.slot(o.slot + y)[sample]);
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
  const double value = (year >= 0 && year < static_cast<int>(v.size()) ? v[year] : v[0]);
  std::string shown = fmt::format("{:g}", value / q.unit.scale);
  if (q.unit.is_percent()) {
    shown += "%";
  } else if (!q.unit.text.empty()) {
    shown += " " + q.unit.text;
  }
  const int calendar_year = year >= 0 ? model.program.first_year + year : 0;
  SourceLocation where = def.name_location;
  if (def.is_year_table()) {
    for (const auto& entry : def.years) {
      if (entry.year == calendar_year)
        where = entry.origin.locate(entry.text, 0, entry.text.size());
    }
  } else if (def.origin.source) {
    where = def.origin.locate(def.text, 0, def.text.size());
  }
  std::vector<std::string> about;
  if (at_medians && q.uncertain) about.push_back("uncertain inputs at their medians");
  if (def.defined_in == "--set") about.push_back("from --set");
  std::string message = fmt::format(
      "'{}' is {}{}{}; {}", def.name, shown, year >= 0 ? fmt::format(" in {}", calendar_year) : "",
      about.empty() ? "" : fmt::format(" ({})", fmt::join(about, ", ")), problem->reason);
  return Diagnostic{where, message, problem->hint};
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

}  // namespace

int first_non_finite(const Model& model, const Workspace& workspace, size_t sample) {
  const auto& code = model.program.code;
  // The cause is the first instruction that makes an infinity from finite inputs, or a NaN from
  // inputs without one (never − never). A "never" from first_year() is a value, not an error.
  for (size_t i = 0; i < code.size(); ++i) {
    const Instruction& in = code[i];
    if (finite(workspace, in.dst, sample)) continue;
    bool nan = has_nan(workspace, in.dst, sample);
    if (in.op == Op::kFirstYear && !nan) continue;
    if (in.op == Op::kBlock &&
        only_never(model.program.calls[static_cast<size_t>(in.k)], workspace, sample)) {
      continue;
    }
    bool inputs_finite = true, inputs_nan = false;
    for (const Operand& o : inputs_of(model.program, in)) {
      inputs_finite = inputs_finite && finite(workspace, o, sample);
      inputs_nan = inputs_nan || has_nan(workspace, o, sample);
    }
    if (inputs_finite || (nan && !inputs_nan)) return static_cast<int>(i);
  }
  return -1;
}

Diagnostic describe_non_finite(const Model& model, const Workspace& w, size_t sample,
                               int instruction, bool at_medians) {
  const Instruction& in = model.program.code[instruction];
  const ExprOrigin& origin = model.origins[in.origin];
  const std::string& text = model.text_of(origin);
  const TextOrigin& where = model.origin_of(origin);
  const QuantityDef& q = model.def(origin.quantity);
  const Expr* culprit = origin.expr;
  if (culprit == nullptr && in.op == Op::kBlock) {
    if (auto problem = block_input_problem(model, w, sample, in, at_medians)) return *problem;
  }
  if (culprit == nullptr) {
    // A block's output: name it and the block's inputs.
    std::vector<std::string> inputs;
    for (int d : model.quantities[origin.quantity].dependencies) {
      inputs.push_back(fmt::format("{} = {}", model.def(d).name, input_value(model, d, w, sample)));
    }
    return Diagnostic{q.name_location,
                      fmt::format("'{}' is not a finite number for these inputs", q.name),
                      fmt::format("its inputs: {}", fmt::join(inputs, ", "))};
  }
  std::string what;
  size_t begin = culprit->begin, end = culprit->end;
  if (in.op == Op::kDiv && culprit->kind == ExprKind::kBinary) {
    culprit = culprit->args[1].get();
    begin = culprit->begin;
    end = culprit->end;
    strip_parentheses(text, begin, end);
    what =
        fmt::format("division by zero in '{}': '{}' is 0", q.name, text.substr(begin, end - begin));
  } else {
    double v = 0;
    for (uint32_t y = 0; y < in.dst.length; ++y) {
      v = w.slot(in.dst.slot + y)[sample];
      if (!std::isfinite(v)) break;
    }
    what = fmt::format("'{}' in the formula of '{}' is {}",
                       text.substr(culprit->begin, culprit->end - culprit->begin), q.name,
                       std::isnan(v) ? "not a number" : "infinite");
  }
  std::vector<std::string> involved;
  visit_names(*culprit, [&](const Expr& e) {
    int index = model.index_of(e.name);
    if (index < 0) return;
    std::string entry = fmt::format("{} = {}", e.name, input_value(model, index, w, sample));
    const std::string& defined_in = model.def(index).defined_in;
    if (defined_in == "--set") entry += " (from --set)";
    if (std::find(involved.begin(), involved.end(), entry) == involved.end()) {
      involved.push_back(entry);
    }
  });
  std::string hint = involved.empty() ? "check the numbers in this formula"
                                      : fmt::format("it comes from {}", fmt::join(involved, ", "));
  return Diagnostic{where.locate(text, begin, end - begin), what, hint};
}

Result<PointResults> evaluate_point(const Model& model) {
  Workspace workspace(model.program, 1);
  // Uncertain inputs at their medians.
  const std::vector<double> medians(model.program.leaves.size(), 0.5);
  Sampling sampling;
  sampling.fixed = &medians;
  evaluate(model.program, workspace, 1, sampling);
  int bad = first_non_finite(model, workspace, 0);
  if (bad >= 0) return describe_non_finite(model, workspace, 0, bad, true);
  PointResults results;
  results.values.reserve(model.quantities.size());
  for (const auto& q : model.quantities) {
    std::vector<double> values(q.value.length);
    for (uint32_t y = 0; y < q.value.length; ++y) values[y] = workspace.slot(q.value.slot + y)[0];
    results.values.push_back(std::move(values));
  }
  return results;
}

}  // namespace gpugap
