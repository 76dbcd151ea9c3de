// The interpreter: runs a compiled Program (program/program.h) over one batch of samples in a
// Workspace, its memory of slot_count × batch doubles. Each thread evaluates with its own
// Workspace; the Program is shared and never changes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "gpugap/program/program.h"

namespace gpugap {

// The memory one evaluation works in: slot_count × batch doubles.
class Workspace {
 public:
  Workspace(const Program& program, size_t batch);
  double* slot(uint32_t index) { return slots().slot(index); }
  const double* slot(uint32_t index) const {
    return data_.data() + static_cast<size_t>(index) * batch_;
  }
  Slots slots() { return Slots{data_.data(), batch_}; }

 private:
  size_t batch_;
  std::vector<double> data_;
};

// The uniforms of random leaf `leaf` for samples s.first_sample … + n − 1, into out[0..n): pinned
// (s.fixed), supplied (s.columns), from s.source, or from the leaf's Philox stream — the one place
// a leaf's uniforms are made.
void leaf_uniforms(const Program& program, size_t leaf, const Sampling& sampling, size_t n,
                   double* out);

// Runs every instruction over the first `count` samples of the workspace (count ≤ its batch).
void evaluate(const Program& program, Workspace& workspace, size_t count,
              const Sampling& sampling = {});

// Why a distribution gave no number for `sample` of an evaluated workspace: its parameters, known
// only when sampled, are out of range ("a negative standard deviation"). Empty when they are fine
// or `in` draws no distribution.
std::string invalid_parameters(const Instruction& in, const Workspace& workspace, size_t sample);

}  // namespace gpugap
