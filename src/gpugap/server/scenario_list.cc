#include "gpugap/server/scenario_list.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "gpugap/scenario/scenario.h"
#include "gpugap/server/evaluation.h"

namespace gpugap::server {
namespace {

using ordered_json = nlohmann::ordered_json;

}  // namespace

ordered_json published_json(const Published& p) {
  return {{"by", p.by}, {"date", p.date}, {"url", p.url}};
}

ApiError refused_error(const ScenarioEntry& entry) {
  ApiError e;
  e.status = 422;
  e.message = entry.refused;
  e.hint =
      "gpugap serve reads files only from its --scenarios folder, the bundled scenarios and "
      "their data/ folder: copy the file there";
  e.file = std::filesystem::path(entry.path).filename().string();
  return e;
}

ordered_json ScenarioList::item(const ScenarioEntry& entry) const {
  ordered_json item = {{"name", entry.name}, {"origin", entry.origin}, {"title", ""}};
  if (!entry.refused.empty()) {
    item["error"] = error_body(refused_error(entry));
    return item;
  }
  auto scenario = load_scenario(entry.path);
  if (!scenario) {
    item["error"] = error_body(diagnostics_error(422, scenario.diagnostics()));
    return item;
  }
  item["title"] = scenario->title;
  item["published"] = published_json(scenario->published);
  // A file that loads may still not compile: a formula or unit error.
  if (Status checked = check_scenario(entry.path); !checked) {
    item["error"] = error_body(diagnostics_error(422, checked.diagnostics()));
  }
  return item;
}

ordered_json ScenarioList::list() const {
  ordered_json list = ordered_json::array();
  for (const ScenarioEntry& unread : catalog_.unread()) {
    std::optional<Cached> cached;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = cache_.find(unread.name);
      if (it != cache_.end() && it->second.path == unread.path &&
          it->second.origin == unread.origin) {
        cached = it->second;
      }
    }
    // When none of the files the last check read has changed, neither has the answer.
    if (cached && file_stamps(cached->reads) == cached->stamps) {
      list.push_back(std::move(cached->item));
      continue;
    }
    ScenarioEntry entry = catalog_.check(unread);
    std::vector<std::string> before = file_stamps(entry.reads);
    ordered_json computed = item(entry);
    // A file that changed while it was read is read again next time.
    if (file_stamps(entry.reads) == before) {
      std::lock_guard<std::mutex> lock(mutex_);
      cache_[entry.name] =
          Cached{entry.path, entry.origin, entry.reads, std::move(before), computed};
    }
    list.push_back(std::move(computed));
  }
  return list;
}

}  // namespace gpugap::server
