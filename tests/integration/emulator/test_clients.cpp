// Contract: clients, their secrets and service accounts, and realm-management role mappings, with
// Keycloak's permission rules (who may create clients, who may grant which admin role).
#include "integration/emulator/contract_support.hpp"

using namespace kcldap::test;
using nlohmann::json;

namespace {

std::string management_id(const EmulatorProcess& emulator, const std::string& token) {
  const json found = json::parse(emulator.get("/admin/realms/demo/clients?clientId=realm-management", token)->body);
  REQUIRE(found.size() == 1);
  return found[0]["id"];
}

json role(const EmulatorProcess& emulator, const std::string& token, const std::string& name) {
  const json roles = json::parse(emulator.get("/admin/realms/demo/clients/" + management_id(emulator, token) + "/roles", token)->body);
  for (const auto& r : roles) {
    if (r["name"] == name) return {{"id", r["id"]}, {"name", name}};
  }
  FAIL("no role " << name);
  return {};
}

}  // namespace

TEST_CASE("emulator: a confidential client is created with a generated secret, found by clientId, and unique", "[emulator][clients]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const json wanted = {{"clientId", "kcldap"}, {"publicClient", false}, {"serviceAccountsEnabled", true},
                       {"standardFlowEnabled", false}, {"directAccessGrantsEnabled", false}};
  auto created = emulator.post_json("/admin/realms/demo/clients", token, wanted);
  REQUIRE(created->status == 201);
  const std::string location = created->get_header_value("Location");
  const std::string id = location.substr(location.find_last_of('/') + 1);
  CHECK(location.find("/admin/realms/demo/clients/") != std::string::npos);

  const json found = json::parse(emulator.get("/admin/realms/demo/clients?clientId=kcldap", token)->body);
  REQUIRE(found.size() == 1);
  CHECK(found[0]["id"] == id);
  CHECK(found[0]["serviceAccountsEnabled"] == true);
  CHECK(found[0]["standardFlowEnabled"] == false);
  CHECK(found[0]["publicClient"] == false);
  const json secret = json::parse(emulator.get("/admin/realms/demo/clients/" + id + "/client-secret", token)->body);
  CHECK(secret["type"] == "secret");
  CHECK(secret["value"].get<std::string>().size() >= 32);
  CHECK(found[0]["secret"] == secret["value"]);  // Keycloak shows it in the representation too

  auto duplicate = emulator.post_json("/admin/realms/demo/clients", token, wanted);
  CHECK(duplicate->status == 409);
  CHECK(json::parse(duplicate->body)["errorMessage"] == "Client kcldap already exists");
  CHECK(emulator.get("/admin/realms/demo/clients/no-such-id", token)->status == 404);

  // The service account signs in with the secret; a regenerated secret replaces it at once.
  CHECK_NOTHROW(emulator.client_token("demo", "kcldap", secret["value"]));
  auto rotated = emulator.post_empty("/admin/realms/demo/clients/" + id + "/client-secret", token);
  REQUIRE(rotated->status == 200);
  const std::string fresh = json::parse(rotated->body)["value"];
  CHECK(fresh != secret["value"]);
  CHECK_THROWS(emulator.client_token("demo", "kcldap", secret["value"]));
  CHECK_NOTHROW(emulator.client_token("demo", "kcldap", fresh));
}

TEST_CASE("emulator: the service-account user exists only with service accounts on", "[emulator][clients]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  auto created = emulator.post_json("/admin/realms/demo/clients", token, {{"clientId", "plain"}});
  const std::string id = created->get_header_value("Location").substr(created->get_header_value("Location").find_last_of('/') + 1);
  auto refused = emulator.get("/admin/realms/demo/clients/" + id + "/service-account-user", token);
  CHECK(refused->status == 400);
  // Keycloak 26.4.7 and 26.7.3 answer {"error": ...} here (conformance: clients).
  CHECK(json::parse(refused->body)["error"] == "Service account not enabled for the client 'plain'");
  CHECK(emulator.put_json("/admin/realms/demo/clients/" + id, token, {{"serviceAccountsEnabled", true}})->status == 204);
  const json user = json::parse(emulator.get("/admin/realms/demo/clients/" + id + "/service-account-user", token)->body);
  CHECK(user["username"] == "service-account-plain");
}

TEST_CASE("emulator: role mappings need manage-users, matching role ids, and the granted power itself", "[emulator][clients]") {
  // deployer may manage clients and users, but holds no manage-realm: it cannot hand manage-realm out.
  EmulatorProcess emulator(emulator_args("26.4", {"--client", "demo:deployer:d3p:manage-clients,manage-users",
                                                  "--client", "demo:viewer:v1ew:view-realm,view-clients"}));
  const std::string admin = emulator.admin_token();
  auto created = emulator.post_json("/admin/realms/demo/clients", admin, {{"clientId", "kcldap"}, {"serviceAccountsEnabled", true}});
  const std::string id = created->get_header_value("Location").substr(created->get_header_value("Location").find_last_of('/') + 1);
  const std::string user = json::parse(emulator.get("/admin/realms/demo/clients/" + id + "/service-account-user", admin)->body)["id"];
  const std::string mappings = "/admin/realms/demo/users/" + user + "/role-mappings/clients/" + management_id(emulator, admin);

  const std::string deployer = emulator.client_token("demo", "deployer", "d3p");
  CHECK(emulator.post_json(mappings, deployer, json::array({role(emulator, admin, "manage-users")}))->status == 204);
  CHECK(emulator.post_json(mappings, deployer, json::array({role(emulator, admin, "manage-realm")}))->status == 403);
  CHECK(emulator.post_json(mappings, deployer, json::array({role(emulator, admin, "realm-admin")}))->status == 403);
  CHECK(emulator.post_json(mappings, deployer, json::array({{{"id", "wrong"}, {"name", "view-users"}}}))->status == 404);
  const std::string viewer = emulator.client_token("demo", "viewer", "v1ew");
  CHECK(emulator.post_json("/admin/realms/demo/clients", viewer, {{"clientId", "x"}})->status == 403);  // needs manage-clients
  CHECK(emulator.post_json(mappings, viewer, json::array({role(emulator, admin, "view-realm")}))->status == 403);  // needs manage-users

  CHECK(emulator.post_json(mappings, admin, json::array({role(emulator, admin, "realm-admin")}))->status == 204);  // a master admin may
  const json direct = json::parse(emulator.get(mappings, admin)->body);
  CHECK(direct.size() == 2);
  const json effective = json::parse(emulator.get(mappings + "/composite", admin)->body);
  CHECK(effective.size() == 19);  // realm-admin holds every realm-management role
}
