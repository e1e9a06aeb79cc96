#include "src/hook/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "src/hook/interrupt.hpp"

extern char** environ;

namespace kcldap::hook {

namespace {

using Clock = std::chrono::steady_clock;

// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

struct Output {
  const std::function<void(const std::string&)>& on_line;
  std::size_t limit;
  std::string kept;
  std::string partial;

  void feed(const char* data, std::size_t size) {
    kept.append(data, size);
    if (kept.size() > limit) kept.erase(0, kept.size() - limit);
    partial.append(data, size);
    std::size_t newline;
    while ((newline = partial.find('\n')) != std::string::npos) {
      if (on_line) on_line(partial.substr(0, newline));
      partial.erase(0, newline + 1);
    }
  }
  void flush() {
    if (!partial.empty() && on_line) on_line(partial);
    partial.clear();
  }
};

// Reads what is available without blocking; false at end of file.
bool drain(int fd, Output& output) {
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got > 0) {
      output.feed(buffer, static_cast<std::size_t>(got));
      continue;
    }
    if (got == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
}

// A close-on-exec pipe; false (and errno) when the system refuses one.
bool open_pipe(Fd& read_end, Fd& write_end) {
  int ends[2];
  if (::pipe2(ends, O_CLOEXEC) != 0) return false;
  read_end.reset(ends[0]);
  write_end.reset(ends[1]);
  return true;
}

// The child after fork: its own process group (so a timeout stops its children too), output into the
// pipe, then the command; if exec fails, its errno goes to the parent through exec_error_fd. Only
// async-signal-safe calls here: `args` was built before the fork.
[[noreturn]] void become_command(const std::vector<char*>& args, const std::vector<char*>& env, pid_t parent, int output_fd,
                                 int exec_error_fd) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // kcldap killed (SIGKILL): the command goes too
  if (::getppid() != parent) ::_exit(127);
  const int null_in = ::open("/dev/null", O_RDONLY);
  if (null_in >= 0) ::dup2(null_in, STDIN_FILENO);
  ::dup2(output_fd, STDOUT_FILENO);
  ::dup2(output_fd, STDERR_FILENO);
  ::signal(SIGPIPE, SIG_DFL);
  ::execvpe(args[0], args.data(), env.data());
  const int error = errno;
  (void)!::write(exec_error_fd, &error, sizeof error);
  ::_exit(127);
}

// A small process that outlives kcldap only to stop the command's group if kcldap dies while the
// command runs (SIGKILL cannot be caught): it waits on a pipe only kcldap writes to; end of file
// without the "done" byte means kcldap is gone, and it kills the group. Only async-signal-safe calls in
// the forked process.
class Watchdog {
 public:
  explicit Watchdog(pid_t group) {
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(ends[1]);
      ::signal(SIGINT, SIG_IGN);
      ::signal(SIGTERM, SIG_IGN);
      char byte = 0;
      ssize_t got;
      while ((got = ::read(ends[0], &byte, 1)) < 0 && errno == EINTR) {
      }
      if (got != 1) ::kill(-group, SIGKILL);
      ::_exit(0);
    }
    ::close(ends[0]);
    write_end_ = ends[1];
    if (pid_ < 0) finish();
  }
  ~Watchdog() { finish(); }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void finish() {
    if (write_end_ >= 0) {
      (void)!::write(write_end_, "d", 1);
      ::close(write_end_);
      write_end_ = -1;
    }
    if (pid_ > 0) ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  pid_t pid_ = -1;
  int write_end_ = -1;
};

// True when the child reported a failed exec (it has then been reaped and start_error says why).
bool exec_failed(int exec_read_fd, pid_t pid, const std::string& command, ProcessResult& result) {
  int exec_error = 0;
  if (::read(exec_read_fd, &exec_error, sizeof exec_error) != static_cast<ssize_t>(sizeof exec_error)) return false;
  ::waitpid(pid, nullptr, 0);
  result.start_error = std::string(std::strerror(exec_error)) + " (" + command + ")";
  return true;
}

// Collects the output until the child exits and returns its wait status. At the deadline the group gets
// SIGTERM (result.timed_out), and SIGKILL if it is still there 5 s later; the same when kcldap is asked
// to stop (result.interrupted).
int collect_until_exit(pid_t pid, int output_fd, Output& output, Clock::time_point deadline, ProcessResult& result) {
  ::fcntl(output_fd, F_SETFL, ::fcntl(output_fd, F_GETFL) | O_NONBLOCK);
  bool open = true;
  int status = 0;
  Clock::time_point term_sent{};
  for (;;) {
    if (open) {
      pollfd watch{output_fd, POLLIN, 0};
      ::poll(&watch, 1, 100);
      open = drain(output_fd, output);
    } else {
      ::poll(nullptr, 0, 50);
    }
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    const auto now = Clock::now();
    const bool stopping = result.timed_out || result.interrupted != 0;
    if (!stopping && (now >= deadline || interrupt_signal() != 0)) {
      result.interrupted = interrupt_signal();
      result.timed_out = result.interrupted == 0;
      ::kill(-pid, SIGTERM);
      term_sent = now;
    } else if (stopping && now - term_sent > std::chrono::seconds(5)) {
      ::kill(-pid, SIGKILL);
    }
  }
  // What the command wrote just before it ended; a background child still holding the pipe is not waited for.
  if (open) drain(output_fd, output);
  output.flush();
  return status;
}

}  // namespace

std::string ProcessResult::describe() const {
  if (!started) return "could not start: " + start_error;
  const std::string took = " after " + std::to_string(static_cast<long>(seconds + 0.5)) + " s";
  if (interrupted != 0) return "stopped" + took + ": kcldap got " + signal_name(interrupted);
  if (timed_out) return "timed out" + took + " (stopped)";
  if (signal != 0) return "ended by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")" + took;
  return "exit " + std::to_string(exit_code) + took;
}

std::vector<std::string> environment_without(const std::vector<std::string>& environment, const std::vector<std::string>& drop) {
  std::vector<std::string> kept;
  for (const auto& entry : environment) {
    const std::string name = entry.substr(0, entry.find('='));
    if (std::find(drop.begin(), drop.end(), name) == drop.end()) kept.push_back(entry);
  }
  return kept;
}

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                          const std::function<void(const std::string& line)>& on_line, std::size_t output_limit,
                          const std::vector<std::string>& drop_env) {
  ProcessResult result;
  if (argv.empty()) {
    result.start_error = "empty command";
    return result;
  }
  Fd output_read;
  Fd output_write;
  Fd exec_read;  // the child writes errno here when exec fails; closed (CLOEXEC) when it succeeds
  Fd exec_write;
  if (!open_pipe(output_read, output_write) || !open_pipe(exec_read, exec_write)) {
    result.start_error = std::strerror(errno);
    return result;
  }
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> current;
  for (char** entry = environ; *entry != nullptr; ++entry) current.emplace_back(*entry);
  const std::vector<std::string> child_env = environment_without(current, drop_env);
  std::vector<char*> env;
  for (const auto& entry : child_env) env.push_back(const_cast<char*>(entry.c_str()));
  env.push_back(nullptr);
  const pid_t parent = ::getpid();
  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    result.start_error = std::strerror(errno);
    return result;
  }
  if (pid == 0) become_command(args, env, parent, output_write.get(), exec_write.get());
  ::setpgid(pid, pid);  // also from the parent, so that the group exists before any kill
  set_running_group(pid);
  output_write.reset();
  exec_write.reset();
  if (exec_failed(exec_read.get(), pid, argv[0], result)) {
    set_running_group(0);
    return result;
  }
  result.started = true;
  const Watchdog watchdog(pid);
  Output output{on_line, output_limit, "", ""};
  const int status = collect_until_exit(pid, output_read.get(), output, start + timeout, result);
  if (result.timed_out || result.interrupted != 0) ::kill(-pid, SIGKILL);  // leftovers of the group
  set_running_group(0);
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  result.output = std::move(output.kept);
  return result;
}

}  // namespace kcldap::hook
