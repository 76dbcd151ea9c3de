// Runs a piece of work with a time limit, for a server whose engine cannot be interrupted: the
// work runs on a thread of its own, and a caller that has waited long enough gets nothing back and
// moves on while the abandoned work finishes in the background. StrayWork counts such leftovers,
// so that the server can refuse new work rather than pile them up. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace gpugap::server {

class StrayWork {
 public:
  explicit StrayWork(int max) : max_(max) {}
  bool full() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_ >= max_;
  }
  int count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return count_;
  }
  // Called by run_within(): +1 when a caller gives up on its work, -1 when that work ends.
  void add(int n) {
    std::lock_guard<std::mutex> lock(mutex_);
    count_ += n;
  }

 private:
  mutable std::mutex mutex_;
  int count_ = 0;
  int max_;
};

// The work's result, or nothing when it did not finish within `limit`.
template <class T>
std::optional<T> run_within(std::chrono::milliseconds limit, std::function<T()> work,
                            const std::shared_ptr<StrayWork>& strays) {
  struct Shared {
    std::mutex mutex;
    std::condition_variable done;
    std::optional<T> result;
    bool abandoned = false;
  };
  auto shared = std::make_shared<Shared>();
  std::thread([shared, strays, work = std::move(work)] {
    T result = work();
    std::lock_guard<std::mutex> lock(shared->mutex);
    if (shared->abandoned) {
      strays->add(-1);
      return;
    }
    shared->result.emplace(std::move(result));
    shared->done.notify_all();
  }).detach();
  std::unique_lock<std::mutex> lock(shared->mutex);
  if (shared->done.wait_for(lock, limit, [&] { return shared->result.has_value(); })) {
    return std::move(shared->result);
  }
  shared->abandoned = true;
  strays->add(1);
  return std::nullopt;
}

}  // namespace gpugap::server
