#include "gpugap/blocks/fleet_catalogue.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>

#include "gpugap/util/text.h"

namespace gpugap {
namespace {

void fail_at(std::vector<Diagnostic>& errors, SourceLocation where, std::string message,
             std::string hint) {
  errors.push_back({std::move(where), std::move(message), std::move(hint)});
}

// The index of a column in a CSV header line (read_csv reorders to the names it is given).
size_t csv_field_index(const std::string& header, const std::string& column) {
  size_t index = 0, start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    if (trim(std::string_view(header).substr(start, end - start)) == column) return index;
    ++index;
    start = end + 1;
  }
  return 0;
}

// Which column of a CSV line a field starts in (1-based), quotes understood.
int csv_column(const std::string& line, size_t field) {
  size_t index = 0;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (index == field) return static_cast<int>(i) + 1;
    if (line[i] == '"') quoted = !quoted;
    if (line[i] == ',' && !quoted) ++index;
  }
  return index == field ? static_cast<int>(line.size()) + 1 : 1;
}

}  // namespace

std::optional<int> parse_year(const std::string& text) {
  int year = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return year;
}

namespace {

bool parse_plain_number(const std::string& text) {
  double value = 0;
#if defined(__EMSCRIPTEN__)
  // Emscripten's libc++ has no std::from_chars for double: strtod, on the text from_chars
  // would take (decimal digits, a point, an exponent; a sign only first or after the 'e').
  if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string::npos ||
      text[0] == '+') {
    return false;
  }
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(value);
#else
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
#endif
}

}  // namespace

std::optional<GpuCatalogue> GpuCatalogue::parse(std::shared_ptr<const SourceText> source,
                                                std::string_view text,
                                                std::vector<Diagnostic>& errors) {
  // FP4 throughput and HBM bandwidth, each with its own source, are optional: a catalogue may
  // stop at FP8, and only work = "memory_bandwidth" reads the bandwidth.
  const std::string_view header = text.substr(0, text.find('\n'));
  const bool fp4 = header.find("fp4_dense_tflops") != std::string_view::npos;
  const bool hbm = header.find("hbm_bandwidth_tbps") != std::string_view::npos;
  auto parse = [&](auto... optional) {
    return parse_csv(source->path, text, "name", "first_volume_year", "price_usd", "price_kind",
                     "bf16_dense_tflops", "fp8_dense_tflops", "board_power_w", "price_source",
                     "spec_source", optional...);
  };
  auto table = fp4 && hbm
                   ? parse("fp4_dense_tflops", "fp4_source", "hbm_bandwidth_tbps", "hbm_source")
               : fp4 ? parse("fp4_dense_tflops", "fp4_source")
               : hbm ? parse("hbm_bandwidth_tbps", "hbm_source")
                     : parse();
  if (!table) {
    for (auto d : table.diagnostics()) {
      if (d.where.line > 0) d.where.source = source;
      errors.push_back(std::move(d));
    }
    return std::nullopt;
  }
  GpuCatalogue catalogue(std::move(source), std::move(*table));
  catalogue.check(errors);
  return catalogue;
}

// Where a cell of the catalogue starts, `length` characters long.
SourceLocation GpuCatalogue::cell_location(const CsvRow& row, const std::string& column,
                                           size_t length) const {
  const auto& lines = text_->lines;
  const std::string& header = lines.front();
  const std::string& line =
      row.line >= 1 && row.line <= static_cast<int>(lines.size()) ? lines[row.line - 1] : header;
  return {text_, row.line, csv_column(line, csv_field_index(header, column)),
          static_cast<int>(std::max<size_t>(length, 1))};
}

// Every row of the catalogue, whether the fleet lists it or not: one row per GPU, years and
// numbers that read as such, and a source for every figure.
void GpuCatalogue::check(std::vector<Diagnostic>& errors) const {
  std::map<std::string, int> first_line;
  for (const CsvRow& row : table_.rows) {
    auto cell = [&](const char* column) { return std::string(trim(table_.get(row, column))); };
    const std::string name = cell("name");
    if (name.empty()) {
      fail_at(errors, cell_location(row, "name", 1), "a row of the GPU catalogue has no name",
              "the first column names the GPU, as generations = [...] lists it");
      continue;
    }
    if (auto [it, added] = first_line.emplace(name, row.line); !added) {
      fail_at(errors, cell_location(row, "name", name.size()),
              fmt::format("'{}' is in the GPU catalogue twice (lines {} and {})", name, it->second,
                          row.line),
              "keep one row per GPU");
    }
    const std::string year = cell("first_volume_year");
    if (!year.empty() && !parse_year(year)) {
      fail_at(errors, cell_location(row, "first_volume_year", year.size()),
              fmt::format("first_volume_year of {} is '{}', not a year", name, year),
              "write the year of first volume shipments as a whole number, such as 2023");
    }
    for (const char* column : {"price_usd", "bf16_dense_tflops", "fp8_dense_tflops",
                               "fp4_dense_tflops", "hbm_bandwidth_tbps", "board_power_w"}) {
      const std::string text = cell(column);
      if (!text.empty() && !parse_plain_number(text)) {
        fail_at(errors, cell_location(row, column, text.size()),
                fmt::format("{} of {} is '{}', not a number", column, name, text),
                "write a plain number, such as 989.4: no unit, no thousands separator");
      }
    }
    // A figure without its source: say which, and how to give it in the scenario instead.
    auto needs_source = [&](const char* column, const char* source, const char* what,
                            const char* key) {
      if (cell(column).empty() || !cell(source).empty()) return false;
      fail_at(
          errors, cell_location(row, source, 1),
          fmt::format("the {} of {} ({} = {}) has no {}", what, name, column, cell(column), source),
          fmt::format("every figure needs its source (URL and date): fill {}, or leave "
                      "the figure out and give it in the scenario: [fleet.gpu.{}] {} = "
                      "{{ value = \"…\", source = \"…\" }}",
                      source, name, key));
      return true;
    };
    needs_source("price_usd", "price_source", "price", "price");
    needs_source("board_power_w", "spec_source", "power", "power") ||
        needs_source("bf16_dense_tflops", "spec_source", "throughput", "performance") ||
        needs_source("fp8_dense_tflops", "spec_source", "throughput", "performance") ||
        needs_source("fp4_dense_tflops", "fp4_source", "throughput", "performance");
    needs_source("hbm_bandwidth_tbps", "hbm_source", "memory bandwidth", "performance");
  }
}

const CsvRow* GpuCatalogue::row(const std::string& name) const {
  for (const auto& row : table_.rows) {
    if (table_.get(row, "name") == name) return &row;
  }
  return nullptr;
}

// A cell of the catalogue as the text of a quantity, located in the CSV.
QuantityDef GpuCatalogue::quantity(const std::string& name, const CsvRow& row,
                                   const std::string& column, const std::string& suffix,
                                   const std::string& unit) const {
  QuantityDef q;
  q.name = name;
  q.text = table_.get(row, column) + suffix;
  q.unit = unit;
  const std::string& header = text_->lines.front();
  const std::string& line =
      row.line <= static_cast<int>(text_->lines.size()) ? text_->lines[row.line - 1] : header;
  const int column_number = csv_column(line, csv_field_index(header, column));
  q.origin = TextOrigin{text_, row.line, column_number};
  q.name_location = {text_, row.line, column_number,
                     static_cast<int>(std::max<size_t>(q.text.size() - suffix.size(), 1))};
  q.defined_in = text_->path;
  return q;
}

const char* const kWorkChoices[] = {"compute", "memory_bandwidth"};

// The catalogue column that measures a GPU's throughput on work of `precision`: its own
// precision's, or, for a GPU without that format, the next wider one it has, the rate at which
// it runs that work (an H100 has no FP4: FP4 weights run at its FP8 rate; an A100 has no FP8).
// Memory-bound work is measured by HBM bandwidth, whatever the precision.
// `row` is null for a GPU not in the catalogue (or without one).
std::string gpu_throughput_column(const GpuCatalogue* catalogue, const CsvRow* row,
                                  const std::string& precision, const std::string& work) {
  if (work == "memory_bandwidth") return "hbm_bandwidth_tbps";
  static const char* kWidening[] = {"fp4", "fp8", "bf16"};
  bool reached = false;
  for (const char* p : kWidening) {
    reached = reached || precision == p;
    const std::string column = std::string(p) + "_dense_tflops";
    if (reached && row && !catalogue->get(*row, column).empty()) return column;
  }
  return precision + "_dense_tflops";
}
std::string gpu_throughput_note(const std::string& column, const std::string& precision) {
  if (column == "hbm_bandwidth_tbps") {
    return "HBM bandwidth, TB/s: memory-bound work (LLM decode), whose tokens/s scale with it";
  }
  auto upper = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
  };
  const std::string used = upper(column.substr(0, column.find('_')));
  if (used == upper(precision)) return fmt::format("dense {} TFLOPS", used);
  return fmt::format("dense {} TFLOPS: no {} format, so {} work runs at its {} rate", used,
                     upper(precision), upper(precision), used);
}
std::string gpu_throughput_source_column(const std::string& column) {
  if (column == "fp4_dense_tflops") return "fp4_source";
  if (column == "hbm_bandwidth_tbps") return "hbm_source";
  return "spec_source";
}

}  // namespace gpugap
