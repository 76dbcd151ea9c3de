#include "gpugap/server/host_check.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>

#include "gpugap/util/text.h"

namespace gpugap::server {
namespace {

// The four numbers of a literal IPv4 address ("127.0.0.1"), or nothing.
std::optional<std::array<int, 4>> ipv4(std::string_view text) {
  std::array<int, 4> parts{};
  for (size_t i = 0; i < 4; ++i) {
    size_t dot = i < 3 ? text.find('.') : text.size();
    if (dot == std::string_view::npos || dot == 0 || dot > 3) return std::nullopt;
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + dot, value);
    if (ec != std::errc() || end != text.data() + dot || value > 255) return std::nullopt;
    parts[i] = value;
    text.remove_prefix(i < 3 ? dot + 1 : dot);
  }
  return parts;
}

// A literal IPv6 address as written between brackets: hexadecimal digits, ':' and '.'.
bool ipv6(std::string_view text) {
  return text.find(':') != std::string_view::npos &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
         });
}

// A Host header split into its host and port: "localhost:8080" → "localhost", "[::1]:8080" →
// "::1". Nothing for a header that is not a host with an optional port of digits, or whose
// brackets hold anything but an IPv6 address.
std::optional<std::string> host_of(std::string_view header) {
  std::string_view host = header, port;
  if (!header.empty() && header.front() == '[') {
    size_t close = header.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = header.substr(1, close - 1);
    port = header.substr(close + 1);
    if (!ipv6(host)) return std::nullopt;
  } else if (size_t colon = header.find(':'); colon != std::string_view::npos) {
    host = header.substr(0, colon);
    port = header.substr(colon);
  }
  if (!port.empty()) {
    if (port.size() < 2 || port.size() > 6 || port.front() != ':') return std::nullopt;
    for (char c : port.substr(1)) {
      if (c < '0' || c > '9') return std::nullopt;
    }
  }
  if (host.empty()) return std::nullopt;
  return lower_case(host);
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  auto address = ipv4(host);
  return address && (*address)[0] == 127;
}

bool host_header_allowed(std::string_view header, std::string_view bound) {
  auto host = host_of(header);
  if (!host) return false;
  if (is_loopback_host(*host)) return true;
  std::string bound_host = lower_case(bound);
  if (bound_host.size() > 2 && bound_host.front() == '[' && bound_host.back() == ']') {
    bound_host = bound_host.substr(1, bound_host.size() - 2);
  }
  if (bound_host == "0.0.0.0" || bound_host == "::") return ipv4(*host) || ipv6(*host);
  return *host == bound_host;
}

}  // namespace gpugap::server
