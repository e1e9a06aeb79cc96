// SIGINT and SIGTERM during an apply or a resume: an RAII guard installs the handlers for the run and
// restores the old ones after it. The first signal only sets a flag that the pipeline reads between
// requests (and the hook runner reads while its command runs: it then stops the command's process
// group). A second signal stops at once: it kills the running hook's process group and exits 128+signal.
//
// Why process-wide state: a signal handler gets nothing but the signal number, so the flag and the
// hook's process group id must be reachable from it; they are two lock-free atomics and nothing else.
#pragma once
#include <signal.h>
#include <sys/types.h>

#include <string>

namespace kcldap::hook {

class InterruptGuard {
 public:
  InterruptGuard();   // installs the SIGINT and SIGTERM handlers, clears the flag
  ~InterruptGuard();  // puts the previous handlers back
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_interrupt_ {};
  struct sigaction old_terminate_ {};
};

// The signal that asked the run to stop (SIGINT, SIGTERM), or 0.
int interrupt_signal();
// "SIGINT", "SIGTERM" ("" for 0).
std::string signal_name(int signal);
// The exit code after an interrupted run: 128 + the signal, as shells report it (130, 143).
inline int interrupted_exit_code(int signal) { return 128 + signal; }

// The process group of the running hook command (0: none), for the second signal to kill.
void set_running_group(pid_t group);

}  // namespace kcldap::hook
