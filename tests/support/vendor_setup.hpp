// Test support for the vendor suites: kcldap against a real directory fixture (Samba AD, 389-DS) and a
// Keycloak target (a realm of the real Keycloak fixture, or a kc-emulator of its own). The fixture's env file names everything (KCLDAP_<PREFIX>_URL, _BIND_DN, ...).
#pragma once
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/keycloak_target.hpp"
#include "support/fixture_env.hpp"

namespace kcldap::test {

using nlohmann::json;

struct VendorSetup {
  std::map<std::string, std::string> env;
  std::string prefix;  // e.g. "KCLDAP_SAMBA_"
  std::unique_ptr<KeycloakTarget> keycloak;
  std::string dir;
  std::string config;

  VendorSetup(const std::map<std::string, std::string>& fixture, const std::string& env_prefix, const std::string& version = "26.4")
      : env(fixture), prefix(env_prefix) {
    static int counter = 0;
    dir = required_env("KCLDAP_TEST_TMP") + "/vendor-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    std::filesystem::create_directories(dir);
    TargetSpec spec;
    spec.version = version;
    spec.realms = {"corp"};
    spec.truststore = at("CA_FILE");
    keycloak = std::make_unique<KeycloakTarget>(spec);
  }

  std::string at(const std::string& key) const { return env.at(prefix + key); }
  std::string realm() const { return keycloak->realm("corp"); }

  // [ldap] over ldaps with the fixture's CA and bind account, [keycloak] on the target, a group mapper
  // on the fixture's groups, and a test login; `ldap_extra` goes into [ldap], `extra` into [federation].
  void write_config(const std::string& test_user, const std::string& ldap_extra = "", const std::string& extra = "",
                    bool group_mapper = true) {
    config = dir + "/kcldap.toml";
    std::ofstream file(config);
    file << "[ldap]\n"
         << "url = \"" << at("LDAPS_URL") << "\"\n"
         << "ca_file = \"" << at("CA_FILE") << "\"\n"
         << "bind_dn = \"" << at("BIND_DN") << "\"\n"
         << "bind_password = \"${env:KCLDAP_TEST_BIND_PW}\"\n"
         << "users_dn = \"" << at("USERS_DN") << "\"\n"
         << ldap_extra << "\n"
         << "[keycloak]\nurl = \"" << keycloak->url() << "\"\nrealm = \"" << realm() << "\"\nusername = \"" << keycloak->admin_user() << "\"\n"
         << "password = \"${env:KCLDAP_TEST_KC_PW}\"\n\n"
         << "[federation]\nbackup_dir = \"" << dir << "/backups\"\n"
         << extra << "\n";
    if (group_mapper) file << "[[mappers]]\nname = \"groups\"\ntype = \"group\"\ngroups_dn = \"" << at("GROUPS_DN") << "\"\n\n";
    file << "[checks]\ntest_user = \"" << test_user << "\"\ntest_password = \"${env:KCLDAP_TEST_USER_PW}\"\n";
  }

  std::string secrets_env() const {
    return "KCLDAP_TEST_BIND_PW=" + quote(at("BIND_PASSWORD")) + " KCLDAP_TEST_KC_PW=" + quote(keycloak->admin_password()) +
           " KCLDAP_TEST_USER_PW=" + quote(at("USER_PASSWORD"));
  }

  CommandResult kcldap(const std::string& arguments) const {
    return run_kcldap(arguments + " --config " + quote(config), secrets_env());
  }

  // kcldap probe with flags only: bind as `bind_dn` with `password` (users DN: the fixture's, unless in `extra`).
  CommandResult probe_as(const std::string& bind_dn, const std::string& password, const std::string& extra = "") const {
    return run_kcldap("probe --ldap-url " + quote(at("LDAPS_URL")) + " --ca-file " + quote(at("CA_FILE")) + " --bind-dn " + quote(bind_dn) +
                          " --bind-password-env KCLDAP_TEST_PROBE_PW " +
                          (extra.find("--users-dn") == std::string::npos ? "--users-dn " + quote(at("USERS_DN")) + " " : "") + extra,
                      "KCLDAP_TEST_PROBE_PW=" + quote(password));
  }

  json provider() const {
    const auto providers = keycloak->providers("corp");
    return providers.empty() ? json() : providers.front();
  }

  std::map<std::string, json> mappers() const {
    const json ldap = provider();
    if (ldap.is_null()) return {};
    return keycloak->mappers_of(ldap["id"], "corp");
  }

  // The Keycloak user of that username, as the Admin API returns it.
  json user(const std::string& username) const { return keycloak->find_user(username, "corp"); }

  // A password grant for `username` (the fixture's user password) through the realm's admin-cli client:
  // "signed in", or "refused" when Keycloak does not know the user (see grant_outcome).
  std::string password_grant(const std::string& username) const {
    auto response = keycloak->client().Post(keycloak->context() + "/realms/" + realm() + "/protocol/openid-connect/token",
                                            httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"},
                                                            {"username", username}, {"password", at("USER_PASSWORD")}});
    return grant_outcome(response);
  }

  std::size_t component_writes() const { return keycloak->component_writes("corp").size(); }
};

inline std::string config_value(const json& component, const std::string& key) {
  if (!component.contains("config") || !component["config"].contains(key)) return "";
  return component["config"][key].at(0).get<std::string>();
}


}  // namespace kcldap::test
