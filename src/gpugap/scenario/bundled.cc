#include "gpugap/scenario/bundled.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "gpugap/util/text.h"

namespace gpugap {
namespace fs = std::filesystem;

namespace {

fs::path executable_dir() {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : self.parent_path();
}

}  // namespace

std::string bundled_scenarios_dir() {
  if (const char* env = std::getenv("GPUGAP_SCENARIOS"); env && *env) return env;
  fs::path installed = executable_dir() / ".." / "share" / "gpugap" / "scenarios";
  std::error_code ec;
  if (fs::is_directory(installed, ec)) return installed.lexically_normal().string();
  return GPUGAP_SOURCE_SCENARIOS;
}

std::vector<std::string> bundled_scenario_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(bundled_scenarios_dir(), ec)) {
    if (entry.path().extension() == ".toml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

ExtendsTarget resolve_extends(const std::string& from, const std::string& name) {
  std::error_code ec;
  fs::path relative = fs::path(from).parent_path() / name;
  if (fs::is_directory(relative, ec)) {
    return {"", fmt::format("'extends' names '{}', which is a folder", relative.string()),
            "name the scenario file itself, e.g. extends = \"sequoia-2024.toml\""};
  }
  if (fs::exists(relative, ec)) return {relative.string(), "", ""};
  // A name without a folder may be a bundled scenario's.
  const bool bare =
      !name.empty() && name.find('/') == std::string::npos && name != "." && name != "..";
  if (bare) {
    std::string stem =
        fs::path(name).extension() == ".toml" ? fs::path(name).stem().string() : name;
    fs::path bundled = fs::path(bundled_scenarios_dir()) / (stem + ".toml");
    if (fs::is_regular_file(bundled, ec)) return {bundled.string(), "", ""};
    std::string guess = closest_name(stem, bundled_scenario_names());
    return {"",
            fmt::format("'extends' names '{}', which is neither a file beside this one ('{}') "
                        "nor a bundled scenario",
                        name, relative.string()),
            guess.empty() ? "give a path relative to this file's folder, or a bundled name "
                            "from `gpugap list`"
                          : fmt::format("did you mean '{}'?", guess)};
  }
  return {"", fmt::format("'extends' names '{}', which does not exist", relative.string()),
          "the path is relative to this file's folder"};
}

}  // namespace gpugap
