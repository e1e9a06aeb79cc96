// `kcldap import` as users run it: a provider made by hand through the Admin API (POST /components, as
// the admin console does) is read back into a kcldap.toml, and `kcldap plan --detailed-exitcode` on that
// file against the same Keycloak and the directory the provider points at finds nothing to change. Each
// provider shape of issue 16: every vendor, the edit modes with import on and off, custom filters, and the
// group, role, hardcoded, full-name, certificate and MSAD mappers. Each case also checks the written file
// holds the values (not only that the plan is empty). Plus: choosing among several providers, a realm
// without one, --output and --force, the bind secret never written, keys kcldap does not model kept through
// an apply, and the plan naming changes that come from kcldap's defaults rather than from the config.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "support/cli_setup.hpp"

using namespace kcldap::test;
using nlohmann::json;

namespace {

constexpr const char* kProviderType = "org.keycloak.storage.UserStorageProvider";
constexpr const char* kMapperType = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";

using Settings = std::map<std::string, std::string>;

const std::map<std::string, std::string>& ad_style() {
  static const auto values = read_env_file(required_env("KCLDAP_SLAPD_AD_ENV"));
  return values;
}

// A provider as an admin makes it in the console, on the plain port of a slapd fixture; `changes` add or
// replace keys ("" removes one).
Settings provider_settings(const std::map<std::string, std::string>& directory, const Settings& changes = {}) {
  Settings config = {{"enabled", "true"}, {"vendor", "other"}, {"connectionUrl", directory.at("KCLDAP_SLAPD_URL")},
                     {"bindDn", directory.at("KCLDAP_SLAPD_BIND_DN")}, {"bindCredential", directory.at("KCLDAP_SLAPD_BIND_PASSWORD")},
                     {"usersDn", directory.at("KCLDAP_SLAPD_USERS_DN")}, {"usernameLDAPAttribute", "uid"}, {"rdnLDAPAttribute", "uid"},
                     {"uuidLDAPAttribute", "entryUUID"}, {"userObjectClasses", "inetOrgPerson, organizationalPerson"},
                     {"editMode", "READ_ONLY"}, {"importEnabled", "true"}, {"searchScope", "1"}, {"authType", "simple"},
                     {"connectionTimeout", "4000"}, {"readTimeout", "20000"}, {"pagination", "true"}, {"useTruststoreSpi", "always"},
                     {"connectionPooling", "true"}, {"trustEmail", "false"}, {"syncRegistrations", "false"}, {"priority", "7"}};
  for (const auto& [key, value] : changes) {
    if (value.empty()) {
      config.erase(key);
    } else {
      config[key] = value;
    }
  }
  return config;
}

json component(const std::string& name, const std::string& provider_id, const std::string& type, const Settings& settings,
               const std::string& parent = "") {
  json config = json::object();
  for (const auto& [key, value] : settings) config[key] = json::array({value});
  json body = {{"name", name}, {"providerId", provider_id}, {"providerType", type}, {"config", config}};
  if (!parent.empty()) body["parentId"] = parent;
  return body;
}

// POST /components; the new component's id (from Location).
std::string create(const Setup& setup, const json& body, const std::string& logical = "demo") {
  auto response = setup.keycloak->post_json(setup.keycloak->admin_path(logical) + "/components", setup.keycloak->admin_token(), body);
  REQUIRE(response);
  INFO(response->body);
  REQUIRE(response->status == 201);
  const std::string location = response->get_header_value("Location");
  return location.substr(location.rfind('/') + 1);
}

std::string add_provider(const Setup& setup, const std::string& name, const Settings& settings) {
  return create(setup, component(name, "ldap", kProviderType, settings));
}

void add_mapper(const Setup& setup, const std::string& provider, const std::string& name, const std::string& provider_id,
                const Settings& settings) {
  create(setup, component(name, provider_id, kMapperType, settings, provider));
}

struct Imported {
  CommandResult run;
  std::string path;
  std::string text;
};

// The config import is run with: only [keycloak] (plus `extra`).
std::string input_config(const Setup& setup, const std::string& extra = "") {
  const std::string path = setup.dir + "/input.toml";
  std::ofstream(path) << "[keycloak]\nurl = \"" << setup.keycloak->url() << "\"\nrealm = \"" << setup.realm() << "\"\nusername = \""
                      << setup.keycloak->admin_user() << "\"\npassword = \"${env:KCLDAP_TEST_KC_PW}\"\n"
                      << extra;
  return path;
}

Imported run_import(const Setup& setup, const std::string& arguments = "", const std::string& extra = "") {
  static int counter = 0;
  Imported imported;
  imported.path = setup.dir + "/imported-" + std::to_string(++counter) + ".toml";
  imported.run = run_kcldap("import --config " + quote(input_config(setup, extra)) + " --output " + quote(imported.path) + " " + arguments,
                            setup.secrets_env());
  imported.text = slurp(imported.path);
  return imported;
}

CommandResult plan_of(const Setup& setup, const std::string& path, const std::map<std::string, std::string>& directory = slapd()) {
  return run_kcldap("plan --detailed-exitcode --config " + quote(path),
                    setup.secrets_env() + " KCLDAP_BIND_PASSWORD=" + quote(directory.at("KCLDAP_SLAPD_BIND_PASSWORD")));
}

bool has(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

// The Keycloak admin's password as a value anywhere in `text` (the emulator's is "admin", also the user name).
bool has_admin_password(const Setup& setup, const std::string& text) {
  const std::string password = setup.keycloak->admin_password();
  return password == setup.keycloak->admin_user() ? has(text, "password = \"" + password + "\"") : has(text, password);
}

// Import, then plan on the written file: nothing to change. Returns the file's text.
std::string round_trip(const Setup& setup, const std::map<std::string, std::string>& directory = slapd(), const std::string& arguments = "",
                       const std::string& extra = "") {
  const Imported imported = run_import(setup, arguments, extra);
  INFO(imported.run.out << imported.run.err << imported.text);
  REQUIRE(imported.run.exit_code == 0);
  const auto plan = plan_of(setup, imported.path, directory);
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 0);
  CHECK_FALSE(has(imported.text, directory.at("KCLDAP_SLAPD_BIND_PASSWORD")));
  CHECK_FALSE(has_admin_password(setup, imported.text));
  return imported.text;
}

}  // namespace

TEST_CASE("import round trips a provider of each vendor, with the values in the file", "[import]") {
  const std::string vendor = GENERATE(as<std::string>{}, "ad", "rhds", "tivoli", "edirectory", "other");
  INFO("vendor " << vendor);
  Setup setup("26.4");
  const bool ad = vendor == "ad";
  const auto& directory = ad ? ad_style() : slapd();
  Settings changes = {{"vendor", vendor}, {"customUserSearchFilter", "(!(uid=nobody))"}};
  if (ad) {
    changes = {{"vendor", "ad"}, {"usernameLDAPAttribute", "sAMAccountName"}, {"rdnLDAPAttribute", "cn"},
               {"userObjectClasses", "inetOrgPerson"}, {"searchScope", "2"}, {"customUserSearchFilter", "(sAMAccountName=*)"}};
  }
  add_provider(setup, "corp " + vendor, provider_settings(directory, changes));
  const std::string text = round_trip(setup, directory);
  CHECK(has(text, "vendor = \"" + vendor + "\""));
  CHECK(has(text, "name = \"corp " + vendor + "\""));
  CHECK(has(text, "url = \"" + directory.at("KCLDAP_SLAPD_URL") + "\""));
  CHECK(has(text, "users_dn = \"" + directory.at("KCLDAP_SLAPD_USERS_DN") + "\""));
  CHECK(has(text, "connect_timeout_ms = 4000"));
  CHECK(has(text, "read_timeout_ms = 20000"));
  CHECK(has(text, "pagination = true"));
  CHECK(has(text, "connection_pooling = true"));
  CHECK(has(text, "default_mappers = \"keep\""));
  CHECK(has(text, "#   priority = \"7\""));  // no kcldap.toml key: named, kept as Keycloak holds it
  if (ad) {
    CHECK(has(text, "username_attribute = \"sAMAccountName\""));
    CHECK(has(text, "user_filter = \"(sAMAccountName=*)\""));
    CHECK(has(text, "search_scope = \"subtree\""));
    CHECK(has(text, "type = \"msad-account-controls\""));  // Keycloak's own default mapper for AD
  } else {
    CHECK(has(text, "user_filter = \"(!(uid=nobody))\""));
    CHECK(has(text, "search_scope = \"one\""));
  }
}

TEST_CASE("import round trips each edit mode, with import on and off", "[import]") {
  const auto [mode, import_users] = GENERATE(table<std::string, bool>(
      {{"READ_ONLY", true}, {"READ_ONLY", false}, {"WRITABLE", true}, {"WRITABLE", false}, {"UNSYNCED", true}}));
  INFO(mode << " import " << import_users);
  Setup setup("26.4");
  const std::string import_text = import_users ? "true" : "false";
  add_provider(setup, "ldap", provider_settings(slapd(), {{"editMode", mode}, {"importEnabled", import_text}, {"fullSyncPeriod", "86400"},
                                                          {"batchSizeForSync", "500"}, {"cachePolicy", "NO_CACHE"}}));
  const std::string text = round_trip(setup);
  CHECK(has(text, "edit_mode = \"" + mode + "\""));
  CHECK(has(text, "import_users = " + import_text));
  CHECK(has(text, "full_sync_period = 86400"));
  CHECK(has(text, "batch_size = 500"));
  CHECK(has(text, "cache_policy = \"NO_CACHE\""));
}

TEST_CASE("import round trips StartTLS, several URLs and a provider without a bind DN", "[import]") {
  Setup setup("26.4");
  const auto& s = slapd();
  SECTION("StartTLS with the CA kcldap needs taken from the input config") {
    add_provider(setup, "ldap", provider_settings(s, {{"startTls", "true"}, {"connectionPooling", "false"}}));
    const std::string text = round_trip(setup, s, "", "[ldap]\nca_file = \"" + s.at("KCLDAP_SLAPD_CA_FILE") + "\"\n");
    CHECK(has(text, "start_tls = true"));
    CHECK(has(text, "ca_file = \"" + s.at("KCLDAP_SLAPD_CA_FILE") + "\""));
  }
  SECTION("two URLs in failover order") {
    add_provider(setup, "ldap", provider_settings(s, {{"connectionUrl", s.at("KCLDAP_SLAPD_URL") + " " + s.at("KCLDAP_SLAPD_URL")}}));
    const std::string text = round_trip(setup);
    CHECK(has(text, "url = [\"" + s.at("KCLDAP_SLAPD_URL") + "\", \"" + s.at("KCLDAP_SLAPD_URL") + "\"]"));
  }
}

TEST_CASE("import round trips group, role, hardcoded, full-name, certificate and MSAD mappers", "[import]") {
  Setup setup("26.4");
  const auto& s = slapd();
  const std::string id = add_provider(setup, "ldap", provider_settings(s, {{"editMode", "WRITABLE"}}));
  const std::string token = setup.keycloak->admin_token();
  const std::string realm_path = setup.keycloak->admin_path();
  REQUIRE(setup.keycloak->post_json(realm_path + "/roles", token, {{"name", "ldap-user"}})->status == 201);
  REQUIRE(setup.keycloak->post_json(realm_path + "/groups", token, {{"name", "staff"}})->status == 201);
  add_mapper(setup, id, "groups", "group-ldap-mapper",
             {{"groups.dn", s.at("KCLDAP_SLAPD_GROUPS_DN")}, {"mode", "READ_ONLY"}, {"group.name.ldap.attribute", "cn"},
              {"group.object.classes", "groupOfNames"}, {"membership.ldap.attribute", "member"}, {"membership.attribute.type", "DN"},
              {"membership.user.ldap.attribute", "uid"}, {"preserve.group.inheritance", "true"}, {"ignore.missing.groups", "true"},
              {"user.roles.retrieve.strategy", "GET_GROUPS_FROM_USER_MEMBEROF_ATTRIBUTE"}, {"memberof.ldap.attribute", "memberOf"},
              {"drop.non.existing.groups.during.sync", "false"}, {"groups.path", "/"}, {"groups.ldap.filter", "(cn=*)"},
              {"mapped.group.attributes", "description"}});
  add_mapper(setup, id, "groups (only what is required)", "group-ldap-mapper",
             {{"groups.dn", s.at("KCLDAP_SLAPD_GROUPS_DN")}, {"mode", "LDAP_ONLY"}});
  add_mapper(setup, id, "roles", "role-ldap-mapper",
             {{"roles.dn", s.at("KCLDAP_SLAPD_GROUPS_DN")}, {"mode", "READ_ONLY"}, {"role.name.ldap.attribute", "cn"},
              {"role.object.classes", "groupOfNames"}, {"membership.ldap.attribute", "member"}, {"membership.attribute.type", "DN"},
              {"use.realm.roles.mapping", "true"}, {"user.roles.retrieve.strategy", "LOAD_ROLES_BY_MEMBER_ATTRIBUTE"}});
  add_mapper(setup, id, "ldap users role", "hardcoded-ldap-role-mapper", {{"role", "ldap-user"}});
  add_mapper(setup, id, "staff group", "hardcoded-ldap-group-mapper", {{"group", "/staff"}});
  add_mapper(setup, id, "department", "hardcoded-attribute-mapper", {{"user.model.attribute", "department"}, {"attribute.value", "engineering"}});
  add_mapper(setup, id, "initial password", "hardcoded-ldap-attribute-mapper",
             {{"ldap.attribute.name", "description"}, {"ldap.attribute.value", "made by Keycloak"}});
  add_mapper(setup, id, "display name", "full-name-ldap-mapper", {{"ldap.full.name.attribute", "displayName"}, {"read.only", "false"},
                                                                  {"write.only", "true"}});
  add_mapper(setup, id, "certificate", "certificate-ldap-mapper",
             {{"user.model.attribute", "userCertificate"}, {"ldap.attribute", "userCertificate"}, {"read.only", "true"},
              {"always.read.value.from.ldap", "true"}, {"is.mandatory.in.ldap", "false"}, {"is.binary.attribute", "true"},
              {"is.der.formatted", "true"}});
  add_mapper(setup, id, "account controls", "msad-user-account-control-mapper",
             {{"ldap.password.policy.hints.enabled", "true"}, {"always.read.enabled.value.from.ldap", "true"}});
  add_mapper(setup, id, "lds account controls", "msad-lds-user-account-control-mapper", {{"always.read.enabled.value.from.ldap", "false"}});

  const std::string text = round_trip(setup);
  CHECK(has(text, "type = \"group\"\ngroups_dn = \"" + s.at("KCLDAP_SLAPD_GROUPS_DN") + "\""));
  CHECK(has(text, "retrieval_strategy = \"GET_GROUPS_FROM_USER_MEMBEROF_ATTRIBUTE\""));
  CHECK(has(text, "mapped_attributes = \"description\""));
  CHECK(has(text, "filter = \"(cn=*)\""));
  // The group mapper that holds only what Keycloak requires: its run-time defaults are written out, or
  // kcldap would fill them from the probe.
  CHECK(has(text, "name = \"groups (only what is required)\"\ntype = \"group\""));
  CHECK(has(text, "membership_type = \"DN\"  # Keycloak stores no membership.attribute.type"));
  CHECK(has(text, "type = \"role\"\nroles_dn = "));
  CHECK(has(text, "use_realm_roles_mapping = true"));
  CHECK(has(text, "type = \"hardcoded-role\"\nrole = \"ldap-user\""));
  CHECK(has(text, "type = \"hardcoded-group\"\ngroup = \"/staff\""));
  CHECK(has(text, "type = \"hardcoded-attribute\"\nuser_attribute = \"department\"\nvalue = \"engineering\""));
  CHECK(has(text, "type = \"hardcoded-ldap-attribute\"\nldap_attribute = \"description\"\nvalue = \"made by Keycloak\""));
  CHECK(has(text, "type = \"full-name\"\nldap_attribute = \"displayName\"\nread_only = false\nwrite_only = true"));
  CHECK(has(text, "type = \"certificate\""));
  CHECK(has(text, "der_formatted = true"));
  CHECK(has(text, "type = \"msad-account-controls\"\npassword_policy_hints = true"));
  CHECK(has(text, "type = \"msad-lds-account-controls\"\nalways_read_enabled_from_ldap = false"));
}

TEST_CASE("import with several providers and none named lists them and exits 2; --provider picks one", "[import]") {
  Setup setup("26.4");
  add_provider(setup, "north", provider_settings(slapd()));
  add_provider(setup, "south", provider_settings(slapd(), {{"editMode", "WRITABLE"}}));
  const Imported ambiguous = run_import(setup);
  CHECK(ambiguous.run.exit_code == 2);
  CHECK(has(ambiguous.run.err, "north"));
  CHECK(has(ambiguous.run.err, "south"));
  CHECK(has(ambiguous.run.err, "--provider"));
  CHECK_FALSE(std::filesystem::exists(ambiguous.path));
  const std::string text = round_trip(setup, slapd(), "--provider south");
  CHECK(has(text, "name = \"south\""));
  CHECK(has(text, "edit_mode = \"WRITABLE\""));
  CHECK(run_import(setup, "--provider west").run.exit_code == 2);
}

TEST_CASE("import of a realm without an LDAP provider says so and exits 2", "[import]") {
  Setup setup("26.4");
  const Imported imported = run_import(setup);
  CHECK(imported.run.exit_code == 2);
  CHECK(has(imported.run.err, "has no LDAP provider"));
  CHECK_FALSE(std::filesystem::exists(imported.path));
}

TEST_CASE("import never replaces a file without --force; the file is mode 0600; the secret is never written", "[import]") {
  Setup setup("26.4");
  add_provider(setup, "ldap", provider_settings(slapd()));
  const std::string path = setup.dir + "/kcldap-imported.toml";
  std::ofstream(path) << "# mine\n";
  const std::string base = "import --config " + quote(input_config(setup)) + " --output " + quote(path);
  const auto refused = run_kcldap(base, setup.secrets_env());
  CHECK(refused.exit_code == 2);
  CHECK(has(refused.err, path));
  CHECK(has(refused.err, "--force"));
  CHECK(slurp(path) == "# mine\n");
  const auto forced = run_kcldap(base + " --force", setup.secrets_env());
  INFO(forced.err);
  REQUIRE(forced.exit_code == 0);
  const std::string text = slurp(path);
  CHECK(has(text, "[federation]"));
  CHECK(has(text, "bind_password = \"${env:KCLDAP_BIND_PASSWORD}\""));
  CHECK(has(text, "Keycloak never returns the bind secret"));
  CHECK(has(text, "password = \"${env:KCLDAP_TEST_KC_PW}\""));  // [keycloak] as written: the reference, not the value
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  check_no_secret(forced);
  CHECK_FALSE(has(text, slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")));
  CHECK_FALSE(has_admin_password(setup, text));
  // Without --output the config goes to stdout, and still without a secret.
  const auto printed = run_kcldap("import --config " + quote(input_config(setup)), setup.secrets_env());
  REQUIRE(printed.exit_code == 0);
  CHECK(has(printed.out, "[[mappers]]"));
  check_no_secret(printed);
  CHECK_FALSE(has_admin_password(setup, printed.out));
}

TEST_CASE("adopting a hand-made provider: the plan names the changes that come from kcldap's defaults; import keeps them", "[import]") {
  Setup setup("26.4");
  add_provider(setup, "ldap", provider_settings(slapd(), {{"connectionUrl", slapd().at("KCLDAP_SLAPD_LDAPS_URL")}, {"importEnabled", "false"}}));
  // The minimal config kcldap setup writes: nothing about import, so kcldap's default (import on) applies.
  const auto minimal = setup.kcldap("plan --format json");
  INFO(minimal.out << minimal.err);
  REQUIRE(minimal.exit_code == 0);
  const json plan = json::parse(minimal.out);
  bool import_change = false;
  for (const auto& change : plan["provider"]["changes"]) {
    if (change["key"] != "importEnabled") continue;
    import_change = true;
    CHECK(change["before"] == "false");
    CHECK(change["after"] == "true");
    const std::string reason = change["reason"];
    CHECK(has(reason, "kcldap's default"));
    CHECK(has(reason, "[federation] import_users"));
    CHECK(has(reason, "kcldap import"));
  }
  CHECK(import_change);
  const auto text_plan = setup.kcldap("plan");
  CHECK(has(text_plan.out, "changes from kcldap's defaults, not from the config"));

  const std::string text = round_trip(setup, slapd(), "", "[ldap]\nca_file = \"" + slapd().at("KCLDAP_SLAPD_CA_FILE") + "\"\n");
  CHECK(has(text, "import_users = false"));
}

TEST_CASE("a provider without timeouts (as the admin console makes them): 0 keeps them unset, nothing to change", "[import]") {
  Setup setup("26.4");
  add_provider(setup, "ldap", provider_settings(slapd(), {{"connectionTimeout", ""}, {"readTimeout", ""}}));
  const Imported imported = run_import(setup);
  REQUIRE(imported.run.exit_code == 0);
  CHECK(has(imported.text, "connect_timeout_ms = 0  # Keycloak stores no connectionTimeout: no time limit"));
  CHECK(has(imported.text, "read_timeout_ms = 0  # Keycloak stores no readTimeout: no time limit"));
  const std::string env = setup.secrets_env() + " KCLDAP_BIND_PASSWORD=" + quote(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD"));
  const auto plan = run_kcldap("plan --detailed-exitcode --config " + quote(imported.path), env);
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 0);
  // Setting a timeout later is a plain change; going back to 0 removes Keycloak's key again.
  std::string edited = imported.text;
  edited.replace(edited.find("read_timeout_ms = 0"), std::string("read_timeout_ms = 0").size(), "read_timeout_ms = 20000");
  const std::string path = imported.path + ".edited";
  std::ofstream(path) << edited;
  REQUIRE(run_kcldap("apply --yes --no-restart --config " + quote(path), env).exit_code == 0);
  const auto after_apply = run_kcldap("plan --format json --config " + quote(imported.path), env);
  REQUIRE(after_apply.exit_code == 0);
  const json parsed = json::parse(after_apply.out);
  REQUIRE(parsed["provider"]["changes"].size() == 1);
  CHECK(parsed["provider"]["changes"][0]["key"] == "readTimeout");
  CHECK(parsed["provider"]["changes"][0]["before"] == "20000");
  CHECK(parsed["provider"]["changes"][0]["after"].is_null());
  REQUIRE(run_kcldap("apply --yes --no-restart --config " + quote(imported.path), env).exit_code == 0);
  CHECK(run_kcldap("plan --detailed-exitcode --config " + quote(imported.path), env).exit_code == 0);
}

TEST_CASE("keys kcldap.toml has no key for are named in the file and stay as Keycloak holds them through an apply", "[import]") {
  Setup setup("26.4");
  const std::string id = add_provider(setup, "ldap", provider_settings(slapd(), {{"editMode", "WRITABLE"}, {"validatePasswordPolicy", "true"},
                                                                                  {"referral", "follow"}, {"priority", "5"},
                                                                                  {"usePasswordModifyExtendedOp", "true"}}));
  const Imported imported = run_import(setup);
  REQUIRE(imported.run.exit_code == 0);
  for (const auto* kept : {"#   validatePasswordPolicy = \"true\"", "#   referral = \"follow\"", "#   priority = \"5\"",
                           "#   usePasswordModifyExtendedOp = \"true\""}) {
    CHECK(has(imported.text, kept));
  }
  CHECK(has(imported.run.err, "kept as Keycloak holds it: provider key referral = \"follow\""));
  CHECK(plan_of(setup, imported.path).exit_code == 0);
  // A deliberate change to the imported file: apply sends it, and the keys kcldap does not model stay.
  std::string text = imported.text;
  text.replace(text.find("trust_email = false"), std::string("trust_email = false").size(), "trust_email = true");
  std::ofstream(imported.path) << text << "\n[checks]\nsync = false\n";
  const auto applied = run_kcldap("apply --yes --backup-dir " + quote(setup.dir + "/backups") + " --config " + quote(imported.path),
                                  setup.secrets_env() + " KCLDAP_BIND_PASSWORD=" + quote(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")));
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const json provider = setup.providers().at(0);
  CHECK(provider["id"] == id);
  CHECK(provider["config"]["trustEmail"] == json{"true"});
  CHECK(provider["config"]["validatePasswordPolicy"] == json{"true"});
  CHECK(provider["config"]["referral"] == json{"follow"});
  CHECK(provider["config"]["priority"] == json{"5"});
  CHECK(provider["config"]["usePasswordModifyExtendedOp"] == json{"true"});
}
