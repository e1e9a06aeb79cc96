#include "ldap/tcp.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

namespace kcldap::ldap {
namespace {

struct AddrInfoFree {
  void operator()(addrinfo* info) const { freeaddrinfo(info); }
};

std::string numeric_address(const addrinfo* info) {
  char host[NI_MAXHOST] = {};
  if (getnameinfo(info->ai_addr, info->ai_addrlen, host, sizeof host, nullptr, 0, NI_NUMERICHOST) != 0) return "?";
  return host;
}

TcpError classify(int error) {
  switch (error) {
    case ECONNREFUSED: return TcpError::refused;
    case ETIMEDOUT: return TcpError::timed_out;
    case ENETUNREACH:
    case EHOSTUNREACH: return TcpError::unreachable;
    default: return TcpError::other;
  }
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

std::string describe(TcpError error) {
  switch (error) {
    case TcpError::none: return "connected";
    case TcpError::unknown_host: return "unknown host";
    case TcpError::refused: return "connection refused (nothing listens on that port)";
    case TcpError::timed_out: return "timed out (a firewall may drop the packets, or the host is down)";
    case TcpError::unreachable: return "network unreachable";
    case TcpError::other: return "connection failed";
  }
  return "connection failed";
}

TcpProbe tcp_connect(const std::string& host, int port, int timeout_ms) {
  TcpProbe probe;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  const std::string service = std::to_string(port);
  if (int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &raw); rc != 0) {
    probe.resolve_error = gai_strerror(rc);
    return probe;
  }
  std::unique_ptr<addrinfo, AddrInfoFree> results(raw);
  probe.resolved = true;
  for (const addrinfo* info = results.get(); info != nullptr; info = info->ai_next) {
    TcpAttempt attempt;
    attempt.address = numeric_address(info);
    const auto started = std::chrono::steady_clock::now();
    UniqueFd fd(::socket(info->ai_family, info->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, info->ai_protocol));
    int error = 0;
    if (!fd) {
      error = errno;
    } else if (::connect(fd.get(), info->ai_addr, info->ai_addrlen) != 0) {
      error = errno;
      if (error == EINPROGRESS) {
        pollfd waiter{fd.get(), POLLOUT, 0};
        const int ready = ::poll(&waiter, 1, timeout_ms);
        if (ready == 0) {
          error = ETIMEDOUT;
        } else if (ready < 0) {
          error = errno;
        } else {
          socklen_t length = sizeof error;
          ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &length);
        }
      }
    }
    attempt.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (error != 0) {
      attempt.error = classify(error);
      attempt.detail = std::strerror(error);
      probe.attempts.push_back(attempt);
      continue;
    }
    const int flags = ::fcntl(fd.get(), F_GETFL);
    ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
    probe.attempts.push_back(attempt);
    probe.socket = std::move(fd);
    break;
  }
  return probe;
}

}  // namespace kcldap::ldap
