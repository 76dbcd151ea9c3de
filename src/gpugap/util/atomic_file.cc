#include "gpugap/util/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

namespace gpugap {
namespace fs = std::filesystem;

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  fs::path target(path_);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  // A unique name (mkstemp), hidden, in the same folder as the target.
  std::string pattern = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0) {
    fail(std::strerror(errno));
    return;
  }
  ::close(fd);
  temporary_ = name.data();
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
  if (!out_.is_open()) fail(std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (committed_ || temporary_.empty()) return;
  out_.close();
  std::error_code ec;
  fs::remove(temporary_, ec);
}

bool AtomicFile::fail(const std::string& reason) {
  error_ = fmt::format("cannot write '{}': {}", path_, reason);
  return false;
}

bool AtomicFile::commit() {
  if (!out_.is_open()) return error_.empty() ? fail("not open") : false;
  out_.flush();
  const bool written = static_cast<bool>(out_);
  out_.close();
  if (!written || out_.fail()) return fail("the disk may be full");
  // The data reach the disk before the name does, so a crash leaves the old file or the new one.
  int fd = ::open(temporary_.c_str(), O_RDONLY);
  if (fd < 0 || ::fsync(fd) != 0) {
    std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    return fail(reason);
  }
  ::close(fd);
  // mkstemp makes the file private (0600); an output file is for sharing (0644).
  std::error_code ec;
  fs::permissions(temporary_,
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                      fs::perms::others_read,
                  ec);
  fs::rename(temporary_, path_, ec);
  if (ec) return fail(ec.message());
  committed_ = true;
  return true;
}

}  // namespace gpugap
