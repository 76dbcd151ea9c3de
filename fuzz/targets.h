// gpugap's fuzz targets: each takes one input of bytes and runs it through a part of gpugap as a
// user's file or request would reach it, and aborts when a property fails (a crash is a failure
// by itself). libFuzzer drives them in a clang build (`make fuzz`, fuzz/libfuzzer_main.cc); the
// normal build replays the checked-in corpora through them (fuzz/replay.cc, ctest fuzz.*).
// See docs/fuzzing.md.
#pragma once

#include <cstddef>
#include <cstdint>

namespace gpugap::fuzz {

// Scenario text: load, compile, the point run and, when an input is uncertain, a 64-sample Monte
// Carlo run and its summaries.
int scenario_text(const uint8_t* data, size_t size);

// A formula: when it parses, its printed text (to_text) parses back to the same tree, and
// prints the same again.
int formula(const uint8_t* data, size_t size);

// A data file through a real scenario: the first byte picks the file (0 data/deals.csv and
// 1 data/companies.csv in circular-2025, 2 data/gpus.csv in fleet-2020-2035), the rest is its
// text.
int data_file(const uint8_t* data, size_t size);

// A JSON request body as the server reads it: parsed, checked as POST /api/run's and
// /api/sensitivity's fields, and, when it names a bundled scenario, evaluated with its `set`s
// (at most 64 samples).
int server_request(const uint8_t* data, size_t size);

}  // namespace gpugap::fuzz
