#include "gpugap/server/scenarios.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <utility>

#include "gpugap/scenario/block_kinds.h"
#include "gpugap/scenario/read_guard.h"
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
// [financing] deals and companies) outside `data_dirs`. The scenario loader resolves both as it
// does for a run (an `extends` relative to the file that names it, or a bundled name; a data file
// relative to the file that names it), and asks before it reads a parent, so nothing outside is
// read. "" when all stay inside, or when the scenario does not load: the run reports that.
// Every file looked at goes into `reads`.
std::string outside_folders(const fs::path& file, const std::vector<fs::path>& dirs,
                            const std::vector<fs::path>& data_dirs,
                            std::vector<std::string>& reads) {
  auto within = [](const std::vector<fs::path>& allowed, const fs::path& path) {
    return std::any_of(allowed.begin(), allowed.end(),
                       [&](const fs::path& dir) { return inside(dir, path); });
  };
  reads.push_back(file.string());
  std::string refused;
  ReadGuard guard = [&](const std::string& naming_file, const std::string& written,
                        const std::string& resolved) -> std::string {
    if (reads.back() != resolved) reads.push_back(resolved);  // asked twice for a bundled name
    if (within(dirs, resolved)) return "";
    refused = fmt::format("{}: 'extends' names '{}', outside the scenario folders",
                          fs::path(naming_file).filename().string(), written);
    return refused;
  };
  auto scenario = load_scenario_guarded(file.string(), guard);
  if (!refused.empty() || !scenario) return refused;
  for (const BlockTable& written_table : scenario->block_tables) {
    const auto& table = *static_cast<const toml::table*>(written_table.table.get());
    for (const BlockKind& block : block_kinds()) {
      if (block.name != written_table.name) continue;
      // A key (not its value, once merged) keeps the file that wrote it, as the blocks read it.
      for (auto&& [key, node] : table) {
        const std::string_view name = key.str();
        if (std::find(block.data_keys.begin(), block.data_keys.end(), name) ==
            block.data_keys.end()) {
          continue;
        }
        auto written = node.value<std::string>();
        if (!written) continue;
        fs::path naming = key.source().path ? fs::path(*key.source().path) : file;
        fs::path data = naming.parent_path() / *written;
        reads.push_back(data.string());
        if (!within(data_dirs, data)) {
          return fmt::format("{}: [{}] {} names '{}', outside the scenario and data folders",
                             naming.filename().string(), block.name, name, *written);
        }
      }
    }
  }
  return "";
}

}  // namespace

std::vector<std::string> file_stamps(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  out.reserve(paths.size());
  for (const std::string& path : paths) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      out.emplace_back("-");
      continue;
    }
    out.push_back(fmt::format("{}:{}:{}:{}.{}", info.st_dev, info.st_ino, info.st_size,
                              info.st_mtim.tv_sec, info.st_mtim.tv_nsec));
  }
  return out;
}

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
      if (!entry.is_regular_file(ec)) continue;
      // A file that is not a link lies in the folder's real path: only a link needs resolving.
      if (entry.is_symlink(ec) && !inside(dir, path)) continue;
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
    if (!fs::is_regular_file(path, ec)) continue;
    if (fs::is_symlink(fs::symlink_status(path, ec)) && !inside(dir, path)) continue;
    return check({std::string(name), path.string(), origin, "", {}});
  }
  return {};
}

ScenarioEntry ScenarioCatalog::check(ScenarioEntry entry) const {
  const auto key = std::make_pair(entry.path, entry.origin);
  std::optional<Checked> kept;
  {
    std::lock_guard<std::mutex> lock(mutex_);  // copied out: the files are looked at unlocked
    if (auto it = checked_.find(key); it != checked_.end()) kept = it->second;
  }
  if (kept && file_stamps(kept->entry.reads) == kept->stamps) {
    kept->entry.name = std::move(entry.name);
    return std::move(kept->entry);
  }
  // Checked twice the first time: the answer is kept only when no file it read changed between
  // the two, so that it belongs to the stamps kept with it.
  ScenarioEntry first = check_now(entry);
  std::vector<std::string> before = file_stamps(first.reads);
  ScenarioEntry second = check_now(std::move(entry));
  if (second.reads == first.reads && file_stamps(second.reads) == before) {
    std::lock_guard<std::mutex> lock(mutex_);
    checked_[key] = Checked{std::move(before), second};
  }
  return second;
}

ScenarioEntry ScenarioCatalog::check_now(ScenarioEntry entry) const {
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
