// The bundled scenarios and where `extends` finds a parent. The bundled folder is found at run
// time, so that an installed gpugap can be moved: $GPUGAP_SCENARIOS when set, else
// ../share/gpugap/scenarios beside the executable (what `cmake --install` and the .deb lay out),
// else, for a binary run from its build tree, the source tree's scenarios/.
#pragma once

#include <string>
#include <vector>

namespace gpugap {

// The folder of bundled scenarios (see above).
std::string bundled_scenarios_dir();
// The names of the bundled scenarios ("sequoia-2024"), sorted.
std::vector<std::string> bundled_scenario_names();

// The file that `extends = "<name>"` in the scenario file `from` names: a path relative to that
// file's folder, else, for a name without a folder ("sequoia-2024", "sequoia-2024.toml"), the
// bundled scenario of that name. When none exists, `path` is empty and `message` and `hint` say
// why.
struct ExtendsTarget {
  std::string path;
  std::string message;
  std::string hint;
};
ExtendsTarget resolve_extends(const std::string& from, const std::string& name);

}  // namespace gpugap
