// Keycloak conformance: realms (create, read, update, delete), serverinfo, and admin events: which
// operations record one, the event's representation, and clearing them.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <set>

#include "integration/conformance/target.hpp"

using namespace kcldap::conformance;

namespace {

// Admin events newest first, each reduced to "OPERATION RESOURCE path".
std::vector<std::string> event_lines(const ScratchRealm& realm) {
  std::vector<std::string> lines;
  for (const auto& event : realm.get("/admin-events").body) {
    lines.push_back(event["operationType"].get<std::string>() + " " + event["resourceType"].get<std::string>() + " " +
                    event.value("resourcePath", ""));
  }
  return lines;
}

}  // namespace

TEST_CASE("realms: create, read, update and delete a realm", "[conformance][realms]") {
  Server& server = Server::instance();
  const std::string name = "conf-realm-" + std::to_string(::getpid());
  const Answer created = server.post("/admin/realms", {{"realm", name}, {"enabled", true}});
  REQUIRE(created.status == 201);
  CHECK(created.location == server.base_url() + "/admin/realms/" + name);
  const Answer duplicate = server.post("/admin/realms", {{"realm", name}, {"enabled", true}});
  CHECK(duplicate.status == 409);
  CHECK(duplicate.body == json{{"errorMessage", "Realm " + name + " already exists"}});
  const Answer nameless = server.post("/admin/realms", {{"enabled", true}});
  CHECK(nameless.status == 400);
  CHECK(nameless.body == json{{"errorMessage", "Realm name cannot be empty"}});

  const Answer read = server.get("/admin/realms/" + name);
  REQUIRE(read.status == 200);
  CHECK(read.body["realm"] == name);
  CHECK(read.body["id"].is_string());
  CHECK(read.body["enabled"] == true);
  CHECK(read.body["sslRequired"] == "external");
  CHECK(read.body["adminEventsEnabled"] == false);
  CHECK(read.body["adminEventsDetailsEnabled"] == false);
  CHECK(read.body["accessTokenLifespan"] == 300);
  CHECK(read.body["duplicateEmailsAllowed"] == false);
  CHECK(read.body["registrationEmailAsUsername"] == false);
  CHECK(read.body["editUsernameAllowed"] == false);

  CHECK(server.put("/admin/realms/" + name, {{"displayName", "Conformance"}}).status == 204);
  CHECK(server.get("/admin/realms/" + name).body["displayName"] == "Conformance");
  CHECK(server.del("/admin/realms/" + name).status == 204);
  const Answer gone = server.get("/admin/realms/" + name);
  CHECK(gone.status == 404);
  CHECK(gone.body == json{{"error", "Realm not found."}});
  CHECK(server.del("/admin/realms/" + name).status == 404);
  CHECK(server.get("/admin/realms/" + name + "/users").body == json{{"error", "Realm not found."}});
}

TEST_CASE("realms: paths without a resource answer with Keycloak's JSON errors", "[conformance][realms]") {
  ScratchRealm realm;
  Server& server = Server::instance();
  const Answer no_resource = realm.get("/no-such-thing");
  CHECK(no_resource.status == 404);
  CHECK(no_resource.body == json{{"error", "HTTP 404 Not Found"}});
  const Answer wrong_method = realm.del("/users");
  CHECK(wrong_method.status == 405);
  CHECK(wrong_method.body == json{{"error", "HTTP 405 Method Not Allowed"}});
  const Answer nowhere = server.get("/no-such-path");
  CHECK(nowhere.status == 404);
  CHECK(nowhere.body == json{{"error", "Unable to find matching target resource method"}});
}

TEST_CASE("realms: serverinfo names the version and the LDAP component types", "[conformance][realms]") {
  const Answer info = Server::instance().get("/admin/serverinfo");
  REQUIRE(info.status == 200);
  CHECK(info.body["systemInfo"]["version"].get<std::string>().rfind(std::to_string(Server::instance().major()) + ".", 0) == 0);
  std::set<std::string> storage;
  for (const auto& type : info.body["componentTypes"]["org.keycloak.storage.UserStorageProvider"]) storage.insert(type["id"]);
  CHECK(storage.count("ldap") == 1);
  std::set<std::string> mappers;
  for (const auto& type : info.body["componentTypes"]["org.keycloak.storage.ldap.mappers.LDAPStorageMapper"]) mappers.insert(type["id"]);
  for (const char* id : {"user-attribute-ldap-mapper", "group-ldap-mapper", "msad-user-account-control-mapper"}) CHECK(mappers.count(id) == 1);
}

TEST_CASE("realms: a realm import creates its components as given, with no default mappers", "[conformance][realms]") {
  // What `kcldap export --format realm-json` relies on (seen on 26.4.7): subComponents are imported under
  // their provider, and none of a create's additions (default mappers, krbPrincipalAttribute) happen.
  const std::string name = "conf-import-" + std::to_string(::getpid());
  json provider = ldap_provider("imported");
  provider.erase("parentId");
  provider.erase("providerType");
  provider["subComponents"] = {{"org.keycloak.storage.ldap.mappers.LDAPStorageMapper",
                                {{{"name", "username"}, {"providerId", "user-attribute-ldap-mapper"},
                                  {"config", {{"user.model.attribute", {"username"}}, {"ldap.attribute", {"uid"}}}}}}}};
  const json realm = {{"realm", name}, {"enabled", true}, {"components", {{"org.keycloak.storage.UserStorageProvider", {provider}}}}};
  REQUIRE(Server::instance().post("/admin/realms", realm).status == 201);
  const Answer providers = Server::instance().get("/admin/realms/" + name + "/components?type=org.keycloak.storage.UserStorageProvider");
  REQUIRE(providers.body.size() == 1);
  CHECK_FALSE(providers.body[0]["config"].contains("krbPrincipalAttribute"));  // a create adds it on 23+
  const Answer mappers = Server::instance().get("/admin/realms/" + name + "/components?parent=" + providers.body[0]["id"].get<std::string>());
  CHECK(mappers.body.size() == 1);
  CHECK(mappers.body[0]["name"] == "username");
  CHECK(Server::instance().del("/admin/realms/" + name).status == 204);
}

TEST_CASE("admin events: off by default; which operations record one", "[conformance][events]") {
  ScratchRealm realm;
  CHECK(realm.get("/admin-events").body == json::array());
  REQUIRE(realm.put("", {{"adminEventsEnabled", true}}).status == 204);
  CHECK(realm.get("").body["adminEventsEnabled"] == true);
  CHECK(realm.get("/admin-events").body == json::array());  // turning them on is not recorded

  Provider provider(realm, "conf-events");  // one event: the default mappers are not recorded apart
  const json test = {{"action", "testConnection"}, {"connectionUrl", ldap_url()}};
  REQUIRE(realm.post("/testLDAPConnection", test).status == 204);  // not recorded
  REQUIRE(realm.get("/users?max=2").body.size() == 2);                // imports on lookup: not recorded
  REQUIRE(realm.post("/user-storage/" + provider.id() + "/sync?action=triggerChangedUsersSync", json::object()).status == 200);
  REQUIRE(realm.put("", {{"adminEventsEnabled", true}}).status == 204);  // a no-op update is recorded
  const std::string user = realm.post("/users", {{"username", "evented"}}).id_from_location();
  REQUIRE(realm.put("/users/" + user, {{"firstName", "Ev"}}).status == 204);
  REQUIRE(realm.del("/users/" + user).status == 204);
  const std::string second = realm.post("/users", {{"username", "evented2"}}).id_from_location();
  REQUIRE(realm.post("/users", {{"username", "evented2"}}).status == 409);  // failures are not recorded
  const std::string group = realm.post("/groups", {{"name", "evented"}}).id_from_location();
  const std::string mapper = provider.mapper_id("email");
  REQUIRE(realm.del("/components/" + mapper).status == 204);

  CHECK(event_lines(realm) == std::vector<std::string>{"DELETE COMPONENT components/" + mapper,
                                                       "CREATE GROUP groups/" + group,
                                                       "CREATE USER users/" + second,
                                                       "DELETE USER users/" + user,
                                                       "UPDATE USER users/" + user,
                                                       "CREATE USER users/" + user,
                                                       "UPDATE REALM ",
                                                       "ACTION REALM user-storage/" + provider.id() + "/sync",
                                                       "CREATE COMPONENT components/" + provider.id()});
}

TEST_CASE("admin events: the representation, details, filters and clearing", "[conformance][events]") {
  ScratchRealm realm({{"adminEventsEnabled", true}, {"adminEventsDetailsEnabled", true}});
  CHECK(realm.get("/admin-events").body == json::array());  // creating the realm is not recorded in it
  const Answer created = realm.post("/users", {{"username", "detailed"}});
  REQUIRE(created.status == 201);
  REQUIRE(realm.post("/groups", {{"name", "detailed"}}).status == 201);
  const json events = realm.get("/admin-events").body;
  REQUIRE(events.size() == 2);
  const json& event = events[1];
  CHECK(event["operationType"] == "CREATE");
  CHECK(event["resourceType"] == "USER");
  CHECK(event["resourcePath"] == "users/" + created.id_from_location());
  CHECK(json::parse(event["representation"].get<std::string>()) == json{{"username", "detailed"}});
  CHECK(event["realmId"] == realm.get("").body["id"]);
  CHECK(event["time"].is_number_integer());
  CHECK(event["id"].is_string());
  CHECK(event["authDetails"]["realmId"].is_string());
  CHECK(event["authDetails"]["clientId"].is_string());
  CHECK(event["authDetails"]["userId"].is_string());
  CHECK(event["authDetails"]["ipAddress"].is_string());
  CHECK(events[0]["time"].get<long long>() >= event["time"].get<long long>());

  const json users_only = realm.get("/admin-events?resourceTypes=USER").body;
  REQUIRE(users_only.size() == 1);
  CHECK(users_only[0]["resourceType"] == "USER");
  CHECK(realm.get("/admin-events?operationTypes=DELETE").body == json::array());
  CHECK(realm.get("/admin-events?max=1").body.size() == 1);
  CHECK(realm.get("/admin-events?first=1&max=5").body.size() == 1);

  CHECK(realm.del("/admin-events").status == 204);
  CHECK(realm.get("/admin-events").body == json::array());
}

TEST_CASE("admin events: components, clients, role mappings and group memberships", "[conformance][events]") {
  ScratchRealm realm({{"adminEventsEnabled", true}, {"adminEventsDetailsEnabled", true}});
  Provider provider(realm, "conf-event-details");
  const Answer client = realm.post("/clients", {{"clientId", "conf-evented"}, {"publicClient", false}, {"serviceAccountsEnabled", true}});
  REQUIRE(client.status == 201);
  const std::string client_id = client.id_from_location();
  REQUIRE(realm.post("/clients/" + client_id + "/client-secret", json::object()).status == 200);
  const std::string account = realm.get("/clients/" + client_id + "/service-account-user").body["id"];
  const std::string management = realm.get("/clients?clientId=realm-management").body[0]["id"];
  json grant = json::array();
  for (const auto& role : realm.get("/clients/" + management + "/roles").body) {
    if (role["name"] == "view-realm") grant.push_back({{"id", role["id"]}, {"name", role["name"]}});
  }
  REQUIRE(realm.post("/users/" + account + "/role-mappings/clients/" + management, grant).status == 204);
  const std::string user = realm.post("/users", {{"username", "conf-member"}}).id_from_location();
  const std::string group = realm.post("/groups", {{"name", "conf-evented"}}).id_from_location();
  REQUIRE(realm.put("/users/" + user + "/groups/" + group, json::object()).status == 204);
  REQUIRE(realm.del("/users/" + user + "/groups/" + group).status == 204);
  REQUIRE(realm.del("/clients/" + client_id).status == 204);

  json events = realm.get("/admin-events?max=100").body;
  std::reverse(events.begin(), events.end());  // oldest first
  std::vector<std::string> lines;
  for (const auto& event : events) {
    lines.push_back(event["operationType"].get<std::string>() + " " + event["resourceType"].get<std::string>() + " " +
                    event.value("resourcePath", ""));
  }
  const std::string membership = "users/" + user + "/groups/" + group;
  CHECK(lines == std::vector<std::string>{"CREATE COMPONENT components/" + provider.id(),
                                          "CREATE CLIENT clients/" + client_id,
                                          "ACTION CLIENT clients/" + client_id + "/client-secret",
                                          "CREATE CLIENT_ROLE_MAPPING users/" + account + "/role-mappings/clients/" + management,
                                          "CREATE USER users/" + user,
                                          "CREATE GROUP groups/" + group,
                                          "CREATE GROUP_MEMBERSHIP " + membership,
                                          "DELETE GROUP_MEMBERSHIP " + membership,
                                          "DELETE CLIENT clients/" + client_id});
  REQUIRE(events.size() == 9);
  const auto representation = [&](std::size_t i) { return json::parse(events[i]["representation"].get<std::string>()); };
  CHECK(representation(0)["config"]["bindCredential"] == json{"**********"});  // the secret never shows
  CHECK(representation(0)["config"]["usersDn"] == json{users_dn()});
  CHECK(representation(1)["id"] == client_id);
  CHECK(representation(1)["clientId"] == "conf-evented");
  CHECK(representation(2) == json{{"type", "secret"}, {"value", "**********"}});
  CHECK(representation(3) == json::array({{{"id", grant[0]["id"]}, {"name", "view-realm"}, {"composite", false}}}));
  CHECK(representation(5) == json{{"id", group}, {"name", "conf-evented"}, {"subGroups", json::array()}});
  CHECK(representation(6) == json{{"id", group}, {"name", "conf-evented"}, {"path", "/conf-evented"}, {"subGroups", json::array()},
                                  {"attributes", json::object()}, {"realmRoles", json::array()}, {"clientRoles", json::object()}});
  // Deleting a client: no representation on 26.4.7, its id and clientId on 26.7.3 (26.6 assumed).
  if (Server::instance().at_least(26, 6)) {
    CHECK(representation(8) == json{{"id", client_id}, {"clientId", "conf-evented"}});
  } else {
    CHECK_FALSE(events[8].contains("representation"));
  }
}

TEST_CASE("admin events: unlinking and removing imported users and mapper syncs", "[conformance][events]") {
  ScratchRealm realm({{"adminEventsEnabled", true}, {"adminEventsDetailsEnabled", true}});
  Provider provider(realm, "conf-event-storage");
  REQUIRE(realm.del("/admin-events").status == 204);
  const std::string mapper = provider.mapper_id("username");
  const std::string sync = "/user-storage/" + provider.id() + "/mappers/" + mapper + "/sync?direction=fedToKeycloak";
  REQUIRE(realm.post(sync, json::object()).status == 200);
  REQUIRE(realm.post("/user-storage/" + provider.id() + "/unlink-users", json::object()).status == 204);  // not recorded
  REQUIRE(realm.post("/user-storage/" + provider.id() + "/remove-imported-users", json::object()).status == 204);  // not recorded
  const json events = realm.get("/admin-events").body;
  REQUIRE(events.size() == 1);
  CHECK(events[0]["operationType"] == "ACTION");
  CHECK(events[0]["resourceType"] == "REALM");
  CHECK(events[0]["resourcePath"] == "user-storage/" + provider.id() + "/mappers/" + mapper + "/sync");
  CHECK(json::parse(events[0]["representation"].get<std::string>()) ==
        json{{"result", {{"ignored", false}, {"added", 0}, {"updated", 0}, {"removed", 0}, {"failed", 0},
                         {"status", "0 imported users, 0 updated users"}}},
             {"action", "fedToKeycloak"}});
}
