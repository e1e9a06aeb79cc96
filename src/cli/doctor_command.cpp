#include "src/cli/doctor_command.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "checks/doctor_evidence.hpp"
#include "keycloak/provider_choice.hpp"
#include "ldap/dn.hpp"
#include "src/cli/output_mask.hpp"
#include "src/config/secret.hpp"
#include "src/report/doctor_report.hpp"

namespace kcldap::cli {

namespace {

using Clock = std::chrono::steady_clock;

// What kcldap.toml adds to reach the directory; nullopt (error printed) when the provider binds and the
// config gives no password, or the password cannot be read.
std::optional<checks::DirectoryAccess> directory_access(const config::Config& config, const keycloak::Component& provider) {
  checks::DirectoryAccess access;
  access.ca_file = config.ldap.ca_file;
  access.tls_verify = config.ldap.tls_verify;
  access.sample_users = config.checks.sample_users;
  const bool binds = provider.value("authType") != "none" && !provider.value("bindDn").empty();
  if (!binds) return access;
  const std::string& bind_dn = provider.value("bindDn");
  if (!config.ldap.bind_dn.empty() && ldap::normalize_dn(config.ldap.bind_dn) != ldap::normalize_dn(bind_dn)) {
    std::cerr << "error: [ldap] bind_dn is " << config.ldap.bind_dn << " but provider \"" << provider.name << "\" binds as " << bind_dn
              << ": doctor binds as the provider does, so [ldap] bind_dn and bind_password must be that DN's (or leave bind_dn out "
                 "and pass --bind-password-env NAME)\n";
    return std::nullopt;
  }
  if (!config.ldap.bind_password.present()) {
    std::cerr << "error: provider \"" << provider.name << "\" binds as " << provider.value("bindDn")
              << ", and Keycloak never returns the stored password: set [ldap] bind_password = \"${env:NAME}\" in the config, or pass "
                 "--bind-password-env NAME or --bind-password-file PATH\n";
    return std::nullopt;
  }
  auto secret = config::resolve_secret(config.ldap.bind_password);
  if (!secret) {
    std::cerr << "error: " << secret.error() << "\n";
    return std::nullopt;
  }
  access.bind_password = secret->reveal();
  return access;
}

report::DoctorReport make_report(const config::Config& config, const checks::DoctorEvidence& evidence, Clock::time_point start) {
  report::DoctorReport out;
  out.realm = config.keycloak.realm;
  out.provider_name = evidence.provider.name;
  out.provider_id = evidence.provider.id;
  out.connection_url = evidence.provider.value("connectionUrl");
  out.directory_reached = evidence.directory_reached;
  out.server_product = evidence.server_product;
  out.users = evidence.users;
  out.findings = checks::doctor_findings(evidence);
  out.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

bool write_junit(const report::DoctorReport& report, const std::string& path) {
  if (path.empty()) return true;
  std::ofstream file(path);
  file << mask_installed(report::render_doctor_junit(report));
  if (!file) std::cerr << "error: could not write the JUnit report to " << path << "\n";
  return static_cast<bool>(file);
}

}  // namespace

void register_doctor(CLI::App& app, DoctorOptions& doctor) {
  CLI::App* sub = app.add_subcommand("doctor",
                                     "Review the LDAP provider Keycloak holds against its directory and Keycloak's own tests: each "
                                     "mistake with evidence and fix (writes nothing)");
  add_common_flags(*sub, doctor.target.common, {"text", "json", "junit"});
  add_keycloak_flags(*sub, doctor.target.keycloak);
  auto& ldap = doctor.target.ldap;
  sub->add_option("--provider", doctor.provider, "the LDAP provider's name (needed when the realm has several)");
  sub->add_option("--bind-password-env", ldap.bind_password_env, "environment variable holding the provider's bind password");
  sub->add_option("--bind-password-file", ldap.bind_password_file, "file holding the provider's bind password");
  sub->add_option("--ca-file", ldap.ca_file, "PEM file of the CA that issued the LDAP server's certificate");
  sub->add_flag("--insecure-skip-tls-verify", ldap.insecure_skip_tls_verify, "do not verify the LDAP server's certificate");
  add_junit_flag(*sub, doctor.junit_file);
}

int run_doctor_command(const DoctorOptions& command) {
  const auto start = Clock::now();
  int exit_code = 0;
  auto session = open_session(command.target, exit_code);
  if (!session) return exit_code;
  const std::optional<std::string> name = command.provider.empty() ? std::nullopt : std::optional<std::string>(command.provider);
  auto chosen = keycloak::choose_ldap_provider(*session->client, name);
  if (!chosen) {
    std::cerr << "error: " << chosen.error().message << "\n";
    return chosen.error().usage ? 2 : 1;
  }
  auto access = directory_access(session->config, chosen->provider);
  if (!access) return 2;
  const std::string& format = command.target.common.format;
  if (format == "text") {
    std::cout << "kcldap doctor: realm " << session->config.keycloak.realm << ", provider \"" << chosen->provider.name
              << "\" (reads only: kcldap writes nothing)\n";
  }
  checks::DirectoryReading reading = checks::read_directory(chosen->provider, chosen->mappers, *access);
  checks::read_keycloak_view(*session->client, reading);
  const report::DoctorReport report = make_report(session->config, reading.evidence, start);
  if (format == "json") {
    std::cout << report::doctor_to_json(report).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (format == "junit") {
    std::cout << report::render_doctor_junit(report);
  } else {
    std::cout << report::render_doctor_text(report, report::TextStyle{color_wanted(STDOUT_FILENO), false});
  }
  if (!write_junit(report, command.junit_file)) return 2;
  return report.passed() ? 0 : 1;
}

}  // namespace kcldap::cli
