// `kcldap plan`, `apply` and `restore` as users run them, against the real slapd fixture and a Keycloak
// target: real Keycloak (ctest's keycloak-* entries) or kc-emulator (per version profile). Create,
// re-apply without writes (counted with Keycloak's admin events), single-key changes, secret rotation,
// mapper policies, adopting a provider made by hand, neighbours left alone, missing roles, restore.
// Cases tagged [emulator] need what only the emulator can do: fault injection, the legacy /auth layout
// and the version profiles Maven does not serve.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/cli_setup.hpp"

using namespace kcldap::test;
using nlohmann::json;
namespace fs = std::filesystem;


TEST_CASE("apply creates the federation from nothing, corrects the default mappers, and re-applies without writes", "[apply]") {
  const std::string version = GENERATE(from_range(versions_under_test({"21.1", "24.0", "26.4"})));
  INFO("Keycloak " << version);
  Setup setup(version);
  const auto planned = setup.kcldap("plan --detailed-exitcode --format json");
  INFO(planned.err);
  REQUIRE(planned.exit_code == 3);
  const json plan = json::parse(planned.out);
  CHECK(plan["provider"]["action"] == "create");
  CHECK(plan["bind_credential"]["action"] == "will be set");
  CHECK(setup.writes().empty());  // plan only reads

  const auto applied = setup.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  check_no_secret(applied);
  const auto providers = setup.providers();
  REQUIRE(providers.size() == 1);
  CHECK(providers[0]["config"]["bindCredential"] == json{"**********"});  // Keycloak never gives the secret back
  CHECK(setup.keycloak->ldap_test(providers[0], "testAuthentication") == 204);  // but binds with it
  CHECK(providers[0]["config"]["usernameLDAPAttribute"] == json{"uid"});
  CHECK(providers[0]["config"]["searchScope"] == json{"2"});
  const auto mappers = setup.mappers_of(providers[0]["id"]);
  CHECK(mappers.at("first name")["config"]["ldap.attribute"] == json{"givenName"});  // Keycloak's default reads cn
  CHECK(mappers.at("email")["config"]["ldap.attribute"] == json{"mail"});
  // Keycloak now sees users with the right names.
  const json alice = setup.keycloak->find_user("aanderson");
  REQUIRE(alice.is_object());
  CHECK(alice["firstName"] == "Alice");
  CHECK(alice["email"] == "aanderson@example.org");
  CHECK(alice["federationLink"] == providers[0]["id"]);

  // One backup, and the run journal next to it (the run lock is gone with the run).
  const auto backups = std::count_if(fs::directory_iterator(setup.dir + "/backups"), fs::directory_iterator{},
                                     [](const fs::directory_entry& file) { return !file.path().string().ends_with(".journal.json"); });
  CHECK(backups == 1);
  CHECK(fs::exists(setup.dir + "/backups/" + setup.realm() + "-ldap.journal.json"));
  for (const auto& file : fs::directory_iterator(setup.dir + "/backups")) {
    CHECK((fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  }

  setup.clear_log();
  const auto again = setup.kcldap("apply --yes");
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("Nothing to apply") != std::string::npos);
  CHECK(setup.writes().empty());
  CHECK(setup.kcldap("plan --detailed-exitcode").exit_code == 0);
}

TEST_CASE("changing one setting sends only that key; the secret stays unless rotated", "[apply]") {
  Setup setup("26.4");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  setup.write_config("trust_email = true\n");
  const json plan = json::parse(setup.kcldap("plan --format json").out);
  REQUIRE(plan["provider"]["changes"].size() == 1);
  CHECK(plan["provider"]["changes"][0]["key"] == "trustEmail");
  CHECK(plan["bind_credential"]["action"] == "unchanged");
  setup.clear_log();
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  CHECK(setup.component_writes().size() == 1);
  CHECK(setup.providers()[0]["config"]["trustEmail"] == json{"true"});

  const auto rotated = setup.kcldap("apply --yes --rotate-bind-credential --format json");
  REQUIRE(rotated.exit_code == 0);
  check_no_secret(rotated);
  CHECK(json::parse(rotated.out)["plan"]["bind_credential"]["action"] == "will be rotated");
  CHECK(setup.keycloak->ldap_test(setup.providers()[0], "testAuthentication") == 204);
}

TEST_CASE("a changed connection URL sends the secret again", "[apply]") {
  Setup setup("26.4");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  const auto plan = setup.kcldap("plan --format json --ldap-url " + quote(slapd().at("KCLDAP_SLAPD_URL")) + " --start-tls");
  const json parsed = json::parse(plan.out);
  CHECK(parsed["bind_credential"]["action"] == "will be sent again");
  CHECK(parsed["bind_credential"]["reason"].get<std::string>().find("connection URL") != std::string::npos);
}

TEST_CASE("default_mappers = delete removes the mappers the config does not list", "[apply]") {
  Setup setup("24.0", "default_mappers = \"delete\"\n\n[[mappers]]\nname = \"username\"\ntype = \"user-attribute\"\n"
                      "user_attribute = \"username\"\nldap_attribute = \"uid\"\n");
  // One apply creates the provider and deletes the defaults Keycloak adds on its own.
  const auto applied = setup.kcldap("apply --yes");
  INFO(applied.out);
  REQUIRE(applied.exit_code == 0);
  CHECK(applied.out.find("done: delete default mapper \"email\" (default_mappers = \"delete\")") != std::string::npos);
  const auto mappers = setup.mappers_of(setup.providers()[0]["id"]);
  CHECK(mappers.size() == 1);
  CHECK(mappers.count("username") == 1);
  CHECK(setup.kcldap("plan --detailed-exitcode").exit_code == 0);
  // Mappers someone adds later are deleted by the next apply.
  const std::string token = setup.keycloak->admin_token();
  const json extra = {{"name", "phone"}, {"providerId", "user-attribute-ldap-mapper"}, {"providerType", "org.keycloak.storage.ldap.mappers.LDAPStorageMapper"},
                      {"parentId", setup.providers()[0]["id"]},
                      {"config", {{"user.model.attribute", {"phone"}}, {"ldap.attribute", {"telephoneNumber"}}}}};
  REQUIRE(setup.keycloak->post_json(setup.keycloak->admin_path() + "/components", token, extra)->status == 201);
  const json plan = json::parse(setup.kcldap("plan --format json").out);
  int deletions = 0;
  for (const auto& mapper : plan["mappers"]) deletions += mapper["action"] == "delete";
  CHECK(deletions == 1);
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  CHECK(setup.mappers_of(setup.providers()[0]["id"]).size() == 1);
}

TEST_CASE("providers of the same name in another realm, and other providers, are left alone", "[apply]") {
  Setup setup("26.4");
  setup.write_config("", "other");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  // A second provider over the same directory must not import: both would claim the same users.
  setup.write_config("name = \"partners\"\nimport_users = false\n");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  setup.write_config("trust_email = true\n");
  setup.clear_log("other");
  const auto third = setup.kcldap("apply --yes");
  INFO(third.out << third.err);
  REQUIRE(third.exit_code == 0);
  CHECK(setup.providers("other").size() == 1);
  CHECK(setup.providers("demo").size() == 2);
  CHECK(setup.writes("other").empty());
}

TEST_CASE("the legacy /auth layout is detected and used", "[apply][emulator]") {
  Setup setup("21.1", "", emulator_only({"--context-path", "/auth"}));
  // The config names the bare server URL; kcldap finds /auth.
  setup.edit_config(setup.keycloak->url(), setup.keycloak->url().substr(0, setup.keycloak->url().size() - 5));
  const auto plan = setup.kcldap("plan");
  INFO(plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(plan.out.find("legacy /auth layout") != std::string::npos);
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  CHECK(setup.providers().size() == 1);
}

TEST_CASE("missing roles are named before anything is written", "[apply]") {
  Setup setup("26.4", "", with_clients({{"demo", "kcldap", "s3cret", {"view-realm"}}}));
  setup.use_service_account("kcldap");
  const auto result = setup.kcldap("apply --yes", "KCLDAP_TEST_SECRET=s3cret");
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("FAIL  keycloak.roles") != std::string::npos);
  CHECK(result.out.find("lacks manage-realm, manage-users, query-users, view-users (realm-management roles)") != std::string::npos);
  CHECK(result.out.find("stopped before any write; nothing was changed") != std::string::npos);
  CHECK(setup.writes().empty());
  CHECK(setup.providers().empty());
}

TEST_CASE("a role Keycloak refuses mid-apply is still named (roles hidden from the token)", "[apply][emulator]") {
  // A token without role claims (e.g. lightweight access tokens): kcldap cannot check first, Keycloak's 403 explains.
  Setup setup("26.4", "", emulator_only({"--client", "demo:kcldap:s3cret:view-realm", "--lightweight-tokens"}));
  setup.use_service_account("kcldap");
  const auto result = setup.kcldap("apply --yes", "KCLDAP_TEST_SECRET=s3cret");
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("WARN  keycloak.roles") != std::string::npos);
  CHECK(result.out.find("lacks the realm-management role manage-realm in realm demo") != std::string::npos);
  CHECK(result.out.find("NOT done") != std::string::npos);
  CHECK(setup.providers().empty());
}

TEST_CASE("a server error is shown with the server's message; 503 is retried; an expired token is renewed", "[apply][emulator]") {
  {
    Setup setup("26.4", "", emulator_only({"--fault", "POST:/admin/realms/demo/components:1:status=400"}));
    const auto result = setup.kcldap("apply --yes");
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("Keycloak said: \"injected fault\"") != std::string::npos);
  }
  {
    Setup setup("26.4", "", emulator_only({"--fault", "GET:/admin/realms/demo/components:1:status=503"}));
    CHECK(setup.kcldap("apply --yes").exit_code == 0);
  }
  {
    Setup setup("26.4", "", emulator_only({"--token-lifespan", "6", "--fault", "POST:/admin/realms/demo/components:1:delay=1500"}));
    const auto result = setup.kcldap("apply --yes");
    INFO(result.out << result.err);
    CHECK(result.exit_code == 0);
    CHECK(setup.providers().size() == 1);
  }
}

TEST_CASE("a payload Keycloak would reject is caught before any write, in Keycloak's words", "[apply]") {
  Setup setup("26.4", "[[mappers]]\nname = \"groups\"\ntype = \"group\"\ngroups_dn = \"ou=groups,dc=example,dc=org\"\n"
                      "preserve_inheritance = true\nmembership_type = \"UID\"\n");
  const auto result = setup.kcldap("apply --yes");
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("FAIL  federation.payload") != std::string::npos);
  CHECK(result.out.find("Not possible to preserve group inheritance and use UID membership type together.") != std::string::npos);
  CHECK(result.out.find("stopped before any write") != std::string::npos);
  CHECK(setup.writes().empty());
}

TEST_CASE("a failure halfway says what was done; the next apply converges", "[apply][emulator]") {
  Setup setup("26.4", "[[mappers]]\nname = \"groups\"\ntype = \"group\"\ngroups_dn = \"ou=groups,dc=example,dc=org\"\n",
              emulator_only({"--fault", "POST:/admin/realms/demo/components:2:status=500"}));
  const auto failed = setup.kcldap("apply --yes");
  CHECK(failed.exit_code == 1);
  CHECK(failed.out.find("done: create provider") != std::string::npos);
  CHECK(failed.out.find("NOT done: create mapper \"groups\"") != std::string::npos);
  const auto converged = setup.kcldap("apply --yes");
  INFO(converged.out);
  CHECK(converged.exit_code == 0);
  CHECK(setup.mappers_of(setup.providers()[0]["id"]).count("groups") == 1);
  CHECK(setup.kcldap("plan --detailed-exitcode").exit_code == 0);
}

TEST_CASE("restore undoes an apply: an update is rolled back, a creation deleted", "[apply]") {
  Setup setup("26.4");
  const auto created = setup.kcldap("apply --yes --format json");
  REQUIRE(created.exit_code == 0);
  const std::string create_backup = json::parse(created.out)["backup"];
  setup.write_config("trust_email = true\n");
  const auto changed = setup.kcldap("apply --yes --format json");
  REQUIRE(changed.exit_code == 0);
  const std::string update_backup = json::parse(changed.out)["backup"];
  setup.clear_log();
  REQUIRE(setup.kcldap("restore " + quote(update_backup)).exit_code == 0);
  CHECK(setup.providers()[0]["config"]["trustEmail"] == json{"false"});
  CHECK(setup.component_writes().size() == 1);  // the provider alone: the mappers are as backed up
  // The restore keeps the stored bind password (a backup never holds it): Keycloak still binds.
  CHECK(setup.keycloak->ldap_test(setup.providers()[0], "testAuthentication") == 204);
  const auto undone = setup.kcldap("restore " + quote(create_backup));
  CHECK(undone.exit_code == 0);
  CHECK(undone.out.find("deleted the provider") != std::string::npos);
  CHECK(setup.providers().empty());
}

TEST_CASE("apply refuses to write without --yes when not on a terminal", "[apply]") {
  Setup setup("26.4");
  const auto result = setup.kcldap("apply");
  CHECK(result.exit_code == 2);
  CHECK(result.err.find("--yes") != std::string::npos);
  CHECK(setup.providers().empty());
}

TEST_CASE("the Run:AI preset against an AD-style directory: the procedure of use-cases.md in one apply", "[apply][preset]") {
  const auto ad = read_env_file(required_env("KCLDAP_SLAPD_AD_ENV"));
  TargetSpec spec;
  spec.realms = {"runai"};
  spec.truststore = ad.at("KCLDAP_SLAPD_CA_FILE");
  const KeycloakTarget keycloak(spec);
  const std::string dir = work_dir();
  const std::string config = dir + "/kcldap.toml";
  std::ofstream(config) << "[ldap]\nurl = \"" << ad.at("KCLDAP_SLAPD_LDAPS_URL") << "\"\nca_file = \"" << ad.at("KCLDAP_SLAPD_CA_FILE")
                        << "\"\nbind_dn = \"" << ad.at("KCLDAP_SLAPD_BIND_DN") << "\"\nbind_password = \"${env:PW}\"\n"
                        << "users_dn = \"dc=corp,dc=example,dc=com\"\nvendor = \"ad\"\nuuid_attribute = \"entryUUID\"\n"
                        << "[keycloak]\nurl = \"" << keycloak.url() << "\"\nrealm = \"" << keycloak.realm("runai") << "\"\nusername = \""
                        << keycloak.admin_user() << "\"\npassword = \"${env:KC}\"\n"
                        << "[federation]\npreset = \"runai\"\nbackup_dir = \"" << dir << "/backups\"\n";
  const std::string env = "PW=" + quote(ad.at("KCLDAP_SLAPD_BIND_PASSWORD")) + " KC=" + quote(keycloak.admin_password());
  const auto plan = run_kcldap("plan --config " + quote(config), env);
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(plan.out.find("kubectl") != std::string::npos);  // the suggested restart command
  const auto applied = run_kcldap("apply --yes --config " + quote(config), env);
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const auto providers = keycloak.providers("runai");
  REQUIRE(providers.size() == 1);
  const json& config_json = providers[0]["config"];
  CHECK(config_json["importEnabled"] == json{"false"});
  CHECK(config_json["editMode"] == json{"READ_ONLY"});
  CHECK(config_json["searchScope"] == json{"2"});
  CHECK(config_json["vendor"] == json{"ad"});
  CHECK(config_json["usernameLDAPAttribute"] == json{"sAMAccountName"});
  // With import off Keycloak looks users up live: email comes from userPrincipalName, even without mail.
  const json grace = keycloak.find_user("ghopper", "runai");
  REQUIRE(grace.is_object());
  CHECK(grace["email"] == "ghopper@corp.example.com");
  CHECK(grace["firstName"] == "Grace");
  CHECK(grace["id"].get<std::string>().rfind("f:", 0) == 0);
}

TEST_CASE("a provider made by hand through the Admin API is adopted: updated in place, its secret kept", "[apply]") {
  Setup setup("26.4");
  const auto& s = slapd();
  const json handmade = {{"name", "ldap"}, {"providerId", "ldap"}, {"providerType", "org.keycloak.storage.UserStorageProvider"},
                         {"config", {{"enabled", {"true"}}, {"vendor", {"other"}}, {"connectionUrl", {s.at("KCLDAP_SLAPD_LDAPS_URL")}},
                                     {"bindDn", {s.at("KCLDAP_SLAPD_BIND_DN")}}, {"bindCredential", {s.at("KCLDAP_SLAPD_BIND_PASSWORD")}},
                                     {"usersDn", {s.at("KCLDAP_SLAPD_USERS_DN")}}, {"usernameLDAPAttribute", {"uid"}},
                                     {"rdnLDAPAttribute", {"uid"}}, {"uuidLDAPAttribute", {"entryUUID"}},
                                     {"userObjectClasses", {"inetOrgPerson, organizationalPerson"}}, {"editMode", {"READ_ONLY"}},
                                     {"importEnabled", {"true"}}, {"searchScope", {"1"}}, {"authType", {"simple"}},
                                     {"useTruststoreSpi", {"always"}}}}};
  REQUIRE(setup.keycloak->post_json(setup.keycloak->admin_path() + "/components", setup.keycloak->admin_token(), handmade)->status == 201);
  const std::string id = setup.providers().at(0)["id"];
  const json plan = json::parse(setup.kcldap("plan --format json").out);
  CHECK(plan["provider"]["action"] == "update");
  CHECK(plan["bind_credential"]["action"] == "unchanged");  // same URL and bind DN: the stored password stays
  setup.clear_log();
  const auto applied = setup.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const auto providers = setup.providers();
  REQUIRE(providers.size() == 1);
  CHECK(providers[0]["id"] == id);  // the same component, not a second provider
  CHECK(providers[0]["config"]["searchScope"] == json{"2"});
  CHECK(setup.kcldap("plan --detailed-exitcode").exit_code == 0);
}
