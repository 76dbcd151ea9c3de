// The compiler's inside, private to compile/: one Compiler per compile() call, its work split by
// concern into a file each (as DuckDB splits its binder):
//   compiler.cc       the passes in order, emitting instructions, quantities and block calls
//   names.cc          parsing formulas, names, reserved words, did-you-mean
//   order.cc          dependency order and cycles
//   checks.cc         the unit and shape rules every construct shares
//   expressions.cc    numbers, names, operators; calls go to the function table
//   functions.cc      the function table: name, arity, usage, shape and unit rule, op
//   distributions.cc  random leaves, "low to high", the distributions, discrete()
//   copulas.cc        hoisting the draws, [correlations]
//   year_tables.cc    tables of years and their fill
//   expectations.cc   [expect]
// Other code includes compile/compile.h, not this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "gpugap/compile/model.h"
#include "gpugap/expr/ast.h"
#include "gpugap/program/program.h"
#include "gpugap/units/units.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

inline constexpr const char* kUnitHint =
    "units: USD, yr, month, h, W, kW, MW, GW, Wh, kWh, MWh, GPU, user, token, FLOP, %, x; combine "
    "with / and *, and raise with ^ (USD/GPU/h, GPU^2)";

class Compiler {
 public:
  explicit Compiler(Model& model) : m_(model) {}

  // Every pass in order; the diagnostics of the first pass that finds any (empty: compiled).
  std::vector<Diagnostic> run();

  // Every function a formula may call, distributions included, for messages and reserved names.
  static std::vector<std::string> function_names();

 private:
  // The quantity and text being compiled, for locating errors.
  struct Context {
    int quantity = -1;
    int year_entry = -1;
    const std::string* text = nullptr;
    const TextOrigin* origin = nullptr;
  };

  // The typed result of compiling an expression: where it lives and what it is.
  struct Value {
    Operand operand;
    Dimension dimension;
    bool series = false;
    bool never = false;
    bool zero = false;  // a literal 0 written without a unit: zero in every unit
  };

  // A row of the function table (functions.cc). The arguments are compiled first (but the
  // literal one), then the arity is checked, then `rule` checks shapes and units and emits `op`.
  struct Function {
    static constexpr size_t kVariadic = std::numeric_limits<size_t>::max();
    const char* name;
    size_t min_args, max_args;  // max_args kVariadic: any number from min_args
    const char* usage;          // "lag(series, years[, fill])"
    Op op;
    int literal_arg;  // an argument that is a whole number written in the formula, or -1
    bool (Compiler::*rule)(const Context& ctx, const Expr& e, const Function& f,
                           std::vector<Value>& args, Value& out);
  };
  static const std::vector<Function>& functions();
  static const Function* find_function(const std::string& name);
  static bool any_series(const std::vector<Value>& args);

  struct BlockOutputRef {
    int quantity;
    int block;
    int output;
  };

  // compiler.cc
  void fail(const Context& ctx, const Expr& e, std::string message, std::string hint = "");
  std::string snippet(const Context& ctx, const Expr& e) const;
  void append(const std::vector<Diagnostic>& more);
  Operand allocate(bool series);
  int32_t record(const Context& ctx, const Expr& e);
  Value emit(const Context& ctx, const Expr& e, Op op, Dimension dim, bool series,
             std::initializer_list<Value> args, double k = 0);
  Value constant(const Context& ctx, const Expr& e, double v, Dimension dim = {});
  void generate_quantity(int index);
  void generate_formula(int index);
  // The first output reached emits the block's call, which computes all its outputs.
  void generate_block_call(int index);

  // names.cc
  // Each block output becomes a quantity of the model, computed by the block's call.
  void add_block_outputs();
  void index_names();
  // What a quantity could be called instead: the name with every other character as '_'.
  static std::string name_hint(const std::string& name);
  void collect_dependencies(const Context& ctx, const Expr& expr, std::vector<int>& deps);
  void check_calls(const Context& ctx, const Expr& e);
  void parse_all();

  // order.cc
  // Depth-first topological sort; a back edge is a cycle, reported once with its path. The
  // walk keeps its own stack: a chain of many thousand quantities must not exhaust the thread's.
  void order_quantities();
  template <class Stack>
  void report_cycle(const Stack& stack, int back_to);

  // checks.cc
  static bool has_names_or_units(const Expr& e);
  static bool has_percent(const Expr& e);
  std::string unit_name(const Dimension& d) const;
  // `a` and `b` in one dimension; a literal 0 takes the other side's (cum > 0, max(x, 0)).
  // The operands' expressions, when given, name the fix of a stock next to a flow (a * 1[yr]).
  bool same_dimension(const Context& ctx, const Expr& e, Value& a, Value& b, const char* what,
                      const Expr* a_expr = nullptr, const Expr* b_expr = nullptr);
  // When `big` is `small` times a year — a stock and its flow (USD and USD/yr), or a stock
  // accumulated again (USD·yr and USD) — the hint that names the fix; else "".
  std::string year_factor_hint(const Context& ctx, const Expr* big_expr, const Dimension& big,
                               const Expr* small_expr, const Dimension& small) const;
  bool need_dimensionless(const Context& ctx, const Expr& e, const Value& v, const char* what);
  // The dimension of `e`'s result, unless a unit's power leaves the range units are allowed.
  bool dimension_in_range(const Context& ctx, const Expr& e, const Dimension& d);
  bool need_series(const Context& ctx, const Expr& e, const Value& v, const char* function);
  bool need_scalar(const Context& ctx, const Expr& e, const Value& v, const char* what);
  bool need_time(const Context& ctx, const Expr& e, const char* what);
  bool arity(const Context& ctx, const Expr& e, size_t low, size_t high, const char* usage);
  // A formula without names (e.g. "150B", "-5%", "50B + 25B") is a value in the declared unit.
  bool adopt_declared_unit(const Context& ctx, const Expr& e, const CompiledQuantity& c, Value& v);
  // "GW (W)": the unit as declared, with its dimension when that says something more.
  std::string declared_text(const std::string& unit, const Dimension& dimension) const;
  bool check_declared(const Context& ctx, const Expr& e, const CompiledQuantity& c, const Value& v);

  // expressions.cc
  bool gen(const Context& ctx, const Expr& e, Value& out);
  bool gen_binary(const Context& ctx, const Expr& e, Value& out);
  bool gen_call(const Context& ctx, const Expr& e, Value& out);

  // functions.cc: the rules of the function table, each for the functions that share it.
  bool select_rule(const Context& ctx, const Expr& e, const Function& f, std::vector<Value>& args,
                   Value& out);
  bool fold_rule(const Context& ctx, const Expr& e, const Function& f, std::vector<Value>& args,
                 Value& out);
  bool same_unit_rule(const Context& ctx, const Expr& e, const Function& f,
                      std::vector<Value>& args, Value& out);
  bool plain_number_rule(const Context& ctx, const Expr& e, const Function& f,
                         std::vector<Value>& args, Value& out);
  bool sqrt_rule(const Context& ctx, const Expr& e, const Function& f, std::vector<Value>& args,
                 Value& out);
  bool clamp_rule(const Context& ctx, const Expr& e, const Function& f, std::vector<Value>& args,
                  Value& out);
  bool over_years_rule(const Context& ctx, const Expr& e, const Function& f,
                       std::vector<Value>& args, Value& out);
  bool lag_rule(const Context& ctx, const Expr& e, const Function& f, std::vector<Value>& args,
                Value& out);
  bool at_rule(const Context& ctx, const Expr& e, const Function& f, std::vector<Value>& args,
               Value& out);
  bool growth_rule(const Context& ctx, const Expr& e, const Function& f, std::vector<Value>& args,
                   Value& out);
  bool npv_rule(const Context& ctx, const Expr& e, const Function& f, std::vector<Value>& args,
                Value& out);
  bool first_year_rule(const Context& ctx, const Expr& e, const Function& f,
                       std::vector<Value>& args, Value& out);

  // distributions.cc
  static bool is_distribution(const std::string& f);
  static std::optional<double> known(const Expr& e);
  // In a % quantity, a formula that writes one number with % takes the others as written: the
  // bare 50 in "triangular(30%, 50, 70%)" is 5000%. The hint for a parameter error there.
  std::string percent_hint(const Context& ctx, const Expr& e, const std::string& otherwise) const;
  // A new random leaf for the distribution at `e`: its uniforms, keyed by the quantity's name,
  // the year entry and the leaf's order in the formula.
  Value new_leaf(const Context& ctx, const Expr& e);
  // After the newest leaf's distribution is emitted at `value`: where its value lives, and the
  // unit to show that value in (sensitivity/tornado). In a formula without names or units, the
  // numbers are in the declared unit (adopt_declared_unit), and so is the value.
  void finish_leaf(const Context& ctx, const Value& value);
  bool scalar_parameters(const Context& ctx, const Expr& e, const std::vector<Value>& params);
  bool gen_interval(const Context& ctx, const Expr& e, Value& out);
  bool gen_distribution(const Context& ctx, const Expr& e, Value& out);
  // discrete(v1: p1, …): numbers (a unit is fine) with their probabilities, kept in ascending
  // order of value so that the table is a quantile function: the median is the median, p10 is
  // below p90, and a copula's rank correlation carries over.
  bool gen_discrete(const Context& ctx, const Expr& e, Value& out);

  // copulas.cc
  // Uniform draws have no inputs: they all go first, then the copulas that correlate them, so
  // that every quantile function sees its final uniform.
  void hoist_draws();
  void build_copulas();

  // year_tables.cc
  void generate_year_table(int index);

  // expectations.cc
  // Every [expect] names a single-valued quantity and gives numbers in its unit, low end first:
  // `run` and `check` reject the same files.
  void check_expectations();
  Model& m_;
  std::vector<Diagnostic> diagnostics_;
  std::set<int> failed_;  // quantities whose generation reported an error
  std::vector<BlockOutputRef> block_outputs_;
  std::set<int> emitted_blocks_;
  int leaf_counter_ = 0;
};

}  // namespace gpugap
