#include "gpugap/expr/parser.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

namespace gpugap {
namespace {

enum class Tok {
  kNumber,
  kName,
  kLParen,
  kRParen,
  kComma,
  kColon,
  kUnit,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kCaret,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kEqual,
  kNotEqual,
  kEnd,
};

struct Token {
  Tok kind = Tok::kEnd;
  size_t begin = 0;
  size_t end = 0;
  double number = 0;
  bool percent = false;
  std::string text;  // names, and the inside of a [unit]
};

std::string_view trim_view(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

double suffix_scale(char c) {
  switch (c) {
    case 'k':
      return 1e3;
    case 'M':
      return 1e6;
    case 'B':
      return 1e9;
    case 'T':
      return 1e12;
    case '%':
      return 1e-2;
    default:
      return 0;
  }
}

// Every later pass over a formula (unit checks, code generation, explain) recurses over its tree:
// bounding the tree's height here bounds them all, whatever the input.
constexpr int kMaxDepth = 256;

class Parser {
 public:
  Parser(std::string_view text, const TextOrigin& origin) : text_(text), origin_(origin) {}

  Result<ExprPtr> parse() {
    if (!advance()) return error_;
    if (current_.kind == Tok::kEnd) {
      return fail(0, text_.size(), "empty formula", "write a number such as 150B or a formula");
    }
    ExprPtr expr = parse_expr();
    if (failed_) return error_;
    if (current_.kind != Tok::kEnd) {
      return fail(current_.begin, current_.end - current_.begin,
                  fmt::format("unexpected '{}' after the end of the formula", token_text()),
                  "is an operator missing?");
    }
    return expr;
  }

 private:
  std::string token_text() const {
    return std::string(text_.substr(current_.begin, current_.end - current_.begin));
  }

  Diagnostic make_error(size_t offset, size_t length, std::string message, std::string hint) {
    return Diagnostic{origin_.locate(text_, offset, length), std::move(message), std::move(hint)};
  }

  std::vector<Diagnostic> fail(size_t offset, size_t length, std::string message,
                               std::string hint) {
    if (!failed_) {
      failed_ = true;
      error_ = {make_error(offset, length, std::move(message), std::move(hint))};
    }
    return error_;
  }

  // Counts one level of nesting (parentheses, a call, a unary operator, an exponent) for as long
  // as it lives, so that the parser's own recursion stays bounded.
  class Nesting {
   public:
    Nesting(Parser& parser, size_t offset) : parser_(parser) {
      if (++parser_.depth_ > kMaxDepth) parser_.too_deep(offset);
    }
    ~Nesting() { --parser_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    Parser& parser_;
  };

  void too_deep(size_t offset) {
    fail(offset, 1, fmt::format("formula nested too deeply (more than {} levels)", kMaxDepth),
         "each parenthesis, function call, operator and term of a chain such as a + b + c is a "
         "level; split the formula into named quantities");
  }

  // A new node over `args`: its height, and an error when that exceeds the limit.
  ExprPtr adopt(ExprPtr e) {
    for (const auto& a : e->args) e->height = std::max(e->height, a->height + 1);
    if (e->height > kMaxDepth) too_deep(e->args.empty() ? e->begin : e->args.back()->begin);
    return e;
  }

  void skip_space_and_comments() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  bool lex_number() {
    size_t start = pos_;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      size_t save = pos_++;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
        while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      } else {
        pos_ = save;  // "2e" is not an exponent: leave 'e' to the suffix check below
      }
    }
    std::string digits(text_.substr(start, pos_ - start));
    if (digits == ".") {
      fail(start, 1, "a number needs digits", "write 0.5, not .");
      return false;
    }
    double value = std::strtod(digits.c_str(), nullptr);
    bool percent = false;
    if (pos_ < text_.size() && suffix_scale(text_[pos_]) != 0) {
      char suffix = text_[pos_];
      bool followed_by_name = pos_ + 1 < text_.size() && is_name_char(text_[pos_ + 1]);
      if (!followed_by_name) {
        value *= suffix_scale(suffix);
        percent = suffix == '%';
        ++pos_;
      }
    }
    if (pos_ < text_.size() && is_name_char(text_[pos_])) {
      size_t bad_end = pos_;
      while (bad_end < text_.size() && is_name_char(text_[bad_end])) ++bad_end;
      fail(start, bad_end - start,
           fmt::format("bad number '{}'", text_.substr(start, bad_end - start)),
           "numbers take one suffix: k (thousand), M (million), B (billion), T (trillion) or %; "
           "put a space or an operator between a number and a name");
      return false;
    }
    if (!std::isfinite(value)) {
      fail(start, pos_ - start, fmt::format("number '{}' is too large", digits),
           "numbers go up to about 1.8e308; write large amounts with a suffix, e.g. 150B");
      return false;
    }
    current_ = Token{Tok::kNumber, start, pos_, value, percent, ""};
    return true;
  }

  bool advance() {
    skip_space_and_comments();
    if (pos_ >= text_.size()) {
      current_ = Token{Tok::kEnd, text_.size(), text_.size(), 0, false, ""};
      return true;
    }
    size_t start = pos_;
    char c = text_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return lex_number();
    if (is_name_start(c)) {
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      current_ =
          Token{Tok::kName, start, pos_, 0, false, std::string(text_.substr(start, pos_ - start))};
      return true;
    }
    if (c == '[') {
      size_t close = text_.find(']', pos_);
      if (close == std::string_view::npos) {
        fail(start, 1, "'[' opens a unit that is never closed", "write a unit as 10[GW]");
        return false;
      }
      pos_ = close + 1;
      current_ = Token{Tok::kUnit, start, pos_,
                       0,          false, std::string(text_.substr(start + 1, close - start - 1))};
      return true;
    }
    auto two = [&](char next) { return pos_ + 1 < text_.size() && text_[pos_ + 1] == next; };
    Tok kind;
    size_t length = 1;
    switch (c) {
      case '(':
        kind = Tok::kLParen;
        break;
      case ')':
        kind = Tok::kRParen;
        break;
      case ',':
        kind = Tok::kComma;
        break;
      case ':':
        kind = Tok::kColon;
        break;
      case '+':
        kind = Tok::kPlus;
        break;
      case '-':
        kind = Tok::kMinus;
        break;
      case '*':
        kind = Tok::kStar;
        break;
      case '/':
        kind = Tok::kSlash;
        break;
      case '^':
        kind = Tok::kCaret;
        break;
      case '<':
        kind = two('=') ? Tok::kLessEqual : Tok::kLess;
        length = two('=') ? 2 : 1;
        break;
      case '>':
        kind = two('=') ? Tok::kGreaterEqual : Tok::kGreater;
        length = two('=') ? 2 : 1;
        break;
      case '=':
        if (!two('=')) {
          fail(start, 1, "'=' is not an operator", "compare with '=='");
          return false;
        }
        kind = Tok::kEqual;
        length = 2;
        break;
      case '!':
        if (!two('=')) {
          fail(start, 1, "'!' is not an operator", "write 'not x' or 'a != b'");
          return false;
        }
        kind = Tok::kNotEqual;
        length = 2;
        break;
      default: {
        // Decode one UTF-8 character for the message.
        size_t n = 1;
        while (start + n < text_.size() && (text_[start + n] & 0xC0) == 0x80) ++n;
        fail(start, 1, fmt::format("unexpected character '{}'", text_.substr(start, n)),
             "formulas are made of numbers, names (letters, digits, '_' and '.'), operators "
             "+ - * / ^ < > == != and parentheses; put text in 'note' or after '#'");
        return false;
      }
    }
    pos_ += length;
    current_ = Token{kind, start, pos_, 0, false, ""};
    return true;
  }

  bool expect(Tok kind, const char* what, const char* hint) {
    if (current_.kind != kind) {
      std::string found =
          current_.kind == Tok::kEnd ? "the end of the formula" : fmt::format("'{}'", token_text());
      fail(current_.begin, std::max<size_t>(1, current_.end - current_.begin),
           fmt::format("expected {} but found {}", what, found), hint);
      return false;
    }
    return advance();
  }

  ExprPtr make_binary(Operator op, ExprPtr lhs, ExprPtr rhs) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kBinary;
    e->op = op;
    e->begin = lhs->begin;
    e->end = rhs->end;
    e->args.push_back(std::move(lhs));
    e->args.push_back(std::move(rhs));
    return adopt(std::move(e));
  }

  bool is_keyword(const char* word) const {
    return current_.kind == Tok::kName && current_.text == word;
  }

  ExprPtr parse_expr() {
    ExprPtr lhs = parse_or();
    if (failed_) return nullptr;
    if (is_keyword("to")) {
      if (!advance()) return nullptr;
      ExprPtr rhs = parse_or();
      if (failed_) return nullptr;
      return make_binary(Operator::kTo, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr parse_or() {
    ExprPtr lhs = parse_and();
    while (!failed_ && is_keyword("or")) {
      if (!advance()) return nullptr;
      ExprPtr rhs = parse_and();
      if (failed_) return nullptr;
      lhs = make_binary(Operator::kOr, std::move(lhs), std::move(rhs));
    }
    return failed_ ? nullptr : std::move(lhs);
  }

  ExprPtr parse_and() {
    ExprPtr lhs = parse_not();
    while (!failed_ && is_keyword("and")) {
      if (!advance()) return nullptr;
      ExprPtr rhs = parse_not();
      if (failed_) return nullptr;
      lhs = make_binary(Operator::kAnd, std::move(lhs), std::move(rhs));
    }
    return failed_ ? nullptr : std::move(lhs);
  }

  // "not" binds looser than comparisons: not margin > 50% is not (margin > 50%).
  ExprPtr parse_not() {
    if (!is_keyword("not")) return parse_comparison();
    size_t start = current_.begin;
    if (!advance()) return nullptr;
    Nesting nesting(*this, start);
    ExprPtr operand = failed_ ? nullptr : parse_not();
    if (failed_) return nullptr;
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kUnary;
    e->op = Operator::kNot;
    e->begin = start;
    e->end = operand->end;
    e->args.push_back(std::move(operand));
    return adopt(std::move(e));
  }

  static bool is_comparison(Tok kind) {
    return kind == Tok::kLess || kind == Tok::kLessEqual || kind == Tok::kGreater ||
           kind == Tok::kGreaterEqual || kind == Tok::kEqual || kind == Tok::kNotEqual;
  }

  ExprPtr parse_comparison() {
    ExprPtr lhs = parse_sum();
    if (failed_) return nullptr;
    Operator op;
    switch (current_.kind) {
      case Tok::kLess:
        op = Operator::kLess;
        break;
      case Tok::kLessEqual:
        op = Operator::kLessEqual;
        break;
      case Tok::kGreater:
        op = Operator::kGreater;
        break;
      case Tok::kGreaterEqual:
        op = Operator::kGreaterEqual;
        break;
      case Tok::kEqual:
        op = Operator::kEqual;
        break;
      case Tok::kNotEqual:
        op = Operator::kNotEqual;
        break;
      default:
        return lhs;
    }
    if (!advance()) return nullptr;
    ExprPtr rhs = parse_sum();
    if (failed_) return nullptr;
    if (is_comparison(current_.kind)) {
      size_t end = current_.end;
      while (pos_ < text_.size() && text_[pos_] != ')' && text_[pos_] != ',') ++pos_;
      end = std::max(end, pos_);
      fail(lhs->begin, end - lhs->begin,
           fmt::format("comparisons do not chain: '{}'",
                       trim_view(text_.substr(lhs->begin, end - lhs->begin))),
           "write 'a < b and b < c'");
      return nullptr;
    }
    return make_binary(op, std::move(lhs), std::move(rhs));
  }

  ExprPtr parse_sum() {
    ExprPtr lhs = parse_product();
    while (!failed_ && (current_.kind == Tok::kPlus || current_.kind == Tok::kMinus)) {
      Operator op = current_.kind == Tok::kPlus ? Operator::kAdd : Operator::kSub;
      if (!advance()) return nullptr;
      ExprPtr rhs = parse_product();
      if (failed_) return nullptr;
      lhs = make_binary(op, std::move(lhs), std::move(rhs));
    }
    return failed_ ? nullptr : std::move(lhs);
  }

  ExprPtr parse_product() {
    ExprPtr lhs = parse_unary();
    while (!failed_ && (current_.kind == Tok::kStar || current_.kind == Tok::kSlash)) {
      Operator op = current_.kind == Tok::kStar ? Operator::kMul : Operator::kDiv;
      if (!advance()) return nullptr;
      ExprPtr rhs = parse_unary();
      if (failed_) return nullptr;
      lhs = make_binary(op, std::move(lhs), std::move(rhs));
    }
    return failed_ ? nullptr : std::move(lhs);
  }

  ExprPtr parse_unary() {
    if (current_.kind == Tok::kMinus) {
      size_t start = current_.begin;
      Operator op = Operator::kNeg;
      if (!advance()) return nullptr;
      Nesting nesting(*this, start);
      ExprPtr operand = failed_ ? nullptr : parse_unary();
      if (failed_) return nullptr;
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kUnary;
      e->op = op;
      e->begin = start;
      e->end = operand->end;
      e->args.push_back(std::move(operand));
      return adopt(std::move(e));
    }
    return parse_power();
  }

  ExprPtr parse_power() {
    ExprPtr base = parse_atom();
    if (failed_) return nullptr;
    if (current_.kind == Tok::kCaret) {
      size_t caret = current_.begin;
      if (!advance()) return nullptr;
      Nesting nesting(*this, caret);
      if (failed_) return nullptr;
      ExprPtr exponent = parse_unary();  // right-associative: 2^3^2 = 2^9
      if (failed_) return nullptr;
      return make_binary(Operator::kPow, std::move(base), std::move(exponent));
    }
    return base;
  }

  ExprPtr parse_atom() {
    auto e = std::make_unique<Expr>();
    e->begin = current_.begin;
    e->end = current_.end;
    switch (current_.kind) {
      case Tok::kNumber: {
        e->kind = ExprKind::kNumber;
        e->number = current_.number;
        e->percent = current_.percent;
        e->literal = token_text();
        if (!advance()) return nullptr;
        if (current_.kind == Tok::kUnit) {
          e->unit_text = current_.text;
          e->end = current_.end;
          if (!advance()) return nullptr;
        }
        return e;
      }
      case Tok::kName: {
        static const char* kKeywords[] = {"to", "and", "or", "not"};
        for (const char* k : kKeywords) {
          if (current_.text == k) {
            fail(current_.begin, current_.end - current_.begin,
                 fmt::format("'{}' is a keyword; a value was expected here", k),
                 "a value is a number, a name, a function call or a formula in parentheses");
            return nullptr;
          }
        }
        e->name = current_.text;
        if (!advance()) return nullptr;
        if (current_.kind != Tok::kLParen) {
          e->kind = ExprKind::kName;
          return e;
        }
        e->kind = ExprKind::kCall;
        if (!advance()) return nullptr;
        Nesting nesting(*this, e->begin);
        if (failed_) return nullptr;
        if (current_.kind != Tok::kRParen) {
          while (true) {
            ExprPtr arg = parse_expr();
            if (failed_) return nullptr;
            if (current_.kind == Tok::kColon) {
              if (!advance()) return nullptr;
              ExprPtr weight = parse_expr();
              if (failed_) return nullptr;
              arg = make_binary(Operator::kPair, std::move(arg), std::move(weight));
            }
            e->args.push_back(std::move(arg));
            if (current_.kind != Tok::kComma) break;
            if (!advance()) return nullptr;
          }
        }
        e->end = current_.end;
        if (!expect(Tok::kRParen, fmt::format("',' or ')' in the call of {}", e->name).c_str(),
                    "separate arguments with ',' and close the call with ')'")) {
          return nullptr;
        }
        return adopt(std::move(e));
      }
      case Tok::kLParen: {
        size_t open = current_.begin;
        if (!advance()) return nullptr;
        Nesting nesting(*this, open);
        if (failed_) return nullptr;
        ExprPtr inner = parse_expr();
        if (failed_) return nullptr;
        size_t close = current_.end;
        if (!expect(Tok::kRParen, "')'", "every '(' needs its ')'")) return nullptr;
        // The parentheses belong to the sub-expression: messages quote and underline them.
        inner->begin = open;
        inner->end = close;
        return inner;
      }
      case Tok::kEnd:
        fail(text_.size() > 0 ? text_.size() - 1 : 0, 1,
             "the formula ends where a value was expected",
             "an operator, '(' or ',' needs a value after it");
        return nullptr;
      default:
        fail(current_.begin, current_.end - current_.begin,
             fmt::format("unexpected '{}' where a value was expected", token_text()),
             "a value is a number, a name, a function call or a formula in parentheses");
        return nullptr;
    }
  }

  std::string_view text_;
  const TextOrigin& origin_;
  size_t pos_ = 0;
  Token current_;
  bool failed_ = false;
  std::vector<Diagnostic> error_;
  int depth_ = 0;  // current nesting, see Nesting
};

}  // namespace

Result<ExprPtr> parse_formula(std::string_view text, const TextOrigin& origin) {
  return Parser(text, origin).parse();
}

bool is_name(std::string_view text) {
  if (text.empty() || !is_name_start(text.front())) return false;
  return std::all_of(text.begin(), text.end(), is_name_char);
}

bool is_constant(const Expr& expr) {
  if (expr.kind == ExprKind::kNumber) return expr.unit_text.empty();
  if (expr.kind == ExprKind::kUnary && expr.op == Operator::kNeg) return is_constant(*expr.args[0]);
  return false;
}

}  // namespace gpugap
