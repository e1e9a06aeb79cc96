// The bootstrap-client flow as a short script of named steps: sign in as the admin identity -> create or
// update the service-account client and grant its roles -> hand over the secret (0600 file) -> sign in as
// the client to verify its roles -> the kubectl line -> point the config at the client. Returns a plain
// result (the report value and, apart from it, the secret for --print-secret); prints nothing.
#pragma once
#include <string>

#include "keycloak/admin_client.hpp"
#include "src/config/config.hpp"
#include "src/report/bootstrap_report.hpp"

namespace kcldap::pipeline {

struct BootstrapRequest {
  std::string client_id = "kcldap";
  bool rotate_secret = false;
  std::string secret_file;        // write the secret here (mode 0600), when set
  std::string kubectl_secret;     // print a kubectl line storing secret_file in this Kubernetes secret
  std::string kubectl_namespace;
  bool print_secret = false;
  bool write_config = false;      // point config_path's [keycloak] at the client
  std::string config_path;
  std::string secret_env;         // with write_config and no secret_file: ${env:NAME}
};

struct BootstrapResult {
  report::BootstrapReport report;
  std::string secret;  // the client's secret, for --print-secret only: never in the report
};

// `admin`: how to sign in as the identity that creates the client.
BootstrapResult run_bootstrap(const config::Config& config, const keycloak::ClientSettings& admin, const BootstrapRequest& request);

// "kubectl create secret generic NAME ... --from-file=client-secret=FILE ... | kubectl apply -f -".
std::string kubectl_command(const BootstrapRequest& request);

}  // namespace kcldap::pipeline
