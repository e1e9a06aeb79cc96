// kcldap: connects a Keycloak realm to an LDAP or Active Directory server, correctly and safely.
// This file only parses the command line and dispatches to the commands.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "src/cli/bootstrap_command.hpp"
#include "src/cli/check_commands.hpp"
#include "src/cli/federation_commands.hpp"
#include "src/cli/probe_command.hpp"
#include "src/cli/setup_command.hpp"

int main(int argc, char** argv) {
  // libldap would otherwise read ldap.conf, ~/.ldaprc and LDAP* environment variables, so the same
  // kcldap.toml could behave differently on two machines; kcldap's config is the only source.
  ::setenv("LDAPNOINIT", "1", 1);
  // A server that hangs up must surface as an error from the call that wrote to it, not kill kcldap.
  ::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"kcldap: probe an LDAP/AD directory and connect it to Keycloak, safely"};
  app.set_version_flag("--version", std::string("kcldap ") + KCLDAP_VERSION);
  app.require_subcommand(1);
  kcldap::cli::ProbeOptions probe;
  kcldap::cli::register_probe(app, probe);
  kcldap::cli::PlanOptions plan;
  kcldap::cli::register_plan(app, plan);
  kcldap::cli::ApplyOptions apply;
  kcldap::cli::register_apply(app, apply);
  kcldap::cli::RestoreOptions restore;
  kcldap::cli::register_restore(app, restore);
  kcldap::cli::CheckOptions check;
  kcldap::cli::register_check(app, check);
  kcldap::cli::VerifyOptions verify;
  kcldap::cli::register_verify(app, verify);
  kcldap::cli::SetupOptions setup;
  kcldap::cli::register_setup_command(app, setup);
  kcldap::cli::BootstrapOptions bootstrap;
  kcldap::cli::register_bootstrap_command(app, bootstrap);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return 2;  // usage error, as documented
  }
  try {
    if (app.got_subcommand("probe")) return kcldap::cli::run_probe_command(probe);
    if (app.got_subcommand("plan")) return kcldap::cli::run_plan_command(plan);
    if (app.got_subcommand("apply")) return kcldap::cli::run_apply_command(apply);
    if (app.got_subcommand("restore")) return kcldap::cli::run_restore_command(restore);
    if (app.got_subcommand("check")) return kcldap::cli::run_check_command(check);
    if (app.got_subcommand("verify")) return kcldap::cli::run_verify_command(verify);
    if (app.got_subcommand("setup")) return kcldap::cli::run_setup_command(setup);
    if (app.got_subcommand("bootstrap-client")) return kcldap::cli::run_bootstrap_command(bootstrap);
  } catch (const std::exception& unexpected) {
    std::cerr << "kcldap: internal error: " << unexpected.what() << "\n";
    return 1;
  }
  return 2;
}
