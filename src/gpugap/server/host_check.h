// Which Host headers `gpugap serve` answers (the defence against DNS rebinding): a web page
// elsewhere can make a browser send requests to the server, but only under a name its DNS
// controls, never as a loopback or literal address. Pure functions, safe from any thread.
#pragma once

#include <string_view>

namespace gpugap::server {

// True for "localhost", "::1" and the literal IPv4 addresses 127.0.0.0/8 ("127.0.0.1", never a
// name such as "127.evil.com").
bool is_loopback_host(std::string_view host);

// Whether a request's Host header ("localhost:8080", "[::1]:8080") may reach a server bound to
// `bound` (its --host): a loopback host, the bound address itself, and, bound to every interface
// ("0.0.0.0", "::"), any IP address, which no DNS answer can stand for. Brackets hold an IPv6
// address and nothing else ("[127.0.0.1]" is refused). An empty or missing header is refused.
bool host_header_allowed(std::string_view header, std::string_view bound);

}  // namespace gpugap::server
