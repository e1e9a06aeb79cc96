// `kcldap apply` and `kcldap resume`: parses nothing itself (see register_apply, register_resume),
// checks it may run, runs the apply pipeline (src/pipeline/apply_run) with live progress and with
// SIGINT/SIGTERM caught for the run (src/hook/interrupt), and renders the outcome: a summary, or the
// kcldap.apply/v1 JSON, or JUnit; and the --junit-file.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "src/cli/federation_commands.hpp"
#include "src/cli/report_output.hpp"
#include "src/hook/interrupt.hpp"
#include "src/pipeline/apply_run.hpp"
#include "src/pipeline/probe_options.hpp"
#include "src/report/apply_report.hpp"
#include "src/report/check_report.hpp"
#include "src/report/plan_report.hpp"

namespace kcldap::cli {

namespace {

using Clock = std::chrono::steady_clock;

pipeline::ApplyRequest apply_request(const ApplyOptions& options) {
  return {options.yes,         options.dry_run,    options.rotate_bind_credential, options.keep_on_failure,
          options.force_restart, options.no_restart, options.backup_dir,           options.target.common.config_path,
          options.resume};
}

// Live progress; the plan shown in text; the question before the first write, on a terminal only.
pipeline::ApplyObserver live_observer(Progress& progress, const ApplyOptions& options, const std::string& realm) {
  const bool text = options.target.common.format == "text";
  return {progress.observer(),
          [&progress, text, realm](const pipeline::Planned& planned) {
            if (text) progress.line("\n" + report::render_plan_text(planned, realm, color_wanted(STDOUT_FILENO)));
          },
          [&progress](const std::string& line) { progress.line(line); },
          [&progress, realm] {
            if (::isatty(STDIN_FILENO) != 1) return false;
            progress.line("\nApply these changes to realm " + realm + "? Type yes to continue: ");
            std::string answer;
            return static_cast<bool>(std::getline(std::cin, answer)) && answer == "yes";
          }};
}

int render(const ApplyOptions& options, const pipeline::ApplyOutcome& outcome, Progress& progress, const std::string& realm,
           double seconds) {
  const std::string& format = options.target.common.format;
  if (format == "text") {
    progress.line(report::render_summary(outcome.report, false, outcome.headline, seconds));
  } else if (format == "json") {
    std::cout << report::apply_to_json(outcome.record, outcome.report, realm).dump(2) << "\n";
  } else {
    std::cout << report::render_junit(outcome.report, false);
  }
  if (!write_junit_file(outcome.report, false, options.junit_file) && outcome.exit_code == 0) return 2;
  return outcome.exit_code;
}

}  // namespace

int run_apply_command(const ApplyOptions& options) {
  const auto start = Clock::now();
  int exit_code = 0;
  auto config = load_full_config(options.target, exit_code);
  if (!config) return exit_code;
  auto probe_options = pipeline::make_probe_options(*config);
  if (!probe_options) {
    std::cerr << "error: " << probe_options.error() << "\n";
    return 2;
  }
  auto client_settings = pipeline::make_client_settings(*config);
  if (!client_settings) {
    std::cerr << "error: " << client_settings.error().message << "\n";
    return client_settings.error().exit_code;
  }
  if (!options.yes && !options.dry_run && !options.resume && ::isatty(STDIN_FILENO) != 1) {
    std::cerr << "error: refusing to change Keycloak without confirmation: pass --yes for unattended runs\n";
    return 2;
  }
  const std::string realm = config->keycloak.realm;
  auto progress = make_progress(options.target.common.format, options.verbose);
  if (options.target.common.format == "text") {
    progress->line(std::string(options.resume ? "kcldap resume" : "kcldap apply") + ": realm " + realm + ", provider \"" + config->federation.name + "\"\n");
  }
  const pipeline::ApplyObserver observer = live_observer(*progress, options, realm);
  const hook::InterruptGuard signals;  // SIGINT/SIGTERM stop the run between requests; the report still comes
  const pipeline::ApplyOutcome outcome = pipeline::run_apply(*config, *probe_options, *client_settings, apply_request(options), observer);
  if (outcome.error) {
    progress.reset();
    std::cerr << "error: " << outcome.error->message << "\n";
    return outcome.error->exit_code;
  }
  return render(options, outcome, *progress, realm, std::chrono::duration<double>(Clock::now() - start).count());
}

}  // namespace kcldap::cli
