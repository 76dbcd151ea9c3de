// The libFuzzer entry point of one target: compiled once per target with GPUGAP_FUZZ_TARGET set
// to its function (fuzz/CMakeLists.txt).
#include "targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return gpugap::fuzz::GPUGAP_FUZZ_TARGET(data, size);
}
