#include "src/cli/bootstrap_command.hpp"

#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "checks/keycloak_checks.hpp"
#include "common/file.hpp"
#include "keycloak/service_client.hpp"
#include "common/text.hpp"
#include "src/config/identity_edit.hpp"
#include "src/pipeline/preflight.hpp"
#include "src/prompts/config_writer.hpp"

namespace kcldap::cli {

using nlohmann::json;

namespace {

struct UsageError {
  std::string message;
};

std::string env_or_empty(const std::string& name) {
  const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
  return value == nullptr ? "" : value;
}

// The identity that creates the client: the --admin-* flags, else the config's [keycloak] sign-in.
Expected<keycloak::ClientSettings, UsageError> admin_settings(const BootstrapCommand& command, const config::Config& config) {
  if (!command.admin_username.empty() && !command.admin_client_id.empty()) {
    return unexpected(UsageError{"give --admin-username or --admin-client-id, not both"});
  }
  if (command.admin_username.empty() && command.admin_client_id.empty()) {
    auto settings = pipeline::make_client_settings(config);
    if (!settings) {
      return unexpected(UsageError{settings.error().message +
                                   " (or name the admin identity: --admin-username USER --admin-password-env VAR, or "
                                   "--admin-client-id ID --admin-client-secret-env VAR)"});
    }
    return *settings;
  }
  auto base = pipeline::client_settings_without_identity(config);
  if (!base) return unexpected(UsageError{base.error().message});
  keycloak::ClientSettings settings = *base;
  if (!command.admin_username.empty()) {
    if (command.admin_password_env.empty()) return unexpected(UsageError{"--admin-username needs --admin-password-env VAR"});
    settings.password = env_or_empty(command.admin_password_env);
    if (settings.password.empty()) {
      return unexpected(UsageError{"flag --admin-password-env: the environment variable " + command.admin_password_env +
                                   " is not set or empty; export it first"});
    }
    settings.username = command.admin_username;
    settings.auth_realm = command.admin_realm.empty() ? "master" : command.admin_realm;
  } else {
    if (command.admin_client_secret_env.empty()) return unexpected(UsageError{"--admin-client-id needs --admin-client-secret-env VAR"});
    settings.client_secret = env_or_empty(command.admin_client_secret_env);
    if (settings.client_secret.empty()) {
      return unexpected(UsageError{"flag --admin-client-secret-env: the environment variable " + command.admin_client_secret_env +
                                   " is not set or empty; export it first"});
    }
    settings.client_id = command.admin_client_id;
    settings.auth_realm = command.admin_realm.empty() ? config.keycloak.realm : command.admin_realm;
  }
  return settings;
}

std::optional<UsageError> check_flags(const BootstrapCommand& command) {
  if (command.client_id.empty()) return UsageError{"flag --client-id: the client id is empty"};
  if (!command.kubectl_secret.empty() && command.secret_file.empty()) {
    return UsageError{"flag --kubectl-secret: the kubectl command reads the secret from a file; add --secret-file PATH"};
  }
  if (command.write_config) {
    if (command.common.config_path.empty()) return UsageError{"flag --write-config: there is no config file to update; add --config FILE"};
    if (command.secret_file.empty() && command.secret_env.empty()) {
      return UsageError{"flag --write-config: say how the config finds the secret: --secret-file PATH (written as ${file:PATH}) or "
                        "--secret-env NAME (${env:NAME})"};
    }
  }
  if (!command.secret_env.empty() && !command.write_config) return UsageError{"flag --secret-env only names the reference --write-config writes"};
  return std::nullopt;
}

std::string kubectl_command(const BootstrapCommand& command) {
  std::string line = "kubectl create secret generic " + command.kubectl_secret;
  if (!command.kubectl_namespace.empty()) line += " --namespace " + command.kubectl_namespace;
  return line + " --from-file=client-secret=" + command.secret_file + " --dry-run=client -o yaml | kubectl apply -f -";
}

// Where the secret goes. Returns "written", "unchanged", or an error message.
Expected<std::string, std::string> write_secret_file(const std::string& path, const std::string& secret) {
  if (auto existing = read_file(path); existing && *existing == secret) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 0777) == 0600) return std::string("unchanged");
  }
  if (auto written = prompts::write_file_atomically(path, secret, 0600); !written) {
    return unexpected("cannot write the secret to " + path + ": " + written.error());
  }
  return std::string("written");
}

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

}  // namespace

void register_bootstrap_command(CLI::App& app, BootstrapCommand& command) {
  CLI::App* sub = app.add_subcommand("bootstrap-client", "create or update the least-privilege service-account client kcldap runs with");
  sub->add_option("--config", command.common.config_path, "kcldap.toml to read (Keycloak URL, realm, the features that decide the roles)");
  sub->add_option("--format", command.common.format, "output format")->check(CLI::IsMember({"text", "json"}));
  sub->add_option("--keycloak-url", command.keycloak.url, "Keycloak base URL; overrides [keycloak] url");
  sub->add_option("--realm", command.keycloak.realm, "realm to create the client in; overrides [keycloak] realm");
  sub->add_option("--admin-username", command.admin_username, "admin user that creates the client (admin-cli password grant)");
  sub->add_option("--admin-password-env", command.admin_password_env, "environment variable holding that user's password");
  sub->add_option("--admin-client-id", command.admin_client_id, "or: a service account with manage-clients, manage-users and manage-realm");
  sub->add_option("--admin-client-secret-env", command.admin_client_secret_env, "environment variable holding that client's secret");
  sub->add_option("--admin-realm", command.admin_realm, "realm the admin identity signs in to (default master for a user, the target realm for a client)");
  sub->add_option("--client-id", command.client_id, "client to create or update (default kcldap)");
  sub->add_flag("--rotate-secret", command.rotate_secret, "have Keycloak generate a new secret (the old one stops working)");
  sub->add_option("--secret-file", command.secret_file, "write the secret to this file (mode 0600)");
  sub->add_flag("--print-secret", command.print_secret, "print the secret on stdout (the report goes to stderr)");
  sub->add_option("--kubectl-secret", command.kubectl_secret, "print a kubectl command that stores --secret-file in this Kubernetes secret");
  sub->add_option("--namespace", command.kubectl_namespace, "namespace for --kubectl-secret");
  sub->add_flag("--write-config", command.write_config, "update the config's [keycloak] section to sign in as this client");
  sub->add_option("--secret-env", command.secret_env, "with --write-config: reference the secret as ${env:NAME} instead of ${file:...}");
}

int run_bootstrap_command(const BootstrapCommand& command) {
  if (auto problem = check_flags(command)) {
    std::cerr << "error: " << problem->message << "\n";
    return 2;
  }
  auto config = load_effective_config(command.common, config::LdapOverrides{});
  if (!config) return 2;
  if (auto errors = config::apply_overrides(*config, command.keycloak); !errors.empty()) {
    for (const auto& error : errors) std::cerr << "error: " << error.to_string() << "\n";
    return 2;
  }
  auto settings = admin_settings(command, *config);
  if (!settings) {
    std::cerr << "error: " << settings.error().message << "\n";
    return 2;
  }
  const bool json_output = command.common.format == "json";
  // With --print-secret stdout carries the secret alone, so the report moves to stderr.
  std::ostream& out = command.print_secret ? std::cerr : std::cout;
  const std::string realm = config->keycloak.realm;
  json report = {{"schema", "kcldap.bootstrap/v1"}, {"realm", realm}, {"client_id", command.client_id}};
  const auto fail = [&](const std::string& stage, const std::string& message) {
    if (json_output) {
      report["result"] = "failed";
      report["failed_stage"] = stage;
      report["error"] = message;
      out << report.dump(2) << "\n";
    } else {
      out << "error: " << message << "\nResult: FAILED at " << stage << "\n";
    }
    return 1;
  };

  auto admin = keycloak::AdminClient::connect(*settings);
  if (!admin) return fail("sign-in", admin.error().to_string());
  if (!json_output) out << "kcldap bootstrap-client: realm " << realm << ", client " << command.client_id << " (as " << admin->facts().identity << ")\n";
  report["admin_identity"] = admin->facts().identity;

  const keycloak::RoleFeatures features = pipeline::configured_role_features(*config);
  auto ensured = keycloak::ensure_service_client(*admin, {command.client_id, features, command.rotate_secret});
  if (!ensured) {
    std::string message = ensured.error().to_string();
    if (ensured.error().status == 403) {
      message += "\n  the admin identity needs manage-clients, manage-users and manage-realm in realm " + realm +
                 " (a master realm admin has them all)";
    }
    return fail("client", message);
  }
  const keycloak::ServiceClientResult& result = *ensured;
  report["client_uuid"] = result.client_uuid;
  report["service_account"] = result.service_account_user;
  report["created"] = result.created;
  report["settings_changed"] = result.settings_changed;
  report["roles_granted"] = result.roles_granted;
  report["roles_present"] = result.roles_present;
  report["extra_roles"] = result.extra_roles;
  if (!json_output) {
    if (result.created) {
      out << "  client   created: confidential, service account on, standard flow, implicit flow and direct access grants off\n";
    } else if (result.settings_changed.empty()) {
      out << "  client   up to date\n";
    } else {
      out << "  client   updated: " << kcldap::join(result.settings_changed, "; ") << "\n";
    }
    if (!result.roles_granted.empty()) out << "  roles    granted " << kcldap::join(result.roles_granted) << " to " << result.service_account_user << "\n";
    if (!result.roles_present.empty()) out << "  roles    already held: " << kcldap::join(result.roles_present) << "\n";
    for (const auto& extra : result.extra_roles) {
      out << "  WARN     " << result.service_account_user << " also holds " << extra
          << ", which kcldap does not need; left as is (remove it in Keycloak if nothing else relies on it)\n";
    }
  }

  json secret_report = {{"rotated", result.secret_rotated}};
  std::string secret_line = result.secret_rotated ? "regenerated by Keycloak" : "kept in Keycloak";
  if (!command.secret_file.empty()) {
    auto written = write_secret_file(command.secret_file, result.secret);
    if (!written) return fail("secret", written.error());
    secret_report["file"] = command.secret_file;
    secret_report["file_changed"] = *written == "written";
    secret_line += *written == "written" ? "; written to " + command.secret_file + " (mode 0600)" : "; " + command.secret_file + " already holds it";
  } else if (!command.print_secret) {
    secret_line += " (not shown: --secret-file PATH writes it, --print-secret prints it)";
  }
  if (command.print_secret) {
    secret_report["printed"] = true;
    secret_line += "; printed on stdout";
  }
  report["secret"] = secret_report;
  if (!json_output) out << "  secret   " << secret_line << "\n";

  // Sign in as the client itself: proves the secret and shows the roles Keycloak puts in its token.
  keycloak::ClientSettings as_client = *settings;
  as_client.username.clear();
  as_client.password.clear();
  as_client.client_id = command.client_id;
  as_client.client_secret = result.secret;
  as_client.auth_realm = realm;
  auto signed_in = keycloak::AdminClient::connect(as_client);
  if (!signed_in) return fail("verify", "signing in as client " + command.client_id + " failed: " + signed_in.error().to_string());
  const checks::Check roles = checks::roles_check(keycloak::held_roles(*signed_in), realm, signed_in->token_realm(), signed_in->facts().identity, features);
  report["verify"] = {{"status", kcldap::to_string(roles.status)}, {"finding", roles.finding}};
  if (!json_output) out << "  verify   " << roles.finding << "\n";
  if (roles.status == checks::Status::fail) return fail("verify", roles.finding + (roles.remedy.empty() ? "" : "; " + roles.remedy));

  if (!command.kubectl_secret.empty()) {
    report["kubectl"] = kubectl_command(command);
    if (!json_output) out << "  kubectl  " << kubectl_command(command) << "\n";
  }
  bool config_changed = false;
  if (command.write_config) {
    const std::string reference = !command.secret_file.empty() ? "${file:" + command.secret_file + "}" : "${env:" + command.secret_env + "}";
    auto updated = update_config(command.common.config_path, {command.client_id, realm, reference});
    if (!updated) return fail("config", updated.error());
    config_changed = *updated == "updated";
    report["config"] = {{"file", command.common.config_path}, {"changed", config_changed}, {"secret_reference", reference}};
    if (!json_output) {
      out << "  config   " << command.common.config_path << ": [keycloak] "
          << (config_changed ? "now signs in as" : "already signs in as") << " client " << command.client_id << " with " << reference << "\n";
      if (command.secret_file.empty()) out << "           export " << command.secret_env << " with the secret before the next kcldap run\n";
    }
  }

  const bool changed = result.changed() || config_changed || (secret_report.contains("file_changed") && secret_report["file_changed"].get<bool>());
  report["changed"] = changed;
  report["result"] = "ok";
  if (json_output) {
    out << report.dump(2) << "\n";
  } else {
    out << "Result: " << (changed ? "OK, changed" : "OK, nothing to change") << "\n";
  }
  if (command.print_secret) std::cout << result.secret << "\n";
  return 0;
}

}  // namespace kcldap::cli
