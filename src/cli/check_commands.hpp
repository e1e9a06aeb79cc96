// `kcldap check` (preflight: no write anywhere) and `kcldap verify` (the post-checks alone, against the
// federation Keycloak holds now). Both print live progress, then text, JSON (kcldap.check/v1) or JUnit.
//   exit codes: 0 every check passed (warnings allowed), 1 a check failed (or warned, with --strict),
//               2 usage or config error
#pragma once
#include <CLI/CLI.hpp>

#include "src/cli/federation_commands.hpp"

namespace kcldap::cli {

void register_check_commands(CLI::App& app, FederationCommand& check, FederationCommand& verify);
int run_check_command(const FederationCommand& command);
int run_verify_command(const FederationCommand& command);

}  // namespace kcldap::cli
