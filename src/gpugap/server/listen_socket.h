// The listening socket of `gpugap serve`: its options, and why it could not bind. A port belongs
// to one server at a time: SO_REUSEADDR (restart at once after a stop), never SO_REUSEPORT, with
// which a second server on the same port starts too and the kernel splits requests between them.
#pragma once

#include <string>

namespace gpugap::server {

// Sets the listening socket's options (cpp-httplib's set_socket_options).
void listen_socket_options(int sock);

// Why a socket set up as above cannot listen on host:port: an errno (EADDRINUSE when another
// program listens there, EACCES for a privileged port…), 0 if it can, or -1 if host does not
// resolve. Binds a socket of its own, then closes it.
int listen_error(const std::string& host, int port);

}  // namespace gpugap::server
