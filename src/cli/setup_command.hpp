// `kcldap setup`: the guided interactive setup. Asks little, proposes what the probe found, writes a
// kcldap.toml that replays the same setup unattended (atomically: Ctrl-C or end of input leaves no
// half-written file), shows the plan and offers to apply it.
//   exit codes: 0 written (and applied if chosen and it passed), 1 the apply failed or input ended,
//               2 usage error (no terminal without --defaults, a flag's secret missing, a default that
//               does not work with --defaults), 130 cancelled with Ctrl-C
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "src/cli/federation_commands.hpp"

namespace kcldap::cli {

struct SetupOptions {
  config::LdapOverrides ldap;
  config::KeycloakOverrides keycloak;
  std::string output = "kcldap.toml";
  bool defaults = false;
  bool no_apply = false;
};

void register_setup_command(CLI::App& app, SetupOptions& options);
int run_setup_command(const SetupOptions& options);

}  // namespace kcldap::cli
