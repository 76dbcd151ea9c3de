#include "gpugap/util/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "gpugap/util/testing.h"

namespace gpugap {
namespace {
namespace fs = std::filesystem;

// Each test gets a fresh, empty folder.
class AtomicFileTest : public testing::TempFolder {
 protected:
  fs::path fresh_dir(const std::string& name) {
    fs::path dir = dir_ / name;
    fs::create_directories(dir);
    return dir;
  }
};

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t entries(const fs::path& dir) {
  return static_cast<size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST_F(AtomicFileTest, CommitReplacesTheTargetAndLeavesNothingElse) {
  fs::path dir = fresh_dir("commit");
  fs::path target = dir / "out.txt";
  std::ofstream(target) << "old";
  {
    AtomicFile file(target.string());
    ASSERT_TRUE(file.is_open()) << file.error();
    file.stream() << "new text";
    EXPECT_EQ(contents(target), "old");  // not visible before the commit
    ASSERT_TRUE(file.commit()) << file.error();
  }
  EXPECT_EQ(contents(target), "new text");
  EXPECT_EQ(entries(dir), 1u);
  auto perms = fs::status(target).permissions();
  EXPECT_NE(perms & fs::perms::others_read, fs::perms::none);
}

TEST_F(AtomicFileTest, WithoutCommitTheTargetIsUntouchedAndTheTemporaryGone) {
  fs::path dir = fresh_dir("abandon");
  fs::path target = dir / "out.txt";
  std::ofstream(target) << "old";
  {
    AtomicFile file(target.string());
    file.stream() << "half of it";
  }
  EXPECT_EQ(contents(target), "old");
  EXPECT_EQ(entries(dir), 1u);
}

TEST_F(AtomicFileTest, MissingFolderIsAnErrorNamingThePath) {
  fs::path target = fresh_dir("missing") / "no" / "such" / "out.txt";
  AtomicFile file(target.string());
  EXPECT_FALSE(file.is_open());
  EXPECT_FALSE(file.commit());
  EXPECT_NE(file.error().find("cannot write '" + target.string() + "'"), std::string::npos)
      << file.error();
  EXPECT_FALSE(fs::exists(target));
}

TEST_F(AtomicFileTest, TwoWritersOfOnePathDoNotShareATemporary) {
  fs::path dir = fresh_dir("two");
  fs::path target = dir / "out.txt";
  AtomicFile first(target.string());
  AtomicFile second(target.string());
  first.stream() << "first";
  second.stream() << "second";
  ASSERT_TRUE(second.commit());
  ASSERT_TRUE(first.commit());
  EXPECT_EQ(contents(target), "first");
  EXPECT_EQ(entries(dir), 1u);
}

unsigned mode_of(const fs::path& path) {
  struct stat st = {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// Sets the umask for the life of the object.
class Umask {
 public:
  explicit Umask(mode_t mask) : old_(::umask(mask)) {}
  ~Umask() { ::umask(old_); }

 private:
  mode_t old_;
};

bool write_whole(const fs::path& path, const std::string& text, std::string* error = nullptr) {
  AtomicFile file(path.string());
  file.stream() << text;
  bool ok = file.commit();
  if (error) *error = file.error();
  return ok;
}

TEST_F(AtomicFileTest, WritesThroughASymbolicLinkAndKeepsIt) {
  fs::path dir = fresh_dir("link");
  fs::path elsewhere = fresh_dir("elsewhere");
  std::ofstream(elsewhere / "real.txt") << "old";
  fs::create_symlink("../elsewhere/real.txt", dir / "link.txt");
  ASSERT_TRUE(write_whole(dir / "link.txt", "new"));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "link.txt")));
  EXPECT_EQ(contents(elsewhere / "real.txt"), "new");
  // The temporary lived in the target's folder, and nothing is left in either.
  EXPECT_EQ(entries(dir), 1u);
  EXPECT_EQ(entries(elsewhere), 1u);
  // A dangling link: the file is made where the link points.
  fs::create_symlink("../elsewhere/made.txt", dir / "dangling.txt");
  ASSERT_TRUE(write_whole(dir / "dangling.txt", "made"));
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir / "dangling.txt")));
  EXPECT_EQ(contents(elsewhere / "made.txt"), "made");
}

TEST_F(AtomicFileTest, WritesIntoADeviceWithoutReplacingIt) {
  ASSERT_TRUE(write_whole("/dev/null", "gone"));
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(AtomicFileTest, WritesIntoAFifoWithoutReplacingIt) {
  fs::path dir = fresh_dir("fifo");
  fs::path fifo = dir / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = contents(fifo); });
  ASSERT_TRUE(write_whole(fifo, "through the pipe"));
  reader.join();
  EXPECT_EQ(received, "through the pipe");
  EXPECT_TRUE(fs::is_fifo(fifo));
  EXPECT_EQ(entries(dir), 1u);
}

TEST_F(AtomicFileTest, AFolderIsAnError) {
  fs::path dir = fresh_dir("folder");
  std::string error;
  EXPECT_FALSE(write_whole(dir, "x", &error));
  EXPECT_EQ(error, "cannot write '" + dir.string() + "': it is a folder");
}

TEST_F(AtomicFileTest, KeepsTheModeOfTheFileItReplaces) {
  fs::path dir = fresh_dir("mode");
  std::ofstream(dir / "private.txt") << "secret";
  fs::permissions(dir / "private.txt", fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream(dir / "script.sh") << "old";
  fs::permissions(dir / "script.sh", static_cast<fs::perms>(0750));
  ASSERT_TRUE(write_whole(dir / "private.txt", "still secret"));
  ASSERT_TRUE(write_whole(dir / "script.sh", "new"));
  EXPECT_EQ(mode_of(dir / "private.txt"), 0600u);
  EXPECT_EQ(mode_of(dir / "script.sh"), 0750u);
}

TEST_F(AtomicFileTest, ANewFileHonoursTheUmask) {
  fs::path dir = fresh_dir("umask");
  {
    Umask mask(027);
    ASSERT_TRUE(write_whole(dir / "a.txt", "x"));
  }
  {
    Umask mask(077);
    ASSERT_TRUE(write_whole(dir / "b.txt", "x"));
  }
  EXPECT_EQ(mode_of(dir / "a.txt"), 0640u);
  EXPECT_EQ(mode_of(dir / "b.txt"), 0600u);
}

TEST_F(AtomicFileTest, NothingHasANameUntilTheCommit) {
  // So that a SIGKILL while writing (a long --keep-samples) leaves nothing behind.
  fs::path dir = fresh_dir("unnamed");
  AtomicFile file((dir / "big.csv").string());
  ASSERT_TRUE(file.is_open()) << file.error();
  file.stream() << std::string(1 << 20, 'x');
  file.stream().flush();
  EXPECT_EQ(entries(dir), 0u);
  ASSERT_TRUE(file.commit());
  EXPECT_EQ(entries(dir), 1u);
}

TEST_F(AtomicFileTest, KilledWhileWritingLeavesNothing) {
  for (int signal : {SIGTERM, SIGINT, SIGKILL}) {
    fs::path dir = fresh_dir("killed" + std::to_string(signal));
    std::ofstream(dir / "out.csv") << "old";
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      AtomicFile file((dir / "out.csv").string());
      file.stream() << std::string(1 << 20, 'x');
      file.stream().flush();
      ::raise(signal);
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal) << status;
    EXPECT_EQ(entries(dir), 1u) << "signal " << signal;
    EXPECT_EQ(contents(dir / "out.csv"), "old");
  }
}

}  // namespace
}  // namespace gpugap
