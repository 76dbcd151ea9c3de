// gpugap data: the bundled datasets (data/*.csv) — their columns, rows, date range and how many
// rows rest on a primary, secondary, weak or estimated source — and `gpugap data show NAME`,
// one dataset as an aligned table.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "gpugap/cli/commands.h"
#include "gpugap/cli/common.h"
#include "gpugap/report/text_table.h"

namespace gpugap::cli {
namespace {

namespace fs = std::filesystem;

// A CSV file read whole: the header's columns and each row's fields, by the file's rules
// (util/csv.h): commas, double-quoted fields with "" for a quote, no line break inside a field,
// blank lines skipped.
struct Dataset {
  std::string name;  // the file's stem: "deals"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// The fields of one line; `closed` is false when a quoted field runs past the line's end.
std::vector<std::string> split_csv_line(const std::string& line, bool& closed) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  closed = !quoted;
  return fields;
}

Result<Dataset> read_dataset(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Diagnostic{{}, fmt::format("cannot open the data file '{}'", path.string()), ""};
  }
  Dataset data;
  data.name = path.stem().string();
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    bool closed = true;
    auto fields = split_csv_line(line, closed);
    if (!closed) {
      return Diagnostic{{SourceText::from_string(path.string(), ""), number, 1, 1},
                        "malformed CSV: a quoted field is not closed on its line (a field cannot "
                        "hold a line break)",
                        "close the quote on the same line"};
    }
    if (data.columns.empty()) {
      data.columns = std::move(fields);
      continue;
    }
    if (fields.size() != data.columns.size()) {
      return Diagnostic{{SourceText::from_string(path.string(), ""), number, 1, 1},
                        fmt::format("malformed CSV: {} fields where the header has {} columns",
                                    fields.size(), data.columns.size()),
                        "a field with a comma needs double quotes: \"a, b\""};
    }
    data.rows.push_back(std::move(fields));
  }
  return data;
}

// The folder of bundled data files: beside the bundled scenarios, as the blocks find them.
fs::path data_dir() { return (fs::path(scenarios_dir()) / ".." / "data").lexically_normal(); }

std::vector<fs::path> dataset_paths() {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(data_dir(), ec)) {
    if (entry.path().extension() == ".csv") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// The column a dataset's facts are dated by, first match in this order (a fact's own date before
// its source's): "" when none.
std::string date_column(const Dataset& data) {
  for (const char* name : {"as_of", "period_end", "quarter_end", "fiscal_year_end",
                           "effective_date", "start_year", "first_volume_year", "source_date"}) {
    if (std::find(data.columns.begin(), data.columns.end(), name) != data.columns.end()) {
      return name;
    }
  }
  return "";
}

size_t column_index(const Dataset& data, const std::string& name) {
  return static_cast<size_t>(std::find(data.columns.begin(), data.columns.end(), name) -
                             data.columns.begin());
}

// "2023-12..2026-05": the earliest and latest non-empty value (ISO dates and years sort as text).
std::string date_range(const Dataset& data, const std::string& column) {
  if (column.empty()) return "-";
  const size_t at = column_index(data, column);
  std::string low, high;
  for (const auto& row : data.rows) {
    const std::string& v = row[at];
    if (v.empty()) continue;
    if (low.empty() || v < low) low = v;
    if (high.empty() || v > high) high = v;
  }
  if (low.empty()) return "-";
  return low == high ? low : low + ".." + high;
}

const std::vector<std::string> kSourceKinds = {"primary", "secondary", "weak", "estimate"};

// Rows of cells, aligned (report/text_table); `right[k]` right-aligns column k.
std::string aligned(const std::vector<std::vector<std::string>>& rows,
                    const std::vector<bool>& right) {
  TextTable table;
  table.indent = "";
  for (bool r : right) table.align.push_back(r ? Align::kRight : Align::kLeft);
  table.rows = rows;
  return table.render();
}

int list_datasets() {
  std::vector<std::vector<std::string>> table{
      {"dataset", "rows", "dates", "primary", "secondary", "weak", "estimate", "columns"}};
  int exit_code = kExitOk;
  for (const auto& path : dataset_paths()) {
    auto data = read_dataset(path);
    if (!data) {
      exit_code = report(data.diagnostics());
      continue;
    }
    std::vector<std::string> row{data->name, std::to_string(data->rows.size())};
    const std::string dated = date_column(*data);
    row.push_back(dated.empty() ? "-" : date_range(*data, dated) + " (" + dated + ")");
    const bool has_kind = column_index(*data, "source_kind") < data->columns.size();
    for (const auto& kind : kSourceKinds) {
      if (!has_kind) {
        row.push_back("-");
        continue;
      }
      const size_t at = column_index(*data, "source_kind");
      row.push_back(std::to_string(std::count_if(data->rows.begin(), data->rows.end(),
                                                 [&](const auto& r) { return r[at] == kind; })));
    }
    row.push_back(fmt::format("{}", fmt::join(data->columns, ", ")));
    table.push_back(std::move(row));
  }
  std::cout << aligned(table, {false, true, false, true, true, true, true, false});
  std::cout << "\nsource_kind: primary = the company's release or filing, secondary = a major or "
               "trade outlet,\nweak = an aggregator or a copy, estimate = ours "
               "(data/README-actuals.md); '-' = no such column.\n'gpugap data show NAME' "
               "prints one dataset.\n";
  return exit_code;
}

// A cell cut to `width` characters, with "…" when cut.
std::string cut(const std::string& text, size_t width) {
  size_t shown = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (shown == width - 1) {
      size_t rest = 0;
      for (size_t j = i; j < text.size(); ++j) {
        rest += (static_cast<unsigned char>(text[j]) & 0xC0) != 0x80;
      }
      if (rest > 1) return text.substr(0, i) + "…";
    }
    ++shown;
  }
  return text;
}

int show_dataset(const std::string& name_or_path, size_t width) {
  fs::path path = name_or_path;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) path = data_dir() / (name_or_path + ".csv");
  if (!fs::is_regular_file(path, ec)) {
    std::vector<std::string> names;
    for (const auto& p : dataset_paths()) names.push_back(p.stem().string());
    return report({Diagnostic{{},
                              fmt::format("no dataset '{}' (and no such file)", name_or_path),
                              fmt::format("the bundled datasets: {}", fmt::join(names, ", "))}});
  }
  auto data = read_dataset(path);
  if (!data) return report(data.diagnostics());
  std::vector<std::vector<std::string>> table{data->columns};
  for (const auto& row : data->rows) {
    std::vector<std::string> cells;
    for (const auto& field : row) cells.push_back(width ? cut(field, width) : field);
    table.push_back(std::move(cells));
  }
  std::cout << aligned(table, {});
  std::cout << fmt::format(
      "\n{} rows of {}{}\n", data->rows.size(), path.string(),
      width ? fmt::format("; cells cut to {} characters (--width 0: whole)", width) : "");
  return kExitOk;
}

}  // namespace

void add_data(CLI::App& app, int& exit_code) {
  struct Options {
    std::string name;
    size_t width = 40;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "data", "List the bundled datasets (data/*.csv): rows, dates, how well sourced, columns");
  CLI::App* show = cmd->add_subcommand("show", "Print one dataset as a table");
  show->add_option("NAME", options->name, "a bundled dataset ('deals') or a CSV file")->required();
  show->add_option("--width", options->width, "cut each cell to this many characters (0: never)")
      ->capture_default_str();
  show->callback(
      [options, &exit_code] { exit_code = show_dataset(options->name, options->width); });
  cmd->callback([cmd, &exit_code] {
    if (cmd->get_subcommands().empty()) exit_code = list_datasets();
  });
}

}  // namespace gpugap::cli
