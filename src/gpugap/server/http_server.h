// The HTTP/1.1 transport of `gpugap serve`, on Boost.Beast and Boost.Asio: every connection is
// read asynchronously under a deadline, so that slow or idle clients hold no thread. The routes
// and handlers keep cpp-httplib's types (httplib::Request, httplib::Response and its handler
// signatures), which are plain data here: cpp-httplib 0.11 itself has no deadline for a whole
// request, no bound on the number of headers, and a listen backlog of 5 (docs/api.md, "Safety").
//
// Per connection: one request at a time; the whole request (request line, headers and body) must
// arrive within `request_timeout` of the previous answer (or of the connection); at most
// `max_header_bytes` of headers and `max_headers` header fields (431 otherwise), at most
// `max_body_bytes` of body (413); at most `max_requests` requests, the last answered with
// `Connection: close`. Beyond `max_connections` open connections, a new one is answered 503 with
// `Retry-After: 1` without its request being read, and closed (at most `max_refusing` at a time;
// beyond those too, it is closed at once).
// Handlers run on a pool of `worker_threads`, never on the threads that read and write.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <system_error>

namespace gpugap::server {

struct HttpLimits {
  size_t max_body_bytes = 1 << 20;
  std::chrono::milliseconds request_timeout{10'000};
  std::chrono::milliseconds write_timeout{30'000};
  size_t max_header_bytes = 16 << 10;
  size_t max_headers = 100;
  unsigned max_requests = 100;
  size_t max_connections = 512;
  size_t max_refusing = 64;
  unsigned worker_threads = 64;
};

class HttpServer {
 public:
  using Handler = httplib::Server::Handler;
  using HandlerWithResponse = httplib::Server::HandlerWithResponse;
  using HandlerResponse = httplib::Server::HandlerResponse;
  using ExceptionHandler =
      std::function<void(const httplib::Request&, httplib::Response&, std::exception_ptr)>;

  explicit HttpServer(HttpLimits limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Routes as cpp-httplib's: `pattern` is a regular expression matched against the whole
  // (decoded) path, its groups in Request::matches. HEAD is answered by the GET route, without
  // the body.
  void Get(const std::string& pattern, Handler handler);
  void Post(const std::string& pattern, Handler handler);
  // Before routing, once the headers have arrived and before the body is read: Handled answers.
  void set_pre_routing_handler(HandlerWithResponse handler);
  // After a route's handler, for every answer.
  void set_post_routing_handler(Handler handler);
  // For an answer with status >= 400 (no route, a limit): may fill the body.
  void set_error_handler(HandlerWithResponse handler);
  void set_exception_handler(ExceptionHandler handler);

  // Binds and listens (SO_REUSEADDR, not SO_REUSEPORT; the system's largest backlog). `port` 0
  // picks a free one. The port, or an error: the address does not resolve, or bind failed.
  int bind(const std::string& host, int port, std::error_code& error);
  // Serves until stop(). Call after bind().
  bool listen();
  // Thread-safe; the connections are closed.
  void stop();

  // Connections open now, for tests.
  size_t connections() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gpugap::server
