// Contract: the components API per version profile (reference §0, §2.2, §3, §4).
#include <set>

#include "emulator/java_order.hpp"
#include "integration/emulator/contract_support.hpp"

using namespace kcldap::test;
using nlohmann::json;

namespace {

std::set<std::string> names(const json& components) {
  std::set<std::string> out;
  for (const auto& c : components) out.insert(c["name"]);
  return out;
}

}  // namespace

TEST_CASE("emulator: create answers 201 + Location, defaults parentId to the realm id, strips blanks", "[emulator][components]") {
  const std::string version = GENERATE("21.1", "24.0", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version));
  const std::string token = emulator.admin_token();
  json body = ldap_provider();
  body["config"]["customUserSearchFilter"] = {""};
  body["config"]["readTimeout"] = json::array();
  auto response = emulator.post_json("/admin/realms/demo/components", token, body);
  REQUIRE(response->status == 201);
  CHECK(response->body.empty());
  const std::string location = response->get_header_value("Location");
  CHECK(location.rfind(emulator.url() + "/admin/realms/demo/components/", 0) == 0);
  const std::string id = location.substr(location.rfind('/') + 1);
  CHECK(id.size() == (version == "26.4" ? 22U : 36U));  // short ids from 26.1
  const json stored = body_of(emulator.get("/admin/realms/demo/components/" + id, token));
  const json realm = body_of(emulator.get("/admin/realms/demo", token));
  CHECK(stored["parentId"] == realm["id"]);
  CHECK_FALSE(stored["config"].contains("customUserSearchFilter"));
  CHECK_FALSE(stored["config"].contains("readTimeout"));
  CHECK(stored["config"].contains("krbPrincipalAttribute") == (version != "21.1"));  // written back from 23
}

TEST_CASE("emulator: default mappers follow vendor, edit mode and version", "[emulator][components]") {
  const std::string version = GENERATE("21.1", "24.0", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version));
  const std::string token = emulator.admin_token();
  const json uid_mappers = children(emulator, token, create(emulator, token, ldap_provider("uid")));
  std::set<std::string> expected = {"username", "first name", "last name", "email", "creation date", "modify date"};
  if (version == "26.4") expected.insert("Kerberos principal attribute mapper");
  CHECK(names(uid_mappers) == expected);
  for (const auto& mapper : uid_mappers) {
    CHECK(mapper["providerType"] == kMapper);
    if (mapper["name"] == "first name") CHECK(mapper["config"]["ldap.attribute"] == json{"cn"});  // RDN uid: cn
    if (mapper["name"] == "username") CHECK(mapper["config"]["read.only"] == json{"true"});
  }

  json ad = ldap_provider("ad");
  ad["config"]["vendor"] = {"ad"};
  ad["config"]["usernameLDAPAttribute"] = {"sAMAccountName"};
  ad["config"]["rdnLDAPAttribute"] = {"cn"};
  ad["config"]["uuidLDAPAttribute"] = {"objectGUID"};
  const json ad_mappers = children(emulator, token, create(emulator, token, ad));
  std::set<std::string> ad_expected = {"username", "full name", "last name", "email", "creation date", "modify date",
                                       "MSAD account controls"};
  if (version == "26.4") ad_expected.insert("Kerberos principal attribute mapper");
  CHECK(names(ad_mappers) == ad_expected);
  for (const auto& mapper : ad_mappers) {
    if (mapper["name"] == "creation date") CHECK(mapper["config"]["ldap.attribute"] == json{"whenCreated"});
    if (mapper["name"] == "MSAD account controls") {
      CHECK(mapper["config"].contains("always.read.enabled.value.from.ldap") == (version == "26.4"));
    }
  }

  json writable = ad;
  writable["name"] = "ad-writable";
  writable["config"]["editMode"] = {"WRITABLE"};
  const auto writable_names = names(children(emulator, token, create(emulator, token, writable)));
  CHECK(writable_names.count("username-cn") == 1);
  CHECK(writable_names.count("first name") == 1);
}

TEST_CASE("emulator: server-side validation by version, with Keycloak's messages", "[emulator][components]") {
  const std::string version = GENERATE("21.1", "24.0", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version));
  const std::string token = emulator.admin_token();
  const auto rejected = [&](json body) {
    auto response = emulator.post_json("/admin/realms/demo/components", token, body);
    REQUIRE(response);
    return response->status == 400 ? json::parse(response->body) : json(response->status);
  };
  json no_edit_mode = ldap_provider();
  no_edit_mode["config"].erase("editMode");
  CHECK(rejected(no_edit_mode) == json{{"errorMessage", "Edit Mode is mandatory"}});
  json bad_filter = ldap_provider();
  bad_filter["config"]["customUserSearchFilter"] = {"uid=*"};
  CHECK(rejected(bad_filter)["errorMessage"].get<std::string>().find("does not start with") != std::string::npos);
  json bad_timeout = ldap_provider();
  bad_timeout["config"]["connectionTimeout"] = {"5s"};
  CHECK(rejected(bad_timeout) == json{{"errorMessage", "Connection Timeout must be a number"}});
  json unsynced = ldap_provider();
  unsynced["config"]["editMode"] = {"UNSYNCED"};
  unsynced["config"]["importEnabled"] = {"false"};
  CHECK(rejected(unsynced)["errorMessage"] == "Can not disable Importing users when LDAP provider mode is UNSYNCED");
  json pooled_start_tls = ldap_provider("start-tls");
  pooled_start_tls["config"]["connectionUrl"] = {slapd().at("KCLDAP_SLAPD_URL")};
  pooled_start_tls["config"]["startTls"] = {"true"};
  pooled_start_tls["config"]["connectionPooling"] = {"true"};
  if (version == "26.4") {
    CHECK(rejected(pooled_start_tls) == json{{"errorMessage", "Can not enable both StartTLS and connection pooling."}});
  } else {
    CHECK(rejected(pooled_start_tls) == json(201));  // the check never triggered before 26.1
  }
  json unknown = ldap_provider();
  unknown["providerId"] = "ldapx";
  CHECK(rejected(unknown).contains("error"));
  json bad_enum = ldap_provider();
  bad_enum["config"]["editMode"] = {"read_only"};
  CHECK(rejected(bad_enum).contains("error"));
}

TEST_CASE("emulator: GET masks the bind credential and hides keys the version does not know", "[emulator][components]") {
  const std::string version = GENERATE("24.0", "26.4");
  INFO("Keycloak " << version);
  EmulatorProcess emulator(emulator_args(version));
  const std::string token = emulator.admin_token();
  json body = ldap_provider();
  body["config"]["connectionPoolingTimeout"] = {"fine"};  // removed from the backend in 26
  body["config"]["someInventedKey"] = {"x"};
  const std::string id = create(emulator, token, body);
  const json stored = body_of(emulator.get("/admin/realms/demo/components/" + id, token));
  CHECK(stored["config"]["bindCredential"] == json{"**********"});
  CHECK_FALSE(stored["config"].contains("someInventedKey"));
  CHECK(stored["config"].contains("connectionPoolingTimeout") == (version == "24.0"));
  // Stored nonetheless (the test-only state shows it).
  const json state = emulator.state();  // a named value: iterating a temporary's member would dangle
  for (const auto& component : state["realms"][1]["components"]) {
    if (component["id"] == id) CHECK(component["config"].contains("someInventedKey"));
  }
  json vault = ldap_provider("vault");
  vault["config"]["bindCredential"] = {"${vault.ldap_password}"};
  const json with_vault = body_of(emulator.get("/admin/realms/demo/components/" + create(emulator, token, vault), token));
  CHECK(with_vault["config"]["bindCredential"] == json{"${vault.ldap_password}"});
}

TEST_CASE("emulator: PUT merges, keeps the secret for the mask, deletes on empty lists", "[emulator][components]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string id = create(emulator, token, ldap_provider());
  const std::string path = "/admin/realms/demo/components/" + id;
  // Keycloak needs providerId and providerType in every PUT (without them: 500, see conformance: components).
  const json type = {{"providerId", "ldap"}, {"providerType", kStorage}};
  const auto with_type = [&](json body) {
    body.update(type);
    return body;
  };
  auto response = emulator.put_json(path, token, with_type({{"config", {{"pagination", {"false"}},
                                                               {"bindCredential", {"**********"}},
                                                               {"searchScope", json::array()}}}}));
  REQUIRE(response->status == 204);
  const json stored = body_of(emulator.get(path, token));
  CHECK(stored["name"] == "ldap");                                   // top-level nulls keep the value
  CHECK(stored["config"]["pagination"] == json{"false"});            // sent: replaced
  CHECK(stored["config"]["usersDn"] == json{slapd().at("KCLDAP_SLAPD_USERS_DN")});  // omitted: kept
  CHECK_FALSE(stored["config"].contains("searchScope"));             // []: removed
  const json raw = emulator.state()["realms"][1]["components"][0];
  CHECK(raw["config"]["bindCredential"] == json{slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")});  // the mask kept it

  REQUIRE(emulator.put_json(path, token, with_type({{"config", {{"bindCredential", {"new-secret"}}}}}))->status == 204);
  CHECK(emulator.state()["realms"][1]["components"][0]["config"]["bindCredential"] == json{"new-secret"});
  REQUIRE(emulator.put_json(path, token, with_type({{"config", {{"bindCredential", {""}}}}}))->status == 204);
  CHECK_FALSE(emulator.state()["realms"][1]["components"][0]["config"].contains("bindCredential"));

  auto invalid = emulator.put_json(path, token, with_type({{"config", {{"connectionTimeout", {"soon"}}}}}));
  CHECK(invalid->status == 400);
  CHECK_FALSE(body_of(emulator.get(path, token))["config"].contains("connectionTimeout"));  // not stored
  CHECK(emulator.put_json("/admin/realms/demo/components/missing", token, {{"name", "x"}})->status == 404);
  CHECK(json::parse(emulator.put_json("/admin/realms/demo/components/missing", token, {{"name", "x"}})->body) ==
        json{{"error", "Could not find component"}});
}

TEST_CASE("emulator: PUT stops at the first unknown config key, in Java HashMap order", "[emulator][components]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string id = create(emulator, token, ldap_provider());
  // Build a body whose HashMap order puts the unknown key before some known ones.
  const std::vector<std::string> known = {"pagination", "trustEmail", "batchSizeForSync", "connectionTimeout",
                                          "readTimeout", "priority", "fullSyncPeriod", "changedSyncPeriod"};
  std::vector<std::string> body_order = known;
  body_order.push_back("connectionPoolingTimeout");  // unknown to 26.x; lands 4th in HashMap order
  const auto java_order = kcldap::emulator::java_hashmap_order(body_order);
  const auto unknown_at = std::find(java_order.begin(), java_order.end(), "connectionPoolingTimeout") - java_order.begin();
  nlohmann::ordered_json config;
  for (const auto& key : body_order) config[key] = {key == "pagination" || key == "trustEmail" ? "false" : "7"};
  // Keycloak needs providerId and providerType in a PUT (without them: 500, see conformance: components).
  nlohmann::ordered_json body = {{"providerId", "ldap"}, {"providerType", "org.keycloak.storage.UserStorageProvider"}, {"config", config}};
  auto response = emulator.client().Put("/admin/realms/demo/components/" + id, {{"Authorization", "Bearer " + token}},
                                        body.dump(), "application/json");
  REQUIRE(response->status == 204);
  const json stored = body_of(emulator.get("/admin/realms/demo/components/" + id, token));
  for (std::size_t i = 0; i < java_order.size(); ++i) {
    if (java_order[i] == "connectionPoolingTimeout") continue;
    INFO(java_order[i] << " at position " << i << ", unknown key at " << unknown_at);
    const bool applied = stored["config"].contains(java_order[i]) &&
                         stored["config"][java_order[i]].front() == (java_order[i] == "pagination" || java_order[i] == "trustEmail" ? "false" : "7");
    CHECK(applied == (static_cast<long>(i) < unknown_at));
  }
  CHECK(unknown_at < static_cast<long>(java_order.size()) - 1);  // the body really did lose keys
}

TEST_CASE("emulator: on 26.x a changed username attribute is copied into the username mapper", "[emulator][components]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string id = create(emulator, token, ldap_provider());
  REQUIRE(emulator.put_json("/admin/realms/demo/components/" + id, token,
                            {{"providerId", "ldap"}, {"providerType", kStorage}, {"config", {{"usernameLDAPAttribute", {"mail"}}}}})->status == 204);
  for (const auto& mapper : children(emulator, token, id)) {
    if (mapper["name"] == "username") CHECK(mapper["config"]["ldap.attribute"] == json{"mail"});
  }
}

TEST_CASE("emulator: list filters by parent, type and exact name", "[emulator][components]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string first = create(emulator, token, ldap_provider("corp"));
  create(emulator, token, ldap_provider("partners"));
  const std::string type = std::string("type=") + kStorage;
  CHECK(body_of(emulator.get("/admin/realms/demo/components?" + type, token)).size() == 2);
  CHECK(body_of(emulator.get("/admin/realms/demo/components?" + type + "&name=corp", token)).size() == 1);
  CHECK(body_of(emulator.get("/admin/realms/demo/components?" + type + "&name=Corp", token)).empty());
  CHECK(body_of(emulator.get("/admin/realms/demo/components?parent=" + first, token)).size() == 7);
  CHECK(body_of(emulator.get("/admin/realms/demo/components?parent=" + first + "&name=email", token)).size() == 1);
  // type alone means children of the realm: mappers are not listed with their own type unless parent is given.
  CHECK(body_of(emulator.get(std::string("/admin/realms/demo/components?type=") + kMapper, token)).empty());
  CHECK(body_of(emulator.get("/admin/realms/demo/components", token)).size() == 16);
}

TEST_CASE("emulator: DELETE cascades to the mappers and the imported users", "[emulator][components]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string id = create(emulator, token, ldap_provider());
  REQUIRE(emulator.post_empty("/admin/realms/demo/user-storage/" + id + "/sync?action=triggerFullSync", token)->status == 200);
  CHECK(emulator.state()["realms"][1]["users"].size() == 50);
  CHECK(emulator.del("/admin/realms/demo/components/" + id, token)->status == 204);
  CHECK(body_of(emulator.get("/admin/realms/demo/components", token)).empty());
  CHECK(emulator.state()["realms"][1]["users"].empty());
  CHECK(emulator.del("/admin/realms/demo/components/" + id, token)->status == 404);
}

TEST_CASE("emulator: sub-component-types lists the mapper types of the version", "[emulator][components]") {
  const std::string version = GENERATE("24.0", "26.4");
  EmulatorProcess emulator(emulator_args(version));
  const std::string token = emulator.admin_token();
  const std::string id = create(emulator, token, ldap_provider());
  CHECK(emulator.get("/admin/realms/demo/components/" + id + "/sub-component-types", token)->status == 400);
  const json types = body_of(emulator.get("/admin/realms/demo/components/" + id + "/sub-component-types?type=" + kMapper, token));
  bool kerberos = false;
  for (const auto& type : types) kerberos |= type["id"] == "kerberos-principal-attribute-mapper";
  CHECK(kerberos == (version == "26.4"));
  CHECK(types.size() >= 11);
}

TEST_CASE("emulator: mapper validation uses the factories' rules", "[emulator][components]") {
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string parent = create(emulator, token, ldap_provider());
  const auto post = [&](json config, const std::string& provider) {
    return emulator.post_json("/admin/realms/demo/components", token,
                              {{"name", "m"}, {"providerId", provider}, {"providerType", kMapper}, {"parentId", parent}, {"config", config}});
  };
  CHECK(json::parse(post({{"user.model.attribute", {"email"}}}, "user-attribute-ldap-mapper")->body) ==
        json{{"errorMessage", "Missing configuration for 'LDAP Attribute'"}});
  CHECK(post({{"mode", {"READ_ONLY"}}}, "group-ldap-mapper")->status == 400);
  CHECK(post({{"user.model.attribute", {"email"}}, {"attribute.value", {"x"}}}, "hardcoded-attribute-mapper")->status == 400);
  CHECK(post({{"groups.dn", {"ou=groups,dc=example,dc=org"}}, {"mode", {"READ_ONLY"}}}, "group-ldap-mapper")->status == 201);
}

TEST_CASE("emulator: hardcoded role and group mappers name what exists; a group mapper gets groups.path \"/\"", "[emulator][components]") {
  // As Keycloak 26.4.7 answers (checked there): an unknown role or group path is refused at create, and
  // the group mapper factory stores groups.path "/" when the body has none.
  EmulatorProcess emulator(emulator_args("26.4"));
  const std::string token = emulator.admin_token();
  const std::string parent = create(emulator, token, ldap_provider());
  const auto post = [&](const std::string& name, json config, const std::string& provider) {
    return emulator.post_json("/admin/realms/demo/components", token,
                              {{"name", name}, {"providerId", provider}, {"providerType", kMapper}, {"parentId", parent}, {"config", config}});
  };
  CHECK(json::parse(post("r", {{"role", {"nope"}}}, "hardcoded-ldap-role-mapper")->body) ==
        json{{"errorMessage", "There is no role corresponding to configured value"}});
  CHECK(json::parse(post("g", {{"group", {"/nope"}}}, "hardcoded-ldap-group-mapper")->body) ==
        json{{"errorMessage", "There is no group corresponding to configured value"}});
  CHECK(post("o", {{"role", {"offline_access"}}}, "hardcoded-ldap-role-mapper")->status == 201);  // built in
  CHECK(emulator.post_json("/admin/realms/demo/roles", token, {{"name", "ldap-user"}})->status == 201);
  CHECK(emulator.post_json("/admin/realms/demo/roles", token, {{"name", "ldap-user"}})->status == 409);
  CHECK(post("r", {{"role", {"ldap-user"}}}, "hardcoded-ldap-role-mapper")->status == 201);
  CHECK(emulator.post_json("/admin/realms/demo/groups", token, {{"name", "staff"}})->status == 201);
  CHECK(post("g", {{"group", {"/staff"}}}, "hardcoded-ldap-group-mapper")->status == 201);
  REQUIRE(post("groups", {{"groups.dn", {"ou=groups,dc=example,dc=org"}}, {"mode", {"READ_ONLY"}}}, "group-ldap-mapper")->status == 201);
  const json mappers = json::parse(emulator.get("/admin/realms/demo/components?parent=" + parent + "&name=groups", token)->body);
  REQUIRE(mappers.size() == 1);
  CHECK(mappers[0]["config"]["groups.path"] == json{"/"});
}
