// Test support for the vendor suites: kcldap against a real directory fixture (Samba AD, 389-DS) and a
// kc-emulator of its own. The fixture's env file names everything (KCLDAP_<PREFIX>_URL, _BIND_DN, ...).
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

#include "support/emulator_process.hpp"
#include "support/fixture_env.hpp"

namespace kcldap::test {

using nlohmann::json;

struct VendorSetup {
  std::map<std::string, std::string> env;
  std::string prefix;  // e.g. "KCLDAP_SAMBA_"
  std::unique_ptr<EmulatorProcess> emulator;
  std::string dir;
  std::string config;

  VendorSetup(const std::map<std::string, std::string>& fixture, const std::string& env_prefix, const std::string& version = "26.4")
      : env(fixture), prefix(env_prefix) {
    static int counter = 0;
    dir = required_env("KCLDAP_TEST_TMP") + "/vendor-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
    std::filesystem::create_directories(dir);
    emulator = std::make_unique<EmulatorProcess>(
        std::vector<std::string>{"--port", "0", "--version", version, "--realm", "corp", "--truststore", at("CA_FILE")});
  }

  std::string at(const std::string& key) const { return env.at(prefix + key); }

  // [ldap] over ldaps with the fixture's CA and bind account, [keycloak] on the emulator, a group
  // mapper on the fixture's groups, and a test login; `ldap_extra` goes into [ldap], `extra` at the end.
  void write_config(const std::string& test_user, const std::string& ldap_extra = "", const std::string& extra = "") {
    config = dir + "/kcldap.toml";
    std::ofstream(config) << "[ldap]\n"
                          << "url = \"" << at("LDAPS_URL") << "\"\n"
                          << "ca_file = \"" << at("CA_FILE") << "\"\n"
                          << "bind_dn = \"" << at("BIND_DN") << "\"\n"
                          << "bind_password = \"${env:KCLDAP_TEST_BIND_PW}\"\n"
                          << "users_dn = \"" << at("USERS_DN") << "\"\n"
                          << ldap_extra << "\n"
                          << "[keycloak]\nurl = \"" << emulator->url() << "\"\nrealm = \"corp\"\nusername = \"admin\"\n"
                          << "password = \"${env:KCLDAP_TEST_KC_PW}\"\n\n"
                          << "[federation]\nbackup_dir = \"" << dir << "/backups\"\n"
                          << extra << "\n"
                          << "[[mappers]]\nname = \"groups\"\ntype = \"group\"\ngroups_dn = \"" << at("GROUPS_DN") << "\"\n\n"
                          << "[checks]\ntest_user = \"" << test_user << "\"\ntest_password = \"${env:KCLDAP_TEST_USER_PW}\"\n";
  }

  std::string secrets_env() const {
    return "KCLDAP_TEST_BIND_PW=" + quote(at("BIND_PASSWORD")) + " KCLDAP_TEST_KC_PW=admin KCLDAP_TEST_USER_PW=" +
           quote(at("USER_PASSWORD"));
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

  json realm_state() const {
    const json state = emulator->state();
    for (const auto& r : state["realms"]) {
      if (r["realm"] == "corp") return r;
    }
    return json();
  }

  json provider() const {
    const json state = realm_state();
    for (const auto& c : state["components"]) {
      if (c["providerId"] == "ldap") return c;
    }
    return json();
  }

  std::map<std::string, json> mappers() const {
    std::map<std::string, json> out;
    const json state = realm_state();
    const json ldap = provider();
    for (const auto& c : state["components"]) {
      if (!ldap.is_null() && c["parentId"] == ldap["id"]) out[c["name"].get<std::string>()] = c;
    }
    return out;
  }

  // The Keycloak user of that username, as the Admin API returns it.
  json user(const std::string& username) const {
    const std::string token = emulator->admin_token();
    auto response = emulator->get("/admin/realms/corp/users?exact=true&briefRepresentation=false&username=" + username, token);
    REQUIRE(response);
    const json users = json::parse(response->body);
    for (const auto& u : users) {
      if (u["username"] == username) return u;
    }
    return json();
  }

  std::size_t component_writes() const {
    std::size_t writes = 0;
    const json log = emulator->log();
    for (const auto& entry : log) {
      const std::string method = entry["method"];
      const std::string path = entry["path"];
      if (method != "GET" && path.find("/components") != std::string::npos) ++writes;
    }
    return writes;
  }
};

inline std::string config_value(const json& component, const std::string& key) {
  if (!component.contains("config") || !component["config"].contains(key)) return "";
  return component["config"][key].at(0).get<std::string>();
}

// The first line a command prints, trimmed; for tools the tests use as a second opinion (samba-tool, ldapsearch).
inline std::string command_output(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    ::pclose(pipe);
  }
  return out;
}

}  // namespace kcldap::test
