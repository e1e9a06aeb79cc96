// The command-line flags the commands share, and what they load: the config file and format flags, the
// [ldap] and [keycloak] overrides, the report flags of check and verify; the config they name (with every
// override applied) and a signed-in Keycloak session. Each command's own option struct (PlanOptions,
// ApplyOptions, ...) lives with the command and is made of these parts. Flag names, defaults and help
// texts are part of the documented interface (README, integration tests).
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "keycloak/admin_client.hpp"
#include "src/config/config.hpp"
#include "src/config/overrides.hpp"

namespace kcldap::cli {

struct CommonOptions {
  std::string config_path;
  std::string format = "text";
};

// What a Keycloak-facing command (plan, apply, restore, check, verify) targets: --config, --format and
// the [ldap] and [keycloak] overrides.
struct TargetOptions {
  CommonOptions common;
  config::LdapOverrides ldap;
  config::KeycloakOverrides keycloak;
};

// check and verify: how the check report is judged and where else it goes.
struct ReportFlags {
  bool strict = false;
  bool verbose = false;
  std::string junit_file;
};

// --ldap-url, --bind-dn, ... into the [ldap] overrides.
void add_ldap_flags(CLI::App& sub, config::LdapOverrides& overrides);
// --keycloak-url, --realm, ... into the [keycloak] overrides.
void add_keycloak_flags(CLI::App& sub, config::KeycloakOverrides& overrides);
// --config and --format (one of `formats`).
void add_common_flags(CLI::App& sub, CommonOptions& common, const std::vector<std::string>& formats);
// The subcommand `name` with --config, --format and the [ldap] and [keycloak] overrides.
CLI::App* add_target_command(CLI::App& app, const std::string& name, const std::string& help, TargetOptions& target,
                             const std::vector<std::string>& formats);
// --strict, --junit-file, --verbose.
void add_report_flags(CLI::App& sub, ReportFlags& flags);

// A validator for an output file flag (--junit-file): refused at once, before any work, when the file
// could not be written (its folder is missing or not writable, or the path is a folder or not writable).
CLI::Validator writable_output_file();
// --junit-file, the same for every command that reports checks: checked writable before any work.
void add_junit_flag(CLI::App& sub, std::string& path);
// The same judgement as a plain function: the problem in words, or "" when the file can be written.
std::string output_file_problem(const std::string& path);

// Colour on this file descriptor: a terminal, and NO_COLOR unset.
bool color_wanted(int fd);

// Loads the config file (if any), applies the [ldap] flags, and prints every error; nullopt means exit 2.
std::optional<config::Config> load_effective_config(const CommonOptions& common, const config::LdapOverrides& overrides);
// Loads the config with every flag applied; nullopt: errors printed, `exit_code` set (2).
std::optional<config::Config> load_full_config(const TargetOptions& target, int& exit_code);

struct Session {
  config::Config config;
  std::optional<keycloak::AdminClient> client;
};
// Loads the config with all flags, and signs in to Keycloak. nullopt: the error is printed and `exit_code` set.
std::optional<Session> open_session(const TargetOptions& target, int& exit_code);

}  // namespace kcldap::cli
