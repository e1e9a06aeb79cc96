#include "src/cli/check_commands.hpp"

#include <chrono>
#include <iostream>

#include "src/cli/report_output.hpp"
#include "src/pipeline/preflight.hpp"
#include "src/pipeline/probe_options.hpp"
#include "src/pipeline/verification.hpp"
#include "src/report/check_report.hpp"

namespace kcldap::cli {

namespace {

using Clock = std::chrono::steady_clock;

int finish(const TargetOptions& target, const ReportFlags& flags, const checks::Report& report, Progress& progress,
           const std::string& headline, Clock::time_point start) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (target.common.format == "text") {
    progress.line(report::render_summary(report, flags.strict, headline, seconds));
  } else {
    print_machine_report(report, flags.strict, target.common.format);
  }
  if (!write_junit_file(report, flags.strict, flags.junit_file)) return 2;
  return report.passed(flags.strict) ? 0 : 1;
}

}  // namespace

void register_check(CLI::App& app, CheckOptions& check) {
  CLI::App* sub = add_target_command(app, "check", "Preflight: probe, Keycloak access and roles, payload validation, simulated sync (no writes)",
                                     check.target, {"text", "json", "junit"});
  add_report_flags(*sub, check.report);
}

void register_verify(CLI::App& app, VerifyOptions& verify) {
  CLI::App* sub = add_target_command(app, "verify", "Post-checks through Keycloak against the stored federation: tests, sync, user lookup, test login",
                                     verify.target, {"text", "json", "junit"});
  add_report_flags(*sub, verify.report);
}

int run_check_command(const CheckOptions& command) {
  const auto start = Clock::now();
  int exit_code = 0;
  auto config = load_full_config(command.target, exit_code);
  if (!config) return exit_code;
  auto progress = make_progress(command.target.common.format, command.report.verbose);
  if (command.target.common.format == "text") {
    progress->line("kcldap check: realm " + config->keycloak.realm + ", provider \"" + config->federation.name +
                   "\" (preflight: nothing is written)\n");
  }
  auto report = pipeline::run_preflight(*config, progress->observer());
  if (!report) {
    progress.reset();
    std::cerr << "error: " << report.error().message << "\n";
    return report.error().exit_code;
  }
  return finish(command.target, command.report, *report, *progress, "preflight of realm " + config->keycloak.realm, start);
}

int run_verify_command(const VerifyOptions& command) {
  const auto start = Clock::now();
  int exit_code = 0;
  auto config = load_full_config(command.target, exit_code);
  if (!config) return exit_code;
  auto options = pipeline::make_probe_options(*config);
  if (!options) {
    std::cerr << "error: " << options.error() << "\n";
    return 2;
  }
  auto client_settings = pipeline::make_client_settings(*config);
  if (!client_settings) {
    std::cerr << "error: " << client_settings.error().message << "\n";
    return client_settings.error().exit_code;
  }
  auto progress = make_progress(command.target.common.format, command.report.verbose);
  if (command.target.common.format == "text") {
    progress->line("kcldap verify: realm " + config->keycloak.realm + ", provider \"" + config->federation.name + "\"\n");
  }
  const checks::Observer observer = progress->observer();
  checks::Report report;
  report.command = "verify";
  ldap::ProbeReport probe = pipeline::probe_with_progress(*options, observer);
  report.append(checks::checks_from_probe(probe));
  auto post_settings = pipeline::make_post_check_settings(*config, probe);
  if (!post_settings) {
    progress.reset();
    std::cerr << "error: " << post_settings.error().message << "\n";
    return 2;
  }
  auto client = pipeline::connect_with_checks(*client_settings, config->keycloak.realm, report, observer);
  if (!client) return finish(command.target, command.report, report, *progress, "verification of realm " + config->keycloak.realm, start);
  auto planned = pipeline::plan_from_probe(*config, *client, *options, probe, false);
  if (!planned) {
    if (planned.error().exit_code == 2) {
      progress.reset();
      std::cerr << "error: " << planned.error().message << "\n";
      return 2;
    }
    checks::Check stopped = checks::make_check("post.stored", "Post-checks", "Stored", checks::Status::fail, planned.error().message,
                                               "fix what the directory probe reports above, then verify again");
    observer.finish(stopped);
    report.add(std::move(stopped));
    return finish(command.target, command.report, report, *progress, "verification of realm " + config->keycloak.realm, start);
  }
  const auto outcome = pipeline::verify_federation(*config, *client, *options, *planned, *post_settings, observer);
  report.append(outcome.checks);
  for (auto& check : pipeline::client_proof_checks(*client, *config, planned->clients, *client_settings)) {  // the [[clients]], as their apps
    observer.finish(check);
    report.add(std::move(check));
  }
  return finish(command.target, command.report, report, *progress, "verification of realm " + config->keycloak.realm, start);
}

}  // namespace kcldap::cli
