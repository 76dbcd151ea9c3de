// Diagnostics: user mistakes as values with a place, in the style of a compiler.
// The loader and compiler collect several before stopping; `main` prints them and exits 2.
// One convention for every stage: Result<T> holds either a value or a non-empty list of
// diagnostics; Status is the same without a value (fine, or why not). Both are [[nodiscard]].
// Result<T, E> is the same with another kind of error (the server's HTTP error, a message).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace gpugap {

// The text of a source file, split into lines, shared by every location that points into it.
struct SourceText {
  std::string path;  // as shown in messages: relative as the user gave it, or "<--set>"
  std::vector<std::string> lines;

  static std::shared_ptr<const SourceText> from_string(std::string path, std::string_view text);
};

// A place in a source file: 1-based line and column, and how many characters it spans.
struct SourceLocation {
  std::shared_ptr<const SourceText> source;
  int line = 0;
  int column = 0;
  int length = 1;

  bool known() const { return source != nullptr && line > 0; }
};

struct Diagnostic {
  SourceLocation where;
  std::string message;
  std::string hint;  // empty when there is nothing useful to add
};

// `file:line:col: error: message`, the source line with a caret under the span, then `hint: …`.
std::string format_diagnostic(const Diagnostic& diagnostic);
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics);

// Where a piece of text (a formula) sits in its file, so that an offset into the text maps to a
// line and column. Formulas live inside TOML strings: `column` is that of the first character
// after the opening quote.
struct TextOrigin {
  struct Position {
    int line = 0;
    int column = 0;
  };

  TextOrigin() = default;
  TextOrigin(std::shared_ptr<const SourceText> source, int line, int column,
             std::shared_ptr<const std::vector<Position>> positions = nullptr)
      : source(std::move(source)), line(line), column(column), positions(std::move(positions)) {}

  std::shared_ptr<const SourceText> source;
  int line = 0;
  int column = 0;
  // Where each byte of the text, and its end, sits in the file: set when escapes ("\t") or line
  // continuations make the text differ from what the file shows; null when counting is enough.
  std::shared_ptr<const std::vector<Position>> positions;

  SourceLocation locate(std::string_view text, size_t offset, size_t length) const;
};

// No value: fine, or the diagnostics that say what went wrong (never an empty list then).
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Diagnostic diagnostic) : diagnostics_{std::move(diagnostic)} {}
  // Fine when `diagnostics` is empty.
  Status(std::vector<Diagnostic> diagnostics) : diagnostics_(std::move(diagnostics)) {}

  bool ok() const { return diagnostics_.empty(); }
  explicit operator bool() const { return ok(); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// A value, or why there is none. The error is the diagnostics by default; a caller with errors
// of another shape (the server's HTTP error) names its own type E, and keeps the same interface.
template <class T, class E = std::vector<Diagnostic>>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}
  Result(Diagnostic diagnostic) requires std::is_same_v<E, std::vector<Diagnostic>>
      : state_(std::in_place_index<1>, E{std::move(diagnostic)}) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const E& error() const { return std::get<1>(state_); }
  const std::vector<Diagnostic>& diagnostics()
      const requires std::is_same_v<E, std::vector<Diagnostic>> {
    return error();
  }

 private:
  std::variant<T, E> state_;
};

}  // namespace gpugap
