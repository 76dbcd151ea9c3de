// The folder of scenarios the benchmarks read: the source tree's (GPUGAP_SCENARIOS_DIR, set by
// bench/CMakeLists.txt), or the one named by the environment variable GPUGAP_BENCH_SCENARIOS, so
// that a build can be measured on an older tree's scenario files (a before/after comparison of
// the engine alone, docs/BENCHMARKS.md).
#pragma once

#include <cstdlib>
#include <string>

namespace gpugap::bench {

inline std::string scenarios_dir() {
  const char* from_environment = std::getenv("GPUGAP_BENCH_SCENARIOS");
  return from_environment != nullptr && *from_environment != '\0' ? from_environment
                                                                  : GPUGAP_SCENARIOS_DIR;
}

}  // namespace gpugap::bench
