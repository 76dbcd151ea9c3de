// Loading a scenario under a guard on the files it reads: before the loader opens a file that an
// `extends` names, the guard may refuse it. The server's folder check (server/scenarios.cc) loads
// through this, so that it sees `extends` exactly as the loader resolves it and reads nothing the
// guard refuses.
#pragma once

#include <functional>
#include <string>

#include "gpugap/scenario/scenario.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

// Asked before the loader reads the file that `naming_file`'s `extends = "written"` resolves to
// (`resolved`): "" to read it, else why not, which loading stops with as its diagnostic.
using ReadGuard = std::function<std::string(
    const std::string& naming_file, const std::string& written, const std::string& resolved)>;

// load_scenario(), asking `guard` before each file an `extends` names.
Result<Scenario> load_scenario_guarded(const std::string& path, const ReadGuard& guard);

}  // namespace gpugap
