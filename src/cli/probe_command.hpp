// `kcldap probe`: runs the LDAP probe from the config file and flags, prints the report (text or JSON),
// and returns the documented exit code (0 all passed, 1 a stage failed, 2 usage or config error).
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "src/config/overrides.hpp"

namespace kcldap::cli {

struct CommonOptions {
  std::string config_path;
  std::string format = "text";
};

struct ProbeCommand {
  CommonOptions common;
  config::LdapOverrides overrides;
  bool verbose = false;
};

void register_probe(CLI::App& app, ProbeCommand& command);
void add_ldap_flags(CLI::App& sub, config::LdapOverrides& overrides);
int run_probe_command(const ProbeCommand& command);

// Loads the config file (if any), applies the flags, and prints every error; nullopt means exit 2.
std::optional<config::Config> load_effective_config(const CommonOptions& common, const config::LdapOverrides& overrides);

}  // namespace kcldap::cli
