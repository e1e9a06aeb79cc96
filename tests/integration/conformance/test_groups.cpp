// Keycloak conformance: the groups API: create, list, read, count, members, a user's groups, delete.
#include <catch2/catch.hpp>

#include "integration/conformance/target.hpp"

using namespace kcldap::conformance;

TEST_CASE("groups: create, list, read, count and delete top-level groups", "[conformance][groups]") {
  ScratchRealm realm;
  CHECK(realm.get("/groups").body == json::array());
  CHECK(realm.get("/groups/").body == json::array());
  const Answer created = realm.post("/groups", {{"name", "conf-group"}});
  REQUIRE(created.status == 201);
  CHECK(created.text.empty());
  const std::string id = created.id_from_location();
  CHECK(created.location == Server::instance().base_url() + realm.path("/groups/" + id));

  const Answer duplicate = realm.post("/groups", {{"name", "conf-group"}});
  CHECK(duplicate.status == 409);
  CHECK(duplicate.body == json{{"errorMessage", "Top level group named 'conf-group' already exists."}});
  const Answer nameless = realm.post("/groups", json::object());
  CHECK(nameless.status == 400);
  CHECK(nameless.body == json{{"errorMessage", "Group name is missing"}});

  const json listed = realm.get("/groups").body;
  REQUIRE(listed.size() == 1);
  CHECK(listed[0]["id"] == id);
  CHECK(listed[0]["name"] == "conf-group");
  CHECK(listed[0]["path"] == "/conf-group");
  CHECK(listed[0]["subGroups"] == json::array());
  CHECK(realm.get("/groups?search=conf").body.size() == 1);
  CHECK(realm.get("/groups?search=nothing-like-it").body == json::array());
  CHECK(realm.get("/groups/count").body == json{{"count", 1}});

  const json group = realm.get("/groups/" + id).body;
  CHECK(group["name"] == "conf-group");
  CHECK(group["path"] == "/conf-group");
  CHECK(group["attributes"] == json::object());
  CHECK(group["realmRoles"] == json::array());
  CHECK(group["clientRoles"] == json::object());
  const Answer missing = realm.get("/groups/no-such-id");
  CHECK(missing.status == 404);
  CHECK(missing.body == json{{"error", "Could not find group by id"}});

  CHECK(realm.del("/groups/" + id).status == 204);
  CHECK(realm.del("/groups/" + id).body == json{{"error", "Could not find group by id"}});
  CHECK(realm.get("/groups").body == json::array());
}

TEST_CASE("groups: members and a user's groups", "[conformance][groups][users]") {
  ScratchRealm realm;
  const std::string group = realm.post("/groups", {{"name", "conf-members"}}).id_from_location();
  const std::string user = realm.post("/users", {{"username", "member-one"}, {"email", "member-one@example.org"}}).id_from_location();
  CHECK(realm.get("/groups/" + group + "/members").body == json::array());
  CHECK(realm.get("/users/" + user + "/groups").body == json::array());
  CHECK(realm.put("/users/" + user + "/groups/" + group, json::object()).status == 204);
  const json groups = realm.get("/users/" + user + "/groups").body;
  REQUIRE(groups.size() == 1);
  CHECK(groups[0]["id"] == group);
  CHECK(groups[0]["path"] == "/conf-members");
  const json members = realm.get("/groups/" + group + "/members").body;
  REQUIRE(members.size() == 1);
  CHECK(members[0]["username"] == "member-one");
  CHECK(members[0]["email"] == "member-one@example.org");
  const json brief = realm.get("/groups/" + group + "/members?briefRepresentation=true").body;
  REQUIRE(brief.size() == 1);
  CHECK(brief[0]["username"] == "member-one");
  CHECK_FALSE(brief[0].contains("requiredActions"));
  CHECK(realm.get("/groups/no-such-id/members").status == 404);
  CHECK(realm.get("/users/no-such-id/groups").body == json{{"error", "User not found"}});
  CHECK(realm.del("/users/" + user + "/groups/" + group).status == 204);
  CHECK(realm.get("/groups/" + group + "/members").body == json::array());
}
