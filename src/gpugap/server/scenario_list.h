// GET /api/scenarios' answer: every scenario the server offers with its title, publication, and
// the error that stops it loading or compiling. Each scenario's item is kept until one of the
// files it read changes (identity, size or modification time, by stat()), so that a listing
// reads and compiles only what changed. Safe to share between threads (a mutex guards the cache).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "gpugap/scenario/scenario.h"
#include "gpugap/server/api.h"
#include "gpugap/server/scenarios.h"

namespace gpugap::server {

// A scenario's [published] as {by, date, url}.
nlohmann::ordered_json published_json(const Published& published);

// The 422 for a scenario the server will not load (ScenarioEntry::refused).
ApiError refused_error(const ScenarioEntry& entry);

class ScenarioList {
 public:
  explicit ScenarioList(const ScenarioCatalog& catalog) : catalog_(catalog) {}

  // [{name, origin, title, published?, error?}, …], sorted by name.
  nlohmann::ordered_json list() const;

 private:
  struct Cached {
    std::string path, origin;
    std::vector<std::string> reads;   // the files the check read
    std::vector<std::string> stamps;  // theirs, in the same order
    nlohmann::ordered_json item;
  };

  nlohmann::ordered_json item(const ScenarioEntry& entry) const;

  const ScenarioCatalog& catalog_;
  mutable std::mutex mutex_;
  mutable std::map<std::string, Cached> cache_;  // by name
};

}  // namespace gpugap::server
