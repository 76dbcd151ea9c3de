// How the server answers (server.cc): a JSON body that no cache keeps, an error as its JSON body
// (api.h's error_body; a 503 "busy" with Retry-After), and the words for an HTTP status.
#pragma once

#include <string>
#include <string_view>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "gpugap/server/api.h"

namespace gpugap::server {

ApiError api_error(int status, std::string message, std::string hint = "");
// 503: the server is busy; the client may retry in 2 s.
ApiError busy(std::string message, std::string hint);

void send_json(httplib::Response& res, int status, const nlohmann::ordered_json& body);
void send_error(httplib::Response& res, const ApiError& e);

// A POST's body is JSON: "application/json", in any case, with parameters or without.
bool is_json(std::string_view content_type);
// What an HTTP status means, as an error message.
const char* status_text(int status);

}  // namespace gpugap::server
