#include "src/pipeline/bootstrap_run.hpp"

#include <sys/stat.h>

#include "checks/keycloak_checks.hpp"
#include "common/file.hpp"
#include "keycloak/service_client.hpp"
#include "src/config/identity_edit.hpp"
#include "src/pipeline/clients_run.hpp"
#include "src/pipeline/preflight.hpp"
#include "src/prompts/config_writer.hpp"

namespace kcldap::pipeline {

namespace {

// The config updated to sign in as the client. Returns "updated", "unchanged", or an error message.
Expected<std::string, std::string> update_config(const std::string& path, const config::ServiceAccountIdentity& identity) {
  auto text = read_file(path);
  if (!text) return unexpected("cannot read " + path);
  const std::string updated = config::with_service_account(*text, identity);
  if (updated == *text) return std::string("unchanged");
  const config::LoadResult check = config::load_config_text(updated, path);
  if (!check.ok()) return unexpected("the updated " + path + " would not load (" + check.errors.front().to_string() + "); left it as it was");
  struct stat info {};
  const unsigned mode = ::stat(path.c_str(), &info) == 0 ? static_cast<unsigned>(info.st_mode & 0777) : 0600U;
  if (auto written = prompts::write_file_atomically(path, updated, mode); !written) return unexpected("cannot write " + path + ": " + written.error());
  return std::string("updated");
}

// One run: each step fills in its part of the report, or records the failure and stops the run.
class BootstrapRun {
 public:
  BootstrapRun(const config::Config& config, const keycloak::ClientSettings& admin, const BootstrapRequest& request)
      : config_(config), admin_(admin), request_(request) {
    result_.report.realm = config.keycloak.realm;
    result_.report.client_id = request.client_id;
  }

  BootstrapResult run() {
    if (sign_in() && ensure_client() && hand_over_secret() && verify() && point_config()) finish();
    return std::move(result_);
  }

 private:
  bool fail(const std::string& stage, const std::string& message) {
    result_.report.failure = report::BootstrapFailure{stage, message};
    return false;
  }
  bool sign_in();
  bool ensure_client();
  bool hand_over_secret();
  bool verify();
  bool point_config();
  void finish();

  const config::Config& config_;
  const keycloak::ClientSettings& admin_;
  const BootstrapRequest& request_;
  std::optional<keycloak::AdminClient> client_;
  keycloak::RoleFeatures features_;
  bool client_changed_ = false;
  bool secret_rotated_ = false;
  BootstrapResult result_;
};

bool BootstrapRun::sign_in() {
  auto admin = keycloak::AdminClient::connect(admin_);
  if (!admin) return fail("sign-in", admin.error().to_string());
  result_.report.admin_identity = admin->facts().identity;
  client_ = std::move(*admin);
  return true;
}

bool BootstrapRun::ensure_client() {
  features_ = configured_role_features(config_);
  keycloak::ServiceClientRequest wanted;
  wanted.client_id = request_.client_id;
  wanted.description = keycloak::service_client_description();
  wanted.roles = keycloak::roles_needed(features_);  // the kcldap preset, narrowed to what this config uses
  wanted.rotate_secret = request_.rotate_secret;
  auto ensured = keycloak::ensure_service_client(*client_, wanted);
  if (!ensured) {
    std::string message = ensured.error().to_string();
    if (ensured.error().status == 403) {
      message += "\n  the admin identity needs manage-clients, manage-users and manage-realm in realm " + config_.keycloak.realm +
                 " (a master realm admin has them all)";
    }
    return fail("client", message);
  }
  const keycloak::ServiceClientResult& r = *ensured;
  result_.report.client = report::BootstrapClient{r.client_uuid,   r.service_account_user, r.created,    r.settings_changed,
                                                  r.roles_granted, r.roles_present,        r.extra_roles};
  secret_rotated_ = r.secret_rotated;
  client_changed_ = r.changed();
  result_.secret = r.secret;
  return true;
}

bool BootstrapRun::hand_over_secret() {
  report::BootstrapSecret secret{secret_rotated_, std::nullopt, false, false};
  if (!request_.secret_file.empty()) {
    auto written = write_secret_file(request_.secret_file, result_.secret);
    if (!written) return fail("secret", written.error());
    secret.file = request_.secret_file;
    secret.file_changed = *written == "written";
  }
  secret.printed = request_.print_secret;
  result_.report.secret = secret;
  return true;
}

// Signs in as the client itself: proves the secret and shows the roles Keycloak puts in its token.
bool BootstrapRun::verify() {
  const std::string& realm = config_.keycloak.realm;
  keycloak::ClientSettings as_client = admin_;
  as_client.username.clear();
  as_client.password.clear();
  as_client.client_id = request_.client_id;
  as_client.client_secret = result_.secret;
  as_client.auth_realm = realm;
  auto signed_in = keycloak::AdminClient::connect(as_client);
  if (!signed_in) return fail("verify", "signing in as client " + request_.client_id + " failed: " + signed_in.error().to_string());
  const checks::Check roles =
      checks::roles_check(keycloak::held_roles(*signed_in), realm, signed_in->token_realm(), signed_in->facts().identity, features_);
  result_.report.verify = report::BootstrapVerify{kcldap::to_string(roles.status), roles.finding};
  if (roles.status == checks::Status::fail) return fail("verify", roles.finding + (roles.remedy.empty() ? "" : "; " + roles.remedy));
  return true;
}

bool BootstrapRun::point_config() {
  if (!request_.kubectl_secret.empty()) result_.report.kubectl = kubectl_command(request_);
  if (!request_.write_config) return true;
  const bool by_file = !request_.secret_file.empty();
  const std::string reference = by_file ? "${file:" + request_.secret_file + "}" : "${env:" + request_.secret_env + "}";
  auto updated = update_config(request_.config_path, {request_.client_id, config_.keycloak.realm, reference});
  if (!updated) return fail("config", updated.error());
  result_.report.config = report::BootstrapConfig{request_.config_path, *updated == "updated", reference, by_file ? "" : request_.secret_env};
  return true;
}

void BootstrapRun::finish() {
  const auto& report = result_.report;
  result_.report.changed = client_changed_ || (report.config && report.config->changed) || (report.secret->file && report.secret->file_changed);
}

}  // namespace

std::string kubectl_command(const BootstrapRequest& request) {
  return kubectl_secret_command({request.kubectl_secret, request.kubectl_namespace, "client-secret"}, request.secret_file);
}

BootstrapResult run_bootstrap(const config::Config& config, const keycloak::ClientSettings& admin, const BootstrapRequest& request) {
  return BootstrapRun(config, admin, request).run();
}

}  // namespace kcldap::pipeline
