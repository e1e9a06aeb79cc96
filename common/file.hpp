// Reading a whole file into a string (config, secrets, backups). read_regular_file refuses what is not
// a regular file (a directory, a FIFO that would block, /dev/zero that never ends) and files over a size
// bound, with the reason in words; read_file is the unchecked form for files kcldap wrote itself.
#pragma once
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include "common/expected.hpp"

namespace kcldap {

inline std::optional<std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream content;
  content << file.rdbuf();
  return content.str();
}

// The file's content, or why it cannot be taken: "does not exist", "is a directory", "is larger than ...".
inline Expected<std::string, std::string> read_regular_file(const std::string& path, std::size_t max_bytes) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; a regular file ignores the flag.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return unexpected(std::string("does not exist"));
    if (errno == EACCES) return unexpected(std::string("cannot be read by this user (permission denied)"));
    return unexpected("cannot be opened: " + std::string(std::strerror(errno)));
  }
  struct stat info {};
  std::string problem;
  if (::fstat(fd, &info) != 0) {
    problem = "cannot be examined: " + std::string(std::strerror(errno));
  } else if (S_ISDIR(info.st_mode)) {
    problem = "is a directory, not a file";
  } else if (!S_ISREG(info.st_mode)) {
    problem = "is not a regular file (a FIFO, device or socket); give a file";
  } else if (static_cast<std::size_t>(info.st_size) > max_bytes) {
    problem = "is " + std::to_string(info.st_size) + " bytes, more than the " + std::to_string(max_bytes) + " allowed";
  }
  std::string content;
  if (problem.empty()) {
    content.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < content.size()) {
      const ssize_t got = ::read(fd, content.data() + done, content.size() - done);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      done += static_cast<std::size_t>(got);
    }
    content.resize(done);
  }
  ::close(fd);
  if (!problem.empty()) return unexpected(std::move(problem));
  return content;
}

}  // namespace kcldap
