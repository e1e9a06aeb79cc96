#include "src/cli/options.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "src/cli/output_mask.hpp"
#include "src/config/transport_warnings.hpp"
#include "src/pipeline/planning.hpp"

namespace kcldap::cli {

void add_ldap_flags(CLI::App& sub, config::LdapOverrides& overrides) {
  sub.add_option("--ldap-url", overrides.urls, "LDAP server URL (repeat for failover order); overrides [ldap] url");
  sub.add_option("--bind-dn", overrides.bind_dn, "DN to bind as; overrides [ldap] bind_dn");
  sub.add_option("--bind-password-env", overrides.bind_password_env, "name of the environment variable holding the bind password");
  sub.add_option("--bind-password-file", overrides.bind_password_file, "file holding the bind password (one trailing newline is ignored)");
  sub.add_option("--users-dn", overrides.users_dn, "DN under which users live; overrides [ldap] users_dn");
  sub.add_option("--required-group", overrides.required_groups,
                 "DN of a group whose members are the only users (repeat for several); overrides [ldap] required_groups");
  sub.add_option("--ca-file", overrides.ca_file, "PEM file of the CA that issued the LDAP server's certificate");
  sub.add_flag("--start-tls", overrides.start_tls, "upgrade ldap:// connections with StartTLS");
  sub.add_flag("--insecure-skip-tls-verify", overrides.insecure_skip_tls_verify,
               "do not verify the LDAP server's certificate (warned about; for diagnosis only)");
}

void add_keycloak_flags(CLI::App& sub, config::KeycloakOverrides& k) {
  sub.add_option("--keycloak-url", k.url, "Keycloak base URL (with /auth on legacy servers; detected otherwise)");
  sub.add_option("--realm", k.realm, "realm to federate");
  sub.add_option("--auth-realm", k.auth_realm, "realm the identity signs in to (default master)");
  sub.add_option("--client-id", k.client_id, "service-account client id");
  sub.add_option("--client-secret-env", k.client_secret_env, "environment variable holding the client secret");
  sub.add_option("--username", k.username, "admin user (admin-cli password grant)");
  sub.add_option("--password-env", k.password_env, "environment variable holding the admin password");
}

void add_common_flags(CLI::App& sub, CommonOptions& common, const std::vector<std::string>& formats) {
  sub.add_option("--config", common.config_path, "kcldap.toml to read");
  sub.add_option("--format", common.format, "output format")->check(CLI::IsMember(formats));
}

CLI::App* add_target_command(CLI::App& app, const std::string& name, const std::string& help, TargetOptions& target,
                             const std::vector<std::string>& formats) {
  CLI::App* sub = app.add_subcommand(name, help);
  add_common_flags(*sub, target.common, formats);
  add_ldap_flags(*sub, target.ldap);
  add_keycloak_flags(*sub, target.keycloak);
  return sub;
}

void add_report_flags(CLI::App& sub, ReportFlags& flags) {
  sub.add_flag("--strict", flags.strict, "count warnings as failures (exit 1)");
  add_junit_flag(sub, flags.junit_file);
  sub.add_flag("--verbose,-v", flags.verbose, "show the details of passing checks too");
}

std::string output_file_problem(const std::string& path) {
  if (path.empty()) return "the path is empty";
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return path + " is a folder; give a file path";
    if (::access(path.c_str(), W_OK) != 0) return path + " exists and this user may not write it";
    return "";
  }
  const auto slash = path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  if (::stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return "the folder " + folder + " does not exist";
  if (::access(folder.c_str(), W_OK) != 0) return "this user may not create files in " + folder;
  return "";
}

void add_junit_flag(CLI::App& sub, std::string& path) {
  sub.add_option("--junit-file", path, "also write the checks as JUnit XML to this file")->check(writable_output_file());
}

CLI::Validator writable_output_file() {
  return CLI::Validator([](std::string& path) { return output_file_problem(path); }, "FILE", "a file kcldap can write");
}

bool color_wanted(int fd) { return ::isatty(fd) == 1 && std::getenv("NO_COLOR") == nullptr; }

std::optional<config::Config> load_effective_config(const CommonOptions& common, const config::LdapOverrides& overrides) {
  config::Config config;
  if (!common.config_path.empty()) {
    config::LoadResult loaded = config::load_config_file(common.config_path);
    install_output_mask(loaded.config.references);
    if (!loaded.ok()) {
      for (const auto& error : loaded.errors) std::cerr << "error: " << error.to_string() << "\n";
      std::cerr << loaded.errors.size() << " problem(s) in " << common.config_path << "; nothing was done.\n";
      return std::nullopt;
    }
    config = std::move(loaded.config);
  }
  const auto errors = config::apply_overrides(config, overrides);
  if (!errors.empty()) {
    for (const auto& error : errors) std::cerr << "error: " << error.to_string() << "\n";
    return std::nullopt;
  }
  for (auto& warning : config::transport_warnings(config)) config.warnings.push_back(std::move(warning));
  for (const auto& warning : config.warnings) std::cerr << "warning: " << warning << "\n";
  return config;
}

std::optional<config::Config> load_full_config(const TargetOptions& target, int& exit_code) {
  auto config = load_effective_config(target.common, target.ldap);
  if (!config) {
    exit_code = 2;
    return std::nullopt;
  }
  if (auto errors = config::apply_overrides(*config, target.keycloak); !errors.empty()) {
    for (const auto& error : errors) std::cerr << "error: " << error.to_string() << "\n";
    exit_code = 2;
    return std::nullopt;
  }
  return config;
}

std::optional<Session> open_session(const TargetOptions& target, int& exit_code) {
  auto config = load_full_config(target, exit_code);
  if (!config) return std::nullopt;
  auto settings = pipeline::make_client_settings(*config);
  if (!settings) {
    std::cerr << "error: " << settings.error().message << "\n";
    exit_code = settings.error().exit_code;
    return std::nullopt;
  }
  auto client = keycloak::AdminClient::connect(*settings);
  if (!client) {
    std::cerr << "error: " << client.error().to_string() << "\n";
    exit_code = 1;
    return std::nullopt;
  }
  return Session{std::move(*config), std::move(*client)};
}

}  // namespace kcldap::cli
