// kcldap: connects a Keycloak realm to an LDAP or Active Directory server, correctly and safely.
// This file only parses the command line and dispatches to the commands.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "src/cli/commands.hpp"

int main(int argc, char** argv) {
  // libldap would otherwise read ldap.conf, ~/.ldaprc and LDAP* environment variables, so the same
  // kcldap.toml could behave differently on two machines; kcldap's config is the only source.
  ::setenv("LDAPNOINIT", "1", 1);
  // A server that hangs up must surface as an error from the call that wrote to it, not kill kcldap.
  ::signal(SIGPIPE, SIG_IGN);

  CLI::App app{"kcldap: probe an LDAP/AD directory and connect it to Keycloak, safely"};
  app.set_version_flag("--version", std::string("kcldap ") + KCLDAP_VERSION);
  app.require_subcommand(1);
  kcldap::cli::Commands commands;
  kcldap::cli::register_commands(app, commands);
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
    return kcldap::cli::run_chosen_command(app, commands);
  } catch (const std::exception& unexpected) {
    std::cerr << "kcldap: internal error: " << unexpected.what() << "\n";
    return 1;
  }
}
