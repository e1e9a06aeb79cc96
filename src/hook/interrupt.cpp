#include "src/hook/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>

namespace kcldap::hook {

namespace {

// The only state a handler can reach (see the header).
std::atomic<int> g_signal{0};
std::atomic<pid_t> g_group{0};
static_assert(std::atomic<int>::is_always_lock_free && std::atomic<pid_t>::is_always_lock_free);

// Async-signal-safe only: atomics, kill, _exit.
extern "C" void on_signal(int signal) {
  int expected = 0;
  if (g_signal.compare_exchange_strong(expected, signal)) return;  // the first: the run stops at its next step
  const pid_t group = g_group.load();
  if (group > 0) ::kill(-group, SIGKILL);
  ::_exit(128 + signal);
}

}  // namespace

InterruptGuard::InterruptGuard() {
  g_signal = 0;
  g_group = 0;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking wait returns EINTR and the caller looks at the flag
  ::sigaction(SIGINT, &action, &old_interrupt_);
  ::sigaction(SIGTERM, &action, &old_terminate_);
}

InterruptGuard::~InterruptGuard() {
  ::sigaction(SIGINT, &old_interrupt_, nullptr);
  ::sigaction(SIGTERM, &old_terminate_, nullptr);
  g_signal = 0;
  g_group = 0;
}

int interrupt_signal() { return g_signal.load(); }

std::string signal_name(int signal) {
  if (signal == SIGINT) return "SIGINT";
  if (signal == SIGTERM) return "SIGTERM";
  return signal == 0 ? "" : "signal " + std::to_string(signal);
}

void set_running_group(pid_t group) { g_group = group; }

}  // namespace kcldap::hook
