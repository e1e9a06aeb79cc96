// Runs a command without a shell (argv as given), with stdin from /dev/null, stdout and stderr merged and
// streamed line by line, and a timeout that stops the command's whole process group (TERM, then KILL).
// The same happens when kcldap is asked to stop (SIGINT/SIGTERM, see interrupt.hpp); if kcldap itself is
// killed (even by SIGKILL), a watchdog stops the command's group. Named variables are left out of its environment.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace kcldap::hook {

struct ProcessResult {
  bool started = false;
  std::string start_error;  // why it could not start (e.g. "No such file or directory")
  int exit_code = -1;       // when it exited
  int signal = 0;           // when a signal ended it
  bool timed_out = false;
  int interrupted = 0;      // the signal kcldap got while the command ran (it was then stopped)
  double seconds = 0;
  std::string output;       // the last output_limit bytes
  bool ok() const { return started && !timed_out && interrupted == 0 && signal == 0 && exit_code == 0; }
  std::string describe() const;  // "exit 0", "exit 3", "killed by signal 9", "timed out after 5 s", ...
};

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::function<void(const std::string& line)>& on_line, std::size_t output_limit = 64 * 1024,
                          const std::vector<std::string>& drop_env = {});

// `environment` (NAME=value entries) without the variables named in `drop`.
std::vector<std::string> environment_without(const std::vector<std::string>& environment, const std::vector<std::string>& drop);

}  // namespace kcldap::hook
