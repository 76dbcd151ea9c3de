#include "gpugap/server/scenarios.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>

#include "gpugap/scenario/block_kinds.h"
#include "gpugap/scenario/toml_guard.h"
#include "gpugap/util/text.h"

namespace gpugap::server {
namespace fs = std::filesystem;

namespace {

// Whether `path` lies inside `dir` by its real path, following the links of the part that exists
// (a file that does not exist yet is judged by where it would be).
bool inside(const fs::path& dir, const fs::path& path) {
  std::error_code ec;
  fs::path real_dir = fs::canonical(dir, ec);
  if (ec) return false;
  fs::path real_path = fs::weakly_canonical(path, ec);
  if (ec) return false;
  auto [end, _] =
      std::mismatch(real_dir.begin(), real_dir.end(), real_path.begin(), real_path.end());
  return end == real_dir.end();
}

// Why `file` may not be loaded: an `extends` along its chain that names a file outside `dirs`,
// or a data file of a block (its data keys, scenario/block_kinds.h: [fleet] catalogue,
// [financing] deals and companies) outside
// `data_dirs`, each resolved as the loader resolves it (relative to the file that names it),
// before anything reads it. "" when all stay inside; the loader reports everything else
// (syntax, a missing file, a cycle, which the depth bounds here).
// Every file looked at goes into `reads`.
std::string outside_folders(const fs::path& file, const std::vector<fs::path>& dirs,
                            const std::vector<fs::path>& data_dirs,
                            std::vector<std::string>& reads) {
  auto within = [](const std::vector<fs::path>& allowed, const fs::path& path) {
    return std::any_of(allowed.begin(), allowed.end(),
                       [&](const fs::path& dir) { return inside(dir, path); });
  };
  constexpr int kMaxDepth = 64;
  fs::path current = file;
  for (int depth = 0; depth < kMaxDepth; ++depth) {
    reads.push_back(current.string());
    toml::table root;
    try {
      std::ifstream in(current, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      root = parse_toml(text.str(), current.string());
    } catch (const toml::parse_error&) {
      return "";
    }
    for (const BlockKind& block : block_kinds()) {
      for (std::string_view key : block.data_keys) {
        const std::string_view table = block.name;
        auto written = root[table][key].value<std::string>();
        if (written) reads.push_back((current.parent_path() / *written).string());
        if (written && !within(data_dirs, current.parent_path() / *written)) {
          return fmt::format("{}: [{}] {} names '{}', outside the scenario and data folders",
                             current.filename().string(), table, key, *written);
        }
      }
    }
    auto written = root["extends"].value<std::string>();
    if (!written) return "";
    fs::path parent = current.parent_path() / *written;
    if (!within(dirs, parent)) {
      return fmt::format("{}: 'extends' names '{}', outside the scenario folders",
                         current.filename().string(), *written);
    }
    current = parent;
  }
  return "";
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

// The scenario files of the folders by name (a user's file shadows a bundled one), unread.
std::map<std::string, std::pair<std::string, std::string>> ScenarioCatalog::files() const {
  std::map<std::string, std::pair<std::string, std::string>> by_name;  // name → (path, origin)
  for (const auto& [dir, origin] : dirs_) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const fs::path& path = entry.path();
      std::string name = path.stem().string();
      if (path.extension() != ".toml" || !valid_scenario_name(name) || by_name.count(name))
        continue;
      if (!entry.is_regular_file(ec) || !inside(dir, path)) continue;
      by_name[name] = {path.string(), origin};
    }
  }
  return by_name;
}

std::vector<ScenarioEntry> ScenarioCatalog::unread() const {
  std::vector<ScenarioEntry> out;
  for (const auto& [name, file] : files()) out.push_back({name, file.first, file.second, "", {}});
  return out;
}

std::vector<ScenarioEntry> ScenarioCatalog::list() const {
  std::vector<ScenarioEntry> out;
  for (ScenarioEntry& entry : unread()) out.push_back(check(std::move(entry)));
  return out;
}

ScenarioEntry ScenarioCatalog::find(std::string_view name) const {
  if (!valid_scenario_name(name)) return {};
  for (const auto& [dir, origin] : dirs_) {
    fs::path path = fs::path(dir) / (std::string(name) + ".toml");
    std::error_code ec;
    if (fs::is_regular_file(path, ec) && inside(dir, path)) {
      return check({std::string(name), path.string(), origin, "", {}});
    }
  }
  return {};
}

ScenarioEntry ScenarioCatalog::check(ScenarioEntry entry) const {
  std::vector<fs::path> dirs, data_dirs;
  for (const auto& [dir, from] : dirs_) {
    dirs.emplace_back(dir);
    data_dirs.emplace_back(dir);
    // The bundled scenarios read the project's data/ beside them (../data/gpus.csv).
    if (from == "bundled") data_dirs.push_back(fs::path(dir) / ".." / "data");
  }
  entry.reads.clear();
  entry.refused = outside_folders(entry.path, dirs, data_dirs, entry.reads);
  return entry;
}

std::string ScenarioCatalog::closest(std::string_view name) const {
  std::vector<std::string> names;  // names only: no file is read for a "did you mean"
  for (const auto& [known, _] : files()) names.push_back(known);
  return closest_name(name, names);
}

}  // namespace gpugap::server
