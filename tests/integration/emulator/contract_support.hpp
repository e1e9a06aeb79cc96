// Shared pieces of the emulator contract tests: a typical LDAP provider body for the slapd fixture, and
// small JSON helpers.
#pragma once
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "support/emulator_process.hpp"
#include "support/fixture_env.hpp"

namespace kcldap::test {

constexpr const char* kStorage = "org.keycloak.storage.UserStorageProvider";
constexpr const char* kMapper = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";

inline nlohmann::json ldap_provider(const std::string& name = "ldap") {
  const auto& s = slapd();
  return {{"name", name},
          {"providerId", "ldap"},
          {"providerType", kStorage},
          {"config",
           {{"enabled", {"true"}},
            {"editMode", {"READ_ONLY"}},
            {"vendor", {"other"}},
            {"connectionUrl", {s.at("KCLDAP_SLAPD_LDAPS_URL")}},
            {"usersDn", {s.at("KCLDAP_SLAPD_USERS_DN")}},
            {"bindDn", {s.at("KCLDAP_SLAPD_BIND_DN")}},
            {"bindCredential", {s.at("KCLDAP_SLAPD_BIND_PASSWORD")}},
            {"usernameLDAPAttribute", {"uid"}},
            {"rdnLDAPAttribute", {"uid"}},
            {"uuidLDAPAttribute", {"entryUUID"}},
            {"userObjectClasses", {"inetOrgPerson, organizationalPerson"}},
            {"searchScope", {"2"}},
            {"importEnabled", {"true"}},
            {"pagination", {"true"}}}}};
}

inline std::vector<std::string> emulator_args(const std::string& version, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--port", "0", "--version", version, "--realm", "demo", "--truststore",
                                   slapd().at("KCLDAP_SLAPD_CA_FILE")};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

// Creates a component and returns its id (from the Location header).
inline std::string create(const EmulatorProcess& emulator, const std::string& token, const nlohmann::json& body,
                          const std::string& realm = "demo") {
  auto response = emulator.post_json("/admin/realms/" + realm + "/components", token, body);
  REQUIRE(response);
  INFO(response->body);
  REQUIRE(response->status == 201);
  const std::string location = response->get_header_value("Location");
  return location.substr(location.rfind('/') + 1);
}

inline nlohmann::json body_of(const httplib::Result& response) {
  REQUIRE(response);
  return nlohmann::json::parse(response->body.empty() ? "null" : response->body);
}

inline nlohmann::json children(const EmulatorProcess& emulator, const std::string& token, const std::string& parent) {
  return body_of(emulator.get("/admin/realms/demo/components?parent=" + parent, token));
}

}  // namespace kcldap::test
