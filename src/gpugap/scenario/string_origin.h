// Where TOML values sit in their file, so that an error in a formula points at the right column.
// toml++ gives the place of a value's opening quote, counting columns in characters; the text it
// returns has escapes decoded ("\t" is one byte) and line continuations ("""\ …) removed.
// Diagnostics count columns in bytes, as compilers do.
#pragma once

#include <memory>
#include <string_view>

#include "gpugap/util/diagnostics.h"

namespace gpugap {

// `line` and `column` are where the value starts in `source` (its opening quote, or the first
// character of a number); `text` is the value as toml++ decoded it.
// The byte column of toml++'s character `column` on `line` (1-based both).
int byte_column(const SourceText& source, int line, int column);

// `column` is a byte column (see byte_column).
TextOrigin origin_of_string(const std::shared_ptr<const SourceText>& source, int line, int column,
                            std::string_view text);

}  // namespace gpugap
