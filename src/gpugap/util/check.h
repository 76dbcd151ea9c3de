// GPUGAP_DCHECK(condition): an internal invariant of the compiler or the interpreter, something
// no scenario can break, only a bug in gpugap. Checked in Debug builds and in sanitizer builds
// (GPUGAP_SANITIZE defines GPUGAP_DCHECKS), where a broken one prints where and aborts; in
// Release it costs nothing: the condition is not evaluated (but still compiled, so it stays true
// to the code). Errors a user can cause are Diagnostics (util/diagnostics.h), never checks.
#pragma once

#if !defined(NDEBUG) || defined(GPUGAP_DCHECKS)

#include <cstdio>
#include <cstdlib>

namespace gpugap::detail {
[[noreturn]] inline void dcheck_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: internal check failed: %s (a bug in gpugap; please report it)\n",
               file, line, condition);
  std::abort();
}
}  // namespace gpugap::detail

#define GPUGAP_DCHECK(condition)      \
  ((condition) ? static_cast<void>(0) \
               : ::gpugap::detail::dcheck_failed(#condition, __FILE__, __LINE__))

#else

#define GPUGAP_DCHECK(condition) static_cast<void>(sizeof(!(condition)))

#endif
