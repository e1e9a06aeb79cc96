// Name resolution and TCP connect with a timeout, reporting every address tried, so the probe can tell
// "unknown host" from "refused" from "filtered (timed out)".
#pragma once
#include <string>
#include <vector>

namespace kcldap::ldap {

// An owned socket descriptor, closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

enum class TcpError { none, unknown_host, refused, timed_out, unreachable, other };

struct TcpAttempt {
  std::string address;  // numeric address tried
  TcpError error = TcpError::none;
  std::string detail;   // strerror text on failure
  double millis = 0;
};

struct TcpProbe {
  bool resolved = false;
  std::string resolve_error;
  std::vector<TcpAttempt> attempts;
  UniqueFd socket;  // open when one attempt succeeded
  bool connected() const { return static_cast<bool>(socket); }
};

TcpProbe tcp_connect(const std::string& host, int port, int timeout_ms);

std::string describe(TcpError error);

}  // namespace kcldap::ldap
