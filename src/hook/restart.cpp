#include "src/hook/restart.hpp"

#include <algorithm>

namespace kcldap::hook {

namespace {

constexpr const char* kGroup = "Restart";
constexpr std::size_t kShownOutputLines = 20;

std::vector<std::string> last_lines(const std::string& text, std::size_t count) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  if (lines.size() > count) lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(count));
  return lines;
}

}  // namespace

bool RestartOutcome::ok() const {
  return std::all_of(steps.begin(), steps.end(), [](const StepReport& step) { return step.process.ok(); });
}

std::string redact(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.size() < 4) continue;  // too short to mask without mangling ordinary words
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 8)) {
      text.replace(at, secret.size(), "********");
    }
  }
  return text;
}

std::string command_line(const std::vector<std::string>& argv) {
  std::string line;
  for (const auto& arg : argv) {
    const bool plain = !arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,@%+") == std::string::npos;
    std::string quoted = arg;
    if (!plain) {
      quoted = "'";
      for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
      quoted += "'";
    }
    line += (line.empty() ? "" : " ") + quoted;
  }
  return line;
}

RestartOutcome run_restart_hook(const config::RestartSettings& settings, const std::vector<std::string>& secrets,
                                const std::function<void(const std::string& step, const std::string& line)>& on_line,
                                const checks::Observer& observer, const std::vector<std::string>& drop_env) {
  RestartOutcome outcome;
  const auto budget_end = std::chrono::steady_clock::now() + std::chrono::seconds(settings.timeout_s);
  const auto run_step = [&](const std::string& step, const std::string& id, const std::string& title, const std::vector<std::string>& argv) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(budget_end - std::chrono::steady_clock::now());
    const std::string shown = redact(command_line(argv), secrets);
    observer.start(id, shown);
    StepReport report{step, argv, run_process(argv, std::max(left, std::chrono::milliseconds(0)), [&](const std::string& line) {
                        if (on_line) on_line(step, redact(line, secrets));
                      }, 64 * 1024, drop_env)};
    report.process.output = redact(report.process.output, secrets);
    checks::Check check = checks::make_check(id, kGroup, title, report.process.ok() ? checks::Status::pass : checks::Status::fail,
                                             shown + ": " + report.process.describe());
    check.seconds = report.process.seconds;
    for (const auto& line : last_lines(report.process.output, kShownOutputLines)) check.details.push_back("| " + line);
    if (!report.process.ok()) {
      check.remedy = report.process.interrupted != 0 ? "kcldap was asked to stop while the command ran; rerun with kcldap apply --force-restart"
                     : !report.process.started ? "check [restart] " + step + ": the program must exist on PATH (no shell is used; write [\"sh\", \"-c\", \"...\"] for shell syntax)"
                     : report.process.timed_out ? "raise [restart] timeout_s (now " + std::to_string(settings.timeout_s) + " s for command and wait together), or find out why it hangs"
                                                : "the output above says why; fix it and rerun with kcldap apply --force-restart";
    }
    observer.finish(check);
    outcome.checks.push_back(std::move(check));
    outcome.steps.push_back(std::move(report));
    return outcome.steps.back().process.ok();
  };
  if (!run_step("command", "restart.command", "Restart", settings.command)) {
    if (!settings.wait.empty()) {
      checks::Check skipped = checks::make_check("restart.wait", kGroup, "Wait", checks::Status::skip,
                                                 outcome.steps.back().process.interrupted != 0 ? "not run: kcldap was asked to stop"
                                                                                              : "not run: the restart command failed");
      observer.finish(skipped);
      outcome.checks.push_back(std::move(skipped));
    }
    return outcome;
  }
  if (!settings.wait.empty()) run_step("wait", "restart.wait", "Wait", settings.wait);
  return outcome;
}

}  // namespace kcldap::hook
