// report/samples_file.h in the WebAssembly module: no files to keep samples in (the native
// writer needs zlib and POSIX files, util/zip_store.cc and util/atomic_file.cc). The module never
// asks for kept samples (run/request.h has no such field); this says so if it ever does.
#include "gpugap/report/samples_file.h"

namespace gpugap {

Status write_samples(const std::string&, const Model&, const SampleSet&) {
  return Diagnostic{
      {}, "the WebAssembly engine keeps no samples in files: use gpugap run --keep-samples", ""};
}

}  // namespace gpugap
