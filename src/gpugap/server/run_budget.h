// How many Monte Carlo samples the server's large runs hold at once. Monte Carlo keeps every
// sample of every output in memory (10^7 samples of a scenario with twenty outputs is 1.6 GB), so
// a run of more than `free_samples` samples takes its samples from a budget for as long as it
// runs, past its time limit too, until its thread ends; a run that does not fit while others hold
// the budget is refused. A run alone may take more than the budget (the request's own cap,
// Limits::max_samples, bounds it). Smaller runs, the sliders' everyday work, are not counted.
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

namespace gpugap::server {

class RunBudget : public std::enable_shared_from_this<RunBudget> {
 public:
  RunBudget(uint64_t samples_in_flight, uint64_t free_samples)
      : budget_(samples_in_flight), free_(free_samples) {}

  // A token that gives the samples back when its last copy is destroyed, or nullptr when the run
  // does not fit now. Keep it with the work, not with the request that gave up waiting.
  std::shared_ptr<void> take(uint64_t samples) {
    if (samples <= free_) return std::make_shared<int>(0);
    std::lock_guard<std::mutex> lock(mutex_);
    if (in_flight_ > 0 && in_flight_ + samples > budget_) return nullptr;
    in_flight_ += samples;
    auto self = shared_from_this();
    return std::shared_ptr<void>(new char(0), [self, samples](void* token) {
      delete static_cast<char*>(token);
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->in_flight_ -= samples;
    });
  }

  uint64_t in_flight() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return in_flight_;
  }

 private:
  mutable std::mutex mutex_;
  uint64_t in_flight_ = 0;
  uint64_t budget_;
  uint64_t free_;
};

}  // namespace gpugap::server
