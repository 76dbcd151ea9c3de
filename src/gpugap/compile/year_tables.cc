// Tables of years: one formula per given year, the gaps filled as the quantity says (zero,
// hold, linear, geometric), laid out as a series.
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <algorithm>

namespace gpugap {

void Compiler::generate_year_table(int index) {
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
         "\"hold\", \"linear\" or \"geometric\""});
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
    } else if (q.fill == "geometric" && before >= 0 && after < time.size()) {
      // Constant growth: exp of the straight line between the logarithms (not a number when a
      // given year is negative, 0 towards a zero).
      auto step = [&](Op op, Operand dst, Operand a, Operand b = {}, double k = 0) {
        Instruction in;
        in.op = op;
        in.dst = dst;
        in.a = a;
        in.b = b;
        in.k = k;
        in.origin = record(ctx, anchor);
        m_.program.code.push_back(in);
      };
      const Operand low = allocate(false), high = allocate(false), mid = allocate(false);
      step(Op::kLog, low, given[before].operand);
      step(Op::kLog, high, given[after].operand);
      step(Op::kLerp, mid, low, high, static_cast<double>(y - before) / (after - before));
      step(Op::kExp, Operand{series.slot + static_cast<uint32_t>(y), 1}, mid);
    } else {  // hold, and linear beyond the first or last given year
      copy_into(y, given[before >= 0 ? before : after]);
    }
  }
  c.value = series;
  c.series = true;
  if (!c.unit_declared) c.unit = Unit{1.0, dimension, ""};
}

}  // namespace gpugap
