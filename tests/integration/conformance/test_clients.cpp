// Keycloak conformance: the clients API: a service-account client, its secret, its service-account
// user, realm-management roles, direct and composite role mappings, and not-found answers.
#include <catch2/catch.hpp>

#include <set>

#include "integration/conformance/target.hpp"

using namespace kcldap::conformance;

namespace {

const json kServiceClient = {{"clientId", "kcldap-conformance"}, {"protocol", "openid-connect"}, {"publicClient", false},
                             {"serviceAccountsEnabled", true}, {"standardFlowEnabled", false},
                             {"directAccessGrantsEnabled", false}};

std::set<std::string> role_names(const json& roles) {
  std::set<std::string> names;
  for (const auto& role : roles) names.insert(role["name"].get<std::string>());
  return names;
}

std::string client_uuid(const ScratchRealm& realm, const std::string& client_id) {
  const json found = realm.get("/clients?clientId=" + client_id).body;
  if (found.size() != 1) throw std::runtime_error("no single client " + client_id);
  return found[0]["id"];
}

}  // namespace

TEST_CASE("clients: a service-account client, its secret and its realm-management roles", "[conformance][clients]") {
  ScratchRealm realm;
  const Answer created = realm.post("/clients", kServiceClient);
  REQUIRE(created.status == 201);
  const std::string id = created.id_from_location();
  CHECK(created.location == Server::instance().base_url() + realm.path("/clients/" + id));
  const Answer duplicate = realm.post("/clients", kServiceClient);
  CHECK(duplicate.status == 409);
  CHECK(duplicate.body == json{{"errorMessage", "Client kcldap-conformance already exists"}});

  const json found = realm.get("/clients?clientId=kcldap-conformance").body;
  REQUIRE(found.size() == 1);
  CHECK(found[0]["id"] == id);
  CHECK(found[0]["serviceAccountsEnabled"] == true);
  CHECK(found[0]["publicClient"] == false);
  CHECK(found[0]["enabled"] == true);
  CHECK(found[0]["clientAuthenticatorType"] == "client-secret");
  const Answer secret_answer = realm.get("/clients/" + id + "/client-secret");
  REQUIRE(secret_answer.status == 200);
  CHECK(secret_answer.body["type"] == "secret");
  const std::string secret = secret_answer.body["value"];
  CHECK(!secret.empty());
  const json account = realm.get("/clients/" + id + "/service-account-user").body;
  CHECK(account["username"] == "service-account-kcldap-conformance");
  CHECK(account["enabled"] == true);

  const std::string management = client_uuid(realm, "realm-management");
  json grant = json::array();
  for (const auto& role : realm.get("/clients/" + management + "/roles").body) {
    if (role["name"] == "view-realm" || role["name"] == "view-users") grant.push_back({{"id", role["id"]}, {"name", role["name"]}});
  }
  REQUIRE(grant.size() == 2);
  const std::string mappings = "/users/" + account["id"].get<std::string>() + "/role-mappings/clients/" + management;
  CHECK(realm.post(mappings, grant).status == 204);
  CHECK(role_names(realm.get(mappings).body) == std::set<std::string>{"view-realm", "view-users"});
  // The effective roles: view-users is a composite holding query-users and query-groups.
  CHECK(role_names(realm.get(mappings + "/composite").body) ==
        std::set<std::string>{"query-groups", "query-users", "view-realm", "view-users"});

  const Answer rotated = realm.post("/clients/" + id + "/client-secret", json::object());
  REQUIRE(rotated.status == 200);
  const std::string fresh = rotated.body["value"];
  CHECK(fresh != secret);
  CHECK(realm.get("/clients/" + id + "/client-secret").body["value"] == fresh);
  CHECK(realm.del("/clients/" + id).status == 204);
  CHECK(realm.get("/clients/" + id).status == 404);
}

TEST_CASE("clients: every realm has its built-in clients and realm-management roles", "[conformance][clients]") {
  ScratchRealm realm;
  std::set<std::string> client_ids;
  for (const auto& client : realm.get("/clients").body) client_ids.insert(client["clientId"].get<std::string>());
  for (const char* builtin : {"account", "account-console", "admin-cli", "broker", "realm-management", "security-admin-console"}) {
    CHECK(client_ids.count(builtin) == 1);
  }
  CHECK(realm.get("/clients/").body.size() == client_ids.size());
  const json roles = realm.get("/clients/" + client_uuid(realm, "realm-management") + "/roles").body;
  std::set<std::string> expected = {"create-client", "impersonation", "manage-authorization", "manage-clients", "manage-events",
                                    "manage-identity-providers", "manage-realm", "manage-users", "query-clients", "query-groups",
                                    "query-realms", "query-users", "realm-admin", "view-authorization", "view-clients",
                                    "view-events", "view-identity-providers", "view-realm", "view-users"};
  std::set<std::string> composites = {"realm-admin", "view-users", "view-clients"};
  // Keycloak 26.7.3 has the organization admin roles (26.4.7 does not; the release between is unverified).
  if (Server::instance().at_least(26, 6)) {
    expected.insert({"manage-organizations", "query-organizations", "view-organizations"});
    composites.insert("view-organizations");
  }
  CHECK(role_names(roles) == expected);
  for (const auto& role : roles) {
    INFO(role["name"]);
    CHECK(role["clientRole"] == true);
    CHECK(role["composite"] == (composites.count(role["name"].get<std::string>()) == 1));
  }
  const json admin_cli = realm.get("/clients?clientId=admin-cli").body;
  REQUIRE(admin_cli.size() == 1);
  CHECK(admin_cli[0]["publicClient"] == true);
  CHECK(admin_cli[0]["directAccessGrantsEnabled"] == true);
}

TEST_CASE("clients: unknown clients and users answer 404 with Keycloak's error body", "[conformance][clients]") {
  ScratchRealm realm;
  for (const char* tail : {"", "/client-secret", "/service-account-user", "/roles"}) {
    const Answer missing = realm.get(std::string("/clients/no-such-id") + tail);
    INFO(tail);
    CHECK(missing.status == 404);
    CHECK(missing.body == json{{"error", "Could not find client"}});
  }
  CHECK(realm.del("/clients/no-such-id").status == 404);
  const std::string management = client_uuid(realm, "realm-management");
  const Answer no_user = realm.get("/users/no-such-id/role-mappings/clients/" + management);
  CHECK(no_user.status == 404);
  CHECK(no_user.body == json{{"error", "User not found"}});
  // A client without service accounts has no service-account user.
  const Answer plain = realm.post("/clients", {{"clientId", "conf-plain"}, {"publicClient", true}});
  REQUIRE(plain.status == 201);
  const Answer no_account = realm.get("/clients/" + plain.id_from_location() + "/service-account-user");
  CHECK(no_account.status == 400);
  CHECK(no_account.body == json{{"error", "Service account not enabled for the client 'conf-plain'"}});
}
