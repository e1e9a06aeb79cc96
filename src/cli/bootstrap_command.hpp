// `kcldap bootstrap-client`: creates (or brings up to date) the least-privilege service-account client
// that unattended runs sign in with, grants its service account the realm-management roles the config
// needs (never revoking any), hands over its secret safely (0600 file, stdout on request, a kubectl
// command line that reads the file), signs in as it to verify the roles, and can point the config at it.
//   exit codes: 0 done (changed or already as wanted), 1 Keycloak refused or the verification failed,
//               2 usage or config error
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "src/cli/options.hpp"
#include "src/config/overrides.hpp"

namespace kcldap::cli {

struct BootstrapOptions {
  CommonOptions common;
  config::KeycloakOverrides keycloak;  // --keycloak-url and --realm only
  std::string admin_realm;             // default: master for --admin-username, the target realm for --admin-client-id
  std::string admin_username;
  std::string admin_password_env;
  std::string admin_client_id;
  std::string admin_client_secret_env;
  std::string client_id = "kcldap";
  bool rotate_secret = false;
  std::string secret_file;
  bool print_secret = false;
  std::string kubectl_secret;
  std::string kubectl_namespace;
  bool write_config = false;
  std::string secret_env;
};

void register_bootstrap_command(CLI::App& app, BootstrapOptions& options);
int run_bootstrap_command(const BootstrapOptions& options);

// The flags a usage error names (checked before anything is loaded); nullopt when they fit together.
std::optional<std::string> bootstrap_flag_problem(const BootstrapOptions& options);

}  // namespace kcldap::cli
