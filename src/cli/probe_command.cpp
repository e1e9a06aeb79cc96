#include "src/cli/probe_command.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "checks/probe_report.hpp"
#include "ldap/probe.hpp"
#include "src/config/config.hpp"
#include "src/pipeline/probe_options.hpp"

namespace kcldap::cli {

void add_ldap_flags(CLI::App& sub, config::LdapOverrides& overrides) {
  sub.add_option("--ldap-url", overrides.urls, "LDAP server URL (repeat for failover order); overrides [ldap] url");
  sub.add_option("--bind-dn", overrides.bind_dn, "DN to bind as; overrides [ldap] bind_dn");
  sub.add_option("--bind-password-env", overrides.bind_password_env, "name of the environment variable holding the bind password");
  sub.add_option("--bind-password-file", overrides.bind_password_file, "file holding the bind password (one trailing newline is ignored)");
  sub.add_option("--users-dn", overrides.users_dn, "DN under which users live; overrides [ldap] users_dn");
  sub.add_option("--ca-file", overrides.ca_file, "PEM file of the CA that issued the LDAP server's certificate");
  sub.add_flag("--start-tls", overrides.start_tls, "upgrade ldap:// connections with StartTLS");
  sub.add_flag("--insecure-skip-tls-verify", overrides.insecure_skip_tls_verify,
               "do not verify the LDAP server's certificate (warned about; for diagnosis only)");
}

void register_probe(CLI::App& app, ProbeCommand& command) {
  CLI::App* sub = app.add_subcommand("probe", "Probe the LDAP/AD directory: connect, TLS, bind, vendor, users, attributes, groups");
  sub->add_option("--config", command.common.config_path, "kcldap.toml to read");
  sub->add_option("--format", command.common.format, "output format")->check(CLI::IsMember({"text", "json"}));
  sub->add_option("--sample-size", command.overrides.sample_size, "users to sample for attribute discovery (default 500)");
  sub->add_flag("--verbose,-v", command.verbose, "show the details of passing stages too");
  add_ldap_flags(*sub, command.overrides);
}

std::optional<config::Config> load_effective_config(const CommonOptions& common, const config::LdapOverrides& overrides) {
  config::Config config;
  if (!common.config_path.empty()) {
    config::LoadResult loaded = config::load_config_file(common.config_path);
    if (!loaded.ok()) {
      for (const auto& error : loaded.errors) std::cerr << "error: " << error.to_string() << "\n";
      std::cerr << loaded.errors.size() << " problem(s) in " << common.config_path << "; nothing was done.\n";
      return std::nullopt;
    }
    config = std::move(loaded.config);
  }
  const auto errors = config::apply_overrides(config, overrides);
  if (!errors.empty()) {
    for (const auto& error : errors) std::cerr << "error: " << error.to_string() << "\n";
    return std::nullopt;
  }
  for (const auto& warning : config.warnings) std::cerr << "warning: " << warning << "\n";
  return config;
}

int run_probe_command(const ProbeCommand& command) {
  auto config = load_effective_config(command.common, command.overrides);
  if (!config) return 2;
  auto options = pipeline::make_probe_options(*config);
  if (!options) {
    std::cerr << "error: " << options.error() << "\n";
    return 2;
  }
  const bool json = command.common.format == "json";
  const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  checks::TextStyle style{terminal && std::getenv("NO_COLOR") == nullptr, command.verbose};
  if (!options->tls_verify) {
    std::cerr << "warning: TLS certificate verification is OFF for the LDAP connection; use it for diagnosis only\n";
  }
  // On a terminal, show each stage as it finishes (stderr, so stdout stays the report).
  const bool live = !json && ::isatty(STDERR_FILENO) == 1 && terminal;
  ldap::StageObserver observer;
  if (live) {
    observer = [&](const ldap::StageResult& stage) { std::cerr << "\r\033[K  ..." << stage.title << " done" << std::flush; };
  }
  const ldap::ProbeReport report = ldap::run_probe(*options, observer);
  if (live) std::cerr << "\r\033[K" << std::flush;
  if (json) {
    std::cout << checks::probe_to_json(report).dump(2) << "\n";
  } else {
    std::cout << checks::render_probe_text(report, options->bind_dn.empty() ? "anonymous" : options->bind_dn, style);
  }
  return checks::probe_exit_code(report);
}

}  // namespace kcldap::cli
