// src/pipeline/backup: the backup file keeps Keycloak's component representation (without the bind
// credential) and reads back into the same components; a file that is not such a backup is refused.
#include <catch2/catch.hpp>

#include "src/pipeline/backup.hpp"

using kcldap::keycloak::Component;
using kcldap::pipeline::Backup;
using kcldap::pipeline::backup_from_json;
using kcldap::pipeline::backup_to_json;
using nlohmann::json;

namespace {

Backup sample() {
  Component provider{"p1", "ldap", "ldap", "org.keycloak.storage.UserStorageProvider", "realm-id", "",
                     {{"vendor", {"ad"}}, {"bindCredential", {"**********"}}}};
  Component mapper{"m1", "email", "user-attribute-ldap-mapper", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper", "p1", "",
                   {{"ldap.attribute", {"mail"}}}};
  return Backup{"demo", "ldap", provider, {mapper}, ""};
}

}  // namespace

TEST_CASE("a backup file holds the components as Keycloak represents them, never the secret", "[pipeline][backup]") {
  const json document = backup_to_json(sample());
  CHECK(document["schema"] == "kcldap.backup/v1");
  CHECK(document["provider"] == json{{"id", "p1"}, {"name", "ldap"}, {"providerId", "ldap"},
                                     {"providerType", "org.keycloak.storage.UserStorageProvider"}, {"parentId", "realm-id"},
                                     {"config", {{"vendor", {"ad"}}}}});
  CHECK(document["mappers"][0]["config"] == json{{"ldap.attribute", {"mail"}}});
  CHECK(document["created_provider_id"] == "");
}

TEST_CASE("a backup file reads back into the same components", "[pipeline][backup]") {
  const auto read = backup_from_json(backup_to_json(sample()), "b.json");
  REQUIRE(read);
  CHECK(read->realm == "demo");
  REQUIRE(read->provider);
  CHECK(read->provider->value("vendor") == "ad");
  CHECK_FALSE(read->provider->first("bindCredential"));
  REQUIRE(read->mappers.size() == 1);
  CHECK(read->mappers[0] == sample().mappers[0]);
  json created = backup_to_json(Backup{"demo", "ldap", std::nullopt, {}, "p9"});
  const auto nothing_before = backup_from_json(created, "c.json");
  REQUIRE(nothing_before);
  CHECK_FALSE(nothing_before->provider);
  CHECK(nothing_before->created_provider_id == "p9");
}

TEST_CASE("a file that is not a kcldap backup, or a damaged one, is refused with its path", "[pipeline][backup]") {
  CHECK(backup_from_json(json{{"schema", "other"}}, "x.json").error() == "x.json is not a kcldap backup (schema kcldap.backup/v1)");
  json damaged = backup_to_json(sample());
  damaged["mappers"][0]["config"]["ldap.attribute"] = "mail";
  CHECK(backup_from_json(damaged, "d.json").error() ==
        "d.json is a damaged kcldap backup: the mappers: component \"email\": config key \"ldap.attribute\" is not a list of strings "
        "(restore from another backup, or fix the file)");
}
