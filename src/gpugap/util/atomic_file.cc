#include "gpugap/util/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <vector>

namespace gpugap {
namespace fs = std::filesystem;
namespace {

// Named temporaries to remove when SIGINT or SIGTERM ends the process. Process-wide by nature (a
// signal handler has no other way to find them): fixed slots of plain memory, so that the handler
// does nothing but read them and call unlink(), which is async-signal-safe.
constexpr int kSlots = 64;
constexpr size_t kPathMax = 4096;
struct Slot {
  std::atomic<bool> claimed{false};
  std::atomic<bool> ready{false};
  char path[kPathMax];
};
// constinit: zero-initialised at load, with no start-up loop over 64 × 4 KiB of slots.
constinit Slot g_temporaries[kSlots] = {};

void remove_temporaries_and_die(int signal) {
  for (Slot& slot : g_temporaries) {
    if (slot.ready.load()) ::unlink(slot.path);
  }
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

// Our handler goes only where nobody else has put one (`gpugap serve` or a host program may).
void install_cleanup_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (int signal : {SIGINT, SIGTERM}) {
      struct sigaction old = {};
      if (::sigaction(signal, nullptr, &old) != 0) continue;
      if ((old.sa_flags & SA_SIGINFO) != 0 || old.sa_handler != SIG_DFL) continue;
      struct sigaction action = {};
      action.sa_handler = remove_temporaries_and_die;
      sigemptyset(&action.sa_mask);
      ::sigaction(signal, &action, nullptr);
    }
  });
}

// The slot now holding `path`, or -1 (too long, or all slots taken: then it is removed on a
// failure but not on a signal).
int remember(const std::string& path) {
  install_cleanup_handlers();
  if (path.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    bool expected = false;
    if (!g_temporaries[i].claimed.compare_exchange_strong(expected, true)) continue;
    std::memcpy(g_temporaries[i].path, path.c_str(), path.size() + 1);
    g_temporaries[i].ready.store(true);
    return i;
  }
  return -1;
}

void forget(const std::string& path) {
  for (Slot& slot : g_temporaries) {
    if (slot.ready.load() && path == slot.path) {
      slot.ready.store(false);
      slot.claimed.store(false);
      return;
    }
  }
}

mode_t current_umask() {
  // /proc tells without changing it; umask() can only be read by setting it.
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Umask:", 0) == 0)
      return static_cast<mode_t>(std::stoul(line.substr(6), nullptr, 8));
  }
  mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}

// A name for a temporary beside `file` that no one else picks: hidden, with the process and a
// counter in it.
std::string hidden_name(const fs::path& folder, const fs::path& file) {
  static std::atomic<unsigned> counter{0};
  auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  return (folder / fmt::format(".{}.tmp-{}-{}-{:x}", file.filename().string(), ::getpid(),
                               counter++, static_cast<unsigned long long>(now) & 0xffffff))
      .string();
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  // Where the text goes: through symbolic links to the file they name, into a device or FIFO
  // as it is, and otherwise a new file in the target's folder.
  struct stat st = {};
  target_ = path_;
  if (::stat(path_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      fail("it is a folder");
      return;
    }
    if (!S_ISREG(st.st_mode)) {
      direct_ = true;
      fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
      if (fd_ < 0) {
        fail(std::strerror(errno));
        return;
      }
    } else {
      std::error_code ec;
      fs::path real = fs::canonical(path_, ec);
      if (!ec) target_ = real.string();
      replaces_ = true;
      old_mode_ = st.st_mode & 07777;
      old_owner_ = st.st_uid;
      old_group_ = st.st_gid;
    }
  } else if (errno == ENOENT) {
    // A new file; through a dangling link, where the link points.
    for (int hops = 0; hops < 40; ++hops) {
      std::error_code ec;
      if (!fs::is_symlink(fs::symlink_status(target_, ec))) break;
      fs::path link = fs::read_symlink(target_, ec);
      if (ec) break;
      target_ =
          link.is_absolute() ? link.string() : (fs::path(target_).parent_path() / link).string();
    }
  } else {
    fail(std::strerror(errno));
    return;
  }
  if (!direct_) {
    fs::path target(target_);
    std::string folder = target.parent_path().empty() ? "." : target.parent_path().string();
    if (!open_temporary(folder)) return;
  }
  buffer_ = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd_, std::ios::out | std::ios::binary);
  out_.rdbuf(buffer_.get());
}

bool AtomicFile::open_temporary(const std::string& folder) {
#ifdef O_TMPFILE
  fd_ = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd_ >= 0) {
    unnamed_ = true;
    return true;
  }
  // Not every file system can; anything else is the folder's own trouble.
  if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) return fail(std::strerror(errno));
#endif
  std::string pattern =
      (fs::path(folder) / ("." + fs::path(target_).filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd_ < 0) return fail(std::strerror(errno));
  temporary_ = name.data();
  remember(temporary_);
  return true;
}

AtomicFile::~AtomicFile() {
  out_.rdbuf(nullptr);
  buffer_.reset();  // closes the file: an unnamed temporary is gone with it
  if (!committed_ && !temporary_.empty()) {
    ::unlink(temporary_.c_str());
    forget(temporary_);
  }
}

bool AtomicFile::fail(const std::string& reason) {
  error_ = fmt::format("cannot write '{}': {}", path_, reason);
  return false;
}

bool AtomicFile::set_mode() {
  // The old file's permissions and owner (chown only works for root, or to one's own groups:
  // best effort), else what a new file gets under the umask.
  if (replaces_) {
    if (old_owner_ != ::geteuid() || old_group_ != ::getegid()) {
      (void)::fchown(fd_, old_owner_, old_group_);
    }
    return ::fchmod(fd_, old_mode_) == 0;
  }
  if (unnamed_) return true;  // created with 0666 under the umask
  return ::fchmod(fd_, 0666 & ~current_umask()) == 0;
}

bool AtomicFile::commit() {
  if (!buffer_) return error_.empty() ? fail("not open") : false;
  out_.flush();
  if (!out_.good()) return fail("the disk may be full");
  if (direct_) {
    out_.rdbuf(nullptr);
    buffer_.reset();
    committed_ = true;
    return true;
  }
  // The data reach the disk before the name does, so a crash leaves the old file or the new one.
  if (::fsync(fd_) != 0) return fail(std::strerror(errno));
  if (!set_mode()) return fail(std::strerror(errno));
  fs::path target(target_);
  fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (unnamed_) {
    // linkat() cannot replace a file: link a hidden name, then rename it over the target.
    std::string proc = fmt::format("/proc/self/fd/{}", fd_);
    for (int attempt = 0; attempt < 100 && temporary_.empty(); ++attempt) {
      std::string name = hidden_name(folder, target);
      remember(name);
      if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0) {
        temporary_ = name;
      } else {
        int error = errno;
        forget(name);
        if (error != EEXIST) return fail(std::strerror(error));
      }
    }
    if (temporary_.empty()) return fail("no free temporary name");
  }
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) return fail(std::strerror(errno));
  forget(temporary_);
  committed_ = true;
  out_.rdbuf(nullptr);
  buffer_.reset();
  return true;
}

}  // namespace gpugap
