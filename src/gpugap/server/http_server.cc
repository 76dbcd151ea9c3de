#include "gpugap/server/http_server.h"

// Boost 1.74's Asio uses std::exchange without including <utility> (an error with g++ 12).
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on

#include <atomic>
#include <iterator>
#include <optional>
#include <regex>
#include <thread>
#include <utility>
#include <vector>

namespace gpugap::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Route {
  std::regex pattern;
  HttpServer::Handler handler;
};

// How long a connection that is closed with a request body still on its way keeps reading (and
// dropping) it, so that the client reads the answer before the close resets the connection.
constexpr std::chrono::seconds kLinger{2};

// The client went away, reset the connection or was too slow: there is no one to answer.
bool gone(const beast::error_code& ec) {
  return ec && (ec == http::error::end_of_stream || ec == beast::error::timeout ||
                ec.category() == asio::error::get_system_category() ||
                ec.category() == asio::error::get_misc_category());
}

// Closes a connection after dropping what the client still sends for a while (a body the server
// refused, or one HTTP/1.1 says is not there: a POST without a length): closing at once would
// reset the connection before the client read the answer. `owner` keeps the stream and the
// scratch buffer alive until then.
void linger_and_close(beast::tcp_stream& stream, asio::mutable_buffer scratch,
                      std::shared_ptr<void> owner, bool first = true) {
  if (first) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream.expires_after(kLinger);
  }
  stream.async_read_some(scratch, [&stream, scratch, owner](beast::error_code ec, size_t) {
    if (!ec) linger_and_close(stream, scratch, owner, false);
  });
}

}  // namespace

// Destroyed in reverse order: the workers are joined first, then the io_context destroys the
// sessions its pending operations hold, which count themselves out of `open`.
struct HttpServer::Impl {
  explicit Impl(HttpLimits l) : limits(l), workers(l.worker_threads) {}

  HttpLimits limits;
  std::vector<Route> gets, posts;
  HandlerWithResponse pre_routing, error_handler;
  Handler post_routing;
  ExceptionHandler exception_handler;
  std::atomic<size_t> open{0};
  // Connections beyond `max_connections` that are being told so (503), at most `max_refusing`.
  std::atomic<size_t> refusing{0};
  asio::io_context io;
  tcp::acceptor acceptor{io};
  asio::thread_pool workers;

  void accept();
  // Routes a request whose body has arrived, on a worker thread.
  void handle(httplib::Request& req, httplib::Response& res) const;
  // The answer to a request the transport refuses (431, 413, 400).
  void refuse(const httplib::Request& req, httplib::Response& res, int status) const {
    res.status = status;
    if (error_handler) (void)error_handler(req, res);
    if (post_routing) post_routing(req, res);
  }
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl* server)
      : stream_(std::move(socket)), server_(server) {
    ++server_->open;
  }
  ~Session() { --server_->open; }

  void start() { read_header(); }

 private:
  const HttpLimits& limits() const { return server_->limits; }

  void read_header() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(limits().max_header_bytes));
    parser_->body_limit(limits().max_body_bytes);
    // The whole request, from here to its last byte, has this long.
    stream_.expires_after(limits().request_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, size_t) {
    if (ec == http::error::header_limit) return refuse(431);
    // Beast checks a Content-Length against the body's limit with the headers.
    if (ec == http::error::body_limit) return refuse(413);
    if (gone(ec)) return;  // closed, reset or too slow: nothing to answer
    if (ec) return refuse(400);
    const auto& head = parser_->get();
    version_ = head.version();
    if (static_cast<size_t>(std::distance(head.begin(), head.end())) > limits().max_headers) {
      return refuse(431);
    }
    req_ = httplib::Request{};
    req_.method = std::string(head.method_string());
    req_.version = version_ == 10 ? "HTTP/1.0" : "HTTP/1.1";
    req_.target = std::string(head.target());
    size_t query = req_.target.find('?');
    req_.path = httplib::detail::decode_url(req_.target.substr(0, query), false);
    if (query != std::string::npos) {
      httplib::detail::parse_query_text(req_.target.substr(query + 1), req_.params);
    }
    for (const auto& field : head) {
      req_.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    }
    const bool body_pending = !parser_->is_done();
    if (server_->pre_routing) {
      httplib::Response res;
      if (server_->pre_routing(req_, res) == HttpServer::HandlerResponse::Handled) {
        if (server_->post_routing) server_->post_routing(req_, res);
        return write(std::move(res), body_pending);
      }
    }
    auto length = parser_->content_length();
    if (length && *length > limits().max_body_bytes) return refuse(413);
    if (!body_pending) return on_body({}, 0);
    if (req_.get_header_value("Expect") == "100-continue") {
      auto go_on =
          std::make_shared<http::response<http::empty_body>>(http::status::continue_, version_);
      return http::async_write(stream_, *go_on,
                               [self = shared_from_this(), go_on](beast::error_code e, size_t) {
                                 if (e) return;
                                 self->read_body();
                               });
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, size_t) {
    if (ec == http::error::body_limit) return refuse(413);
    if (gone(ec) || ec == http::error::partial_message) return;
    if (ec) return refuse(400);
    req_.body = std::move(parser_->get().body());
    keep_alive_ = parser_->get().keep_alive();
    // The handler's time is the server's own time limit, not the transport's.
    stream_.expires_never();
    asio::post(server_->workers, [self = shared_from_this(), req = std::move(req_)]() mutable {
      httplib::Response res;
      self->server_->handle(req, res);
      const bool head = req.method == "HEAD";
      asio::post(self->stream_.get_executor(), [self, res = std::move(res), head]() mutable {
        self->head_ = head;
        self->write(std::move(res), false);
      });
    });
  }

  // An answer from the transport itself; the connection is closed after it.
  void refuse(int status) {
    httplib::Response res;
    server_->refuse(req_, res, status);
    keep_alive_ = false;
    write(std::move(res), true);
  }

  void write(httplib::Response res, bool body_unread) {
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);  // as cpp-httplib answered, HTTP/1.0 requests too (closed after)
    out->result(static_cast<unsigned>(res.status > 0 ? res.status : 200));
    bool close = body_unread || !keep_alive_ || ++served_ >= limits().max_requests;
    for (const auto& [name, value] : res.headers) {
      if (beast::iequals(name, "Connection")) {
        close = close || beast::iequals(value, "close");
        continue;
      }
      if (beast::iequals(name, "Content-Length")) continue;
      out->insert(name, value);
    }
    if (head_) {
      out->content_length(res.body.size());
    } else {
      out->body() = std::move(res.body);
      out->prepare_payload();
    }
    out->keep_alive(!close);
    head_ = false;
    keep_alive_ = true;
    stream_.expires_after(limits().write_timeout);
    http::async_write(stream_, *out,
                      [self = shared_from_this(), out, close](beast::error_code ec, size_t) {
                        if (ec) return;
                        if (!close) return self->read_header();
                        self->finish();
                      });
  }

  void finish() { linger_and_close(stream_, asio::buffer(scratch_), shared_from_this()); }

  beast::tcp_stream stream_;
  HttpServer::Impl* server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  httplib::Request req_;
  unsigned version_ = 11;
  unsigned served_ = 0;
  bool keep_alive_ = true;
  bool head_ = false;
  char scratch_[4096];
};

// A connection beyond `max_connections`: answered 503 with Retry-After at once, without reading
// its request, then closed after a short linger (so the client reads the answer rather than a
// reset). It holds no session and no worker; at most `max_refusing` are answered at a time, and
// beyond that a connection is closed at once.
class Overloaded : public std::enable_shared_from_this<Overloaded> {
 public:
  Overloaded(tcp::socket socket, HttpServer::Impl* server)
      : stream_(std::move(socket)), server_(server) {
    ++server_->refusing;
  }
  ~Overloaded() { --server_->refusing; }

  void start() {
    httplib::Response res;
    server_->refuse(httplib::Request{}, res, 503);
    answer_.version(11);
    answer_.result(http::status::service_unavailable);
    for (const auto& [name, value] : res.headers) {
      if (!beast::iequals(name, "Connection") && !beast::iequals(name, "Content-Length")) {
        answer_.insert(name, value);
      }
    }
    answer_.set(http::field::retry_after, "1");
    answer_.body() = std::move(res.body);
    answer_.prepare_payload();
    answer_.keep_alive(false);
    stream_.expires_after(kLinger);
    http::async_write(stream_, answer_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return;
      linger_and_close(self->stream_, asio::buffer(self->scratch_), self);
    });
  }

 private:
  beast::tcp_stream stream_;
  HttpServer::Impl* server_;
  http::response<http::string_body> answer_;
  char scratch_[1024];
};

}  // namespace

void HttpServer::Impl::accept() {
  acceptor.async_accept(
      asio::make_strand(io), [self = this](beast::error_code ec, tcp::socket socket) {
        if (!self->acceptor.is_open()) return;
        if (!ec) {
          if (self->open.load() < self->limits.max_connections) {
            std::make_shared<Session>(std::move(socket), self)->start();
          } else if (self->refusing.load() < self->limits.max_refusing) {
            std::make_shared<Overloaded>(std::move(socket), self)->start();
          } else {
            beast::error_code ignored;
            socket.close(ignored);
          }
          return self->accept();
        }
        // Out of file descriptors, say: try again in a moment rather than spin.
        auto timer = std::make_shared<asio::steady_timer>(self->io, std::chrono::milliseconds(50));
        timer->async_wait([self, timer](beast::error_code) { self->accept(); });
      });
}

void HttpServer::Impl::handle(httplib::Request& req, httplib::Response& res) const {
  res.status = -1;
  try {
    const std::vector<Route>* table = nullptr;
    if (req.method == "GET" || req.method == "HEAD") table = &gets;
    if (req.method == "POST") table = &posts;
    bool routed = false;
    if (table != nullptr) {
      for (const Route& route : *table) {
        if (std::regex_match(req.path, req.matches, route.pattern)) {
          route.handler(req, res);
          routed = true;
          break;
        }
      }
    }
    if (!routed) res.status = 404;
  } catch (...) {
    res.status = 500;
    if (exception_handler) exception_handler(req, res, std::current_exception());
  }
  if (res.status == -1) res.status = 200;
  if (res.status >= 400 && error_handler) (void)error_handler(req, res);
  if (post_routing) post_routing(req, res);
}

HttpServer::HttpServer(HttpLimits limits) : impl_(std::make_unique<Impl>(limits)) {}

HttpServer::~HttpServer() {
  stop();
  // Every handler still running finishes (its answer is dropped with its connection).
  impl_->workers.join();
}

void HttpServer::Get(const std::string& pattern, Handler handler) {
  impl_->gets.push_back({std::regex(pattern), std::move(handler)});
}

void HttpServer::Post(const std::string& pattern, Handler handler) {
  impl_->posts.push_back({std::regex(pattern), std::move(handler)});
}

void HttpServer::set_pre_routing_handler(HandlerWithResponse handler) {
  impl_->pre_routing = std::move(handler);
}

void HttpServer::set_post_routing_handler(Handler handler) {
  impl_->post_routing = std::move(handler);
}

void HttpServer::set_error_handler(HandlerWithResponse handler) {
  impl_->error_handler = std::move(handler);
}

void HttpServer::set_exception_handler(ExceptionHandler handler) {
  impl_->exception_handler = std::move(handler);
}

int HttpServer::bind(const std::string& host, int port, std::error_code& error) {
  beast::error_code ec;
  tcp::resolver resolver(impl_->io);
  auto found = resolver.resolve(host, std::to_string(port), tcp::resolver::passive, ec);
  if (ec) {
    error = ec;
    return -1;
  }
  for (const auto& entry : found) {
    tcp::acceptor& a = impl_->acceptor;
    beast::error_code ignored;
    a.close(ignored);
    a.open(entry.endpoint().protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(entry.endpoint(), ec);
    if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec) return a.local_endpoint().port();
  }
  error = ec;
  return -1;
}

bool HttpServer::listen() {
  if (!impl_->acceptor.is_open()) return false;
  impl_->accept();
  // Reading and writing only: two threads are plenty (the handlers run on the workers).
  std::thread second([impl = impl_.get()] { impl->io.run(); });
  impl_->io.run();
  second.join();
  return true;
}

void HttpServer::stop() {
  asio::post(impl_->io, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
  });
  impl_->io.stop();
}

size_t HttpServer::connections() const { return impl_->open.load(); }

}  // namespace gpugap::server
