// Highway's two run-time entry points that gpugap's dispatch calls (random/simd.cc:
// HWY_DYNAMIC_DISPATCH reads GetChosenTarget(), and its first call updates it from
// SupportedTargets()), forwarded to Debian's libhwy.so.1, loaded the first time a run samples.
//
// Why not link it: libhwy 1.0.3's load-time initialiser calibrates a timer by spinning, 3.5 ms of
// CPU charged to every process that links it, a point run or `gpugap --help` included
// (docs/BENCHMARKS.md, "On an idle machine"). Loaded here, only the runs that sample pay it.
// The CPU detection, the targets' encoding and the chosen target all stay Highway's own.
#if GPUGAP_HWY

#include <dlfcn.h>

#include <hwy/targets.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace hwy {
namespace {

[[noreturn]] void cannot_load(const char* what) {
  const char* why = dlerror();
  std::fprintf(stderr, "gpugap: cannot load Google Highway (libhwy.so.1) for sampling: %s: %s\n",
               what, why != nullptr ? why : "unknown error");
  std::abort();
}

void* highway_function(const char* mangled_name) {
  static void* const library = [] {
    void* handle = dlopen("libhwy.so.1", RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) cannot_load("dlopen");
    return handle;
  }();
  void* function = dlsym(library, mangled_name);
  if (function == nullptr) cannot_load(mangled_name);
  return function;
}

}  // namespace

ChosenTarget& GetChosenTarget() {
  using Function = ChosenTarget& (*)();
  static ChosenTarget& chosen =
      reinterpret_cast<Function>(highway_function("_ZN3hwy15GetChosenTargetEv"))();
  return chosen;
}

int64_t SupportedTargets() {
  using Function = int64_t (*)();
  static const Function supported =
      reinterpret_cast<Function>(highway_function("_ZN3hwy16SupportedTargetsEv"));
  return supported();
}

}  // namespace hwy

#endif  // GPUGAP_HWY
