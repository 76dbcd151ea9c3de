#include "gpugap/server/listen_socket.h"

#include <netdb.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace gpugap::server {

void listen_socket_options(int sock) {
  int yes = 1;
  setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

int listen_error(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0) return -1;
  int error = -1;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int sock = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (sock < 0) {
      error = errno;
      continue;
    }
    listen_socket_options(sock);
    if (::bind(sock, a->ai_addr, a->ai_addrlen) == 0 && ::listen(sock, 1) == 0) {
      error = 0;
    } else {
      error = errno;
    }
    close(sock);
    if (error == 0) break;
  }
  freeaddrinfo(found);
  return error;
}

}  // namespace gpugap::server
