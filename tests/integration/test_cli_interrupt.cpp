// Interrupted and unfinished applies, as users meet them, against the slapd fixture and a Keycloak
// target (real Keycloak in ctest's keycloak-* entries, else kc-emulator): SIGTERM / SIGINT while the
// restart hook runs (report, exit code, the hook's process group stopped, rollback or --keep-on-failure),
// kcldap killed (SIGKILL) mid-run and the next apply / `kcldap resume` finishing it, the run lock (a
// second apply refused, a stale lock taken over), and the secrets' variables kept out of the hook's
// environment. [emulator]: the emulator's delay fault holds kcldap inside the post-checks.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/cli_setup.hpp"

using namespace kcldap::test;
using nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// kcldap running in the background (its pid is kcldap's own: `env` execs it).
struct Background {
  pid_t pid = -1;
  std::string out_path;
  int exit_code = -1;

  // Waits up to `limit` for it to exit; its exit code (128 + signal when a signal ended it), -1 if still running.
  int wait(std::chrono::seconds limit) {
    const auto end = std::chrono::steady_clock::now() + limit;
    int status = 0;
    while (std::chrono::steady_clock::now() < end) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_code;
      }
      std::this_thread::sleep_for(100ms);
    }
    return -1;
  }
  std::string out() const { return slurp(out_path); }  // stdout (the report)
  std::string err() const { return slurp(out_path + ".err"); }
  ~Background() {
    if (exit_code == -1 && pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

std::unique_ptr<Background> start_kcldap(const Setup& setup, const std::string& arguments) {
  auto run = std::make_unique<Background>();
  run->out_path = setup.dir + "/background-" + std::to_string(::time(nullptr)) + ".out";
  const std::string command = "exec env " + setup.secrets_env() + " NO_COLOR=1 " + required_env("KCLDAP_BIN") + " " + arguments +
                              " --config " + quote(setup.config) + " >" + run->out_path + " 2>" + run->out_path + ".err </dev/null";
  run->pid = ::fork();
  if (run->pid == 0) {
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return run;
}

// Waits until `path` exists with content; its content ("" after `limit`).
std::string wait_for_file(const std::string& path, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    const std::string text = slurp(path);
    if (!text.empty() && text.back() == '\n') return text;
    std::this_thread::sleep_for(100ms);
  }
  return "";
}

bool group_gone(pid_t group, std::chrono::seconds limit) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < end) {
    if (::kill(-group, 0) != 0 && errno == ESRCH) return true;
    std::this_thread::sleep_for(100ms);
  }
  return false;
}

// A restart hook that, the first time, writes its process group id to DIR/hook.pid and waits (a child
// `sleep` in its group too); later it prints "restarted" and exits 0.
std::string slow_first_hook(const std::string& dir) {
  return "\n[restart]\ncommand = [\"sh\", \"-c\", \"if [ -e " + dir + "/once ]; then echo restarted; exit 0; fi; touch " + dir +
         "/once; echo $$ > " + dir + "/hook.pid; sleep 60 & wait\"]\ntimeout_s = 120\n";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Starts `kcldap ARGUMENTS` with slow_first_hook (plus `hook_prefix` in its shell) and waits for the
// hook to run: kcldap, and the hook's process group id.
std::pair<std::unique_ptr<Background>, pid_t> run_until_hook(Setup& setup, const std::string& arguments, const std::string& hook_prefix = "") {
  std::string hook = slow_first_hook(setup.dir);
  hook.replace(hook.find("if [ -e"), 0, hook_prefix);
  setup.write_config(hook);
  auto run = start_kcldap(setup, arguments);
  const std::string hook_pid = wait_for_file(setup.dir + "/hook.pid", 240s);
  INFO(run->out() << run->err());
  REQUIRE(!hook_pid.empty());
  return {std::move(run), static_cast<pid_t>(std::stoi(hook_pid))};
}

}  // namespace

TEST_CASE("SIGTERM while the restart hook runs: the hook's group stops, the change is rolled back, the report says so", "[interrupt]") {
  Setup setup("26.4");
  auto [run, hook_group] = run_until_hook(setup, "apply --yes");
  REQUIRE(setup.providers().size() == 1);

  // Meanwhile a second apply is refused by the lock, naming the first.
  const auto second = setup.kcldap("apply --yes");
  INFO(second.out << second.err);
  CHECK(second.exit_code == 1);
  CHECK(has(second.out, "another kcldap (pid " + std::to_string(run->pid) + ")"));

  ::kill(run->pid, SIGTERM);
  REQUIRE(run->wait(60s) == 143);
  const std::string out = run->out();
  INFO(out);
  CHECK(group_gone(hook_group, 5s));
  CHECK(has(out, "kcldap got SIGTERM"));
  CHECK(has(out, "done: create provider \"ldap\""));
  CHECK(has(out, "backup: " + setup.dir + "/backups/"));
  CHECK(has(out, "interrupted by SIGTERM; what was written was rolled back"));
  CHECK(setup.providers().empty());
  CHECK_FALSE(fs::exists(setup.dir + "/backups/" + setup.realm() + "-ldap.lock"));

  // Nothing is left unfinished: resume says so and exits 0.
  const auto resumed = setup.kcldap("resume");
  INFO(resumed.out << resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK(has(resumed.out, "Nothing unfinished"));
}

TEST_CASE("SIGINT with --keep-on-failure keeps the change; kcldap resume post-checks it and runs the hook", "[interrupt]") {
  Setup setup("26.4");
  auto [run, hook_group] = run_until_hook(setup, "apply --yes --keep-on-failure --format json");
  ::kill(run->pid, SIGINT);
  REQUIRE(run->wait(60s) == 130);
  CHECK(group_gone(hook_group, 5s));
  INFO(run->out() << run->err());
  const json report = json::parse(run->out());
  CHECK(report["interrupted"] == "SIGINT");
  CHECK(report["failed_stage"] == "interrupted");
  CHECK_FALSE(report["backup"].get<std::string>().empty());
  CHECK(report["rollback"]["performed"] == false);
  REQUIRE(setup.providers().size() == 1);

  const auto resumed = setup.kcldap("resume");
  INFO(resumed.out << resumed.err);
  CHECK(resumed.exit_code == 0);
  CHECK(has(resumed.out, "Found an unfinished apply"));
  CHECK(has(resumed.out, "restarted"));
  CHECK(setup.keycloak->find_user("aanderson").is_object());
  const auto again = setup.kcldap("apply --yes");
  CHECK(again.exit_code == 0);
  CHECK(has(again.out, "Nothing to apply"));
}

TEST_CASE("kcldap killed while its hook runs: the hook goes with it; the next apply finishes the run", "[interrupt]") {
  Setup setup("26.4");
  auto [run, hook_group] = run_until_hook(setup, "apply --yes");
  ::kill(run->pid, SIGKILL);
  run->wait(30s);
  CHECK(group_gone(hook_group, 10s));
  // The lock of the killed run is stale; the next apply takes it over and finishes the run.
  const auto next = setup.kcldap("apply --yes");
  INFO(next.out << next.err);
  CHECK(next.exit_code == 0);
  CHECK(has(next.out, "took over the stale run lock"));
  CHECK(has(next.out, "pid " + std::to_string(run->pid) + " (that process is gone)"));
  CHECK(has(next.out, "Found an unfinished apply"));
  CHECK(has(next.out, "stopped at: restart"));
  CHECK(has(next.out, "PASS  post."));
  CHECK(has(next.out, "restarted"));
  CHECK(setup.keycloak->find_user("aanderson").is_object());
}

TEST_CASE("a second signal exits at once, killing a hook that ignores SIGTERM; the next apply finishes the run", "[interrupt]") {
  Setup setup("26.4");
  auto [run, hook_group] = run_until_hook(setup, "apply --yes", "trap '' TERM; ");
  ::kill(run->pid, SIGTERM);
  std::this_thread::sleep_for(1s);  // kcldap waits up to 5 s for the group after its SIGTERM
  CHECK(run->wait(0s) == -1);
  const auto second = std::chrono::steady_clock::now();
  ::kill(run->pid, SIGTERM);
  CHECK(run->wait(10s) == 143);
  CHECK(std::chrono::steady_clock::now() - second < 3s);
  CHECK(group_gone(hook_group, 2s));
  const auto next = setup.kcldap("apply --yes");
  INFO(next.out << next.err);
  CHECK(next.exit_code == 0);
  CHECK(has(next.out, "Found an unfinished apply"));
  CHECK(has(next.out, "restarted"));
}

TEST_CASE("kcldap killed between the writes and the end of the post-checks: the next apply post-checks and restarts", "[interrupt][emulator]") {
  Setup setup("26.4", "", emulator_only({"--fault", "POST:/admin/realms/demo/user-storage/:1:delay=20000"}));
  setup.write_config("\n[restart]\ncommand = [\"echo\", \"restarted\"]\n");
  auto run = start_kcldap(setup, "apply --yes");
  const std::string journal = setup.dir + "/backups/demo-ldap.journal.json";
  const auto end = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < end && !has(slurp(journal), "\"post-checks\"")) std::this_thread::sleep_for(50ms);
  REQUIRE(has(slurp(journal), "\"post-checks\""));
  ::kill(run->pid, SIGKILL);
  run->wait(30s);
  const auto next = setup.kcldap("apply --yes");
  INFO(next.out << next.err);
  CHECK(next.exit_code == 0);
  CHECK(has(next.out, "Found an unfinished apply"));
  CHECK(has(next.out, "stopped at: post-checks"));
  CHECK(has(next.out, "The unfinished run's writes are all in Keycloak"));
  CHECK(has(next.out, "restarted"));
  CHECK(json::parse(slurp(journal))["state"] == "finished");
}

TEST_CASE("a write that timed out on kcldap's side but landed: the next apply post-checks, syncs and restarts", "[interrupt][emulator]") {
  // The provider's create answers after kcldap gave up on it (timeout_ms), but Keycloak made it; with
  // default_mappers = "keep" nothing is left to write, so only the journal says the run did not finish.
  Setup setup("26.4", "", emulator_only({"--fault", "POST:/admin/realms/demo/components:1:delay=4000"}));
  setup.write_config("default_mappers = \"keep\"\n\n[restart]\ncommand = [\"echo\", \"restarted\"]\n");
  setup.edit_config("password = \"${env:KCLDAP_TEST_KC_PW}\"", "password = \"${env:KCLDAP_TEST_KC_PW}\"\ntimeout_ms = 2000");
  const auto failed = setup.kcldap("apply --yes");
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 1);
  std::this_thread::sleep_for(3s);  // the delayed create lands
  REQUIRE(setup.providers().size() == 1);
  const auto next = setup.kcldap("apply --yes");
  INFO(next.out << next.err);
  CHECK(next.exit_code == 0);
  CHECK(has(next.out, "Found an unfinished apply"));
  CHECK(has(next.out, "PASS  post.sync"));
  CHECK(has(next.out, "restarted"));
  CHECK(setup.keycloak->find_user("aanderson").is_object());
}

TEST_CASE("the restart hook's environment lacks the variables the secrets were read from", "[interrupt]") {
  Setup setup("26.4");
  setup.write_config("\n[restart]\ncommand = [\"sh\", \"-c\", \"env > " + setup.dir + "/hook.env\"]\n");
  const auto applied = setup.kcldap("apply --yes", "KCLDAP_TEST_PLAIN=kept");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const std::string env = slurp(setup.dir + "/hook.env");
  CHECK(has(env, "KCLDAP_TEST_PLAIN=kept"));
  CHECK(has(env, "PATH="));
  CHECK_FALSE(has(env, "KCLDAP_TEST_BIND_PW"));
  CHECK_FALSE(has(env, "KCLDAP_TEST_KC_PW"));
  CHECK_FALSE(has(env, slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")));
}
