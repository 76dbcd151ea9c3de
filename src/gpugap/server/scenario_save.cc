#include "gpugap/server/scenario_save.h"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

#include "gpugap/scenario/scenario.h"
#include "gpugap/server/scenarios.h"
#include "gpugap/util/atomic_file.h"

namespace gpugap::server {

namespace fs = std::filesystem;

SaveOutcome save_scenario(const std::string& user_dir, std::string_view name,
                          const std::string& text) {
  if (user_dir.empty()) {
    return {403, "this server has no folder to save scenarios in",
            "start it with gpugap serve --scenarios DIR", "", ""};
  }
  if (!valid_scenario_name(name)) {
    return {400, fmt::format("'{}' is not a scenario name", name),
            "letters, digits, '-', '_' and inner '.', at most 100 characters", "", ""};
  }
  std::error_code error;
  const fs::path folder = fs::weakly_canonical(user_dir, error);
  if (error || !fs::is_directory(folder, error)) {
    return {403, fmt::format("the scenario folder {} is not a folder", user_dir), "", "", ""};
  }
  const fs::path path = folder / (std::string(name) + ".toml");
  // Through a symbolic link the file written is the link's target: it too must be in the folder.
  const fs::path real = fs::weakly_canonical(path, error);
  const fs::path relative = real.lexically_relative(folder);
  if (error || relative.empty() || *relative.begin() == ".." || relative.has_parent_path()) {
    return {403, fmt::format("'{}' leads out of the scenario folder", name),
            "save under a plain name in the folder", "", ""};
  }
  auto loaded = load_scenario_text(path.string(), text);
  if (!loaded) {
    const auto& d = loaded.diagnostics();
    return {422, d.empty() ? "the text is not a scenario" : d.front().message,
            d.empty() ? "" : d.front().hint, "", format_diagnostics(d)};
  }
  AtomicFile file(path.string());
  if (!file.is_open()) return {500, file.error(), "", "", ""};
  file.stream() << text;
  if (!file.commit()) return {500, file.error(), "", "", ""};
  return {200, "", "", path.string(), ""};
}

}  // namespace gpugap::server
