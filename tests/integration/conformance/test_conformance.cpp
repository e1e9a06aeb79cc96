// Keycloak conformance: the Admin REST API behaviours kcldap relies on, checked only through the public
// API, so the same cases run against kc-emulator (always, in CI) and against a real Keycloak when
// KCLDAP_TEST_KEYCLOAK_URL is set (run-keycloak.sh). Every case removes what it created.
//   KCLDAP_TEST_KEYCLOAK_URL       base URL, with /auth on legacy servers
//   KCLDAP_TEST_KEYCLOAK_USER      master admin (default admin)
//   KCLDAP_TEST_KEYCLOAK_PASSWORD  its password (default admin)
//   KCLDAP_TEST_KEYCLOAK_REALM     an existing realm to work in (default kcldap-test)
//   KCLDAP_TEST_KEYCLOAK_LDAP_URL  the slapd fixture as the Keycloak server reaches it (default: the fixture's plain URL)
#include <catch2/catch.hpp>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "support/emulator_process.hpp"
#include "support/fixture_env.hpp"

using nlohmann::json;
using namespace kcldap::test;

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// The server under test: a real Keycloak, or a kc-emulator started for this run.
class Target {
 public:
  Target() {
    const std::string real = env_or("KCLDAP_TEST_KEYCLOAK_URL", "");
    realm_ = env_or("KCLDAP_TEST_KEYCLOAK_REALM", "kcldap-test");
    if (real.empty()) {
      emulator_ = std::make_unique<EmulatorProcess>(std::vector<std::string>{
          "--port", "0", "--version", env_or("KCLDAP_CONFORMANCE_VERSION", "26.4"), "--realm", realm_});
      base_ = emulator_->url();
    } else {
      base_ = real;
      if (base_.back() == '/') base_.pop_back();
    }
    const auto slash = base_.find('/', base_.find("://") + 3);
    host_ = slash == std::string::npos ? base_ : base_.substr(0, slash);
    context_ = slash == std::string::npos ? "" : base_.substr(slash);
    auto response = client().Post(context_ + "/realms/master/protocol/openid-connect/token",
                                  httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"},
                                                  {"username", env_or("KCLDAP_TEST_KEYCLOAK_USER", "admin")},
                                                  {"password", env_or("KCLDAP_TEST_KEYCLOAK_PASSWORD", "admin")}});
    if (!response || response->status != 200) throw std::runtime_error("cannot sign in to " + base_ + " as the master admin");
    token_ = json::parse(response->body)["access_token"];
    const json info = json::parse(get("/admin/serverinfo")->body);
    version_ = info["systemInfo"]["version"];
  }

  httplib::Client client() const {
    httplib::Client c(host_);
    c.set_read_timeout(60, 0);
    return c;
  }
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token_}}; }
  httplib::Result get(const std::string& path) const { return client().Get(context_ + path, auth()); }
  httplib::Result post(const std::string& path, const json& body) const {
    return client().Post(context_ + path, auth(), body.dump(), "application/json");
  }
  httplib::Result put(const std::string& path, const json& body) const {
    return client().Put(context_ + path, auth(), body.dump(), "application/json");
  }
  httplib::Result del(const std::string& path) const { return client().Delete(context_ + path, auth()); }
  std::string realm_path() const { return "/admin/realms/" + realm_; }
  int major() const { return std::stoi(version_); }
  const std::string& version() const { return version_; }

 private:
  std::unique_ptr<EmulatorProcess> emulator_;
  std::string base_, host_, context_, realm_, token_, version_;
};

json provider_body(const std::string& name) {
  const auto& s = slapd();
  return {{"name", name},
          {"providerId", "ldap"},
          {"providerType", "org.keycloak.storage.UserStorageProvider"},
          {"config",
           {{"enabled", {"true"}}, {"editMode", {"READ_ONLY"}}, {"vendor", {"other"}},
            {"connectionUrl", {env_or("KCLDAP_TEST_KEYCLOAK_LDAP_URL", s.at("KCLDAP_SLAPD_URL"))}},
            {"usersDn", {s.at("KCLDAP_SLAPD_USERS_DN")}}, {"bindDn", {s.at("KCLDAP_SLAPD_BIND_DN")}},
            {"bindCredential", {s.at("KCLDAP_SLAPD_BIND_PASSWORD")}}, {"usernameLDAPAttribute", {"uid"}},
            {"rdnLDAPAttribute", {"uid"}}, {"uuidLDAPAttribute", {"entryUUID"}},
            {"userObjectClasses", {"inetOrgPerson, organizationalPerson"}}, {"searchScope", {"2"}},
            {"importEnabled", {"true"}}, {"authType", {"simple"}}}}};
}

// Creates a provider for the duration of a test case.
class Provider {
 public:
  Provider(const Target& target, const std::string& name) : target_(target) {
    auto response = target.post(target.realm_path() + "/components", provider_body(name));
    REQUIRE(response);
    REQUIRE(response->status == 201);
    const std::string location = response->get_header_value("Location");
    id_ = location.substr(location.rfind('/') + 1);
  }
  ~Provider() { target_.del(target_.realm_path() + "/components/" + id_); }
  const std::string& id() const { return id_; }

 private:
  const Target& target_;
  std::string id_;
};

}  // namespace

TEST_CASE("conformance: a new LDAP provider gets its default mappers and a masked secret", "[conformance]") {
  Target target;
  INFO("Keycloak " << target.version());
  Provider provider(target, "kcldap-conformance-create");
  const json stored = json::parse(target.get(target.realm_path() + "/components/" + provider.id())->body);
  CHECK(stored["config"]["bindCredential"] == json{"**********"});
  const json mappers = json::parse(target.get(target.realm_path() + "/components?parent=" + provider.id())->body);
  std::set<std::string> names;
  for (const auto& mapper : mappers) names.insert(mapper["name"]);
  for (const char* name : {"username", "first name", "last name", "email", "creation date", "modify date"}) {
    CHECK(names.count(name) == 1);
  }
  if (target.major() >= 23) CHECK(stored["config"].contains("krbPrincipalAttribute"));
}

TEST_CASE("conformance: PUT merges and the mask keeps the stored secret", "[conformance]") {
  Target target;
  Provider provider(target, "kcldap-conformance-put");
  const std::string path = target.realm_path() + "/components/" + provider.id();
  REQUIRE(target.put(path, {{"config", {{"trustEmail", {"true"}}, {"bindCredential", {"**********"}}}}})->status == 204);
  const json stored = json::parse(target.get(path)->body);
  CHECK(stored["config"]["trustEmail"] == json{"true"});
  CHECK(stored["config"]["usersDn"] == json{slapd().at("KCLDAP_SLAPD_USERS_DN")});
  // The stored secret still works: Keycloak's own test with the mask and the component id.
  const json test = {{"action", "testAuthentication"}, {"connectionUrl", stored["config"]["connectionUrl"][0]},
                     {"bindDn", slapd().at("KCLDAP_SLAPD_BIND_DN")}, {"bindCredential", "**********"},
                     {"componentId", provider.id()}, {"authType", "simple"}, {"useTruststoreSpi", "always"},
                     {"connectionTimeout", "5000"}, {"startTls", "false"}};
  CHECK(target.post(target.realm_path() + "/testLDAPConnection", test)->status == 204);
}

TEST_CASE("conformance: a full sync imports the directory's users with their mapped attributes", "[conformance]") {
  Target target;
  Provider provider(target, "kcldap-conformance-sync");
  auto sync = target.post(target.realm_path() + "/user-storage/" + provider.id() + "/sync?action=triggerFullSync", json::object());
  REQUIRE(sync->status == 200);
  const json result = json::parse(sync->body);
  CHECK(result["added"].get<int>() + result["updated"].get<int>() == 50);
  CHECK(result["failed"] == 0);
  const json users = json::parse(target.get(target.realm_path() + "/users?username=aanderson&exact=true")->body);
  REQUIRE(users.size() == 1);
  CHECK(users[0]["federationLink"] == provider.id());
  CHECK(users[0]["email"] == "aanderson@example.org");
}

TEST_CASE("conformance: validation errors come back as 400 with errorMessage", "[conformance]") {
  Target target;
  json body = provider_body("kcldap-conformance-invalid");
  body["config"]["connectionTimeout"] = {"soon"};
  auto response = target.post(target.realm_path() + "/components", body);
  REQUIRE(response->status == 400);
  const json error = json::parse(response->body);
  const std::string message = error["errorMessage"];
  CHECK((message == "Connection Timeout must be a number" || message == "ldapErrorConnectionTimeoutNotNumber"));
}

TEST_CASE("conformance: a service-account client, its secret and its realm-management roles", "[conformance][clients]") {
  Target target;
  const std::string clients = target.realm_path() + "/clients";
  const json wanted = {{"clientId", "kcldap-conformance"}, {"protocol", "openid-connect"}, {"publicClient", false},
                       {"serviceAccountsEnabled", true}, {"standardFlowEnabled", false}, {"directAccessGrantsEnabled", false}};
  auto created = target.post(clients, wanted);
  REQUIRE(created);
  REQUIRE(created->status == 201);
  const std::string location = created->get_header_value("Location");
  const std::string id = location.substr(location.find_last_of('/') + 1);
  CHECK(target.post(clients, wanted)->status == 409);

  const json found = json::parse(target.get(clients + "?clientId=kcldap-conformance")->body);
  REQUIRE(found.size() == 1);
  CHECK(found[0]["id"] == id);
  CHECK(found[0]["serviceAccountsEnabled"] == true);
  const std::string secret = json::parse(target.get(clients + "/" + id + "/client-secret")->body)["value"];
  CHECK(!secret.empty());
  const json account = json::parse(target.get(clients + "/" + id + "/service-account-user")->body);
  CHECK(account["username"] == "service-account-kcldap-conformance");

  const json management = json::parse(target.get(clients + "?clientId=realm-management")->body);
  REQUIRE(management.size() == 1);
  const std::string management_id = management[0]["id"];
  json grant = json::array();
  for (const auto& role : json::parse(target.get(clients + "/" + management_id + "/roles")->body)) {
    if (role["name"] == "view-realm" || role["name"] == "manage-realm") grant.push_back({{"id", role["id"]}, {"name", role["name"]}});
  }
  REQUIRE(grant.size() == 2);
  const std::string mappings = target.realm_path() + "/users/" + account["id"].get<std::string>() + "/role-mappings/clients/" + management_id;
  CHECK(target.post(mappings, grant)->status == 204);
  std::set<std::string> held;
  for (const auto& role : json::parse(target.get(mappings)->body)) held.insert(role["name"]);
  CHECK(held == std::set<std::string>{"manage-realm", "view-realm"});

  auto rotated = target.post(clients + "/" + id + "/client-secret", json::object());
  REQUIRE(rotated);
  CHECK(rotated->status == 200);
  const std::string fresh = json::parse(rotated->body)["value"];
  CHECK(fresh != secret);
  CHECK(json::parse(target.get(clients + "/" + id + "/client-secret")->body)["value"] == fresh);
  CHECK(target.del(clients + "/" + id)->status == 204);
  CHECK(target.get(clients + "/" + id)->status == 404);
}
