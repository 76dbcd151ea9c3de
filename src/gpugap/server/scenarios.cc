#include "gpugap/server/scenarios.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "gpugap/util/text.h"

namespace gpugap::server {
namespace fs = std::filesystem;

namespace {

// The real path of `file` when it lies inside `dir` (both with symbolic links followed).
bool inside(const fs::path& dir, const fs::path& file) {
  std::error_code ec;
  fs::path real_dir = fs::canonical(dir, ec);
  if (ec) return false;
  fs::path real_file = fs::canonical(file, ec);
  if (ec) return false;
  auto [end, _] =
      std::mismatch(real_dir.begin(), real_dir.end(), real_file.begin(), real_file.end());
  return end == real_dir.end();
}

}  // namespace

bool valid_scenario_name(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '.' || name.back() == '.') return false;
  char previous = 0;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || (c == '.' && previous != '.');
    if (!ok) return false;
    previous = c;
  }
  return true;
}

ScenarioCatalog::ScenarioCatalog(std::string user_dir, std::string bundled_dir) {
  if (!user_dir.empty()) dirs_.emplace_back(std::move(user_dir), "user");
  if (!bundled_dir.empty()) dirs_.emplace_back(std::move(bundled_dir), "bundled");
}

std::vector<ScenarioEntry> ScenarioCatalog::list() const {
  std::map<std::string, ScenarioEntry> by_name;
  for (const auto& [dir, origin] : dirs_) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const fs::path& path = entry.path();
      std::string name = path.stem().string();
      if (path.extension() != ".toml" || !valid_scenario_name(name) || by_name.count(name))
        continue;
      if (!entry.is_regular_file(ec) || !inside(dir, path)) continue;
      by_name[name] = {name, path.string(), origin};
    }
  }
  std::vector<ScenarioEntry> out;
  for (auto& [name, entry] : by_name) out.push_back(std::move(entry));
  return out;
}

ScenarioEntry ScenarioCatalog::find(std::string_view name) const {
  if (!valid_scenario_name(name)) return {};
  for (const auto& [dir, origin] : dirs_) {
    fs::path path = fs::path(dir) / (std::string(name) + ".toml");
    std::error_code ec;
    if (fs::is_regular_file(path, ec) && inside(dir, path)) {
      return {std::string(name), path.string(), origin};
    }
  }
  return {};
}

std::string ScenarioCatalog::closest(std::string_view name) const {
  std::vector<std::string> names;
  for (const auto& entry : list()) names.push_back(entry.name);
  return closest_name(name, names);
}

}  // namespace gpugap::server
