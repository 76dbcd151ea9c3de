// A file that is written in full or not at all: the text goes to a temporary file in the target's
// folder (so that the final rename is atomic) and replaces the target only on commit(). Used for
// every file gpugap writes (-o, --keep-samples), so an error or a kill never leaves half a file.
// Not thread-safe: one writer per object.
#pragma once

#include <fstream>
#include <string>

namespace gpugap {

class AtomicFile {
 public:
  // Creates the temporary file; is_open() tells whether that worked, error() why not.
  explicit AtomicFile(std::string path);
  // Removes the temporary file unless commit() succeeded.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool is_open() const { return out_.is_open(); }
  std::ostream& stream() { return out_; }

  // Flushes and syncs the temporary file and renames it over the target. On failure returns
  // false with error() set, and the target is as it was.
  bool commit();
  // "cannot write 'PATH': reason".
  const std::string& error() const { return error_; }

 private:
  bool fail(const std::string& reason);

  std::string path_;
  std::string temporary_;
  std::ofstream out_;
  std::string error_;
  bool committed_ = false;
};

}  // namespace gpugap
