// Saving an edited scenario back into the user's folder (POST /api/scenarios/NAME with
// {"toml": "…"}): the page of `gpugap serve` computes in the browser and edits there; the server
// writes the file. Only into the folder given with --scenarios, under a valid name
// (valid_scenario_name()), as NAME.toml whose real path stays in the folder; the text must load
// as a scenario (it is parsed first, with the file's name, so its errors are located); the file
// is written atomically (util/atomic_file.h): a reader of the folder sees the old file or the new.
#pragma once

#include <string>
#include <string_view>

namespace gpugap::server {

struct SaveOutcome {
  int status = 200;  // 200 saved; 400 a bad name; 403 no user folder or a path outside it;
                     // 422 the text is not a scenario; 500 the write failed
  std::string message;
  std::string hint;
  std::string path;     // the file written
  std::string printed;  // 422: the scenario's diagnostics, as the CLI prints them
};

SaveOutcome save_scenario(const std::string& user_dir, std::string_view name,
                          const std::string& text);

}  // namespace gpugap::server
