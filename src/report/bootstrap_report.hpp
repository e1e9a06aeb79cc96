// The bootstrap-client report (schema kcldap.bootstrap/v1), as JSON and as the text lines a person reads.
// BootstrapReport is the plain value the bootstrap pipeline fills in step by step: a part is present
// (and shown) once its step ran, so a failure shows everything done before it. It never holds the
// client secret.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kcldap::report {

struct BootstrapClient {
  std::string uuid;
  std::string service_account;
  bool created = false;
  std::vector<std::string> settings_changed;
  std::vector<std::string> roles_granted;
  std::vector<std::string> roles_present;
  std::vector<std::string> extra_roles;
};

struct BootstrapSecret {
  bool rotated = false;
  std::optional<std::string> file;  // --secret-file
  bool file_changed = false;        // with a file: whether it was (re)written
  bool printed = false;             // --print-secret
};

struct BootstrapVerify {
  std::string status;  // pass | warn | fail
  std::string finding;
};

struct BootstrapConfig {
  std::string file;
  bool changed = false;
  std::string secret_reference;  // ${file:...} or ${env:...}
  std::string export_env;        // with ${env:NAME}: NAME, for the reminder to export it (not in JSON)
};

struct BootstrapFailure {
  std::string stage;  // sign-in, client, secret, verify, config
  std::string message;
};

struct BootstrapReport {
  std::string realm;
  std::string client_id;
  std::optional<std::string> admin_identity;  // once signed in
  std::optional<BootstrapClient> client;
  std::optional<BootstrapSecret> secret;
  std::optional<BootstrapVerify> verify;
  std::optional<std::string> kubectl;
  std::optional<BootstrapConfig> config;
  std::optional<BootstrapFailure> failure;
  bool changed = false;

  bool ok() const { return !failure; }
};

nlohmann::json bootstrap_to_json(const BootstrapReport& report);
std::string render_bootstrap_text(const BootstrapReport& report);

}  // namespace kcldap::report
