// A file that is written in full or not at all: the text goes to a temporary file in the target's
// folder (so that the final rename is atomic) and replaces the target only on commit(). Used for
// every file gpugap writes (-o, --keep-samples, report -o), so an error or a kill never leaves
// half a file, nor a temporary one.
//
// What the name points at decides how it is written:
// - a regular file, or no file: replaced by rename. Through a symbolic link, the file the link
//   points at is replaced (the temporary lives in its folder) and the link stays. The new file
//   keeps the old one's permissions (and owner, where allowed), or else honours the umask.
// - a device, FIFO or socket (-o /dev/null, -o >(…)): written directly, as a shell's '>' would.
// On Linux the temporary has no name until commit() (O_TMPFILE), so even SIGKILL leaves nothing;
// elsewhere, or where the file system cannot, it is a hidden named file removed on SIGINT and
// SIGTERM as well as on failure.
// Not thread-safe: one writer per object.
#pragma once

#include <ext/stdio_filebuf.h>

#include <memory>
#include <ostream>
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

  bool is_open() const { return buffer_ != nullptr; }
  std::ostream& stream() { return out_; }

  // Flushes and syncs the temporary file and renames it over the target. On failure returns
  // false with error() set, and the target is as it was.
  bool commit();
  // "cannot write 'PATH': reason".
  const std::string& error() const { return error_; }

 private:
  bool fail(const std::string& reason);
  bool open_temporary(const std::string& folder);
  bool set_mode();

  std::string path_;        // as given
  std::string target_;      // the file replaced: path_ with its symbolic links followed
  bool direct_ = false;     // a device or FIFO: written in place
  bool replaces_ = false;   // a regular file exists at target_
  unsigned old_mode_ = 0;   // its permission bits
  unsigned old_owner_ = 0;  // its owner and group
  unsigned old_group_ = 0;
  int fd_ = -1;            // the temporary file, held open until commit()
  bool unnamed_ = false;   // made with O_TMPFILE: no name until commit()
  std::string temporary_;  // the named temporary, or the name given at commit()
  std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> buffer_;  // writes to fd_ and closes it
  std::ostream out_{nullptr};
  std::string error_;
  bool committed_ = false;
};

}  // namespace gpugap
