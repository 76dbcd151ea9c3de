// Scenario → Model: the passes of the compiler in order (compiler.h lists the file of each),
// and what they share: errors, slots, instructions; a quantity's formula or block call.
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <algorithm>

#include "gpugap/compile/compile.h"
#include "gpugap/program/block.h"
#include "gpugap/util/check.h"

namespace gpugap {

int Model::index_of(const std::string& name) const {
  auto it = index_.find(name);
  return it == index_.end() ? -1 : it->second;
}

std::vector<int> Model::years() const {
  std::vector<int> out;
  if (scenario.time) {
    for (int y = scenario.time->first_year; y <= scenario.time->last_year; ++y) out.push_back(y);
  }
  return out;
}

const std::string& Model::text_of(const ExprOrigin& origin) const {
  const QuantityDef& q = def(origin.quantity);
  return origin.year_entry < 0 ? q.text : q.years[origin.year_entry].text;
}

const TextOrigin& Model::origin_of(const ExprOrigin& origin) const {
  const QuantityDef& q = def(origin.quantity);
  return origin.year_entry < 0 ? q.origin : q.years[origin.year_entry].origin;
}

std::vector<Diagnostic> Compiler::run() {
  index_names();
  if (!diagnostics_.empty()) return diagnostics_;
  parse_all();
  if (!diagnostics_.empty()) return diagnostics_;
  order_quantities();
  if (!diagnostics_.empty()) return diagnostics_;
  m_.program.first_year = m_.scenario.time ? m_.scenario.time->first_year : 0;
  m_.program.years = m_.scenario.time ? m_.scenario.time->size() : 1;
  GPUGAP_DCHECK(m_.order.size() == m_.quantities.size());
  for (int index : m_.order) generate_quantity(index);
  if (!diagnostics_.empty()) return diagnostics_;
  hoist_draws();
  build_copulas();
  check_expectations();
  return diagnostics_;
}

void Compiler::fail(const Context& ctx, const Expr& e, std::string message, std::string hint) {
  diagnostics_.push_back({ctx.origin->locate(*ctx.text, e.begin, e.end - e.begin),
                          std::move(message), std::move(hint)});
}

std::string Compiler::snippet(const Context& ctx, const Expr& e) const {
  return ctx.text->substr(e.begin, e.end - e.begin);
}

void Compiler::append(const std::vector<Diagnostic>& more) {
  diagnostics_.insert(diagnostics_.end(), more.begin(), more.end());
}

Operand Compiler::allocate(bool series) {
  Operand o{m_.program.slot_count, series ? m_.program.years : 1u};
  m_.program.slot_count += o.length;
  return o;
}

int32_t Compiler::record(const Context& ctx, const Expr& e) {
  m_.origins.push_back({ctx.quantity, ctx.year_entry, &e});
  return static_cast<int32_t>(m_.origins.size() - 1);
}

Compiler::Value Compiler::emit(const Context& ctx, const Expr& e, Op op, Dimension dim, bool series,
                               std::initializer_list<Value> args, double k) {
  Value out;
  out.operand = allocate(series);
  out.dimension = dim;
  out.series = series;
  Instruction in;
  in.op = op;
  in.dst = out.operand;
  in.k = k;
  in.origin = record(ctx, e);
  GPUGAP_DCHECK(args.size() <= 4);
  Operand* slots[] = {&in.a, &in.b, &in.c, &in.d};
  size_t i = 0;
  for (const Value& a : args) {
    *slots[i++] = a.operand;
    out.never = out.never || a.never;
  }
  m_.program.code.push_back(in);
  return out;
}

Compiler::Value Compiler::constant(const Context& ctx, const Expr& e, double v, Dimension dim) {
  return emit(ctx, e, Op::kConst, dim, false, {}, v);
}

void Compiler::generate_quantity(int index) {
  CompiledQuantity& c = m_.quantities[index];
  leaf_counter_ = 0;
  const size_t before = diagnostics_.size();
  if (c.block >= 0) {
    generate_block_call(index);
  } else {
    generate_formula(index);
  }
  if (diagnostics_.size() != before) failed_.insert(index);
  c.uncertain = !c.leaves.empty();
  for (int d : c.dependencies) c.uncertain = c.uncertain || m_.quantities[d].uncertain;
}

void Compiler::generate_formula(int index) {
  const QuantityDef& q = m_.def(index);
  CompiledQuantity& c = m_.quantities[index];
  size_t before = diagnostics_.size();
  if (!q.is_year_table()) {
    if (!c.formula) return;
    Context ctx{index, -1, &q.text, &q.origin};
    Value v;
    if (!gen(ctx, *c.formula, v)) return;
    adopt_declared_unit(ctx, *c.formula, c, v);
    if (!check_declared(ctx, *c.formula, c, v)) return;
    c.value = v.operand;
    c.series = v.series;
    c.may_be_never = v.never;
    if (!c.unit_declared) c.unit = Unit{1.0, v.dimension, ""};
    return;
  }
  generate_year_table(index);
  if (diagnostics_.size() != before) return;
}

// The first output reached emits the block's call, which computes all its outputs.
void Compiler::generate_block_call(int index) {
  CompiledQuantity& c = m_.quantities[index];
  if (emitted_blocks_.count(c.block)) return;
  emitted_blocks_.insert(c.block);
  const auto& block = m_.scenario.blocks[c.block];
  BlockCall call;
  call.block = block;
  std::vector<BlockInputInfo> infos;
  for (int d : c.dependencies) {
    const CompiledQuantity& input = m_.quantities[d];
    call.inputs.push_back(input.value);
    const QuantityDef& def = m_.def(d);
    infos.push_back(
        {def.name, input.unit.dimension, input.series,
         def.origin.source ? def.origin.locate(def.text, 0, def.text.size()) : def.name_location});
  }
  if (Status checked = block->check(infos); !checked) {
    append(checked.diagnostics());
    return;
  }
  for (const auto& [quantity, b, output] : block_outputs_) {
    if (b != c.block) continue;
    CompiledQuantity& out = m_.quantities[quantity];
    out.value = allocate(block->outputs()[output].series);
    out.series = out.value.length > 1;
    out.may_be_never = block->outputs()[output].may_be_never;
    call.outputs.push_back(out.value);
  }
  Instruction in;
  in.op = Op::kBlock;
  in.k = static_cast<double>(m_.program.calls.size());
  // The outputs are consecutive slots: dst spans them all.
  GPUGAP_DCHECK(!call.outputs.empty());
  in.dst =
      Operand{call.outputs.front().slot,
              call.outputs.back().slot + call.outputs.back().length - call.outputs.front().slot};
  m_.origins.push_back({index, -1, nullptr});
  in.origin = static_cast<int32_t>(m_.origins.size() - 1);
  m_.program.calls.push_back(std::move(call));
  m_.program.code.push_back(in);
}

Result<Model> compile(Scenario scenario) {
  Model model;
  model.scenario = std::move(scenario);
  Compiler compiler(model);
  std::vector<Diagnostic> diagnostics = compiler.run();
  if (!diagnostics.empty()) return diagnostics;
  return Result<Model>(std::move(model));
}

}  // namespace gpugap
