#include "gpugap/server/responses.h"

#include "gpugap/util/text.h"

namespace gpugap::server {

using ordered_json = nlohmann::ordered_json;

ApiError api_error(int status, std::string message, std::string hint) {
  ApiError e;
  e.status = status;
  e.message = std::move(message);
  e.hint = std::move(hint);
  return e;
}

void send_json(httplib::Response& res, int status, const ordered_json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, ordered_json::error_handler_t::replace),
                  "application/json");
}

void send_error(httplib::Response& res, const ApiError& e) {
  if (e.retry_after > 0) res.set_header("Retry-After", std::to_string(e.retry_after));
  send_json(res, e.status, error_body(e));
}

ApiError busy(std::string message, std::string hint) {
  ApiError e = api_error(503, std::move(message), std::move(hint));
  e.retry_after = 2;
  return e;
}

bool is_json(std::string_view content_type) {
  std::string_view media = trim(content_type.substr(0, content_type.find(';')));
  return lower_case(media) == "application/json";
}

const char* status_text(int status) {
  switch (status) {
    case 400:
      return "bad request";
    case 403:
      return "forbidden";
    case 404:
      return "not found";
    case 405:
      return "method not allowed";
    case 411:
      return "the request body must have a Content-Length";
    case 408:
      return "the request took too long to arrive";
    case 413:
      return "the request body is too large";
    case 414:
      return "the request address is too long";
    case 415:
      return "unsupported media type";
    case 416:
      return "range not satisfiable";
    case 431:
      return "the request headers are too large";
    case 501:
      return "not implemented";
    default:
      return status >= 500 ? "internal error" : "bad request";
  }
}

}  // namespace gpugap::server
