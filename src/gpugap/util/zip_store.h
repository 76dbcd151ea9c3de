// A ZIP archive of uncompressed ("stored") entries, written to a stream: what NumPy's np.savez
// writes, so that a .npz of named arrays is one .npy per array. The CRC-32 of each entry comes
// from zlib (Debian's zlib1g-dev). No ZIP64: an entry or an archive beyond 4 GiB is refused.
// Not thread-safe: one writer per archive.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gpugap {

class ZipStore {
 public:
  explicit ZipStore(std::ostream& out) : out_(out) {}

  // Appends the entry `name` (a path inside the archive) holding `data`. False, with error()
  // set, when it would pass the 4 GiB of a ZIP without ZIP64.
  bool add(std::string_view name, std::string_view data);
  // Writes the central directory: the archive is complete. Call once, after the last add().
  bool finish();
  const std::string& error() const { return error_; }

 private:
  struct Entry {
    std::string name;
    uint32_t crc = 0;
    uint32_t size = 0;
    uint32_t offset = 0;
  };
  std::ostream& out_;
  std::vector<Entry> entries_;
  uint64_t written_ = 0;
  std::string error_;
};

}  // namespace gpugap
