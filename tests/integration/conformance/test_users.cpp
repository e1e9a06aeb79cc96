// Keycloak conformance: the users API: list, search, count and the representations of federated and
// local users; GET by id; creating, updating and deleting local users; resetting a password.
#include <catch2/catch.hpp>

#include "integration/conformance/target.hpp"

using namespace kcldap::conformance;

TEST_CASE("users: a federated user's representation", "[conformance][users]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-user-rep");
  const json found = realm.get("/users?username=aanderson&exact=true").body;
  REQUIRE(found.size() == 1);
  const json& user = found[0];
  CHECK(user["username"] == "aanderson");
  CHECK(user["email"] == "aanderson@example.org");
  CHECK(user["enabled"] == true);
  CHECK(user["emailVerified"] == false);
  CHECK(user["totp"] == false);
  CHECK(user["federationLink"] == provider.id());
  CHECK(user["requiredActions"] == json::array());
  CHECK(user["disableableCredentialTypes"] == json::array());
  CHECK(user["notBefore"] == 0);
  CHECK(user["createdTimestamp"].is_number_integer());
  CHECK(user["attributes"]["LDAP_ID"].size() == 1);
  CHECK(user["attributes"].contains("createTimestamp"));  // the "creation date" mapper's attribute
  if (Server::instance().major() >= 24) CHECK(user["origin"] == provider.id());
  CHECK(user["access"]["manage"] == true);

  const Answer by_id = realm.get("/users/" + user["id"].get<std::string>());
  REQUIRE(by_id.status == 200);
  CHECK(by_id.body["username"] == "aanderson");
  CHECK(by_id.body["attributes"] == user["attributes"]);
  CHECK(by_id.body["access"]["view"] == true);
  const Answer missing = realm.get("/users/no-such-id");
  CHECK(missing.status == 404);
  CHECK(missing.body == json{{"error", "User not found"}});
}

TEST_CASE("users: search, exact match, paging and count", "[conformance][users]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-user-search");
  CHECK(realm.get("/users?search=zzzz-nobody").body == json::array());
  const json page = realm.get("/users?first=0&max=2").body;
  CHECK(page.size() == 2);
  CHECK(realm.get("/users/count").body == 2);  // the two looked-up users are imported, the rest is not
  const json prefix = realm.get("/users?search=aanders").body;
  REQUIRE(prefix.size() == 1);
  CHECK(prefix[0]["username"] == "aanderson");
  CHECK(realm.get("/users?username=aanders&exact=true").body == json::array());
  CHECK(realm.get("/users?email=aanderson@example.org&exact=true").body.size() == 1);
  // The count looks at Keycloak's own store only, never at the directory.
  REQUIRE(realm.post("/user-storage/" + provider.id() + "/sync?action=triggerFullSync", json::object()).status == 200);
  CHECK(realm.get("/users/count").body == directory_user_count());
  CHECK(realm.get("/users/count?search=aanderson").body == 1);
  CHECK(realm.get("/users/count?email=aanderson@example.org").body == 1);
  CHECK(realm.get("/users?first=48&max=10").body.size() == static_cast<std::size_t>(directory_user_count() - 48));
  const json brief = realm.get("/users?username=aanderson&exact=true&briefRepresentation=true").body;
  REQUIRE(brief.size() == 1);
  CHECK(brief[0]["username"] == "aanderson");
  CHECK(brief[0]["federationLink"] == provider.id());
}

TEST_CASE("users: with import off, directory users are listed with federated ids and never counted", "[conformance][users]") {
  ScratchRealm realm;
  json representation = ldap_provider("conf-no-import");
  representation["config"]["importEnabled"] = {"false"};
  Provider provider(realm, representation);
  const json users = realm.get("/users?username=aanderson&exact=true").body;
  REQUIRE(users.size() == 1);
  CHECK(users[0]["id"] == "f:" + provider.id() + ":aanderson");
  CHECK(users[0]["federationLink"] == provider.id());
  CHECK(users[0]["attributes"]["LDAP_ENTRY_DN"] == json{"uid=aanderson," + users_dn()});
  CHECK(realm.get("/users/count").body == 0);
  CHECK(realm.get("/users/count?search=*").body == 0);
}

TEST_CASE("users: an importing and a non-importing provider over one directory list the user once", "[conformance][users]") {
  ScratchRealm realm;
  Provider importing(realm, "conf-importing");
  json representation = ldap_provider("conf-not-importing");
  representation["config"]["importEnabled"] = {"false"};
  Provider not_importing(realm, representation);
  // The first lookup's answer depends on the order Keycloak asks the two (equal-priority) providers in:
  // sometimes the transient user comes first and the imported one second. From then on it is stable.
  const std::string lookup = "/users?username=aanderson&exact=true&briefRepresentation=false";
  const json first = realm.get(lookup).body;
  CHECK(first.back()["federationLink"] == importing.id());
  const json users = realm.get(lookup).body;
  REQUIRE(users.size() == 1);
  CHECK(users[0]["federationLink"] == importing.id());
}

TEST_CASE("users: a trailing slash on the users collection lists them", "[conformance][users]") {
  ScratchRealm realm;
  const Answer slash = realm.get("/users/");
  CHECK(slash.status == 200);
  CHECK(slash.body == json::array());
}

TEST_CASE("users: create, update, reset the password and delete a local user", "[conformance][users]") {
  ScratchRealm realm;
  const Answer created = realm.post("/users", {{"username", "Local-One"}, {"email", "Local.One@Example.org"}, {"enabled", true},
                                               {"firstName", "Lo"}, {"lastName", "Cal"}});
  REQUIRE(created.status == 201);
  CHECK(created.text.empty());
  const std::string id = created.id_from_location();
  CHECK(created.location == Server::instance().base_url() + realm.path("/users/" + id));
  const json user = realm.get("/users/" + id).body;
  CHECK(user["username"] == "local-one");  // Keycloak lowercases usernames and emails
  CHECK(user["email"] == "local.one@example.org");
  CHECK(user["firstName"] == "Lo");
  CHECK_FALSE(user.contains("federationLink"));
  CHECK_FALSE(user.contains("attributes"));
  CHECK(user["requiredActions"] == json::array());

  const Answer same_name = realm.post("/users", {{"username", "local-one"}});
  CHECK(same_name.status == 409);
  CHECK(same_name.body == json{{"errorMessage", "User exists with same username"}});
  const Answer same_email = realm.post("/users", {{"username", "local-two"}, {"email", "local.one@example.org"}});
  CHECK(same_email.status == 409);
  CHECK(same_email.body == json{{"errorMessage", "User exists with same email"}});
  if (Server::instance().major() >= 24) {  // the declarative user profile checks the username's length
    const Answer short_name = realm.post("/users", {{"username", "ab"}});
    CHECK(short_name.status == 400);
    CHECK(short_name.body == json{{"field", "username"}, {"errorMessage", "error-invalid-length"}, {"params", {"username", 3, 255}}});
  }
  const Answer nameless = realm.post("/users", {{"email", "nobody@example.org"}});
  CHECK(nameless.status == 400);
  CHECK(nameless.body == json{{"errorMessage", "User name is missing"}});

  REQUIRE(realm.put("/users/" + id, {{"firstName", "New"}, {"enabled", false}}).status == 204);
  const json updated = realm.get("/users/" + id).body;
  CHECK(updated["firstName"] == "New");
  CHECK(updated["lastName"] == "Cal");
  CHECK(updated["enabled"] == false);
  CHECK(realm.put("/users/no-such-id", {{"firstName", "x"}}).body == json{{"error", "User not found"}});

  const json password = {{"type", "password"}, {"value", "Secret-123"}, {"temporary", false}};
  CHECK(realm.put("/users/" + id + "/reset-password", password).status == 204);
  const Answer empty = realm.put("/users/" + id + "/reset-password", {{"type", "password"}, {"value", ""}, {"temporary", false}});
  CHECK(empty.status == 400);
  CHECK(empty.body == json{{"error", "Empty password not allowed"}});
  CHECK(realm.put("/users/no-such-id/reset-password", password).status == 404);

  CHECK(realm.del("/users/" + id).status == 204);
  const Answer gone = realm.del("/users/" + id);
  CHECK(gone.status == 404);
  CHECK(gone.body == json{{"error", "User not found"}});
}

TEST_CASE("users: a password given at creation signs the user in", "[conformance][users][tokens]") {
  ScratchRealm realm;
  const json user = {{"username", "with-password"}, {"enabled", true}, {"firstName", "With"}, {"lastName", "Password"},
                     {"email", "with-password@example.org"}, {"emailVerified", true},
                     {"credentials", {{{"type", "password"}, {"value", "Secret-123"}, {"temporary", false}}}}};
  REQUIRE(realm.post("/users", user).status == 201);
  const Answer signed_in = Server::instance().form("/realms/" + realm.name() + "/protocol/openid-connect/token",
                                                   {{"grant_type", "password"}, {"client_id", "admin-cli"},
                                                    {"username", "with-password"}, {"password", "Secret-123"}});
  CHECK(signed_in.status == 200);
}

TEST_CASE("users: a local user cannot take a directory user's username or email", "[conformance][users]") {
  ScratchRealm realm;
  Provider provider(realm, "conf-user-clash");
  // Neither user was imported yet: Keycloak asks the directory before creating the local user.
  const Answer same_name = realm.post("/users", {{"username", "bharris"}});
  CHECK(same_name.status == 409);
  CHECK(same_name.body == json{{"errorMessage", "User exists with same username"}});
  const Answer same_email = realm.post("/users", {{"username", "someone-else"}, {"email", "cowens@example.org"}});
  CHECK(same_email.status == 409);
  CHECK(same_email.body == json{{"errorMessage", "User exists with same email"}});
}

TEST_CASE("users: a local user with a password signs in with the password grant", "[conformance][users][tokens]") {
  ScratchRealm realm;
  const Answer created = realm.post("/users", {{"username", "signer"}, {"enabled", true}, {"firstName", "Sig"},
                                               {"lastName", "Ner"}, {"email", "signer@example.org"}, {"emailVerified", true}});
  REQUIRE(created.status == 201);
  const json password = {{"type", "password"}, {"value", "Secret-123"}, {"temporary", false}};
  REQUIRE(realm.put("/users/" + created.id_from_location() + "/reset-password", password).status == 204);
  const std::string token_path = "/realms/" + realm.name() + "/protocol/openid-connect/token";
  const Answer signed_in = Server::instance().form(token_path, {{"grant_type", "password"}, {"client_id", "admin-cli"},
                                                                {"username", "signer"}, {"password", "Secret-123"}});
  REQUIRE(signed_in.status == 200);
  CHECK(signed_in.body.contains("access_token"));
  const Answer refreshed = Server::instance().form(token_path, {{"grant_type", "refresh_token"}, {"client_id", "admin-cli"},
                                                                {"refresh_token", signed_in.body["refresh_token"].get<std::string>()}});
  CHECK(refreshed.status == 200);
  CHECK(refreshed.body["token_type"] == "Bearer");
  const Answer wrong = Server::instance().form(token_path, {{"grant_type", "password"}, {"client_id", "admin-cli"},
                                                            {"username", "signer"}, {"password", "wrong"}});
  // RFC 6749's 400 for invalid_grant since Keycloak 26.6 (keycloak#46528); 401 before.
  CHECK(wrong.status == (Server::instance().at_least(26, 6) ? 400 : 401));
  CHECK(wrong.body == json{{"error", "invalid_grant"}, {"error_description", "Invalid user credentials"}});
}
