// The GPU catalogue that a [fleet] table names (data/gpus.csv, docs/fleet-model.md): its rows
// checked (one row per GPU, years and numbers that read as such, a source for every figure),
// and a cell as the text of a quantity located in the CSV, so that errors point at
// file:line:col. Read by blocks/fleet_config.cc, which opens the file.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gpugap/scenario/scenario.h"
#include "gpugap/util/csv.h"
#include "gpugap/util/diagnostics.h"

namespace gpugap {

class GpuCatalogue {
 public:
  // Parses `text`, the contents of `source`, and checks every row, whether the fleet lists it or
  // not; errors are appended to `errors`. Nothing when the CSV does not parse.
  static std::optional<GpuCatalogue> parse(std::shared_ptr<const SourceText> source,
                                           std::string_view text, std::vector<Diagnostic>& errors);

  const std::string& path() const { return text_->path; }
  // The row of the GPU `name`, or null.
  const CsvRow* row(const std::string& name) const;
  const std::string& get(const CsvRow& row, const std::string& column) const {
    return table_.get(row, column);
  }
  // A cell of the catalogue as the text of a quantity (with `suffix` appended), located in the
  // CSV.
  QuantityDef quantity(const std::string& name, const CsvRow& row, const std::string& column,
                       const std::string& suffix, const std::string& unit) const;

 private:
  GpuCatalogue(std::shared_ptr<const SourceText> text, CsvTable table)
      : text_(std::move(text)), table_(std::move(table)) {}
  void check(std::vector<Diagnostic>& errors) const;
  SourceLocation cell_location(const CsvRow& row, const std::string& column, size_t length) const;

  std::shared_ptr<const SourceText> text_;
  CsvTable table_;
};

// A year written as a whole number (not "twenty", not "2023.7").
std::optional<int> parse_year(const std::string& text);

// What a scenario's [fleet] work = "…" may say: "compute" (the default: throughput in dense
// TFLOPS of `precision`) or "memory_bandwidth" (memory-bound inference: HBM bandwidth in TB/s).
extern const char* const kWorkChoices[2];

// The catalogue column that measures a GPU's throughput on work of `precision` ("bf16", "fp8",
// "fp4"): its own precision's, or, for a GPU without that format, the next wider one it has;
// for `work` "memory_bandwidth", the HBM bandwidth column, whatever the precision.
// `row` is null for a GPU not in the catalogue (or without one).
std::string gpu_throughput_column(const GpuCatalogue* catalogue, const CsvRow* row,
                                  const std::string& precision, const std::string& work);
// The note of a throughput read from `column` for work of `precision`.
std::string gpu_throughput_note(const std::string& column, const std::string& precision);
// The catalogue column that holds the source of `column`'s figures.
std::string gpu_throughput_source_column(const std::string& column);

}  // namespace gpugap
