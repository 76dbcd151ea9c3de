// A key written twice in a scenario file, explained in the scenario's terms. toml++ reports it as
// a syntax error ("cannot redefine existing string 'a'") that names neither the table nor the
// first definition; the loader asks this to say what was duplicated (a quantity, a published
// result, a top-level key, a field, a table) and where it first appeared.
#pragma once

#include <memory>
#include <optional>

#include "gpugap/util/diagnostics.h"

namespace gpugap {

// `line` and `column` are toml++'s position of the error; `table_header` is true when toml++
// failed on a `[table]` header rather than on a `key = value` pair. Returns nothing when the
// text at that place does not look like a duplicate, so that the caller falls back to toml++'s
// own message.
std::optional<Diagnostic> explain_duplicate_key(const std::shared_ptr<const SourceText>& source,
                                                int line, int column, bool table_header);

}  // namespace gpugap
