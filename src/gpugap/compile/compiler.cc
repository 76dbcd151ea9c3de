// Scenario → Model: parse every formula, resolve names, order the quantities (dependencies
// first), check units and shapes, and emit the flat Program. Errors are collected, not thrown.
#include <fmt/format.h>

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "gpugap/compile/model.h"
#include "gpugap/program/block.h"
#include "gpugap/expr/constant.h"
#include "gpugap/expr/parser.h"
#include "gpugap/random/distributions.h"
#include "gpugap/random/streams.h"
#include "gpugap/util/text.h"

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

namespace {

const char* kFunctions[] = {
    "if",         "min",        "max",   "abs",        "exp",     "log",       "sin",
    "cos",        "sqrt",       "clamp", "sum",        "mean",    "cumsum",    "lag",
    "at",         "growth",     "npv",   "first_year", "normal",  "lognormal", "uniform",
    "loguniform", "triangular", "pert",  "beta",       "discrete"};
const char* kReservedNames[] = {"year", "to", "and", "or", "not"};
const char* kUnitHint =
    "units: USD, yr, month, h, W, kW, MW, GW, Wh, kWh, MWh, GPU, user, token, FLOP, %, x; combine "
    "with / and *, and raise with ^ (USD/GPU/h, GPU^2)";

std::vector<std::string> function_names() {
  return std::vector<std::string>(std::begin(kFunctions), std::end(kFunctions));
}

// The typed result of compiling an expression: where it lives and what it is.
struct Value {
  Operand operand;
  Dimension dimension;
  bool series = false;
  bool never = false;
  bool zero = false;  // a literal 0 written without a unit: zero in every unit
};

}  // namespace

class Compiler {
 public:
  explicit Compiler(Model& model) : m_(model) {}

  std::vector<Diagnostic> run() {
    index_names();
    if (!diagnostics_.empty()) return diagnostics_;
    parse_all();
    if (!diagnostics_.empty()) return diagnostics_;
    order_quantities();
    if (!diagnostics_.empty()) return diagnostics_;
    m_.program.first_year = m_.scenario.time ? m_.scenario.time->first_year : 0;
    m_.program.years = m_.scenario.time ? m_.scenario.time->size() : 1;
    for (int index : m_.order) generate_quantity(index);
    if (!diagnostics_.empty()) return diagnostics_;
    hoist_draws();
    build_copulas();
    check_expectations();
    return diagnostics_;
  }

 private:
  // The quantity and text being compiled, for locating errors.
  struct Context {
    int quantity = -1;
    int year_entry = -1;
    const std::string* text = nullptr;
    const TextOrigin* origin = nullptr;
  };

  void fail(const Context& ctx, const Expr& e, std::string message, std::string hint = "") {
    diagnostics_.push_back({ctx.origin->locate(*ctx.text, e.begin, e.end - e.begin),
                            std::move(message), std::move(hint)});
  }

  std::string snippet(const Context& ctx, const Expr& e) const {
    return ctx.text->substr(e.begin, e.end - e.begin);
  }

  // Each block output becomes a quantity of the model, computed by the block's call.
  void add_block_outputs() {
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

  void index_names() {
    add_block_outputs();
    for (size_t i = 0; i < m_.scenario.quantities.size(); ++i) {
      const QuantityDef& q = m_.scenario.quantities[i];
      bool reserved =
          std::find(std::begin(kReservedNames), std::end(kReservedNames), q.name) !=
              std::end(kReservedNames) ||
          std::find(std::begin(kFunctions), std::end(kFunctions), q.name) != std::end(kFunctions);
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
  static std::string name_hint(const std::string& name) {
    const char* rule =
        "names start with a letter or '_' and go on with letters, digits, '_' and '.'";
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

  void collect_dependencies(const Context& ctx, const Expr& expr, std::vector<int>& deps) {
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

  void check_calls(const Context& ctx, const Expr& e) {
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

  void parse_all() {
    for (size_t i = 0; i < m_.scenario.quantities.size(); ++i) {
      const QuantityDef& q = m_.scenario.quantities[i];
      CompiledQuantity& c = m_.quantities[i];
      if (!q.unit.empty()) {
        std::string error;
        if (!parse_unit(q.unit, c.unit, error)) {
          diagnostics_.push_back({q.unit_location, error, kUnitHint});
        }
        c.unit_declared = true;
      }
      if (c.block >= 0) {
        const Block& block = *m_.scenario.blocks[c.block];
        for (const std::string& input : block.inputs()) {
          int index = m_.index_of(input);
          if (index < 0) {
            std::string guess = closest_name(input, m_.scenario.names());
            diagnostics_.push_back(
                {{},
                 fmt::format("the [{}] block reads '{}', which is not a quantity", block.name(),
                             input),
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

  void append(const std::vector<Diagnostic>& more) {
    diagnostics_.insert(diagnostics_.end(), more.begin(), more.end());
  }

  // Depth-first topological sort; a back edge is a cycle, reported once with its path. The
  // walk keeps its own stack: a chain of many thousand quantities must not exhaust the thread's.
  void order_quantities() {
    const size_t n = m_.quantities.size();
    std::vector<int> state(n, 0);  // 0 unvisited, 1 on the stack, 2 done
    struct Frame {
      int quantity;
      size_t next_dependency;
    };
    std::vector<Frame> stack;
    for (size_t root = 0; root < n; ++root) {
      if (state[root] != 0) continue;
      state[root] = 1;
      stack.push_back({static_cast<int>(root), 0});
      while (!stack.empty()) {
        Frame& top = stack.back();
        const std::vector<int>& dependencies = m_.quantities[top.quantity].dependencies;
        if (top.next_dependency == dependencies.size()) {
          state[top.quantity] = 2;
          m_.order.push_back(top.quantity);
          stack.pop_back();
          continue;
        }
        int d = dependencies[top.next_dependency++];
        if (state[d] == 2) continue;
        if (state[d] == 1) {
          report_cycle(stack, d);
          return;
        }
        state[d] = 1;
        stack.push_back({d, 0});
      }
    }
  }

  template <class Stack>
  void report_cycle(const Stack& stack, int back_to) {
    auto start = std::find_if(stack.begin(), stack.end(),
                              [&](const auto& frame) { return frame.quantity == back_to; });
    std::string path;
    for (auto it = start; it != stack.end(); ++it) path += m_.def(it->quantity).name + " → ";
    path += m_.def(back_to).name;
    diagnostics_.push_back({m_.def(back_to).name_location, fmt::format("cycle: {}", path),
                            "a quantity cannot depend on itself; break the cycle with an input"});
  }

  Operand allocate(bool series) {
    Operand o{m_.program.slot_count, series ? m_.program.years : 1u};
    m_.program.slot_count += o.length;
    return o;
  }

  int32_t record(const Context& ctx, const Expr& e) {
    m_.origins.push_back({ctx.quantity, ctx.year_entry, &e});
    return static_cast<int32_t>(m_.origins.size() - 1);
  }

  Value emit(const Context& ctx, const Expr& e, Op op, Dimension dim, bool series,
             std::initializer_list<Value> args, double k = 0) {
    Value out;
    out.operand = allocate(series);
    out.dimension = dim;
    out.series = series;
    Instruction in;
    in.op = op;
    in.dst = out.operand;
    in.k = k;
    in.origin = record(ctx, e);
    Operand* slots[] = {&in.a, &in.b, &in.c, &in.d};
    size_t i = 0;
    for (const Value& a : args) {
      *slots[i++] = a.operand;
      out.never = out.never || a.never;
    }
    m_.program.code.push_back(in);
    return out;
  }

  Value constant(const Context& ctx, const Expr& e, double v, Dimension dim = {}) {
    return emit(ctx, e, Op::kConst, dim, false, {}, v);
  }

  static bool has_names_or_units(const Expr& e) {
    if (e.kind == ExprKind::kName) return true;
    if (e.kind == ExprKind::kNumber && !e.unit_text.empty()) return true;
    for (const auto& a : e.args) {
      if (has_names_or_units(*a)) return true;
    }
    return false;
  }

  static bool has_percent(const Expr& e) {
    if (e.kind == ExprKind::kNumber && e.percent) return true;
    // In discrete(value: probability), a probability written in % says nothing of the values.
    if (e.kind == ExprKind::kBinary && e.op == Operator::kPair) return has_percent(*e.args[0]);
    for (const auto& a : e.args) {
      if (has_percent(*a)) return true;
    }
    return false;
  }

  // A literal integer, possibly negated (lag's shift, at's year, a dimensioned power).
  static bool literal_integer(const Expr& e, int64_t& out) {
    double sign = 1;
    const Expr* x = &e;
    if (x->kind == ExprKind::kUnary && x->op == Operator::kNeg) {
      sign = -1;
      x = x->args[0].get();
    }
    if (x->kind != ExprKind::kNumber || !x->unit_text.empty() || x->percent) return false;
    double v = sign * x->number;
    if (v != std::floor(v) || std::abs(v) > 1e6) return false;
    out = static_cast<int64_t>(v);
    return true;
  }

  std::string unit_name(const Dimension& d) const {
    return d.dimensionless() ? "a plain number" : to_string(d);
  }

  // `a` and `b` in one dimension; a literal 0 takes the other side's (cum > 0, max(x, 0)).
  bool same_dimension(const Context& ctx, const Expr& e, Value& a, Value& b, const char* what) {
    if (a.zero && !b.zero) a.dimension = b.dimension;
    if (b.zero && !a.zero) b.dimension = a.dimension;
    if (a.dimension == b.dimension) return true;
    // A bare number next to a quantity with a unit is the usual slip.
    bool bare_number = false;
    for (const auto& arg : e.args) {
      bare_number = bare_number || (is_constant(*arg) && !arg->percent);
    }
    fail(ctx, e,
         fmt::format("unit mismatch in '{}': {} {} {}", snippet(ctx, e), unit_name(a.dimension),
                     what, unit_name(b.dimension)),
         bare_number ? "a number in a formula has no unit: write it with one, e.g. 600B[USD], or "
                       "make it a quantity with a unit and a source"
                     : "both sides must have the same dimension; convert with a quantity that "
                       "carries the unit (e.g. a price in USD/kWh)");
    return false;
  }

  bool need_dimensionless(const Context& ctx, const Expr& e, const Value& v, const char* what) {
    if (v.dimension.dimensionless()) return true;
    fail(ctx, e,
         fmt::format("{} must be a plain number, but '{}' is in {}", what, snippet(ctx, e),
                     unit_name(v.dimension)),
         fmt::format("divide it by an amount in {0} to make it a ratio, e.g. '{1} / 1[{0}]'",
                     unit_name(v.dimension), snippet(ctx, e)));
    return false;
  }

  // The dimension of `e`'s result, unless a unit's power leaves the range units are allowed.
  bool dimension_in_range(const Context& ctx, const Expr& e, const Dimension& d) {
    if (d.in_range()) return true;
    fail(ctx, e,
         fmt::format("the unit of '{}' has a power beyond {}: a mistake, not a unit",
                     snippet(ctx, e), kMaxExponent),
         "check the exponents and the products in this formula");
    return false;
  }

  bool need_series(const Context& ctx, const Expr& e, const Value& v, const char* function) {
    if (v.series) return true;
    fail(ctx, e,
         fmt::format("{}() needs a series, but '{}' is a single value", function, snippet(ctx, e)),
         "series come from tables of years, from 'year', or from formulas over them");
    return false;
  }

  bool need_scalar(const Context& ctx, const Expr& e, const Value& v, const char* what) {
    if (!v.series) return true;
    fail(ctx, e,
         fmt::format("{} must be a single value, but '{}' is a series", what, snippet(ctx, e)),
         "reduce it with at(x, YEAR), sum(x) or mean(x)");
    return false;
  }

  bool need_time(const Context& ctx, const Expr& e, const char* what) {
    if (m_.scenario.time) return true;
    fail(ctx, e, fmt::format("{} needs a [time] axis", what),
         "add [time] years = \"2020..2035\" to the scenario");
    return false;
  }

  bool gen(const Context& ctx, const Expr& e, Value& out) {
    switch (e.kind) {
      case ExprKind::kNumber: {
        double v = e.number;
        Dimension dim;
        if (!e.unit_text.empty()) {
          Unit unit;
          std::string error;
          if (!parse_unit(e.unit_text, unit, error)) {
            fail(ctx, e, error, kUnitHint);
            return false;
          }
          v *= unit.scale;
          dim = unit.dimension;
        }
        out = constant(ctx, e, v, dim);
        out.zero = e.number == 0 && e.unit_text.empty();
        return true;
      }
      case ExprKind::kName: {
        if (e.name == "year") {
          if (!need_time(ctx, e, "'year'")) return false;
          out = emit(ctx, e, Op::kYear, {}, true, {});
          return true;
        }
        int index = m_.index_of(e.name);
        const CompiledQuantity& q = m_.quantities[index];
        out.operand = q.value;
        out.dimension = q.unit.dimension;
        out.series = q.series;
        out.never = q.may_be_never;
        return true;
      }
      case ExprKind::kUnary: {
        Value a;
        if (!gen(ctx, *e.args[0], a)) return false;
        if (e.op == Operator::kNeg) {
          out = emit(ctx, e, Op::kNeg, a.dimension, a.series, {a});
        } else {
          out = emit(ctx, e, Op::kNot, {}, a.series, {a});
        }
        return true;
      }
      case ExprKind::kBinary:
        return gen_binary(ctx, e, out);
      case ExprKind::kCall:
        return gen_call(ctx, e, out);
    }
    return false;
  }

  bool gen_binary(const Context& ctx, const Expr& e, Value& out) {
    if (e.op == Operator::kTo) return gen_interval(ctx, e, out);
    if (e.op == Operator::kPair) {
      fail(ctx, e, "':' only separates a value from its probability, inside discrete(…)",
           "write discrete(100B: 0.3, 200B: 0.7)");
      return false;
    }
    Value a, b;
    if (!gen(ctx, *e.args[0], a)) return false;
    if (!gen(ctx, *e.args[1], b)) return false;
    bool series = a.series || b.series;
    switch (e.op) {
      case Operator::kAdd:
      case Operator::kSub: {
        const char* verb = e.op == Operator::kAdd ? "+" : "-";
        if (!same_dimension(ctx, e, a, b, verb)) return false;
        out =
            emit(ctx, e, e.op == Operator::kAdd ? Op::kAdd : Op::kSub, a.dimension, series, {a, b});
        return true;
      }
      case Operator::kMul:
        if (!dimension_in_range(ctx, e, a.dimension * b.dimension)) return false;
        out = emit(ctx, e, Op::kMul, a.dimension * b.dimension, series, {a, b});
        return true;
      case Operator::kDiv:
        if (!dimension_in_range(ctx, e, a.dimension / b.dimension)) return false;
        out = emit(ctx, e, Op::kDiv, a.dimension / b.dimension, series, {a, b});
        return true;
      case Operator::kPow: {
        if (!need_dimensionless(ctx, *e.args[1], b, "an exponent")) return false;
        Dimension dim;
        if (!a.dimension.dimensionless()) {
          int64_t n = 0;
          if (!literal_integer(*e.args[1], n)) {
            fail(ctx, e,
                 fmt::format("'{}' raises a quantity in {} to a power that is not a whole "
                             "number written in the formula",
                             snippet(ctx, e), unit_name(a.dimension)),
                 "only plain numbers can be raised to computed or fractional powers");
            return false;
          }
          dim = a.dimension.power(static_cast<int>(n));
          if (!dimension_in_range(ctx, e, dim)) return false;
        }
        out = emit(ctx, e, Op::kPow, dim, series, {a, b});
        return true;
      }
      case Operator::kLess:
      case Operator::kLessEqual:
      case Operator::kGreater:
      case Operator::kGreaterEqual:
      case Operator::kEqual:
      case Operator::kNotEqual: {
        if (!same_dimension(ctx, e, a, b, operator_text(e.op))) return false;
        static const std::pair<Operator, Op> kOps[] = {
            {Operator::kLess, Op::kLess},       {Operator::kLessEqual, Op::kLessEqual},
            {Operator::kGreater, Op::kGreater}, {Operator::kGreaterEqual, Op::kGreaterEqual},
            {Operator::kEqual, Op::kEqual},     {Operator::kNotEqual, Op::kNotEqual}};
        Op op = Op::kLess;
        for (const auto& [from, to] : kOps) {
          if (from == e.op) op = to;
        }
        out = emit(ctx, e, op, {}, series, {a, b});
        return true;
      }
      case Operator::kAnd:
      case Operator::kOr:
        out = emit(ctx, e, e.op == Operator::kAnd ? Op::kAnd : Op::kOr, {}, series, {a, b});
        return true;
      default:
        break;
    }
    fail(ctx, e, "internal: unexpected operator", "this is a bug in gpugap; please report it");
    return false;
  }

  bool arity(const Context& ctx, const Expr& e, size_t low, size_t high, const char* usage) {
    if (e.args.size() >= low && e.args.size() <= high) return true;
    fail(ctx, e,
         fmt::format("{}() takes {} but was given {}", e.name,
                     low == high ? fmt::format("{} argument{}", low, low == 1 ? "" : "s")
                                 : fmt::format("{} to {} arguments", low, high),
                     e.args.size()),
         fmt::format("write {}", usage));
    return false;
  }

  bool gen_call(const Context& ctx, const Expr& e, Value& out) {
    const std::string& f = e.name;
    if (is_distribution(f)) return gen_distribution(ctx, e, out);
    std::vector<Value> args(e.args.size());
    for (size_t i = 0; i < e.args.size(); ++i) {
      // lag's shift and at's year are literal integers, not values to compute.
      if ((f == "lag" || f == "at") && i == 1) continue;
      if (!gen(ctx, *e.args[i], args[i])) return false;
    }
    auto any_series = [&] {
      for (const auto& a : args) {
        if (a.series) return true;
      }
      return false;
    };
    if (f == "if") {
      if (!arity(ctx, e, 3, 3, "if(condition, then, else)")) return false;
      if (!same_dimension(ctx, e, args[1], args[2], "or")) return false;
      out = emit(ctx, e, Op::kSelect, args[1].dimension, any_series(), {args[0], args[1], args[2]});
      return true;
    }
    if (f == "min" || f == "max") {
      if (e.args.size() < 2) {
        fail(ctx, e,
             fmt::format("{}() takes two or more arguments but was given {}", f, e.args.size()),
             fmt::format("write {}(a, b, …)", f));
        return false;
      }
      Value acc = args[0];
      for (size_t i = 1; i < args.size(); ++i) {
        if (!same_dimension(ctx, e, acc, args[i], "and")) return false;
        acc = emit(ctx, e, f == "min" ? Op::kMin : Op::kMax, acc.dimension,
                   acc.series || args[i].series, {acc, args[i]});
      }
      out = acc;
      return true;
    }
    if (f == "abs") {
      if (!arity(ctx, e, 1, 1, "abs(x)")) return false;
      out = emit(ctx, e, Op::kAbs, args[0].dimension, args[0].series, {args[0]});
      return true;
    }
    if (f == "exp" || f == "log" || f == "sin" || f == "cos") {
      if (!arity(ctx, e, 1, 1, fmt::format("{}(x)", f).c_str())) return false;
      if (!need_dimensionless(ctx, *e.args[0], args[0],
                              fmt::format("the argument of {}()", f).c_str())) {
        return false;
      }
      Op op = f == "exp" ? Op::kExp : f == "log" ? Op::kLog : f == "sin" ? Op::kSin : Op::kCos;
      out = emit(ctx, e, op, {}, args[0].series, {args[0]});
      return true;
    }
    if (f == "sqrt") {
      if (!arity(ctx, e, 1, 1, "sqrt(x)")) return false;
      Dimension dim;
      for (size_t i = 0; i < kBaseDimensions; ++i) {
        int exponent = args[0].dimension.exponents[i];
        if (exponent % 2 != 0) {
          fail(ctx, e,
               fmt::format("sqrt() of a quantity in {} has no unit", unit_name(args[0].dimension)),
               "sqrt() takes units with even powers, such as USD^2; or make the argument a plain "
               "number");
          return false;
        }
        dim.exponents[i] = exponent / 2;
      }
      out = emit(ctx, e, Op::kSqrt, dim, args[0].series, {args[0]});
      return true;
    }
    if (f == "clamp") {
      if (!arity(ctx, e, 3, 3, "clamp(x, low, high)")) return false;
      if (!same_dimension(ctx, e, args[0], args[1], "and") ||
          !same_dimension(ctx, e, args[0], args[2], "and")) {
        return false;
      }
      out = emit(ctx, e, Op::kClamp, args[0].dimension, any_series(), {args[0], args[1], args[2]});
      return true;
    }
    if (f == "sum" || f == "mean" || f == "cumsum") {
      if (!arity(ctx, e, 1, 1, fmt::format("{}(series)", f).c_str())) return false;
      if (!need_series(ctx, *e.args[0], args[0], f.c_str())) return false;
      Op op = f == "sum" ? Op::kSum : (f == "mean" ? Op::kMean : Op::kCumsum);
      out = emit(ctx, e, op, args[0].dimension, f == "cumsum", {args[0]});
      return true;
    }
    if (f == "lag") {
      if (!arity(ctx, e, 2, 3, "lag(series, years[, fill])")) return false;
      if (!need_series(ctx, *e.args[0], args[0], "lag")) return false;
      int64_t k = 0;
      if (!literal_integer(*e.args[1], k)) {
        fail(ctx, *e.args[1],
             "lag()'s shift must be a whole number of years written in the formula",
             "write lag(x, 1) for last year's value");
        return false;
      }
      Value fill;
      if (e.args.size() == 3) {
        fill = args[2];
        if (!need_scalar(ctx, *e.args[2], fill, "lag()'s fill value") ||
            !same_dimension(ctx, e, args[0], fill, "and")) {
          return false;
        }
      } else {
        fill = constant(ctx, e, 0, args[0].dimension);
      }
      out =
          emit(ctx, e, Op::kLag, args[0].dimension, true, {args[0], fill}, static_cast<double>(k));
      return true;
    }
    if (f == "at") {
      if (!arity(ctx, e, 2, 2, "at(series, YEAR)")) return false;
      if (!need_series(ctx, *e.args[0], args[0], "at")) return false;
      int64_t year = 0;
      if (!literal_integer(*e.args[1], year)) {
        fail(ctx, *e.args[1], "at()'s year must be a year written in the formula",
             "write at(x, 2030)");
        return false;
      }
      const TimeAxis& time = *m_.scenario.time;
      if (year < time.first_year || year > time.last_year) {
        fail(ctx, *e.args[1],
             fmt::format("year {} is outside the scenario's [time] axis {}..{}", year,
                         time.first_year, time.last_year),
             "choose a year of [time], or widen [time] years");
        return false;
      }
      out = emit(ctx, e, Op::kAt, args[0].dimension, false, {args[0]},
                 static_cast<double>(year - time.first_year));
      return true;
    }
    if (f == "growth") {
      if (!arity(ctx, e, 2, 2, "growth(start, rate)")) return false;
      if (!need_time(ctx, e, "growth()")) return false;
      if (!need_scalar(ctx, *e.args[0], args[0], "growth()'s start") ||
          !need_dimensionless(ctx, *e.args[1], args[1], "growth()'s rate")) {
        return false;
      }
      out = emit(ctx, e, Op::kGrowth, args[0].dimension, true, {args[0], args[1]});
      return true;
    }
    if (f == "npv") {
      if (!arity(ctx, e, 2, 2, "npv(rate, series)")) return false;
      if (!need_scalar(ctx, *e.args[0], args[0], "npv()'s rate") ||
          !need_dimensionless(ctx, *e.args[0], args[0], "npv()'s rate") ||
          !need_series(ctx, *e.args[1], args[1], "npv")) {
        return false;
      }
      out = emit(ctx, e, Op::kNpv, args[1].dimension, false, {args[0], args[1]});
      return true;
    }
    if (f == "first_year") {
      if (!arity(ctx, e, 1, 1, "first_year(condition)")) return false;
      if (!need_series(ctx, *e.args[0], args[0], "first_year")) return false;
      out = emit(ctx, e, Op::kFirstYear, {}, false, {args[0]});
      out.never = true;
      return true;
    }
    fail(ctx, e, fmt::format("unknown function '{}'", f),
         fmt::format("functions are: {}", fmt::join(function_names(), ", ")));
    return false;
  }

  static bool is_distribution(const std::string& f) {
    static const char* kDistributions[] = {"normal",     "lognormal", "uniform", "loguniform",
                                           "triangular", "pert",      "beta",    "discrete"};
    return std::find(std::begin(kDistributions), std::end(kDistributions), f) !=
           std::end(kDistributions);
  }

  // A value written with numbers only, with or without units ("5", "-10%", "3[GW]", "2 * 1[yr]"):
  // its value in base units and its dimension; nothing when it names a quantity or calls a
  // function. Parameters known this way are checked at compile time, the others when sampled.
  struct Known {
    double value = 0;
    Dimension dimension;
  };

  static std::optional<Known> fold(const Expr& e) {
    switch (e.kind) {
      case ExprKind::kNumber: {
        if (e.unit_text.empty()) return Known{e.number, {}};
        Unit unit;
        std::string error;
        if (!parse_unit(e.unit_text, unit, error)) return std::nullopt;
        return Known{e.number * unit.scale, unit.dimension};
      }
      case ExprKind::kUnary: {
        auto a = fold(*e.args[0]);
        if (!a || e.op != Operator::kNeg) return std::nullopt;
        return Known{-a->value, a->dimension};
      }
      case ExprKind::kBinary: {
        auto a = fold(*e.args[0]), b = fold(*e.args[1]);
        if (!a || !b) return std::nullopt;
        switch (e.op) {
          case Operator::kAdd:
          case Operator::kSub:
            if (a->dimension != b->dimension) return std::nullopt;
            return Known{e.op == Operator::kAdd ? a->value + b->value : a->value - b->value,
                         a->dimension};
          case Operator::kMul:
            return Known{a->value * b->value, a->dimension * b->dimension};
          case Operator::kDiv:
            return Known{a->value / b->value, a->dimension / b->dimension};
          case Operator::kPow: {
            int64_t n = 0;
            if (!b->dimension.dimensionless()) return std::nullopt;
            if (a->dimension.dimensionless()) return Known{std::pow(a->value, b->value), {}};
            if (!literal_integer(*e.args[1], n)) return std::nullopt;
            return Known{std::pow(a->value, b->value), a->dimension.power(static_cast<int>(n))};
          }
          default:
            return std::nullopt;
        }
      }
      default:
        return std::nullopt;
    }
  }

  static std::optional<double> known(const Expr& e) {
    auto k = fold(e);
    return k ? std::optional<double>(k->value) : std::nullopt;
  }

  // In a % quantity, a formula that writes one number with % takes the others as written: the
  // bare 50 in "triangular(30%, 50, 70%)" is 5000%. The hint for a parameter error there.
  std::string percent_hint(const Context& ctx, const Expr& e, const std::string& otherwise) const {
    const CompiledQuantity& c = m_.quantities[ctx.quantity];
    if (!c.unit_declared || !c.unit.is_percent() || !has_percent(e)) return otherwise;
    for (const auto& arg : e.args) {
      if (has_percent(*arg) || has_names_or_units(*arg)) continue;
      auto v = known(*arg);
      if (!v) continue;
      return fmt::format(
          "in a quantity in %, a formula that writes a number with % takes the others as plain "
          "numbers: '{0}' here is {1:g}%; write {0}%",
          snippet(ctx, *arg), *v * 100);
    }
    return otherwise;
  }

  // A new random leaf for the distribution at `e`: its uniforms, keyed by the quantity's name,
  // the year entry and the leaf's order in the formula.
  Value new_leaf(const Context& ctx, const Expr& e) {
    const QuantityDef& q = m_.def(ctx.quantity);
    std::string key = q.name;
    if (ctx.year_entry >= 0) key += fmt::format("@{}", q.years[ctx.year_entry].year);
    key += fmt::format("#{}", leaf_counter_++);
    Value u =
        emit(ctx, e, Op::kUniform, {}, false, {}, static_cast<double>(m_.program.leaves.size()));
    m_.program.leaves.push_back({key, stream_hash(key), u.operand.slot});
    m_.quantities[ctx.quantity].leaves.push_back(static_cast<int>(m_.program.leaves.size() - 1));
    return u;
  }

  // After the newest leaf's distribution is emitted at `value`: where its value lives, and the
  // unit to show that value in (sensitivity/tornado). In a formula without names or units, the
  // numbers are in the declared unit (adopt_declared_unit), and so is the value.
  void finish_leaf(const Context& ctx, const Value& value) {
    m_.program.leaves.back().value = value.operand.slot;
    CompiledQuantity& c = m_.quantities[ctx.quantity];
    const Expr& root = ctx.year_entry < 0 ? *c.formula : *c.year_formulas[ctx.year_entry];
    Unit unit{1.0, value.dimension, ""};
    if (c.unit_declared && !has_names_or_units(root)) {
      unit = c.unit;
      // A value written with % in a % quantity is already a fraction; other numbers are not.
      if (!(c.unit.is_percent() && has_percent(root))) unit.scale = 1.0;
    } else if (c.unit_declared && value.dimension == c.unit.dimension) {
      unit = c.unit;
    }
    c.leaf_units.push_back(unit);
  }

  bool scalar_parameters(const Context& ctx, const Expr& e, const std::vector<Value>& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      if (!need_scalar(ctx, *e.args[i], params[i], "a distribution's parameter")) return false;
    }
    return true;
  }

  bool gen_interval(const Context& ctx, const Expr& e, Value& out) {
    Value low, high;
    if (!gen(ctx, *e.args[0], low) || !gen(ctx, *e.args[1], high)) return false;
    if (!same_dimension(ctx, e, low, high, "to")) return false;
    if (!need_scalar(ctx, *e.args[0], low, "the low end of a 90% interval") ||
        !need_scalar(ctx, *e.args[1], high, "the high end of a 90% interval")) {
      return false;
    }
    auto lo = known(*e.args[0]), hi = known(*e.args[1]);
    if (lo && hi && !(*lo < *hi)) {
      fail(ctx, e,
           fmt::format("the 90% interval '{}' needs its low end below its high end",
                       snippet(ctx, e)),
           percent_hint(ctx, e, "write LOW to HIGH, e.g. 100B to 300B"));
      return false;
    }
    Value u = new_leaf(ctx, e);
    if (lo && hi) {
      // Known ends (the usual case): the lognormal's or normal's parameters once, here, rather
      // than two logarithms per sample.
      bool lognormal = *lo > 0;
      double centre = lognormal ? 0.5 * (std::log(*lo) + std::log(*hi)) : 0.5 * (*lo + *hi);
      double spread = (lognormal ? std::log(*hi) - std::log(*lo) : *hi - *lo) / (2 * kZ95);
      Value c = constant(ctx, e, centre), w = constant(ctx, e, spread);
      out =
          emit(ctx, e, lognormal ? Op::kQLognormal : Op::kQNormal, low.dimension, false, {u, c, w});
    } else {
      out = emit(ctx, e, Op::kQInterval90, low.dimension, false, {u, low, high});
    }
    finish_leaf(ctx, out);
    return true;
  }

  bool gen_distribution(const Context& ctx, const Expr& e, Value& out) {
    const std::string& f = e.name;
    if (f == "discrete") return gen_discrete(ctx, e, out);
    struct Shape {
      const char* name;
      size_t arity;
      const char* usage;
      Op op;
      bool dimensionless;  // parameters must be plain numbers
    };
    static const Shape kShapes[] = {
        {"normal", 2, "normal(mean, sd)", Op::kQNormal, false},
        {"lognormal", 2, "lognormal(mu, sigma) with mu and sigma of the log", Op::kQLognormal,
         true},
        {"uniform", 2, "uniform(low, high)", Op::kQUniform, false},
        {"loguniform", 2, "loguniform(low, high)", Op::kQLogUniform, false},
        {"triangular", 3, "triangular(low, mode, high)", Op::kQTriangular, false},
        {"pert", 3, "pert(low, mode, high)", Op::kQPert, false},
        {"beta", 2, "beta(alpha, beta)", Op::kQBeta, true},
    };
    const Shape* shape = nullptr;
    for (const auto& candidate : kShapes) {
      if (f == candidate.name) shape = &candidate;
    }
    if (!arity(ctx, e, shape->arity, shape->arity, shape->usage)) return false;
    std::vector<Value> params(e.args.size());
    std::vector<std::optional<double>> values(e.args.size());
    for (size_t i = 0; i < e.args.size(); ++i) {
      if (!gen(ctx, *e.args[i], params[i])) return false;
      values[i] = known(*e.args[i]);
      if (shape->dimensionless && !need_dimensionless(ctx, *e.args[i], params[i],
                                                      fmt::format("{}()'s parameter", f).c_str())) {
        return false;
      }
      if (!shape->dimensionless && i > 0 && f != "normal" &&
          !same_dimension(ctx, e, params[0], params[i], "and")) {
        return false;
      }
    }
    if (f == "normal" && !same_dimension(ctx, e, params[0], params[1], "and")) return false;
    if (!scalar_parameters(ctx, e, params)) return false;
    auto bad = [&](const std::string& message) {
      fail(ctx, e, message, percent_hint(ctx, e, fmt::format("write {}", shape->usage)));
      return false;
    };
    const auto& v = values;
    auto arg_text = [&](size_t i) { return snippet(ctx, *e.args[i]); };
    if ((f == "normal" || f == "lognormal") && v[1] && *v[1] < 0) {
      return bad(
          fmt::format("{}() needs a standard deviation of 0 or more, not {}", f, arg_text(1)));
    }
    if ((f == "uniform" || f == "loguniform") && v[0] && v[1] && *v[0] > *v[1]) {
      return bad(fmt::format("{}() needs low ≤ high, but {} > {}", f, arg_text(0), arg_text(1)));
    }
    if (f == "loguniform" && v[0] && *v[0] <= 0) {
      return bad(fmt::format("loguniform() needs a positive low end, not {}", arg_text(0)));
    }
    if ((f == "triangular" || f == "pert") && v[0] && v[1] && v[2] &&
        !(*v[0] <= *v[1] && *v[1] <= *v[2] && *v[0] < *v[2])) {
      return bad(fmt::format("{}() needs low ≤ mode ≤ high with low < high, not {}, {}, {}", f,
                             arg_text(0), arg_text(1), arg_text(2)));
    }
    if (f == "beta" && ((v[0] && *v[0] <= 0) || (v[1] && *v[1] <= 0))) {
      return bad("beta() needs positive alpha and beta");
    }
    Value u = new_leaf(ctx, e);
    Dimension dim = shape->dimensionless ? Dimension{} : params[0].dimension;
    if (params.size() == 2) {
      out = emit(ctx, e, shape->op, dim, false, {u, params[0], params[1]});
    } else {
      out = emit(ctx, e, shape->op, dim, false, {u, params[0], params[1], params[2]});
    }
    finish_leaf(ctx, out);
    return true;
  }

  // discrete(v1: p1, …): numbers (a unit is fine) with their probabilities, kept in ascending
  // order of value so that the table is a quantile function: the median is the median, p10 is
  // below p90, and a copula's rank correlation carries over.
  bool gen_discrete(const Context& ctx, const Expr& e, Value& out) {
    const char* usage = "write discrete(100B: 0.3, 200B: 0.7)";
    struct Outcome {
      double value, weight;
    };
    std::vector<Outcome> outcomes;
    Dimension dimension;
    double total = 0;
    for (const auto& arg : e.args) {
      if (arg->kind != ExprKind::kBinary || arg->op != Operator::kPair) {
        fail(ctx, *arg, "each argument of discrete() is 'value: probability'", usage);
        return false;
      }
      const Expr& value_expr = *arg->args[0];
      const Expr& weight_expr = *arg->args[1];
      auto value = fold(value_expr);
      auto weight = fold(weight_expr);
      if (!value || !weight) {
        const Expr& part = value ? weight_expr : value_expr;
        fail(ctx, part,
             fmt::format("discrete() takes numbers (with a unit or not), but '{}' is a formula "
                         "over quantities or functions",
                         snippet(ctx, part)),
             usage);
        return false;
      }
      // Folded, not generated: the unit powers are checked here as gen() checks a formula's.
      if (!dimension_in_range(ctx, value_expr, value->dimension)) return false;
      if (!weight->dimension.dimensionless()) {
        fail(ctx, weight_expr,
             fmt::format("a probability is a plain number, but '{}' is in {}",
                         snippet(ctx, weight_expr), unit_name(weight->dimension)),
             usage);
        return false;
      }
      if (!outcomes.empty() && value->dimension != dimension) {
        fail(ctx, e,
             fmt::format("the values of discrete() mix units: {} and {} ('{}')",
                         unit_name(dimension), unit_name(value->dimension),
                         snippet(ctx, value_expr)),
             "give every value the same unit, e.g. discrete(1[GW]: 0.5, 2[GW]: 0.5)");
        return false;
      }
      if (weight->value < 0) {
        fail(ctx, weight_expr,
             fmt::format("a probability cannot be negative ({:g})", weight->value));
        return false;
      }
      dimension = value->dimension;
      total += weight->value;
      outcomes.push_back({value->value, weight->value});
    }
    if (e.args.empty()) {
      fail(ctx, e, "discrete() needs at least one 'value: probability'");
      return false;
    }
    if (std::abs(total - 1.0) > 1e-9) {
      fail(ctx, e, fmt::format("the probabilities of discrete() sum to {:g}, not 1", total),
           "make them add up to 1");
      return false;
    }
    std::stable_sort(outcomes.begin(), outcomes.end(),
                     [](const Outcome& a, const Outcome& b) { return a.value < b.value; });
    DiscreteTable table;
    double cumulative = 0;
    for (const Outcome& o : outcomes) {
      if (o.weight == 0) continue;  // never drawn; left in, it could be at a pinned u of 0
      cumulative += o.weight;
      table.values.push_back(o.value);
      table.cumulative.push_back(cumulative);
    }
    table.cumulative.back() = 1.0;
    Value u = new_leaf(ctx, e);
    out = emit(ctx, e, Op::kQDiscrete, dimension, false, {u},
               static_cast<double>(m_.program.discretes.size()));
    m_.program.discretes.push_back(std::move(table));
    finish_leaf(ctx, out);
    return true;
  }

  // Uniform draws have no inputs: they all go first, then the copulas that correlate them, so
  // that every quantile function sees its final uniform.
  void hoist_draws() {
    std::stable_partition(m_.program.code.begin(), m_.program.code.end(),
                          [](const Instruction& in) { return in.op == Op::kUniform; });
  }

  void build_copulas() {
    if (m_.scenario.correlations.empty()) return;
    // The single leaf of each correlated input.
    std::vector<int> leaf_of(m_.scenario.correlations.size() * 2, -1);
    auto leaf_for = [&](const std::string& name, const SourceLocation& where) -> int {
      int index = m_.index_of(name);
      if (index < 0) {
        std::string guess = closest_name(name, m_.scenario.names());
        diagnostics_.push_back(
            {where, fmt::format("[correlations] names '{}', which is not a quantity", name),
             guess.empty() ? "" : fmt::format("did you mean '{}'?", guess)});
        return -1;
      }
      const CompiledQuantity& q = m_.quantities[index];
      if (!q.is_input() || q.leaves.size() != 1) {
        diagnostics_.push_back(
            {where,
             fmt::format("[correlations] needs '{}' to be an uncertain input: a single "
                         "distribution such as \"100B to 300B\"",
                         name),
             !q.is_input() ? fmt::format("'{}' is computed from other quantities", name)
             : q.leaves.empty()
                 ? fmt::format("'{}' has no distribution", name)
                 : fmt::format("'{}' holds {} distributions", name, q.leaves.size())});
        return -1;
      }
      return q.leaves.front();
    };
    std::vector<std::array<int, 2>> pairs;
    for (const Correlation& c : m_.scenario.correlations) {
      int a = leaf_for(c.a, c.location), b = leaf_for(c.b, c.location);
      pairs.push_back({a, b});
    }
    if (!diagnostics_.empty()) return;
    // Groups: leaves joined by correlations (union–find).
    std::map<int, int> parent;
    std::function<int(int)> root = [&](int x) {
      if (!parent.count(x)) parent[x] = x;
      return parent[x] == x ? x : parent[x] = root(parent[x]);
    };
    for (const auto& [a, b] : pairs) parent[root(a)] = root(b);
    std::map<int, std::vector<int>> groups;
    for (const auto& [leaf, ignored] : parent) groups[root(leaf)].push_back(leaf);
    for (const auto& [ignored, leaves] : groups) {
      const size_t m = leaves.size();
      Eigen::MatrixXd rho = Eigen::MatrixXd::Identity(m, m);
      auto position = [&](int leaf) {
        return static_cast<size_t>(std::find(leaves.begin(), leaves.end(), leaf) - leaves.begin());
      };
      for (size_t i = 0; i < pairs.size(); ++i) {
        auto [a, b] = pairs[i];
        if (!std::count(leaves.begin(), leaves.end(), a)) continue;
        // Spearman's rank correlation to the normal copula's Pearson correlation.
        double pearson = 2 * std::sin(M_PI * m_.scenario.correlations[i].rank / 6);
        rho(position(a), position(b)) = rho(position(b), position(a)) = pearson;
      }
      Eigen::LLT<Eigen::MatrixXd> llt(rho);
      if (llt.info() != Eigen::Success) {
        // Name the first pair whose addition breaks positive definiteness.
        size_t k = 1;
        while (k < m && Eigen::LLT<Eigen::MatrixXd>(rho.topLeftCorner(k + 1, k + 1)).info() ==
                            Eigen::Success) {
          ++k;
        }
        const Correlation* culprit = &m_.scenario.correlations.front();
        for (size_t i = 0; i < pairs.size(); ++i) {
          auto [a, b] = pairs[i];
          if ((position(a) == k || position(b) == k) && position(a) <= k && position(b) <= k) {
            culprit = &m_.scenario.correlations[i];
          }
        }
        diagnostics_.push_back(
            {culprit->location,
             fmt::format("the correlations are inconsistent: with '{}, {}' = {:g} no joint "
                         "distribution has them all (the matrix is not positive definite)",
                         culprit->a, culprit->b, culprit->rank),
             "weaken this correlation or the ones it conflicts with"});
        return;
      }
      Copula copula;
      Eigen::MatrixXd l = llt.matrixL();
      for (int leaf : leaves) copula.leaves.push_back(static_cast<uint32_t>(leaf));
      for (size_t i = 0; i < m; ++i) {
        for (size_t j = 0; j < m; ++j) copula.cholesky.push_back(j <= i ? l(i, j) : 0.0);
      }
      Instruction in;
      in.op = Op::kCopula;
      in.k = static_cast<double>(m_.program.copulas.size());
      in.dst = Operand{m_.program.leaves[leaves.front()].slot, 1};
      m_.program.copulas.push_back(std::move(copula));
      // After every draw (hoisted to the front), before any quantile.
      auto first_other = std::find_if(m_.program.code.begin(), m_.program.code.end(),
                                      [](const Instruction& x) { return x.op != Op::kUniform; });
      m_.program.code.insert(first_other, in);
    }
  }

  // A formula without names (e.g. "150B", "-5%", "50B + 25B") is a value in the declared unit.
  bool adopt_declared_unit(const Context& ctx, const Expr& e, const CompiledQuantity& c, Value& v) {
    if (!c.unit_declared || has_names_or_units(e) || !v.dimension.dimensionless()) return true;
    bool already_fraction = c.unit.is_percent() && has_percent(e);
    if (c.unit.scale != 1.0 && !already_fraction) {
      Value scale = constant(ctx, e, c.unit.scale);
      v = emit(ctx, e, Op::kMul, {}, v.series, {v, scale});
    }
    v.dimension = c.unit.dimension;
    return true;
  }

  // "GW (W)": the unit as declared, with its dimension when that says something more.
  std::string declared_text(const std::string& unit, const Dimension& dimension) const {
    std::string canonical = unit_name(dimension);
    return canonical == unit ? unit : fmt::format("{} ({})", unit, canonical);
  }

  bool check_declared(const Context& ctx, const Expr& e, const CompiledQuantity& c,
                      const Value& v) {
    if (!c.unit_declared || v.dimension == c.unit.dimension) return true;
    const QuantityDef& q = m_.def(ctx.quantity);
    fail(ctx, e,
         fmt::format("'{}' is declared in {} but its formula '{}' gives {}", q.name,
                     declared_text(q.unit, c.unit.dimension), snippet(ctx, e),
                     unit_name(v.dimension)),
         "fix the formula or the declared unit");
    return false;
  }

  // The first output reached emits the block's call, which computes all its outputs.
  void generate_block_call(int index) {
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
      infos.push_back({def.name, input.unit.dimension, input.series,
                       def.origin.source ? def.origin.locate(def.text, 0, def.text.size())
                                         : def.name_location});
    }
    auto errors = block->check(infos);
    if (!errors.empty()) {
      append(errors);
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
    in.dst =
        Operand{call.outputs.front().slot,
                call.outputs.back().slot + call.outputs.back().length - call.outputs.front().slot};
    m_.origins.push_back({index, -1, nullptr});
    in.origin = static_cast<int32_t>(m_.origins.size() - 1);
    m_.program.calls.push_back(std::move(call));
    m_.program.code.push_back(in);
  }

  void generate_quantity(int index) {
    CompiledQuantity& c = m_.quantities[index];
    leaf_counter_ = 0;
    if (c.block >= 0) {
      generate_block_call(index);
    } else {
      generate_formula(index);
    }
    c.uncertain = !c.leaves.empty();
    for (int d : c.dependencies) c.uncertain = c.uncertain || m_.quantities[d].uncertain;
  }

  void generate_formula(int index) {
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

  void generate_year_table(int index) {
    const QuantityDef& q = m_.def(index);
    CompiledQuantity& c = m_.quantities[index];
    const TimeAxis& time = *m_.scenario.time;
    std::vector<Value> given(time.size());
    std::vector<bool> present(time.size(), false);
    Dimension dimension = c.unit.dimension;
    bool first = true;
    for (size_t y = 0; y < q.years.size(); ++y) {
      const YearEntry& entry = q.years[y];
      if (entry.year < time.first_year || entry.year > time.last_year) {
        diagnostics_.push_back({entry.key_location,
                                fmt::format("year {} of '{}' is outside the scenario's [time] "
                                            "axis {}..{}",
                                            entry.year, q.name, time.first_year, time.last_year),
                                "widen [time] or remove the year"});
        continue;
      }
      if (!c.year_formulas[y]) continue;
      Context ctx{index, static_cast<int>(y), &entry.text, &entry.origin};
      leaf_counter_ = 0;
      Value v;
      if (!gen(ctx, *c.year_formulas[y], v)) continue;
      adopt_declared_unit(ctx, *c.year_formulas[y], c, v);
      if (!need_scalar(ctx, *c.year_formulas[y], v, "each year's value")) continue;
      if (!check_declared(ctx, *c.year_formulas[y], c, v)) continue;
      if (!c.unit_declared) {
        if (!first && v.dimension != dimension) {
          fail(ctx, *c.year_formulas[y],
               fmt::format("the years of '{}' mix units: {} and {}", q.name, unit_name(dimension),
                           unit_name(v.dimension)),
               "declare the quantity's unit, or write every year in one unit");
          continue;
        }
        dimension = v.dimension;
      }
      first = false;
      given[entry.year - time.first_year] = v;
      present[entry.year - time.first_year] = true;
    }
    if (first) return;  // every entry failed; errors are already reported
    std::vector<int> missing;
    for (int y = 0; y < time.size(); ++y) {
      if (!present[y]) missing.push_back(time.first_year + y);
    }
    if (!missing.empty() && q.fill.empty()) {
      std::string list = fmt::format(
          "{}",
          fmt::join(missing.begin(), missing.begin() + std::min<size_t>(missing.size(), 8), ", "));
      if (missing.size() > 8) list += ", …";
      diagnostics_.push_back(
          {q.name_location,
           fmt::format("'{}' gives no value for {} of the years {}..{}: {}", q.name, missing.size(),
                       time.first_year, time.last_year, list),
           "give every year, or say how to fill the rest: fill = \"zero\", "
           "\"hold\" or \"linear\""});
      return;
    }
    // Lay the series out in consecutive slots, filling the gaps as asked.
    Operand series = allocate(true);
    Context ctx{index, 0, &q.years.front().text, &q.years.front().origin};
    const Expr& anchor = *c.year_formulas.front();
    auto copy_into = [&](int y, const Value& v) {
      Instruction in;
      in.op = Op::kCopy;
      in.dst = Operand{series.slot + static_cast<uint32_t>(y), 1};
      in.a = v.operand;
      in.origin = record(ctx, anchor);
      m_.program.code.push_back(in);
    };
    for (int y = 0; y < time.size(); ++y) {
      if (present[y]) {
        copy_into(y, given[y]);
        continue;
      }
      int before = y - 1, after = y + 1;
      while (before >= 0 && !present[before]) --before;
      while (after < time.size() && !present[after]) ++after;
      if (q.fill == "zero") {
        Instruction in;
        in.op = Op::kConst;
        in.dst = Operand{series.slot + static_cast<uint32_t>(y), 1};
        in.origin = record(ctx, anchor);
        m_.program.code.push_back(in);
      } else if (q.fill == "linear" && before >= 0 && after < time.size()) {
        Instruction in;
        in.op = Op::kLerp;
        in.dst = Operand{series.slot + static_cast<uint32_t>(y), 1};
        in.a = given[before].operand;
        in.b = given[after].operand;
        in.k = static_cast<double>(y - before) / (after - before);
        in.origin = record(ctx, anchor);
        m_.program.code.push_back(in);
      } else {  // hold, and linear beyond the first or last given year
        copy_into(y, given[before >= 0 ? before : after]);
      }
    }
    c.value = series;
    c.series = true;
    if (!c.unit_declared) c.unit = Unit{1.0, dimension, ""};
  }

  // Every [expect] names a single-valued quantity and gives numbers in its unit, low end first:
  // `run` and `check` reject the same files.
  void check_expectations() {
    for (const Expectation& e : m_.scenario.expectations) {
      int index = m_.index_of(e.name);
      if (index < 0) {
        std::string guess = closest_name(e.name, m_.scenario.names());
        diagnostics_.push_back({e.location,
                                fmt::format("[expect] names '{}', which is not a quantity", e.name),
                                guess.empty() ? "`gpugap run SCENARIO` lists its quantities"
                                              : fmt::format("did you mean '{}'?", guess)});
        continue;
      }
      const CompiledQuantity& q = m_.quantities[index];
      if (q.series) {
        diagnostics_.push_back(
            {e.location, fmt::format("'{}' is a series; [expect] checks single values", e.name),
             fmt::format("add a quantity such as {0}_2030 = \"at({0}, 2030)\" and expect that",
                         e.name)});
        continue;
      }
      std::string what = fmt::format("the published value of '{}'", e.name);
      auto low = number_in_unit(e.text, e.origin, q.unit, what);
      if (!low) {
        append(low.diagnostics());
        continue;
      }
      if (e.kind != Expectation::Kind::kBetween) continue;
      auto high = number_in_unit(e.high_text, e.high_origin, q.unit, what);
      if (!high) {
        append(high.diagnostics());
        continue;
      }
      if (*low > *high) {
        diagnostics_.push_back(
            {e.location,
             fmt::format("expectation '{}' has min {} above max {}", e.name, e.text, e.high_text),
             "min is the low end and max the high end; swap them"});
      }
    }
  }

  struct BlockOutputRef {
    int quantity;
    int block;
    int output;
  };

  Model& m_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<BlockOutputRef> block_outputs_;
  std::set<int> emitted_blocks_;
  int leaf_counter_ = 0;
};

Result<Model> compile(Scenario scenario) {
  Model model;
  model.scenario = std::move(scenario);
  Compiler compiler(model);
  std::vector<Diagnostic> diagnostics = compiler.run();
  if (!diagnostics.empty()) return diagnostics;
  return Result<Model>(std::move(model));
}

}  // namespace gpugap
