// The backend restart hook: [restart] command, then the optional wait command (e.g. kubectl rollout
// status), both without a shell and within one timeout_s budget. Their output is shown line by line with
// every known secret masked, and each step becomes a check (restart.command, restart.wait). The commands
// run without the environment variables the config's secrets were read from (`drop_env`).
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "src/config/config.hpp"
#include "src/hook/process.hpp"

namespace kcldap::hook {

struct StepReport {
  std::string step;  // "command" or "wait"
  std::vector<std::string> argv;
  ProcessResult process;
};

struct RestartOutcome {
  std::vector<StepReport> steps;
  std::vector<checks::Check> checks;
  bool ok() const;
};

// Masks each secret (of four or more characters) in `text`.
std::string redact(std::string text, const std::vector<std::string>& secrets);

// argv as one line a person can paste into a shell (quoted where needed).
std::string command_line(const std::vector<std::string>& argv);

RestartOutcome run_restart_hook(const config::RestartSettings& settings, const std::vector<std::string>& secrets,
                                const std::function<void(const std::string& step, const std::string& line)>& on_line,
                                const checks::Observer& observer = {}, const std::vector<std::string>& drop_env = {});

}  // namespace kcldap::hook
