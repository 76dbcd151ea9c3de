// Raw Monte Carlo samples to a file: CSV (a header of column names, one row per sample), NumPy's
// .npy (a float64 matrix, samples × columns, columns in the CSV header's order, names not kept)
// or NumPy's .npz (one named float64 array per column, as np.savez writes: an uncompressed ZIP).
// Values are in each quantity's unit. Debian packages no C++ .npy writer, and the format is a
// short text header before the raw little-endian doubles.
#pragma once

#include <string>

#include "gpugap/compile/model.h"
#include "gpugap/engine/monte_carlo.h"

namespace gpugap {

// The column names: "name" for scalars, "name[2030]" for a year of a series.
std::vector<std::string> sample_columns(const Model& model, const SampleSet& set);

// Writes to `path` (".npz" → named arrays, ".npy" → one matrix, else CSV) through a temporary file
// and a rename; when it cannot, a diagnostic without a place says why.
Status write_samples(const std::string& path, const Model& model, const SampleSet& set);

}  // namespace gpugap
