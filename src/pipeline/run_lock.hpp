// One apply at a time per realm and provider: a lock file DIR/<realm>-<provider>.lock created
// exclusively (O_CREAT|O_EXCL) with the holder's pid, removed when the run ends. A lock whose process is
// gone (kcldap was killed) is stale: the next run takes it over and says so, naming the old pid.
#pragma once
#include <optional>
#include <string>

#include "common/expected.hpp"

namespace kcldap::pipeline {

// The pid a lock file holds, or nullopt when its content is not one.
std::optional<long> parse_lock(const std::string& content);
// A lock may be taken over when it names no process or a process that is gone.
bool lock_is_stale(std::optional<long> pid, bool process_alive);

class RunLock {
 public:
  RunLock(RunLock&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  RunLock& operator=(RunLock&&) = delete;
  RunLock(const RunLock&) = delete;
  ~RunLock();  // removes the lock file
  const std::string& path() const { return path_; }

 private:
  friend Expected<RunLock, std::string> acquire_run_lock(const std::string&, const std::string&, const std::string&, std::string&);
  explicit RunLock(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Takes the lock of realm + provider in `directory` (created 0700 when missing). Fails, naming the
// holder's pid, while another kcldap holds it; `notice` says when a stale lock was taken over.
Expected<RunLock, std::string> acquire_run_lock(const std::string& directory, const std::string& realm, const std::string& provider,
                                                std::string& notice);

}  // namespace kcldap::pipeline
