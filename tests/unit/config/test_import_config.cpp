// import_config: what Keycloak holds, read back into kcldap.toml. Each case reads the written text back
// with kcldap's own loader, so "written" means "a config kcldap accepts, holding that value".
#include <catch2/catch.hpp>

#include "keycloak/federation.hpp"
#include "src/config/config.hpp"
#include "src/config/import_config.hpp"

using namespace kcldap::config;
using kcldap::keycloak::Component;

namespace {

Component provider(const std::map<std::string, std::string>& changes = {}) {
  Component c{"p1", "corp", "ldap", kcldap::keycloak::kStorageProviderType, "realm-id", "", {}};
  const std::map<std::string, std::string> base = {
      {"connectionUrl", "ldaps://dc1.corp:636 ldaps://dc2.corp:636"}, {"bindDn", "cn=reader,dc=corp"}, {"bindCredential", "**********"},
      {"authType", "simple"}, {"usersDn", "ou=people,dc=corp"}, {"vendor", "rhds"}, {"usernameLDAPAttribute", "uid"},
      {"rdnLDAPAttribute", "uid"}, {"uuidLDAPAttribute", "nsuniqueid"}, {"userObjectClasses", "inetOrgPerson,organizationalPerson"},
      {"editMode", "WRITABLE"}, {"importEnabled", "false"}, {"searchScope", "1"}, {"connectionTimeout", "3000"}, {"readTimeout", "9000"},
      {"pagination", "true"}, {"priority", "3"}, {"krbPrincipalAttribute", "krbPrincipalName"}, {"customUserSearchFilter", "(ou=staff)"}};
  for (const auto& [key, value] : base) c.set(key, value);
  for (const auto& [key, value] : changes) {
    if (value.empty()) {
      c.config.erase(key);
    } else {
      c.set(key, value);
    }
  }
  return c;
}

Component mapper(const std::string& name, const std::string& provider_id, const std::map<std::string, std::string>& config) {
  Component c{"m-" + name, name, provider_id, kcldap::keycloak::kMapperType, "p1", "", {}};
  for (const auto& [key, value] : config) c.set(key, value);
  return c;
}

Config input() {
  auto loaded = load_config_text("[keycloak]\nurl = \"https://kc.example\"\nrealm = \"corp\"\nusername = \"admin\"\n"
                                 "password = \"${env:KC_ADMIN_PASSWORD}\"\n[ldap]\nca_file = \"/etc/ssl/corp-ca.pem\"\n",
                                 "in.toml");
  REQUIRE(loaded.ok());
  return loaded.config;
}

struct Result {
  ImportedConfig imported;
  Config config;
};

Result import_and_load(const Component& p, const std::vector<Component>& mappers, const Config& in = input()) {
  Result result{import_config(ImportSource{p, mappers, "26.4.7", "2026-12-01T04:00:00Z"}, in), {}};
  auto loaded = load_config_text(result.imported.toml, "imported.toml");
  INFO(result.imported.toml);
  for (const auto& error : loaded.errors) INFO(error.to_string());
  REQUIRE(loaded.ok());
  result.config = loaded.config;
  return result;
}

const MapperSettings* find(const Config& config, const std::string& name) {
  for (const auto& m : config.mappers) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("import: the provider's connection keys become [ldap], its settings [federation], all pinned", "[import]") {
  const auto r = import_and_load(provider(), {});
  const Config& c = r.config;
  CHECK(c.ldap.urls == std::vector<std::string>{"ldaps://dc1.corp:636", "ldaps://dc2.corp:636"});
  CHECK(c.ldap.bind_dn == "cn=reader,dc=corp");
  CHECK(c.ldap.users_dn == "ou=people,dc=corp");
  CHECK(c.ldap.vendor == "rhds");
  CHECK(c.ldap.uuid_attribute == "nsuniqueid");
  CHECK(c.ldap.user_object_classes == std::vector<std::string>{"inetOrgPerson", "organizationalPerson"});
  CHECK(c.ldap.search_scope == "one");
  CHECK(c.ldap.user_filter == "(ou=staff)");
  CHECK(c.ldap.connect_timeout_ms == 3000);
  CHECK(c.ldap.read_timeout_ms == 9000);
  CHECK(c.federation.name == "corp");
  CHECK(c.federation.edit_mode == "WRITABLE");
  CHECK_FALSE(c.federation.import_users);
  CHECK(c.federation.default_mappers == "keep");
  // Every [federation] key that reaches Keycloak is written, none left to kcldap's defaults.
  for (const auto* key : {"enabled", "edit_mode", "import_users", "sync_registrations", "trust_email", "pagination", "batch_size",
                          "full_sync_period", "changed_sync_period", "cache_policy", "connection_pooling", "use_truststore_spi"}) {
    INFO(key);
    CHECK(c.is_set(std::string("federation.") + key));
  }
}

TEST_CASE("import: a key Keycloak does not store is written as what Keycloak uses then, and says so", "[import]") {
  const auto r = import_and_load(provider({{"searchScope", ""}, {"pagination", ""}, {"useTruststoreSpi", ""}}), {});
  CHECK(r.config.ldap.search_scope == "subtree");  // LDAPConfig: no searchScope is a subtree search
  CHECK_FALSE(r.config.federation.pagination);
  CHECK(r.config.federation.use_truststore_spi == "ldapsOnly");
  CHECK(has(r.imported.toml, "search_scope = \"subtree\"  # Keycloak stores no searchScope and uses 2 then"));
}

TEST_CASE("import: no filter is an explicit empty one; no timeout is 0, which keeps Keycloak's key unset", "[import]") {
  const auto r = import_and_load(provider({{"customUserSearchFilter", ""}, {"connectionTimeout", ""}}), {});
  CHECK(r.config.ldap.user_filter.empty());
  CHECK(r.config.is_set("ldap.user_filter"));  // not "auto": that would add a filter on AD
  CHECK(r.config.ldap.connect_timeout_ms == 0);
  CHECK(has(r.imported.toml, "connect_timeout_ms = 0  # Keycloak stores no connectionTimeout: no time limit"));
  CHECK(r.imported.notes.empty());
  CHECK(has(r.imported.toml, "finds nothing to change against that Keycloak.\n"));
}

TEST_CASE("import: the bind secret is a reference with a comment; [keycloak] is copied as written", "[import]") {
  const auto r = import_and_load(provider(), {});
  CHECK(r.config.ldap.bind_password.text == "${env:KCLDAP_BIND_PASSWORD}");
  CHECK(has(r.imported.toml, "Keycloak never returns the bind secret"));
  CHECK(r.config.keycloak.password.text == "${env:KC_ADMIN_PASSWORD}");
  CHECK(r.config.keycloak.url == "https://kc.example");
  CHECK(r.config.ldap.ca_file == "/etc/ssl/corp-ca.pem");  // kcldap's own key, from the input
  CHECK_FALSE(has(r.imported.toml, "**********"));
}

TEST_CASE("import: a secret written into the input config is never copied", "[import]") {
  auto loaded = load_config_text("[keycloak]\nurl = \"https://kc\"\nrealm = \"r\"\nusername = \"admin\"\npassword = \"hunter2\"\n", "in.toml");
  REQUIRE(loaded.ok());
  const auto r = import_and_load(provider(), {}, loaded.config);
  CHECK_FALSE(has(r.imported.toml, "hunter2"));
  CHECK(r.config.keycloak.password.text == "${env:KCLDAP_KEYCLOAK_PASSWORD}");
}

TEST_CASE("import: anonymous providers get no bind DN and no password", "[import]") {
  const auto r = import_and_load(provider({{"authType", "none"}}), {});
  CHECK(r.config.ldap.bind_dn.empty());
  CHECK_FALSE(r.config.ldap.bind_password.present());
}

TEST_CASE("import: provider keys without a kcldap.toml key are named in the file and in `kept`", "[import]") {
  const auto r = import_and_load(provider(), {});
  CHECK(has(r.imported.toml, "#   priority = \"3\""));
  CHECK(has(r.imported.toml, "#   krbPrincipalAttribute = \"krbPrincipalName\""));
  CHECK(has(r.imported.toml, "kept as Keycloak holds them"));
  bool priority = false;
  for (const auto& kept : r.imported.kept) priority |= has(kept, "priority");
  CHECK(priority);
}

TEST_CASE("import: every mapper becomes [[mappers]] with its keys through the mapper table", "[import]") {
  const std::vector<Component> mappers = {
      mapper("email", "user-attribute-ldap-mapper",
             {{"user.model.attribute", "email"}, {"ldap.attribute", "mail"}, {"read.only", "false"}, {"attribute.force.default", "true"}}),
      mapper("groups", "group-ldap-mapper",
             {{"groups.dn", "ou=groups,dc=corp"}, {"mode", "READ_ONLY"}, {"group.object.classes", "groupOfNames, top"}}),
      mapper("cert", "certificate-ldap-mapper",
             {{"user.model.attribute", "cert"}, {"ldap.attribute", "userCertificate"}, {"is.binary.attribute", "true"},
              {"always.read.value.from.ldap", "true"}, {"is.der.formatted", "true"}}),
      mapper("lds", "msad-lds-user-account-control-mapper", {}),
      mapper("Kerberos principal attribute mapper", "kerberos-principal-attribute-mapper", {})};
  const auto r = import_and_load(provider(), mappers);
  REQUIRE(r.config.mappers.size() == 5);
  const MapperSettings* email = find(r.config, "email");
  REQUIRE(email != nullptr);
  CHECK(email->type == "user-attribute");
  CHECK(email->options.at("read_only") == "false");
  CHECK(email->options.at("force_default") == "true");
  CHECK(r.config.ldap.email_attribute == "mail");
  const MapperSettings* groups = find(r.config, "groups");
  REQUIRE(groups != nullptr);
  CHECK(groups->options.at("object_classes") == "groupOfNames,top");
  // Keys Keycloak does not store but kcldap would fill from the probe: Keycloak's run-time defaults.
  CHECK(groups->options.at("membership_attribute") == "member");
  CHECK(groups->options.at("membership_type") == "DN");
  CHECK(groups->options.at("retrieval_strategy") == "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE");
  CHECK(find(r.config, "cert")->options.at("der_formatted") == "true");
  CHECK(find(r.config, "lds")->type == "msad-lds-account-controls");
  CHECK(find(r.config, "Kerberos principal attribute mapper")->type == "kerberos-principal");
}

TEST_CASE("import: a group mapper of an AD provider gets AD's run-time object class", "[import]") {
  const auto r = import_and_load(provider({{"vendor", "ad"}}), {mapper("groups", "group-ldap-mapper", {{"groups.dn", "ou=g,dc=corp"}, {"mode", "READ_ONLY"}})});
  CHECK(find(r.config, "groups")->options.at("object_classes") == "group");
}

TEST_CASE("import: what kcldap cannot model is written as a comment and listed, never dropped", "[import]") {
  const std::vector<Component> mappers = {
      mapper("odd", "some-future-ldap-mapper", {{"x.y", "1"}}),
      mapper("phone", "user-attribute-ldap-mapper", {{"user.model.attribute", "phone"}, {"ldap.attribute", "telephoneNumber"},
                                                     {"binary.attribute.decoder", "auto"}}),
      mapper("broken", "hardcoded-ldap-role-mapper", {})};
  const auto r = import_and_load(provider(), mappers);
  CHECK(find(r.config, "odd") == nullptr);
  CHECK(has(r.imported.toml, "# Mapper \"odd\" (some-future-ldap-mapper, id m-odd): kcldap has no mapper type for provider some-future-ldap-mapper"));
  CHECK(has(r.imported.toml, "kcldap leaves it as Keycloak holds it"));
  REQUIRE(find(r.config, "phone") != nullptr);
  CHECK(has(r.imported.toml, "# kept as Keycloak holds it (no [[mappers]] key for it): binary.attribute.decoder = \"auto\""));
  CHECK(find(r.config, "broken") == nullptr);  // it holds no role, which a kcldap mapper requires
  CHECK(r.imported.kept.size() >= 3);
}

TEST_CASE("import: a value kcldap.toml cannot hold is a comment, not a broken file", "[import]") {
  const auto r = import_and_load(provider({{"cachePolicy", "SOMETIMES"}, {"usersDn", "ou=people,dc=corp\nx = 1"}}), {});
  CHECK(r.config.federation.cache_policy == "DEFAULT");
  CHECK(has(r.imported.toml, "# cache_policy: Keycloak holds cachePolicy = \"SOMETIMES\""));
  CHECK_FALSE(has(r.imported.toml, "\nx = 1"));  // a newline in a value cannot start a key of its own
}

TEST_CASE("import: [checks] and [restart] of the input are kept as written; their secrets stay references", "[import]") {
  auto loaded = load_config_text("[keycloak]\nurl = \"https://kc\"\nrealm = \"r\"\nclient_id = \"kcldap\"\nclient_secret = \"${file:/run/kc}\"\n"
                                 "[checks]\ntest_user = \"alice\"\ntest_password = \"wonderland\"\n"
                                 "[restart]\ncommand = [\"systemctl\", \"restart\", \"app\"]\n",
                                 "in.toml");
  REQUIRE(loaded.ok());
  const auto r = import_and_load(provider(), {}, loaded.config);
  CHECK(r.config.keycloak.client_secret.text == "${file:/run/kc}");
  CHECK(r.config.checks.test_user == "alice");
  CHECK(r.config.checks.test_password.text == "${env:KCLDAP_CHECKS_TEST_PASSWORD}");
  CHECK_FALSE(has(r.imported.toml, "wonderland"));
  CHECK(r.config.restart.command == std::vector<std::string>{"systemctl", "restart", "app"});
}

TEST_CASE("import: attribute keys Keycloak does not store are written as its run-time fallbacks, and noted", "[import]") {
  const auto r = import_and_load(
      provider({{"vendor", "ad"}, {"usernameLDAPAttribute", "sAMAccountName"}, {"rdnLDAPAttribute", ""}, {"uuidLDAPAttribute", ""}}), {});
  CHECK(r.config.ldap.rdn_attribute == "cn");  // LDAPConfig: sAMAccountName usernames mean cn RDNs
  CHECK(r.config.ldap.uuid_attribute == "objectGUID");
  CHECK(r.imported.notes.size() == 2);
  CHECK(has(r.imported.toml, "uuid_attribute = \"objectGUID\"  # Keycloak stores no uuidLDAPAttribute"));
}
