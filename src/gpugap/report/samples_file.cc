#include "gpugap/report/samples_file.h"

#include <fmt/format.h>

#include <ostream>
#include <string_view>

#include "gpugap/units/format.h"
#include "gpugap/util/atomic_file.h"
#include "gpugap/util/zip_store.h"

namespace gpugap {

std::vector<std::string> sample_columns(const Model& model, const SampleSet& set) {
  std::vector<std::string> names;
  std::vector<int> years = model.years();
  for (size_t o = 0; o < set.outputs.size(); ++o) {
    const std::string& name = model.def(set.outputs[o]).name;
    if (set.values[o].size() == 1) {
      names.push_back(name);
    } else {
      for (int year : years) names.push_back(fmt::format("{}[{}]", name, year));
    }
  }
  return names;
}

namespace {

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A .npy header for little-endian doubles of `shape` ("1000, 2" or "1000,"): magic, version 1.0,
// header length, and the header padded so that the data start at a multiple of 64 bytes.
std::string npy_header(const std::string& shape) {
  std::string header =
      fmt::format("{{'descr': '<f8', 'fortran_order': False, 'shape': ({}), }}", shape);
  size_t total = 10 + header.size() + 1;
  header += std::string((64 - total % 64) % 64, ' ') + "\n";
  uint16_t length = static_cast<uint16_t>(header.size());
  return std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(length & 0xff) +
         static_cast<char>(length >> 8) + header;
}

void append_doubles(std::string& out, const double* values, size_t n) {
  out.append(reinterpret_cast<const char*>(values), n * sizeof(double));
}

}  // namespace

Status write_samples(const std::string& path, const Model& model, const SampleSet& set) {
  auto failed = [](const std::string& error) { return Status{Diagnostic{{}, error, ""}}; };
  // Columns in the quantities' units, as everywhere else.
  std::vector<std::pair<const SampleColumn*, double>> columns;
  for (size_t o = 0; o < set.outputs.size(); ++o) {
    double scale = model.quantities[set.outputs[o]].unit.scale;
    for (const auto& year : set.values[o]) columns.emplace_back(&year, scale);
  }
  AtomicFile file(path);
  if (!file.is_open()) {
    return failed(file.error());
  }
  {
    std::ostream& out = file.stream();
    if (ends_with(path, ".npz")) {
      // One named array per column, as np.savez writes them: np.load(path)["revenue_gap"].
      ZipStore zip(out);
      std::vector<std::string> names = sample_columns(model, set);
      std::vector<double> column(set.samples);
      for (size_t c = 0; c < columns.size(); ++c) {
        for (uint64_t i = 0; i < set.samples; ++i) {
          column[i] = (*columns[c].first)[i] / columns[c].second;
        }
        std::string npy = npy_header(fmt::format("{},", set.samples));
        append_doubles(npy, column.data(), column.size());
        if (!zip.add(names[c] + ".npy", npy)) {
          return failed(zip.error());
        }
      }
      if (!zip.finish()) {
        return failed(zip.error());
      }
    } else if (ends_with(path, ".npy")) {
      out << npy_header(fmt::format("{}, {}", set.samples, columns.size()));
      std::vector<double> row(columns.size());
      for (uint64_t i = 0; i < set.samples; ++i) {
        for (size_t c = 0; c < columns.size(); ++c)
          row[c] = (*columns[c].first)[i] / columns[c].second;
        out.write(reinterpret_cast<const char*>(row.data()),
                  static_cast<std::streamsize>(row.size() * sizeof(double)));
      }
    } else {
      out << fmt::format("{}\n", fmt::join(sample_columns(model, set), ","));
      for (uint64_t i = 0; i < set.samples; ++i) {
        for (size_t c = 0; c < columns.size(); ++c) {
          out << (c ? "," : "") << fmt::format("{}", (*columns[c].first)[i] / columns[c].second);
        }
        out << "\n";
      }
    }
  }
  if (!file.commit()) {
    return failed(file.error());
  }
  return {};
}

}  // namespace gpugap
