#include "gpugap/server/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace gpugap::server {
namespace {

// A server with one route (GET /ok answers "fine") on a free port, listening on a thread.
class Serving {
 public:
  explicit Serving(HttpLimits limits) : http_(limits) {
    http_.Get("/ok", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("fine", "text/plain");
    });
    std::error_code error;
    port_ = http_.bind("127.0.0.1", 0, error);
    if (port_ > 0) listening_ = std::thread([this] { http_.listen(); });
  }
  ~Serving() {
    http_.stop();
    if (listening_.joinable()) listening_.join();
  }
  int port() const { return port_; }

 private:
  HttpServer http_;
  int port_ = -1;
  std::thread listening_;
};

// A raw connection; reads wait at most 20 s (a failing test, not a hanging one).
class Connection {
 public:
  explicit Connection(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    timeval wait{20, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  }
  ~Connection() { close(fd_); }
  bool connected() const { return connected_; }
  bool send(const std::string& text) const {
    return ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
  }
  // Everything until the server closes; `closed` says whether it did (rather than time out).
  std::string read_all(bool* closed = nullptr) const {
    std::string text;
    char buffer[4096];
    for (;;) {
      ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n > 0) {
        text.append(buffer, static_cast<size_t>(n));
        continue;
      }
      if (closed != nullptr) *closed = n == 0 || errno == ECONNRESET;
      return text;
    }
  }

 private:
  int fd_;
  bool connected_ = false;
};

int status_of(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

size_t count(const std::string& text, const std::string& part) {
  size_t n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

const std::string kGood = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

// Many more slow clients than handler threads (slowloris: a byte of a request now and then) hold
// no thread: a good request is answered while they dribble.
TEST(HttpServer, SlowClientsDoNotKeepOthersOut) {
  HttpLimits limits;
  limits.worker_threads = 2;
  Serving server(limits);
  ASSERT_GT(server.port(), 0);
  std::vector<std::unique_ptr<Connection>> slow;
  for (int i = 0; i < 100; ++i) {
    slow.push_back(std::make_unique<Connection>(server.port()));
    ASSERT_TRUE(slow.back()->connected());
    ASSERT_TRUE(slow.back()->send("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
  }
  std::atomic<bool> done{false};
  std::thread drip([&] {
    while (!done) {
      for (auto& c : slow) (void)c->send("a");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  Connection good(server.port());
  ASSERT_TRUE(good.send(kGood));
  std::string answer = good.read_all();
  done = true;
  drip.join();
  EXPECT_EQ(status_of(answer), 200) << answer;
  EXPECT_NE(answer.find("fine"), std::string::npos);
}

// A connection beyond the limit is told so (503, Retry-After) rather than dropped, without its
// request being read; once a connection closes, a new one is served again.
TEST(HttpServer, AConnectionBeyondTheLimitIsAnswered503) {
  HttpLimits limits;
  limits.max_connections = 2;
  Serving server(limits);
  ASSERT_GT(server.port(), 0);
  auto first = std::make_unique<Connection>(server.port());
  Connection second(server.port());
  ASSERT_TRUE(first->send("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  ASSERT_TRUE(second.send("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  // Both are open (accepted and counted) before the third arrives.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Connection third(server.port());
  ASSERT_TRUE(third.connected());
  (void)third.send(kGood);
  bool closed = false;
  std::string answer = third.read_all(&closed);
  EXPECT_EQ(status_of(answer), 503) << answer;
  EXPECT_NE(answer.find("Retry-After: 1"), std::string::npos) << answer;
  EXPECT_TRUE(closed);
  first.reset();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Connection fourth(server.port());
  ASSERT_TRUE(fourth.send(kGood));
  std::string again = fourth.read_all();
  EXPECT_EQ(status_of(again), 200) << again;
}

// A request that never completes is closed at the whole-request deadline, however steadily its
// bytes arrive.
TEST(HttpServer, ARequestThatNeverCompletesIsClosed) {
  HttpLimits limits;
  limits.request_timeout = std::chrono::milliseconds(300);
  Serving server(limits);
  ASSERT_GT(server.port(), 0);
  Connection slow(server.port());
  ASSERT_TRUE(slow.send("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  std::atomic<bool> done{false};
  std::thread drip([&] {
    while (!done && slow.send("X: a\r\n"))
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  });
  bool closed = false;
  std::string answer = slow.read_all(&closed);
  done = true;
  drip.join();
  EXPECT_TRUE(closed) << "the server should close it, not wait";
  EXPECT_EQ(answer, "") << "no request arrived: nothing to answer";
}

TEST(HttpServer, TooManyOrTooLargeHeadersAreRefused) {
  Serving server(HttpLimits{});
  ASSERT_GT(server.port(), 0);
  std::string many = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 200; ++i) many += "X-" + std::to_string(i) + ": a\r\n";
  Connection a(server.port());
  ASSERT_TRUE(a.send(many + "\r\n"));
  EXPECT_EQ(status_of(a.read_all()), 431);
  Connection b(server.port());
  ASSERT_TRUE(b.send("GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Long: " + std::string(20000, 'a') +
                     "\r\n\r\n"));
  EXPECT_EQ(status_of(b.read_all()), 431);
  // A hundred is fine.
  std::string hundred = "GET /ok HTTP/1.1\r\nConnection: close\r\n";
  for (int i = 0; i < 99; ++i) hundred += "X-" + std::to_string(i) + ": a\r\n";
  Connection c(server.port());
  ASSERT_TRUE(c.send(hundred + "\r\n"));
  EXPECT_EQ(status_of(c.read_all()), 200);
}

TEST(HttpServer, AConnectionCarriesABoundedNumberOfRequests) {
  HttpLimits limits;
  limits.max_requests = 3;
  Serving server(limits);
  ASSERT_GT(server.port(), 0);
  Connection c(server.port());
  const std::string request = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_TRUE(c.send(request + request + request + request));
  bool closed = false;
  std::string answers = c.read_all(&closed);
  EXPECT_TRUE(closed);
  EXPECT_EQ(count(answers, "HTTP/1.1 200"), 3u) << answers;
  EXPECT_EQ(count(answers, "Connection: close"), 1u) << "the third says so";
}

TEST(HttpServer, ABodyOverTheCapIsRefusedBeforeItIsRead) {
  HttpLimits limits;
  limits.max_body_bytes = 100;
  Serving server(limits);
  ASSERT_GT(server.port(), 0);
  Connection c(server.port());
  ASSERT_TRUE(c.send("POST /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n"));
  EXPECT_EQ(status_of(c.read_all()), 413);
  Connection d(server.port());
  ASSERT_TRUE(d.send("GARBAGE\r\n\r\n"));
  EXPECT_EQ(status_of(d.read_all()), 400);
  Connection e(server.port());
  ASSERT_TRUE(e.send(kGood));
  EXPECT_EQ(status_of(e.read_all()), 200) << "and it goes on serving";
}

}  // namespace
}  // namespace gpugap::server
