#include "gpugap/report/excel_formula.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "gpugap/expr/constant.h"
#include "gpugap/program/distributions.h"
#include "gpugap/units/units.h"

namespace gpugap {
namespace {

// Excel's binding strength, loosest first: + - , then * / , then ^ , then prefix - (which binds
// tighter than ^ in Excel: -2^2 is 4 there). Comparisons never appear as values: they are IF()s.
enum Level : int { kSum = 1, kProduct, kPower, kNegation, kAtom };

// Excel nests at most 64 functions; first_year() nests one IF per year.
constexpr int kMaxNestedIfs = 60;

struct Piece {
  std::string text;
  int level = kAtom;
};

std::string wrap(const Piece& p, int lowest) {
  return p.level < lowest ? "(" + p.text + ")" : p.text;
}

class Translator {
 public:
  explicit Translator(const ExcelContext& context) : c_(context) {}

  ExcelFormula run(const Expr& e, int year) {
    Piece p = value(e, year);
    if (!why_.empty()) return {"", why_};
    return {p.text, ""};
  }

 private:
  // Stops the translation with a reason; the pieces built after it are discarded.
  Piece fail(std::string why) {
    if (why_.empty()) why_ = std::move(why);
    return {"0", kAtom};
  }

  Piece value(const Expr& e, int year) {
    switch (e.kind) {
      case ExprKind::kNumber:
        return number(e);
      case ExprKind::kName:
        return name(e, year);
      case ExprKind::kUnary:
        if (e.op == Operator::kNeg) return {"-" + wrap(value(*e.args[0], year), kAtom), kNegation};
        return {"IF(" + condition(e, year) + ",1,0)", kAtom};
      case ExprKind::kBinary:
        return binary(e, year);
      case ExprKind::kCall:
        return call(e, year);
    }
    return fail("an expression gpugap does not know");
  }

  Piece number(const Expr& e) {
    double v = e.number;
    if (!e.unit_text.empty()) {
      auto unit = parse_unit(e.unit_text);
      if (!unit) return fail(unit.error());
      v *= unit->scale;
    }
    return {excel_number(v), kAtom};
  }

  Piece name(const Expr& e, int year) {
    if (e.name == "year") return {excel_number(c_.first_year + year), kAtom};
    auto it = c_.cells.find(e.name);
    if (it == c_.cells.end()) return fail(fmt::format("'{}' is not in the workbook", e.name));
    const ExcelCell& cell = it->second;
    Piece p{cell.series ? fmt::format("INDEX({},1,{})", cell.name, year + 1) : cell.name, kAtom};
    if (cell.scale != 1) p = {p.text + "*" + excel_number(cell.scale), kProduct};
    return p;
  }

  Piece binary(const Expr& e, int year) {
    const Expr& a = *e.args[0];
    const Expr& b = *e.args[1];
    switch (e.op) {
      case Operator::kAdd:
      case Operator::kSub:
        return {wrap(value(a, year), kSum) + operator_text(e.op) + wrap(value(b, year), kProduct),
                kSum};
      case Operator::kMul:
      case Operator::kDiv:
        return {wrap(value(a, year), kProduct) + operator_text(e.op) + wrap(value(b, year), kPower),
                kProduct};
      case Operator::kPow:
        // Excel's ^ is left-associative and looser than its prefix minus: both operands in
        // parentheses unless they are atoms.
        return {wrap(value(a, year), kAtom) + "^" + wrap(value(b, year), kAtom), kPower};
      case Operator::kTo:
      case Operator::kPair:
        return fail("an uncertain value (a distribution)");
      default:
        return {"IF(" + condition(e, year) + ",1,0)", kAtom};
    }
  }

  // The expression as an Excel truth value: comparisons, AND, OR, NOT; a number is true when it
  // is not 0, as in gpugap.
  std::string condition(const Expr& e, int year) {
    if (e.kind == ExprKind::kUnary && e.op == Operator::kNot) {
      return "NOT(" + condition(*e.args[0], year) + ")";
    }
    if (e.kind == ExprKind::kBinary) {
      const Expr& a = *e.args[0];
      const Expr& b = *e.args[1];
      const char* compare = nullptr;
      switch (e.op) {
        case Operator::kAnd:
          return "AND(" + condition(a, year) + "," + condition(b, year) + ")";
        case Operator::kOr:
          return "OR(" + condition(a, year) + "," + condition(b, year) + ")";
        case Operator::kLess:
          compare = "<";
          break;
        case Operator::kLessEqual:
          compare = "<=";
          break;
        case Operator::kGreater:
          compare = ">";
          break;
        case Operator::kGreaterEqual:
          compare = ">=";
          break;
        case Operator::kEqual:
          compare = "=";
          break;
        case Operator::kNotEqual:
          compare = "<>";
          break;
        default:
          break;
      }
      if (compare != nullptr) {
        return wrap(value(a, year), kSum) + compare + wrap(value(b, year), kSum);
      }
    }
    return wrap(value(e, year), kSum) + "<>0";
  }

  // Arguments as Excel text, joined with commas.
  std::string arguments(const Expr& e, int year) {
    std::string text;
    for (size_t i = 0; i < e.args.size(); ++i) {
      if (i > 0) text += ",";
      text += value(*e.args[i], year).text;
    }
    return text;
  }

  // year_index of the time axis for a year written in the formula (at's YEAR), or -1.
  int literal_year_index(const Expr& e) {
    int64_t year = 0;
    if (!literal_integer(e, year)) return -1;
    int64_t index = year - c_.first_year;
    return index >= 0 && index < c_.years ? static_cast<int>(index) : -1;
  }

  // The terms of a series from year 0 to `last` (inclusive), joined by '+', in parentheses.
  std::string total(const Expr& s, int last) {
    std::string text = "(";
    for (int y = 0; y <= last; ++y) {
      if (y > 0) text += "+";
      text += wrap(value(s, y), kProduct);
    }
    return text + ")";
  }

  Piece call(const Expr& e, int year) {
    static const std::pair<const char*, const char*> kSame[] = {
        {"min", "MIN"}, {"max", "MAX"}, {"abs", "ABS"}, {"exp", "EXP"},
        {"log", "LN"},  {"sin", "SIN"}, {"cos", "COS"}, {"sqrt", "SQRT"},
    };
    for (const auto& [ours, excel] : kSame) {
      if (e.name == ours) return {fmt::format("{}({})", excel, arguments(e, year)), kAtom};
    }
    const auto& args = e.args;
    const std::string& f = e.name;
    if (f == "if" && args.size() == 3) {
      return {fmt::format("IF({},{},{})", condition(*args[0], year), value(*args[1], year).text,
                          value(*args[2], year).text),
              kAtom};
    }
    if (f == "clamp" && args.size() == 3) {
      return {fmt::format("MIN(MAX({},{}),{})", value(*args[0], year).text,
                          value(*args[1], year).text, value(*args[2], year).text),
              kAtom};
    }
    if ((f == "sum" || f == "mean") && args.size() == 1) {
      std::string sum = total(*args[0], c_.years - 1);
      if (f == "sum") return {sum, kAtom};
      return {sum + "/" + excel_number(c_.years), kProduct};
    }
    if (f == "cumsum" && args.size() == 1) return {total(*args[0], year), kAtom};
    if (f == "lag" && (args.size() == 2 || args.size() == 3)) {
      int64_t shift = 0;
      if (!literal_integer(*args[1], shift)) return fail("lag() without a literal shift");
      int64_t source = year - shift;
      if (source >= 0 && source < c_.years) return value(*args[0], static_cast<int>(source));
      return args.size() == 3 ? value(*args[2], year) : Piece{"0", kAtom};
    }
    if (f == "at" && args.size() == 2) {
      int index = literal_year_index(*args[1]);
      if (index < 0) return fail("at() of a year outside the time axis");
      return value(*args[0], index);
    }
    if (f == "growth" && args.size() == 2) {
      // start in the first year, then × (1 + that year's rate) each year.
      if (year == 0) return value(*args[0], 0);
      std::string text = wrap(value(*args[0], year), kProduct);
      for (int y = 1; y <= year; ++y) {
        text += "*(1+" + wrap(value(*args[1], y), kProduct) + ")";
      }
      return {text, kProduct};
    }
    if (f == "npv" && args.size() == 2) {
      // Σ s[y] / (1 + rate)^y, y counted from the first year.
      std::string rate = "(1+" + wrap(value(*args[0], year), kProduct) + ")";
      std::string text = "(";
      for (int y = 0; y < c_.years; ++y) {
        if (y > 0) text += "+";
        text += wrap(value(*args[1], y), kProduct);
        if (y > 0) text += fmt::format("/{}^{}", rate, y);
      }
      return {text + ")", kAtom};
    }
    if (f == "first_year" && args.size() == 1) {
      // The first year whose condition holds, else the text "never" (Excel has no infinity).
      if (c_.years > kMaxNestedIfs)
        return fail("first_year() over more years than Excel nests IFs");
      std::string text;
      for (int y = 0; y < c_.years; ++y) {
        text += fmt::format("IF({},{},", condition(*args[0], y), c_.first_year + y);
      }
      return {text + "\"never\"" + std::string(c_.years, ')'), kAtom};
    }
    if (find_distribution(f) != nullptr) return fail("an uncertain value (a distribution)");
    return fail(fmt::format("{}(), which has no Excel equivalent here", f));
  }

  const ExcelContext& c_;
  std::string why_;
};

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(c); });
}

}  // namespace

ExcelFormula to_excel(const Expr& expr, const ExcelContext& context, int year_index) {
  return Translator(context).run(expr, year_index);
}

std::string excel_number(double value) {
  std::string text = fmt::format("{}", value);
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return value < 0 ? "(" + text + ")" : text;
}

bool excel_reserved(const std::string& name) {
  std::string upper = name;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // A1 style: one to three letters, then digits (checked for any column and row, so that a larger
  // sheet, or LibreOffice's, cannot read it as a cell either).
  size_t letters = 0;
  while (letters < upper.size() && std::isalpha(static_cast<unsigned char>(upper[letters]))) {
    ++letters;
  }
  if (letters >= 1 && letters <= 3 && all_digits(std::string_view(upper).substr(letters))) {
    return true;
  }
  // R1C1 style: R, C, R5, C7, RC, R1C1, RC3.
  if (!upper.empty() && (upper[0] == 'R' || upper[0] == 'C')) {
    std::string_view rest = std::string_view(upper).substr(1);
    size_t digits = 0;
    while (digits < rest.size() && std::isdigit(static_cast<unsigned char>(rest[digits]))) {
      ++digits;
    }
    std::string_view tail = rest.substr(digits);
    if (tail.empty()) return true;
    if (upper[0] == 'R' && tail[0] == 'C' && (tail.size() == 1 || all_digits(tail.substr(1)))) {
      return true;
    }
  }
  static const std::set<std::string> kWords = {
      "TRUE", "FALSE",   "IF",    "MIN",  "MAX",   "ABS",    "EXP",    "LN",  "LOG",
      "SIN",  "COS",     "SQRT",  "SUM",  "INDEX", "AND",    "OR",     "NOT", "NPV",
      "PI",   "AVERAGE", "ROUND", "YEAR", "NA",    "OFFSET", "PRODUCT"};
  return kWords.count(upper) > 0;
}

std::vector<std::string> excel_names(const std::vector<std::string>& names) {
  std::vector<std::string> out;
  std::set<std::string> taken;  // upper case: Excel's names ignore case
  auto upper = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  };
  for (const std::string& name : names) {
    std::string mapped;
    for (char c : name) {
      mapped += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
    }
    if (mapped.empty() || std::isdigit(static_cast<unsigned char>(mapped[0]))) {
      mapped = "_" + mapped;
    }
    if (excel_reserved(mapped)) mapped += "_";
    std::string unique = mapped;
    for (int n = 2; taken.count(upper(unique)) > 0; ++n) unique = fmt::format("{}_{}", mapped, n);
    taken.insert(upper(unique));
    out.push_back(unique);
  }
  return out;
}

}  // namespace gpugap
