// Test support for kcldap doctor's suites (test_cli_doctor, the vendor suites): LDAP providers made by hand
// through the Admin API as the admin console makes them, edits of the mappers Keycloak then creates, and
// the doctor's JSON report read back (findings by id).
#pragma once
#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/fixture_env.hpp"
#include "support/keycloak_target.hpp"

namespace kcldap::test {


// ldapsearch over a slapd fixture's plain URL (a second opinion): each value of `attribute` ("dn" for the DNs).
inline std::vector<std::string> ldapsearch(const std::map<std::string, std::string>& fixture, const std::string& base, const std::string& scope,
                                    const std::string& filter, const std::string& attribute) {
  const std::string text = command_output("ldapsearch -x -LLL -o ldif-wrap=no -H " + quote(fixture.at("KCLDAP_SLAPD_URL")) + " -D " +
                                 quote(fixture.at("KCLDAP_SLAPD_BIND_DN")) + " -w " + quote(fixture.at("KCLDAP_SLAPD_BIND_PASSWORD")) +
                                 " -b " + quote(base) + " -s " + scope + " " + quote(filter) + " " + (attribute == "dn" ? "1.1" : attribute));
  std::vector<std::string> values;
  const std::string prefix = attribute + ": ";
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0) values.push_back(line.substr(prefix.size()));
    start = end + 1;
  }
  return values;
}

// The representation of an LDAP provider named `name` with `config` (each value a one-item list).
inline nlohmann::json ldap_provider(const std::string& name, const std::map<std::string, std::string>& config) {
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [key, value] : config) values[key] = {value};
  return {{"name", name}, {"providerId", "ldap"}, {"providerType", "org.keycloak.storage.UserStorageProvider"}, {"config", values}};
}

// POST /components in realm `logical`: the new component's id (from Location).
inline std::string create_component(const KeycloakTarget& keycloak, const nlohmann::json& component, const std::string& logical = "demo") {
  auto created = keycloak.post_json(keycloak.admin_path(logical) + "/components", keycloak.admin_token(), component);
  REQUIRE(created);
  INFO(created->body);
  REQUIRE(created->status == 201);
  const std::string location = created->get_header_value("Location");
  return location.substr(location.rfind('/') + 1);
}

// Sets config keys of the provider's mapper `name` (PUT with the whole representation, as real Keycloak wants).
inline void edit_mapper(const KeycloakTarget& keycloak, const std::string& provider_id, const std::string& name, const nlohmann::json& config,
                        const std::string& logical = "demo") {
  nlohmann::json mapper = keycloak.mappers_of(provider_id, logical).at(name);
  for (const auto& [key, value] : config.items()) mapper["config"][key] = value;
  auto put = keycloak.put_json(keycloak.admin_path(logical) + "/components/" + mapper["id"].get<std::string>(), keycloak.admin_token(), mapper);
  REQUIRE(put);
  REQUIRE(put->status == 204);
}

inline void delete_mapper(const KeycloakTarget& keycloak, const std::string& provider_id, const std::string& name,
                          const std::string& logical = "demo") {
  const nlohmann::json mapper = keycloak.mappers_of(provider_id, logical).at(name);
  auto deleted = keycloak.del(keycloak.admin_path(logical) + "/components/" + mapper["id"].get<std::string>(), keycloak.admin_token());
  REQUIRE(deleted);
  REQUIRE(deleted->status == 204);
}

inline std::set<std::string> finding_ids(const nlohmann::json& report) {
  std::set<std::string> out;
  for (const auto& f : report["findings"]) out.insert(f["id"].get<std::string>());
  return out;
}

inline const nlohmann::json* find_finding(const nlohmann::json& report, const std::string& id) {
  for (const auto& f : report["findings"]) {
    if (f["id"] == id) return &f;
  }
  return nullptr;
}

// The finding is there, with that severity, its evidence holding each part, and both fixes.
inline void check_finding(const nlohmann::json& report, const std::string& id, const std::string& severity,
                          const std::vector<std::string>& evidence) {
  INFO("findings: " << report["findings"].dump(2));
  const nlohmann::json* f = find_finding(report, id);
  REQUIRE(f != nullptr);
  CHECK((*f)["severity"] == severity);
  for (const auto& part : evidence) CHECK_THAT((*f)["evidence"].get<std::string>(), Catch::Contains(part));
  CHECK(!(*f)["fix"]["toml"].get<std::string>().empty());
  CHECK_THAT((*f)["fix"]["console"].get<std::string>(), Catch::StartsWith("User federation > ") || Catch::StartsWith("Users") ||
                                                                   Catch::StartsWith("Clients > "));
}

}  // namespace kcldap::test
