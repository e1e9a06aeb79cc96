// `kcldap plan`, `kcldap apply` and `kcldap restore`: the plan and apply stages of the pipeline.
//   plan:    0 ok (with --detailed-exitcode: 0 no changes, 3 changes pending), 1 error, 2 usage/config
//   apply:   0 applied (or nothing to do), 1 failed (the output says what was and was not done), 2 usage
//   restore: 0 restored, 1 failed, 2 usage
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "src/cli/probe_command.hpp"

namespace kcldap::cli {

struct FederationCommand {
  CommonOptions common;
  config::LdapOverrides ldap;
  config::KeycloakOverrides keycloak;
  bool detailed_exitcode = false;
  bool rotate_bind_credential = false;
  bool yes = false;
  std::string backup_dir;
  std::string backup_file;  // restore
};

void register_federation_commands(CLI::App& app, FederationCommand& plan, FederationCommand& apply, FederationCommand& restore);
int run_plan_command(const FederationCommand& command);
int run_apply_command(const FederationCommand& command);
int run_restore_command(const FederationCommand& command);

}  // namespace kcldap::cli
