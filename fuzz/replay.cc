// Replays files through a fuzz target without libFuzzer, so that the normal build's tests run the
// checked-in corpora (and every crash once found) through the same entry points.
//   gpugap_fuzz_replay TARGET FILE_OR_FOLDER...
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "targets.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  using Target = int (*)(const uint8_t*, size_t);
  const std::map<std::string, Target> targets = {
      {"scenario", gpugap::fuzz::scenario_text},
      {"formula", gpugap::fuzz::formula},
      {"data", gpugap::fuzz::data_file},
      {"server", gpugap::fuzz::server_request},
  };
  if (argc < 3 || !targets.count(argv[1])) {
    std::fprintf(stderr,
                 "usage: gpugap_fuzz_replay scenario|formula|data|server FILE_OR_FOLDER...\n");
    return 2;
  }
  Target target = targets.at(argv[1]);
  std::vector<fs::path> files;
  for (int i = 2; i < argc; ++i) {
    if (fs::is_directory(argv[i])) {
      for (const auto& entry : fs::recursive_directory_iterator(argv[i])) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
    } else {
      files.push_back(argv[i]);
    }
  }
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "%s\n", file.c_str());
    target(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  }
  std::printf("%zu inputs through %s: no crash\n", files.size(), argv[1]);
  return files.empty() ? 1 : 0;
}
