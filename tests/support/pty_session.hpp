// A program run on a pseudo-terminal, driven like a person at a keyboard: wait for text to appear, type a
// line, press Ctrl-C or Ctrl-D, collect the exit code. For the interactive `kcldap setup` tests.
#pragma once
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace kcldap::test {

class PtySession {
 public:
  PtySession(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& environment) {
    winsize size{40, 200, 0, 0};  // wide enough that nothing wraps
    pid_ = ::forkpty(&master_, nullptr, nullptr, &size);
    if (pid_ < 0) throw std::runtime_error("forkpty failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a killed test run takes the session with it
      for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
      ::setenv("NO_COLOR", "1", 1);
      std::vector<char*> args;
      for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
      args.push_back(nullptr);
      ::execv(args[0], args.data());
      ::_exit(127);
    }
  }
  ~PtySession() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) ::close(master_);
  }
  PtySession(const PtySession&) = delete;
  PtySession& operator=(const PtySession&) = delete;

  // Waits until `text` appears after what earlier expects consumed; false on timeout or end of output.
  bool expect(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto found = output_.find(text, consumed_);
      if (found != std::string::npos) {
        consumed_ = found + text.size();
        return true;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0 || !read_some(static_cast<int>(left))) return false;
    }
  }
  // Waits for whichever text appears first; its index, or -1 on timeout.
  int expect_one_of(const std::vector<std::string>& texts, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int best = -1;
      std::size_t best_at = std::string::npos;
      for (std::size_t i = 0; i < texts.size(); ++i) {
        const auto at = output_.find(texts[i], consumed_);
        if (at < best_at) {
          best = static_cast<int>(i);
          best_at = at;
        }
      }
      if (best >= 0) {
        consumed_ = best_at + texts[static_cast<std::size_t>(best)].size();
        return best;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
      if (left <= 0 || !read_some(static_cast<int>(left))) return -1;
    }
  }
  // Answers every question with its default (Enter) until a question containing `text` is asked. A
  // question is output that ends in ": " and then waits for input; false if `text` never comes.
  bool accept_defaults_until(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(60)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      const bool waiting = output_.size() >= 2 && output_.compare(output_.size() - 2, 2, ": ") == 0 && !read_some(150);
      if (!waiting) {
        if (output_.size() < 2 || output_.compare(output_.size() - 2, 2, ": ") != 0) read_some(1000);
        continue;
      }
      const bool found = output_.find(text, consumed_) != std::string::npos;
      consumed_ = output_.size();
      if (found) return true;
      type("");
    }
    return false;
  }
  void type(const std::string& line) { send(line + "\r"); }
  void send(const std::string& bytes) { (void)!::write(master_, bytes.data(), bytes.size()); }

  // Reads the rest of the output and returns the exit code.
  int wait() {
    while (read_some(30000)) {
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    exited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  const std::string& output() const { return output_; }
  std::string since_last_expect() const { return output_.substr(consumed_); }

 private:
  bool read_some(int timeout_ms) {
    pollfd watch{master_, POLLIN, 0};
    if (::poll(&watch, 1, timeout_ms) <= 0) return false;
    char buffer[4096];
    const ssize_t got = ::read(master_, buffer, sizeof buffer);
    if (got <= 0) return false;  // EIO: the program ended and the terminal closed
    output_.append(buffer, static_cast<std::size_t>(got));
    return true;
  }

  pid_t pid_ = -1;
  int master_ = -1;
  bool exited_ = false;
  std::string output_;
  std::size_t consumed_ = 0;
};

}  // namespace kcldap::test
