#include "gpugap/report/samples_file.h"

#include <fmt/format.h>

#include <ostream>

#include "gpugap/units/format.h"
#include "gpugap/util/atomic_file.h"

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

bool write_samples(const std::string& path, const Model& model, const SampleSet& set,
                   std::string& error) {
  // Columns in the quantities' units, as everywhere else.
  std::vector<std::pair<const std::vector<double>*, double>> columns;
  for (size_t o = 0; o < set.outputs.size(); ++o) {
    double scale = model.quantities[set.outputs[o]].unit.scale;
    for (const auto& year : set.values[o]) columns.emplace_back(&year, scale);
  }
  AtomicFile file(path);
  if (!file.is_open()) {
    error = file.error();
    return false;
  }
  {
    std::ostream& out = file.stream();
    bool npy = path.size() >= 4 && path.substr(path.size() - 4) == ".npy";
    if (npy) {
      std::string header =
          fmt::format("{{'descr': '<f8', 'fortran_order': False, 'shape': ({}, {}), }}",
                      set.samples, columns.size());
      // Magic, version 1.0, header length; the header is padded so the data start at a
      // multiple of 64 bytes and ends with a newline.
      size_t total = 10 + header.size() + 1;
      header += std::string((64 - total % 64) % 64, ' ') + "\n";
      out.write("\x93NUMPY\x01\x00", 8);
      uint16_t length = static_cast<uint16_t>(header.size());
      char bytes[2] = {static_cast<char>(length & 0xff), static_cast<char>(length >> 8)};
      out.write(bytes, 2);
      out << header;
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
    error = file.error();
    return false;
  }
  return true;
}

}  // namespace gpugap
