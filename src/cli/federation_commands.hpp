// `kcldap plan`, `kcldap apply` and `kcldap restore`, and the flags and session the Keycloak-facing
// commands share (check and verify too).
//   plan:    0 ok (with --detailed-exitcode: 0 no changes, 3 changes pending), 1 error, 2 usage/config
//   apply:   0 applied, post-checked and restarted (or nothing to do), 1 a stage failed (the output says
//            what was done and undone), 2 usage/config
//   restore: 0 restored, 1 failed, 2 usage
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include <optional>
#include <vector>

#include "keycloak/admin_client.hpp"
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
  // check, verify, apply
  bool strict = false;
  bool verbose = false;
  std::string junit_file;
  // apply
  bool keep_on_failure = false;
  bool force_restart = false;
  bool no_restart = false;
  bool dry_run = false;
};

struct Session {
  config::Config config;
  std::optional<keycloak::AdminClient> client;
};

void add_keycloak_flags(CLI::App& sub, config::KeycloakOverrides& overrides);
CLI::App* add_federation_command(CLI::App& app, const std::string& name, const std::string& help, FederationCommand& command,
                                 const std::vector<std::string>& formats);
bool color_wanted(int fd);

// Loads the config with every flag applied; nullopt: errors printed, `exit_code` set (2).
std::optional<config::Config> load_full_config(const FederationCommand& command, int& exit_code);
// Loads the config with all flags, and signs in to Keycloak. nullopt: the error is printed and `exit_code` set.
std::optional<Session> open_session(const FederationCommand& command, int& exit_code);

void register_federation_commands(CLI::App& app, FederationCommand& plan, FederationCommand& apply, FederationCommand& restore);
int run_plan_command(const FederationCommand& command);
int run_apply_command(const FederationCommand& command);  // apply_command.cpp
int run_restore_command(const FederationCommand& command);

}  // namespace kcldap::cli
