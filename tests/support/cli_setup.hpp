// The CLI test setup shared by the apply, check/verify, bootstrap and setup suites: a Keycloak target
// per test (a kc-emulator of its own, or fresh realms of the real Keycloak fixture; see
// keycloak_target.hpp), a kcldap.toml pointing at it and at the slapd fixture, and helpers that read
// what Keycloak holds and what was written, through the Admin API only.
#pragma once
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/fixture_env.hpp"
#include "support/keycloak_target.hpp"

namespace kcldap::test {

using nlohmann::json;

inline std::string work_dir() {
  static int counter = 0;
  const std::string dir = required_env("KCLDAP_TEST_TMP") + "/apply-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  std::filesystem::create_directories(dir);
  return dir;
}

// A TargetSpec for the slapd fixture: its CA in the emulator's truststore, realms demo and other.
inline TargetSpec slapd_target(TargetSpec spec = {}) {
  if (spec.truststore.empty()) spec.truststore = slapd().at("KCLDAP_SLAPD_CA_FILE");
  return spec;
}
inline TargetSpec with_users(std::vector<LocalUser> users) {
  TargetSpec spec;
  spec.users = std::move(users);
  return spec;
}
inline TargetSpec with_clients(std::vector<ServiceClient> clients) {
  TargetSpec spec;
  spec.clients = std::move(clients);
  return spec;
}
inline TargetSpec emulator_only(std::vector<std::string> flags) {
  TargetSpec spec;
  spec.emulator_flags = std::move(flags);
  return spec;
}

struct Setup {
  std::unique_ptr<KeycloakTarget> keycloak;
  std::string dir;
  std::string config;

  Setup(const std::string& version, const std::string& extra_toml = "", TargetSpec spec = {}) : dir(work_dir()) {
    spec.version = version;
    keycloak = std::make_unique<KeycloakTarget>(slapd_target(std::move(spec)));
    write_config(extra_toml);
  }

  std::string realm(const std::string& logical = "demo") const { return keycloak->realm(logical); }

  void write_config(const std::string& extra_toml, const std::string& logical_realm = "demo") {
    config = dir + "/kcldap.toml";
    std::ofstream(config) << "[ldap]\n"
                          << "url = \"" << slapd().at("KCLDAP_SLAPD_LDAPS_URL") << "\"\n"
                          << "ca_file = \"" << slapd().at("KCLDAP_SLAPD_CA_FILE") << "\"\n"
                          << "bind_dn = \"" << slapd().at("KCLDAP_SLAPD_BIND_DN") << "\"\n"
                          << "bind_password = \"${env:KCLDAP_TEST_BIND_PW}\"\n"
                          << "users_dn = \"" << slapd().at("KCLDAP_SLAPD_USERS_DN") << "\"\n\n"
                          << "[keycloak]\n"
                          << "url = \"" << keycloak->url() << "\"\n"
                          << "realm = \"" << realm(logical_realm) << "\"\n"
                          << "username = \"" << keycloak->admin_user() << "\"\n"
                          << "password = \"${env:KCLDAP_TEST_KC_PW}\"\n\n"
                          << "[federation]\n"
                          << "backup_dir = \"" << dir << "/backups\"\n"
                          << extra_toml;
  }

  // The environment kcldap runs with: the fixture's bind password and the Keycloak admin's password.
  std::string secrets_env() const {
    return "KCLDAP_TEST_BIND_PW=" + quote(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")) + " KCLDAP_TEST_KC_PW=" + quote(keycloak->admin_password());
  }

  CommandResult kcldap(const std::string& arguments, const std::string& extra_env = "") const {
    return run_kcldap(arguments + " --config " + quote(config), secrets_env() + " " + extra_env);
  }

  std::vector<json> providers(const std::string& logical = "demo") const { return keycloak->providers(logical); }
  std::map<std::string, json> mappers_of(const std::string& provider_id, const std::string& logical = "demo") const {
    return keycloak->mappers_of(provider_id, logical);
  }
  std::vector<std::string> writes(const std::string& logical = "demo") const { return keycloak->writes(logical); }
  // Writes to the federation's components only (post-checks also run tests and syncs).
  std::vector<std::string> component_writes(const std::string& logical = "demo") const { return keycloak->component_writes(logical); }
  void clear_log(const std::string& logical = "demo") const { keycloak->clear_writes(logical); }

  // Signs in as the service account of `client_id` in realm demo (secret in KCLDAP_TEST_SECRET).
  void use_service_account(const std::string& client_id) const {
    edit_config("username = \"" + keycloak->admin_user() + "\"", "auth_realm = \"" + realm() + "\"\nclient_id = \"" + client_id + "\"");
    edit_config("password = \"${env:KCLDAP_TEST_KC_PW}\"", "client_secret = \"${env:KCLDAP_TEST_SECRET}\"");
  }

  // Replaces the first occurrence of `from` in the written config.
  void edit_config(const std::string& from, const std::string& to) const {
    std::string text = slurp(config);
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), to);
    std::ofstream(config) << text;
  }
};

inline void check_no_secret(const CommandResult& result) {
  CHECK(result.out.find(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")) == std::string::npos);
  CHECK(result.err.find(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")) == std::string::npos);
}

}  // namespace kcldap::test
