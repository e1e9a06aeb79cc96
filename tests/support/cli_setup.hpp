// The CLI test setup shared by the apply and check/verify suites: a kc-emulator per test (any version
// profile), a kcldap.toml pointing at it and at the slapd fixture, and helpers to read the emulator's
// state and request log.
#pragma once
#include <catch2/catch.hpp>
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

inline std::string work_dir() {
  static int counter = 0;
  const std::string dir = required_env("KCLDAP_TEST_TMP") + "/apply-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  std::filesystem::create_directories(dir);
  return dir;
}

struct Setup {
  std::unique_ptr<EmulatorProcess> emulator;
  std::string dir;
  std::string config;

  Setup(const std::string& version, const std::string& extra_toml = "", std::vector<std::string> emulator_extra = {}) : dir(work_dir()) {
    std::vector<std::string> args = {"--port", "0", "--version", version, "--realm", "demo", "--realm", "other",
                                     "--truststore", slapd().at("KCLDAP_SLAPD_CA_FILE")};
    args.insert(args.end(), emulator_extra.begin(), emulator_extra.end());
    emulator = std::make_unique<EmulatorProcess>(args);
    write_config(extra_toml);
  }

  void write_config(const std::string& extra_toml, const std::string& realm = "demo") {
    config = dir + "/kcldap.toml";
    std::ofstream(config) << "[ldap]\n"
                          << "url = \"" << slapd().at("KCLDAP_SLAPD_LDAPS_URL") << "\"\n"
                          << "ca_file = \"" << slapd().at("KCLDAP_SLAPD_CA_FILE") << "\"\n"
                          << "bind_dn = \"" << slapd().at("KCLDAP_SLAPD_BIND_DN") << "\"\n"
                          << "bind_password = \"${env:KCLDAP_TEST_BIND_PW}\"\n"
                          << "users_dn = \"" << slapd().at("KCLDAP_SLAPD_USERS_DN") << "\"\n\n"
                          << "[keycloak]\n"
                          << "url = \"" << emulator->url() << "\"\n"
                          << "realm = \"" << realm << "\"\n"
                          << "username = \"admin\"\n"
                          << "password = \"${env:KCLDAP_TEST_KC_PW}\"\n\n"
                          << "[federation]\n"
                          << "backup_dir = \"" << dir << "/backups\"\n"
                          << extra_toml;
  }

  CommandResult kcldap(const std::string& arguments, const std::string& extra_env = "") const {
    return run_kcldap(arguments + " --config " + quote(config),
                      "KCLDAP_TEST_BIND_PW=" + quote(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")) + " KCLDAP_TEST_KC_PW=admin " + extra_env);
  }

  json realm_state(const std::string& realm = "demo") const {
    const json state = emulator->state();  // named: iterating a temporary's member would dangle
    for (const auto& r : state["realms"]) {
      if (r["realm"] == realm) return r;
    }
    return json();
  }

  std::vector<json> providers(const std::string& realm = "demo") const {
    std::vector<json> out;
    const json state = realm_state(realm);
    for (const auto& c : state["components"]) {
      if (c["providerId"] == "ldap") out.push_back(c);
    }
    return out;
  }

  std::map<std::string, json> mappers_of(const std::string& provider_id, const std::string& realm = "demo") const {
    std::map<std::string, json> out;
    const json state = realm_state(realm);
    for (const auto& c : state["components"]) {
      if (c["parentId"] == provider_id) out[c["name"]] = c;
    }
    return out;
  }

  std::vector<std::string> writes() const {
    std::vector<std::string> out;
    const json log = emulator->log();
    for (const auto& entry : log) {
      const std::string method = entry["method"];
      const std::string path = entry["path"];
      if (method != "GET" && path.find("/openid-connect/token") == std::string::npos) out.push_back(method + " " + path);
    }
    return out;
  }
  // Writes to the federation's components only (post-checks also POST tests and syncs).
  std::vector<std::string> component_writes() const {
    std::vector<std::string> out;
    for (const auto& write : writes()) {
      if (write.find("/components") != std::string::npos) out.push_back(write);
    }
    return out;
  }
  void clear_log() const { emulator->client().Delete("/__emulator/log"); }

  // Signs in as the service account of `client_id` in realm demo (secret in KCLDAP_TEST_SECRET).
  void use_service_account(const std::string& client_id) const {
    edit_config("username = \"admin\"", "auth_realm = \"demo\"\nclient_id = \"" + client_id + "\"");
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
