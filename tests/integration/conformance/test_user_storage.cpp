// Keycloak conformance: the user-storage endpoints (full and changed-users sync, mapper sync, the
// provider's name, unlinking and removing imported users) and what they do to the realm's user store.
#include <catch2/catch.hpp>

#include "integration/conformance/target.hpp"

using namespace kcldap::conformance;

namespace {

Answer sync(const ScratchRealm& realm, const Provider& provider, const std::string& query) {
  return realm.post("/user-storage/" + provider.id() + "/sync" + query, json::object());
}

int user_count(const ScratchRealm& realm) { return realm.get("/users/count").body.get<int>(); }

}  // namespace

TEST_CASE("user storage: a full sync imports the directory's users with their mapped attributes", "[conformance][sync]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-sync");
  // With import on, Keycloak's own store holds no directory user before the first sync or lookup.
  CHECK(user_count(realm) == 0);
  const Answer full = sync(realm, provider, "?action=triggerFullSync");
  REQUIRE(full.status == 200);
  CHECK(full.body == json{{"ignored", false}, {"added", directory_user_count()}, {"updated", 0}, {"removed", 0}, {"failed", 0},
                          {"status", std::to_string(directory_user_count()) + " imported users, 0 updated users"}});
  CHECK(user_count(realm) == directory_user_count());
  const json users = realm.get("/users?username=aanderson&exact=true").body;
  REQUIRE(users.size() == 1);
  CHECK(users[0]["federationLink"] == provider.id());
  CHECK(users[0]["email"] == "aanderson@example.org");
  CHECK(users[0]["attributes"]["LDAP_ENTRY_DN"] == json{"uid=aanderson," + users_dn()});

  const Answer again = sync(realm, provider, "?action=triggerFullSync");
  REQUIRE(again.status == 200);
  CHECK(again.body["added"] == 0);
  CHECK(again.body["updated"] == directory_user_count());
  const Answer changed = sync(realm, provider, "?action=triggerChangedUsersSync");
  REQUIRE(changed.status == 200);
  CHECK(changed.body == json{{"ignored", false}, {"added", 0}, {"updated", 0}, {"removed", 0}, {"failed", 0},
                             {"status", "0 imported users, 0 updated users"}});
}

TEST_CASE("user storage: users looked up before a sync are imported one by one", "[conformance][sync]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-lookup");
  CHECK(realm.get("/users?max=3").body.size() == 3);
  CHECK(user_count(realm) == 3);
  const Answer full = sync(realm, provider, "?action=triggerFullSync");
  REQUIRE(full.status == 200);
  CHECK(full.body["added"] == directory_user_count() - 3);
  CHECK(full.body["updated"] == 3);
}

TEST_CASE("user storage: sync and name answer Keycloak's errors", "[conformance][sync]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-sync-errors");
  const Answer missing = sync(realm, provider, "");
  CHECK(missing.status == 400);
  CHECK(missing.body == json{{"error", "Missing action"}});
  const Answer unknown = sync(realm, provider, "?action=bogus");
  CHECK(unknown.status == 400);
  CHECK(unknown.body == json{{"error", "Unknown action: bogus"}});
  const Answer nowhere = realm.post("/user-storage/no-such-id/sync?action=triggerFullSync", json::object());
  CHECK(nowhere.status == 404);
  CHECK(nowhere.body == json{{"error", "Could not find component"}});

  const Answer name = realm.get("/user-storage/" + provider.id() + "/name");
  REQUIRE(name.status == 200);
  CHECK(name.body == json{{"id", provider.id()}, {"name", "conf-sync-errors"}});
  const Answer no_name = realm.get("/user-storage/no-such-id/name");
  CHECK(no_name.status == 404);
  CHECK(no_name.body == json{{"error", "Could not find component"}});
}

TEST_CASE("user storage: mapper sync needs a known direction", "[conformance][sync]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-mapper-sync");
  const std::string mapper = "/user-storage/" + provider.id() + "/mappers/" + provider.mapper_id("username") + "/sync";
  const Answer no_direction = realm.post(mapper, json::object());
  CHECK(no_direction.status == 400);
  CHECK(no_direction.body == json{{"error", "Unknown direction: null"}});
  const Answer bogus = realm.post(mapper + "?direction=bogus", json::object());
  CHECK(bogus.status == 400);
  CHECK(bogus.body == json{{"error", "Unknown direction: bogus"}});
  for (const char* direction : {"fedToKeycloak", "keycloakToFed"}) {
    const Answer synced = realm.post(mapper + "?direction=" + direction, json::object());
    INFO(direction);
    REQUIRE(synced.status == 200);
    CHECK(synced.body == json{{"ignored", false}, {"added", 0}, {"updated", 0}, {"removed", 0}, {"failed", 0},
                              {"status", "0 imported users, 0 updated users"}});
  }
  const Answer no_mapper = realm.post("/user-storage/" + provider.id() + "/mappers/no-such-id/sync?direction=fedToKeycloak", json::object());
  CHECK(no_mapper.status == 404);
  CHECK(no_mapper.body == json{{"error", "Mapper model not found"}});
}

TEST_CASE("user storage: a group mapper's sync imports the directory's groups", "[conformance][sync][groups]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-group-sync");
  const json mapper = {{"name", "groups"}, {"providerId", "group-ldap-mapper"},
                       {"providerType", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper"}, {"parentId", provider.id()},
                       {"config", {{"groups.dn", {kcldap::test::slapd().at("KCLDAP_SLAPD_GROUPS_DN")}}, {"mode", {"READ_ONLY"}},
                                   {"group.name.ldap.attribute", {"cn"}}, {"group.object.classes", {"groupOfNames"}},
                                   {"membership.ldap.attribute", {"member"}}, {"membership.attribute.type", {"DN"}},
                                   {"preserve.group.inheritance", {"false"}}}}};
  const Answer created = realm.post("/components", mapper);
  REQUIRE(created.status == 201);
  const Answer synced = realm.post("/user-storage/" + provider.id() + "/mappers/" + created.id_from_location() +
                                       "/sync?direction=fedToKeycloak", json::object());
  REQUIRE(synced.status == 200);
  const int added = synced.body["added"];
  CHECK(added > 0);
  CHECK(synced.body["status"] == std::to_string(added) + " imported groups, 0 updated groups, 0 removed groups");
  CHECK(static_cast<int>(realm.get("/groups").body.size()) == added);
}

TEST_CASE("user storage: unlink-users keeps the users as local ones, remove-imported-users deletes linked ones", "[conformance][sync]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-unlink");
  REQUIRE(realm.get("/users?max=2").body.size() == 2);
  CHECK(realm.post("/user-storage/" + provider.id() + "/remove-imported-users", json::object()).status == 204);
  CHECK(user_count(realm) == 0);

  REQUIRE(realm.get("/users?username=aanderson&exact=true").body.size() == 1);
  CHECK(realm.post("/user-storage/" + provider.id() + "/unlink-users", json::object()).status == 204);
  const json unlinked = realm.get("/users?username=aanderson&exact=true").body;
  REQUIRE(unlinked.size() == 1);
  CHECK_FALSE(unlinked[0].contains("federationLink"));
  CHECK_FALSE(unlinked[0].contains("attributes"));  // LDAP_ID and LDAP_ENTRY_DN go with the link
  CHECK(realm.post("/user-storage/" + provider.id() + "/remove-imported-users", json::object()).status == 204);
  CHECK(user_count(realm) == 1);

  for (const char* action : {"/remove-imported-users", "/unlink-users"}) {
    const Answer missing = realm.post(std::string("/user-storage/no-such-id") + action, json::object());
    INFO(action);
    CHECK(missing.status == 404);
    CHECK(missing.body == json{{"error", "Could not find component"}});
  }
}

TEST_CASE("user storage: the sync honours the object classes and the custom user filter", "[conformance][sync]") {
  ScratchRealm realm;
  json representation = ldap_provider("conf-filtered");
  representation["config"]["customUserSearchFilter"] = {"(uid=a*)"};
  representation["config"]["userObjectClasses"] = {"inetOrgPerson"};
  Provider provider(realm, representation);
  const Answer full = realm.post("/user-storage/" + provider.id() + "/sync?action=triggerFullSync", json::object());
  REQUIRE(full.status == 200);
  const int added = full.body["added"];
  CHECK(added > 0);
  CHECK(added < directory_user_count());
  const json users = realm.get("/users?max=100").body;
  CHECK(static_cast<int>(users.size()) == added);
  for (const auto& user : users) CHECK(user["username"].get<std::string>().front() == 'a');

  json no_match = ldap_provider("conf-no-class");
  no_match["config"]["userObjectClasses"] = {"noSuchClass"};
  ScratchRealm other;
  Provider unmatched(other, no_match);
  const Answer none = other.post("/user-storage/" + unmatched.id() + "/sync?action=triggerFullSync", json::object());
  REQUIRE(none.status == 200);
  CHECK(none.body["added"] == 0);
}
