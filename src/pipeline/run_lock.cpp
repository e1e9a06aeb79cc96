#include "src/pipeline/run_lock.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/file.hpp"
#include "src/pipeline/backup.hpp"

namespace kcldap::pipeline {

namespace fs = std::filesystem;

std::optional<long> parse_lock(const std::string& content) {
  const std::size_t end = content.find_first_not_of("0123456789");
  const std::string digits = content.substr(0, end);
  if (digits.empty() || digits.size() > 9 || (end != std::string::npos && content.find_first_not_of(" \n", end) != std::string::npos)) {
    return std::nullopt;
  }
  const long pid = std::stol(digits);
  return pid > 0 ? std::optional<long>(pid) : std::nullopt;
}

bool lock_is_stale(std::optional<long> pid, bool process_alive) { return !pid || !process_alive; }

RunLock::~RunLock() {
  if (!path_.empty()) ::unlink(path_.c_str());
}

namespace {

bool alive(long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// Creates the lock file with our pid; false when it exists (errno EEXIST) or cannot be made.
bool create_lock(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  const std::string text = std::to_string(::getpid()) + "\n";
  const bool whole = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return whole;
}

}  // namespace

Expected<RunLock, std::string> acquire_run_lock(const std::string& directory, const std::string& realm, const std::string& provider,
                                                std::string& notice) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return unexpected("cannot create the backup folder " + directory + " for the run lock: " + error.message());
  ::chmod(directory.c_str(), 0700);
  const std::string path = (fs::path(directory) / (file_name_part(realm) + "-" + file_name_part(provider) + ".lock")).string();
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (create_lock(path)) return RunLock(path);
    if (errno != EEXIST) return unexpected("cannot create the run lock " + path + ": " + std::strerror(errno));
    const auto content = read_file(path);
    if (!content) continue;  // removed meanwhile: try again
    const auto pid = parse_lock(*content);
    if (!lock_is_stale(pid, pid && alive(*pid))) {
      return unexpected("another kcldap (pid " + std::to_string(*pid) + ") is applying to realm " + realm + ", provider \"" + provider +
                        "\" (lock " + path + "); wait for it to finish, or remove the lock if that process is not kcldap");
    }
    notice = "took over the stale run lock " + path + " of " + (pid ? "pid " + std::to_string(*pid) + " (that process is gone)" : "no valid pid");
    ::unlink(path.c_str());
  }
  return unexpected("cannot take the run lock " + path + ": another kcldap keeps taking it");
}

}  // namespace kcldap::pipeline
