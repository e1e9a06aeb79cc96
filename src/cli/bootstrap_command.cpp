#include "src/cli/bootstrap_command.hpp"

#include <cstdlib>
#include <iostream>

#include "src/pipeline/bootstrap_run.hpp"
#include "src/pipeline/planning.hpp"
#include "src/report/bootstrap_report.hpp"

namespace kcldap::cli {

namespace {

struct UsageError {
  std::string message;
};

std::string env_or_empty(const std::string& name) {
  const char* value = name.empty() ? nullptr : std::getenv(name.c_str());
  return value == nullptr ? "" : value;
}

// The identity that creates the client: the --admin-* flags, else the config's [keycloak] sign-in.
Expected<keycloak::ClientSettings, UsageError> admin_settings(const BootstrapOptions& command, const config::Config& config) {
  if (!command.admin_username.empty() && !command.admin_client_id.empty()) {
    return unexpected(UsageError{"give --admin-username or --admin-client-id, not both"});
  }
  if (!command.admin_password_env.empty() && command.admin_username.empty()) {
    return unexpected(UsageError{"--admin-password-env is the password of --admin-username USER; add --admin-username"});
  }
  if (!command.admin_client_secret_env.empty() && command.admin_client_id.empty()) {
    return unexpected(UsageError{"--admin-client-secret-env is the secret of --admin-client-id ID; add --admin-client-id"});
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

std::optional<UsageError> check_flags(const BootstrapOptions& command) {
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

pipeline::BootstrapRequest bootstrap_request(const BootstrapOptions& options) {
  return {options.client_id,   options.rotate_secret, options.secret_file,        options.kubectl_secret, options.kubectl_namespace,
          options.print_secret, options.write_config, options.common.config_path, options.secret_env};
}

}  // namespace

std::optional<std::string> bootstrap_flag_problem(const BootstrapOptions& options) {
  if (auto problem = check_flags(options)) return problem->message;
  return std::nullopt;
}

void register_bootstrap_command(CLI::App& app, BootstrapOptions& command) {
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

int run_bootstrap_command(const BootstrapOptions& command) {
  if (auto problem = bootstrap_flag_problem(command)) {
    std::cerr << "error: " << *problem << "\n";
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
  const pipeline::BootstrapResult result = pipeline::run_bootstrap(*config, *settings, bootstrap_request(command));
  // With --print-secret stdout carries the secret alone, so the report moves to stderr.
  std::ostream& out = command.print_secret ? std::cerr : std::cout;
  if (command.common.format == "json") {
    out << report::bootstrap_to_json(result.report).dump(2) << "\n";
  } else {
    out << report::render_bootstrap_text(result.report);
  }
  if (!result.report.ok()) return 1;
  if (command.print_secret) std::cout << result.secret << "\n";
  return 0;
}

}  // namespace kcldap::cli
