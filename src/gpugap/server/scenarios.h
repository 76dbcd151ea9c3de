// The scenarios `gpugap serve` offers: the .toml files of the user's folder (--scenarios DIR) and
// of the bundled folder, known to clients by name only ("sequoia-2024"); a user's file shadows a
// bundled one of the same name. A name resolves inside those folders and nowhere else: anything
// but letters, digits, '-', '_' and inner '.' is refused, and so is a file whose real path
// (symbolic links followed) leaves its folder, and so is a file whose `extends` (or its parent's)
// names a file outside both folders, or whose blocks read a data file ([fleet] catalogue,
// [financing] deals, companies) outside both folders and the bundled data/ folder. Safe to share
// between threads: it only reads files, and the cache of its checks is locked.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gpugap::server {

struct ScenarioEntry {
  std::string name;
  std::string path;
  std::string origin;  // "user" or "bundled"
  // Why the server will not load it, when it will not: an `extends` or a data file out of the
  // folders.
  std::string refused;
  // The files the check above read: the scenario, the files it extends and the data files they
  // name (whether they exist or not). The server's list is cached until one of them changes.
  std::vector<std::string> reads;
};

// Each file's identity, size and modification time, "-" for one that is not there: when none of
// these changed, neither did the file (what the server's caches are keyed on).
std::vector<std::string> file_stamps(const std::vector<std::string>& paths);

// Letters, digits, '-', '_', and '.' neither first nor doubled; at most 100 characters.
bool valid_scenario_name(std::string_view name);

class ScenarioCatalog {
 public:
  // `user_dir` may be empty (only the bundled scenarios then).
  ScenarioCatalog(std::string user_dir, std::string bundled_dir);

  // Every scenario, sorted by name.
  std::vector<ScenarioEntry> list() const;

  // Every scenario's name, path and origin, sorted by name, without reading the files (so
  // without `refused` and `reads`): check() fills those in.
  std::vector<ScenarioEntry> unread() const;
  // Fills in `refused` and `reads`. The answer is kept until one of the files it read changes
  // (file_stamps), so that a request for an unchanged scenario does not parse it twice.
  ScenarioEntry check(ScenarioEntry unread) const;

  // The scenario called `name`, or an empty path when there is none (or the name is not valid).
  // `refused` says when it exists but may not be loaded.
  ScenarioEntry find(std::string_view name) const;

  // Names close to `name`, for "did you mean".
  std::string closest(std::string_view name) const;

 private:
  // name → (path, origin) of every scenario file, without reading them.
  std::map<std::string, std::pair<std::string, std::string>> files() const;

  ScenarioEntry check_now(ScenarioEntry unread) const;

  std::vector<std::pair<std::string, std::string>> dirs_;  // (folder, origin), searched in order
  struct Checked {
    std::vector<std::string> stamps;  // of `entry.reads`, taken before they were read
    ScenarioEntry entry;
  };
  mutable std::mutex mutex_;
  mutable std::map<std::pair<std::string, std::string>, Checked> checked_;  // (path, origin) →
};

}  // namespace gpugap::server
