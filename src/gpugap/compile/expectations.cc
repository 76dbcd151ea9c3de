// [expect]: each names a single-valued quantity and gives numbers in its unit, low end first; a
// published figure is read as the interval that rounds to it.
#include "gpugap/compile/compiler.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "gpugap/expr/constant.h"
#include "gpugap/util/text.h"

namespace gpugap {

// Every [expect] names a single-valued quantity and gives numbers in its unit, low end first:
// `run` and `check` reject the same files. Its numbers are read here, once, into
// Model::expectations.
void Compiler::check_expectations() {
  for (const Expectation& e : m_.scenario.expectations) {
    m_.expectations.emplace_back();
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
    m_.expectations.back() = {index, *low, *low};
    if (e.kind == Expectation::Kind::kRounded) {
      // The figure as published stands for every value that rounds to it: half a unit of its
      // last digit either side ("17" is 16.5 to 17.5, "4.33M" 4.325M to 4.335M, "6e11" 5.5e11
      // to 6.5e11). The unit of the last digit is what changing that digit changes.
      const std::string& text = e.text;
      size_t digit = std::string::npos;
      for (size_t i = 0; i < text.size(); ++i) {
        if (std::isdigit(static_cast<unsigned char>(text[i]))) {
          digit = i;
        } else if (text[i] != '.' && digit != std::string::npos) {
          break;  // the mantissa ends: a suffix, an exponent or a unit follows
        }
      }
      if (digit != std::string::npos) {
        std::string next = text;
        next[digit] = text[digit] == '9' ? '8' : static_cast<char>(text[digit] + 1);
        auto moved = number_in_unit(next, e.origin, q.unit, what);
        if (moved) {
          const double half_step = std::abs(*moved - *low) / 2;
          m_.expectations.back() = {index, *low - half_step, *low + half_step};
        }
      }
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
    m_.expectations.back().high = *high;
  }
}

}  // namespace gpugap
