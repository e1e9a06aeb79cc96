// `kcldap probe`: runs the LDAP probe from the config file and flags, prints the report (text or JSON),
// and returns the documented exit code (0 all passed, 1 a stage failed, 2 usage or config error).
#pragma once
#include <CLI/CLI.hpp>

#include "src/cli/options.hpp"

namespace kcldap::cli {

struct ProbeOptions {
  CommonOptions common;
  config::LdapOverrides overrides;
  bool verbose = false;
};

void register_probe(CLI::App& app, ProbeOptions& options);
int run_probe_command(const ProbeOptions& options);

}  // namespace kcldap::cli
