// src/hook: running commands without a shell (exit codes, output, timeouts, start failures), the restart
// hook's steps, masking secrets in what they print, the environment left to the command, and stopping
// it when kcldap gets a signal.
#include <catch2/catch.hpp>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <thread>

#include "src/hook/interrupt.hpp"
#include "src/hook/restart.hpp"

using namespace kcldap::hook;
using namespace std::chrono_literals;

TEST_CASE("process: exit code and output, line by line, stdout and stderr together", "[hook]") {
  std::vector<std::string> lines;
  const auto result = run_process({"sh", "-c", "echo one; echo two >&2; printf three; exit 3"}, 10s,
                                  [&](const std::string& line) { lines.push_back(line); });
  CHECK(result.started);
  CHECK(result.exit_code == 3);
  CHECK_FALSE(result.ok());
  CHECK(lines == std::vector<std::string>{"one", "two", "three"});
  CHECK(result.output == "one\ntwo\nthree");
  CHECK(result.describe().find("exit 3 after") == 0);
  CHECK(run_process({"true"}, 10s, {}).ok());
}

TEST_CASE("process: a timeout stops the whole process group; a missing program does not start", "[hook]") {
  const auto slow = run_process({"sh", "-c", "sleep 30 & sleep 30"}, 300ms, {});
  CHECK(slow.timed_out);
  CHECK(slow.seconds < 10);
  CHECK(slow.describe().find("timed out after") == 0);
  const auto missing = run_process({"kcldap-no-such-program"}, 1s, {});
  CHECK_FALSE(missing.started);
  CHECK(missing.describe() == "could not start: No such file or directory (kcldap-no-such-program)");
  CHECK(run_process({}, 1s, {}).start_error == "empty command");
  const auto killed = run_process({"sh", "-c", "kill -9 $$"}, 5s, {});
  CHECK(killed.signal == 9);
}

TEST_CASE("process: output is kept to its limit, the newest bytes", "[hook]") {
  const auto result = run_process({"sh", "-c", "for i in $(seq 1 2000); do echo line$i; done"}, 10s, {}, 100);
  CHECK(result.output.size() == 100);
  CHECK(result.output.find("line2000\n") != std::string::npos);
}

TEST_CASE("restart hook: command then wait; a failed command skips the wait; secrets are masked", "[hook]") {
  kcldap::config::RestartSettings settings;
  settings.command = {"sh", "-c", "echo token=s3cr3t-value"};
  settings.wait = {"sh", "-c", "echo ready"};
  settings.timeout_s = 10;
  std::vector<std::string> shown;
  const auto ok = run_restart_hook(settings, {"s3cr3t-value", "ab"}, [&](const std::string& step, const std::string& line) {
    shown.push_back(step + ": " + line);
  });
  CHECK(ok.ok());
  CHECK(shown == std::vector<std::string>{"command: token=********", "wait: ready"});
  REQUIRE(ok.checks.size() == 2);
  CHECK(ok.checks[0].id == "restart.command");
  CHECK(ok.checks[0].finding == "sh -c 'echo token=********': exit 0 after 0 s");  // masked in the command line too
  settings.command = {"false"};
  const auto failed = run_restart_hook(settings, {}, {});
  CHECK_FALSE(failed.ok());
  REQUIRE(failed.checks.size() == 2);
  CHECK(failed.checks[1].status == kcldap::checks::Status::skip);
}

TEST_CASE("restart hook: command lines are shown quoted for a shell, secrets masked anywhere", "[hook]") {
  CHECK(command_line({"kubectl", "rollout", "restart", "deployment/runai-backend", "-n", "runai"}) ==
        "kubectl rollout restart deployment/runai-backend -n runai");
  CHECK(command_line({"sh", "-c", "echo it's done"}) == "sh -c 'echo it'\\''s done'");
  CHECK(redact("a=hunter22 b=hunter22", {"hunter22"}) == "a=******** b=********");
  CHECK(redact("abc", {"abc"}) == "abc");  // too short to mask safely
}

TEST_CASE("process: the variables named are left out of the child's environment, the rest kept", "[hook]") {
  CHECK(environment_without({"A=1", "SECRET=x", "B=2=3", "SECRETS=y"}, {"SECRET"}) == std::vector<std::string>{"A=1", "B=2=3", "SECRETS=y"});
  ::setenv("KCLDAP_UNIT_SECRET", "s3cret-value", 1);
  ::setenv("KCLDAP_UNIT_PLAIN", "kept", 1);
  const auto result = run_process({"env"}, 10s, {}, 64 * 1024, {"KCLDAP_UNIT_SECRET"});
  ::unsetenv("KCLDAP_UNIT_SECRET");
  ::unsetenv("KCLDAP_UNIT_PLAIN");
  CHECK(result.ok());
  CHECK(result.output.find("KCLDAP_UNIT_SECRET") == std::string::npos);
  CHECK(result.output.find("KCLDAP_UNIT_PLAIN=kept") != std::string::npos);
  CHECK(result.output.find("PATH=") != std::string::npos);
}

TEST_CASE("process: a signal kcldap gets stops the command's group and is reported", "[hook]") {
  const InterruptGuard guard;
  std::thread([] {
    std::this_thread::sleep_for(300ms);
    ::kill(::getpid(), SIGTERM);
  }).detach();
  const auto stopped = run_process({"sh", "-c", "sleep 30 & sleep 30"}, 60s, {});
  CHECK(stopped.interrupted == SIGTERM);
  CHECK_FALSE(stopped.timed_out);
  CHECK_FALSE(stopped.ok());
  CHECK(stopped.seconds < 10);
  CHECK(stopped.describe().find("kcldap got SIGTERM") != std::string::npos);
  CHECK(interrupt_signal() == SIGTERM);
}
