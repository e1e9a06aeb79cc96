// `kcldap export` as users run it, against the slapd fixture and a Keycloak target. The realm-json export
// imported by Keycloak's realm import (POST /admin/realms; partial import ignores components; the emulator
// imports components as real Keycloak does, see tests/integration/conformance/test_realms.cpp) and the
// Ansible export run by Debian's ansible-playbook, each followed by a `kcldap plan` that finds nothing to
// change, and compared with what `kcldap apply` leaves in another realm; the Terraform export checked
// against the provider's documented arguments (Terraform itself is not installable here); the output
// file's rules; and the bind password in no output at all.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/cli_setup.hpp"
#include "support/terraform_docs.hpp"

using namespace kcldap::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A provider and its mappers as Keycloak holds them, without what differs between two realms (ids,
// parent ids, the last sync) and the masked secret.
json federation_state(const Setup& setup, const std::string& logical) {
  const auto providers = setup.providers(logical);
  REQUIRE(providers.size() == 1);
  json config = providers[0]["config"];
  config.erase("lastSync");
  config.erase("bindCredential");
  json mappers = json::object();
  for (const auto& [name, mapper] : setup.mappers_of(providers[0]["id"], logical)) {
    mappers[name] = {{"providerId", mapper["providerId"]}, {"config", mapper["config"]}};
  }
  return {{"name", providers[0]["name"]}, {"config", config}, {"mappers", mappers}};
}

void check_secret_absent(const CommandResult& result, const std::string& file = "") {
  check_no_secret(result);
  if (!file.empty()) CHECK(slurp(file).find(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")) == std::string::npos);
}

// Replaces every occurrence of `from` in `text`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

bool have_ansible_playbook() { return std::system("command -v ansible-playbook >/dev/null 2>&1") == 0; }

}  // namespace

// Provider shapes whose default mappers differ: OpenLDAP as probed; "ad" with a cn RDN, WRITABLE, a group
// mapper and the defaults kept (username-cn, whenCreated, the MSAD mapper); the defaults deleted.
struct Shape {
  std::string name;
  std::string ldap_toml;        // added to [ldap]
  std::string federation_toml;  // added to [federation]
};

TEST_CASE("export realm-json: Keycloak's realm import of it leaves what apply leaves, and plan finds nothing to change", "[export]") {
  const Shape shape = GENERATE(
      Shape{"openldap as probed", "", ""},
      Shape{"ad vendor, WRITABLE, cn RDN, a group mapper, defaults kept",
            "vendor = \"ad\"\nrdn_attribute = \"cn\"\nuuid_attribute = \"entryUUID\"\n",
            "edit_mode = \"WRITABLE\"\ndefault_mappers = \"keep\"\n\n[[mappers]]\nname = \"groups\"\ntype = \"group\"\n"
            "groups_dn = \"ou=groups,dc=example,dc=org\"\n"},
      Shape{"defaults deleted", "",
            "default_mappers = \"delete\"\n\n[[mappers]]\nname = \"username\"\ntype = \"user-attribute\"\n"
            "user_attribute = \"username\"\nldap_attribute = \"uid\"\n"});
  INFO(shape.name);
  Setup setup("26.4", shape.federation_toml);
  if (!shape.ldap_toml.empty()) setup.edit_config("[keycloak]", shape.ldap_toml + "\n[keycloak]");
  const auto exported = setup.kcldap("export --format realm-json");
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);
  check_secret_absent(exported);
  json realm = json::parse(exported.out);
  REQUIRE(realm["components"].is_object());
  // The realm is created by the import (the only Admin API that takes components with their mappers).
  const std::string token = setup.keycloak->admin_token();
  REQUIRE(setup.keycloak->del(setup.keycloak->admin_path(), token)->status == 204);
  realm["realm"] = setup.realm();
  realm["enabled"] = true;
  const std::string body = replaced(realm.dump(), "${LDAP_BIND_CREDENTIAL}", slapd().at("KCLDAP_SLAPD_BIND_PASSWORD"));
  auto imported = setup.keycloak->client().Post(setup.keycloak->context() + "/admin/realms", {{"Authorization", "Bearer " + token}}, body,
                                                "application/json");
  REQUIRE(imported);
  INFO(imported->body);
  REQUIRE(imported->status == 201);

  const auto planned = setup.kcldap("plan --detailed-exitcode");
  INFO(planned.out << planned.err);
  CHECK(planned.exit_code == 0);
  CHECK(setup.keycloak->ldap_test(setup.providers()[0], "testAuthentication") == 204);  // the substituted secret binds
  if (shape.ldap_toml.empty() && shape.federation_toml.empty()) CHECK(setup.keycloak->find_user("aanderson")["firstName"] == "Alice");

  setup.write_config(shape.federation_toml, "other");
  if (!shape.ldap_toml.empty()) setup.edit_config("[keycloak]", shape.ldap_toml + "\n[keycloak]");
  const auto applied = setup.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const json imported_state = federation_state(setup, "demo");
  const json applied_state = federation_state(setup, "other");
  CHECK(json::diff(imported_state, applied_state) == json::array());
}

TEST_CASE("export ansible: Debian's ansible-playbook runs it, and plan finds nothing to change", "[export][ansible]") {
  if (!have_ansible_playbook()) {
    WARN("ansible-playbook is not installed (scripts/install-deps installs Debian's ansible): the Ansible export was not run");
    return;
  }
  const Shape shape = GENERATE(
      Shape{"openldap as probed", "", ""},
      Shape{"ad vendor, WRITABLE, cn RDN, a group mapper, defaults kept",
            "vendor = \"ad\"\nrdn_attribute = \"cn\"\nuuid_attribute = \"entryUUID\"\n",
            "edit_mode = \"WRITABLE\"\ndefault_mappers = \"keep\"\n\n[[mappers]]\nname = \"groups\"\ntype = \"group\"\n"
            "groups_dn = \"ou=groups,dc=example,dc=org\"\n"});
  INFO(shape.name);
  Setup setup("26.4", shape.federation_toml);
  if (!shape.ldap_toml.empty()) setup.edit_config("[keycloak]", shape.ldap_toml + "\n[keycloak]");
  const std::string tasks = setup.dir + "/federation-tasks.yml";
  const auto exported = setup.kcldap("export --format ansible --output " + quote(tasks));
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);
  CHECK(exported.out.empty());
  check_secret_absent(exported, tasks);
  // The secrets go in a vars file only this user can read, never on the command line.
  const std::string vars = setup.dir + "/secrets.yml";
  std::ofstream(vars) << json{{"keycloak_admin_username", setup.keycloak->admin_user()},
                              {"keycloak_admin_password", setup.keycloak->admin_password()},
                              {"ldap_bind_credential", slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")}}.dump();
  fs::permissions(vars, fs::perms::owner_read | fs::perms::owner_write);
  const std::string playbook = setup.dir + "/play.yml";
  std::ofstream(playbook) << "- hosts: localhost\n  gather_facts: false\n  vars_files:\n    - " << vars << "\n  tasks:\n"
                          << "    - ansible.builtin.include_tasks: " << tasks << "\n";
  const std::string log = setup.dir + "/ansible.log";
  const std::string command = "ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_INVENTORY_UNPARSED_WARNING=false "
                              "ansible-playbook -i localhost, -c local " + quote(playbook) + " >" + quote(log) + " 2>&1 </dev/null";
  const int status = std::system(command.c_str());
  INFO(slurp(log));
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  const auto planned = setup.kcldap("plan --detailed-exitcode");
  INFO(planned.out << planned.err);
  CHECK(planned.exit_code == 0);
  CHECK(setup.keycloak->ldap_test(setup.providers()[0], "testAuthentication") == 204);
  // The mappers are those apply leaves (the module adds its own defaults to the provider's config).
  setup.write_config(shape.federation_toml, "other");
  if (!shape.ldap_toml.empty()) setup.edit_config("[keycloak]", shape.ldap_toml + "\n[keycloak]");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  CHECK(json::diff(federation_state(setup, "demo")["mappers"], federation_state(setup, "other")["mappers"]) == json::array());
}

TEST_CASE("export terraform: every argument documented by the keycloak/keycloak provider; the secret a sensitive variable", "[export]") {
  Setup setup("26.4");
  const auto exported = setup.kcldap("export --format terraform");
  INFO(exported.err);
  REQUIRE(exported.exit_code == 0);
  check_secret_absent(exported);
  INFO(exported.out);
  CHECK(terraform_doc_problems(exported.out) == std::vector<std::string>{});
  CHECK(exported.out.find("variable \"ldap_bind_credential\" {\n  type      = string\n  sensitive = true\n}") != std::string::npos);
  CHECK(exported.out.find("bind_credential = var.ldap_bind_credential") != std::string::npos);
  CHECK(exported.out.find("default = \"" + setup.realm() + "\"") != std::string::npos);
  // The same mappers as the realm-json export (both write what apply leaves).
  const auto resources = hcl_resources(exported.out);
  const json realm = json::parse(setup.kcldap("export --format realm-json").out);
  const auto& mappers = realm["components"]["org.keycloak.storage.UserStorageProvider"][0]["subComponents"]
                             ["org.keycloak.storage.ldap.mappers.LDAPStorageMapper"];
  CHECK(resources.size() == 1 + mappers.size());
  CHECK(setup.writes().empty());  // export only reads
}

TEST_CASE("export --output: written atomically, never over a file without --force", "[export]") {
  Setup setup("26.4");
  const std::string file = setup.dir + "/federation.tf";
  std::ofstream(file) << "keep me\n";
  const auto refused = setup.kcldap("export --format terraform --output " + quote(file));
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("exists; pass --force") != std::string::npos);
  CHECK(slurp(file) == "keep me\n");

  const auto forced = setup.kcldap("export --format terraform --output " + quote(file) + " --force");
  INFO(forced.err);
  REQUIRE(forced.exit_code == 0);
  check_secret_absent(forced, file);
  CHECK(slurp(file).find("resource \"keycloak_ldap_user_federation\" \"ldap\"") != std::string::npos);
  CHECK(forced.out.empty());
  for (const auto& entry : fs::directory_iterator(setup.dir)) CHECK(entry.path().filename().string().find(".kcldap-") != 0);

  CHECK(setup.kcldap("export --format terraform --output " + quote(setup.dir + "/no/such/folder/x.tf")).exit_code == 2);
  const auto no_format = setup.kcldap("export");
  CHECK(no_format.exit_code == 2);
  CHECK(no_format.err.find("--format") != std::string::npos);
  CHECK(setup.kcldap("export --format yaml").exit_code == 2);
}

TEST_CASE("export: a failing probe exports nothing", "[export]") {
  Setup setup("26.4");
  setup.edit_config("users_dn = \"" + slapd().at("KCLDAP_SLAPD_USERS_DN") + "\"", "users_dn = \"ou=nobody,dc=example,dc=org\"");
  const std::string file = setup.dir + "/federation.json";
  const auto failed = setup.kcldap("export --format realm-json --output " + quote(file));
  CHECK(failed.exit_code != 0);
  CHECK_FALSE(fs::exists(file));
  check_secret_absent(failed);
}

TEST_CASE("export: a value the config takes from a reference stays that reference, escaped for the format", "[export]") {
  Setup setup("26.4");
  const std::string dn = slapd().at("KCLDAP_SLAPD_BIND_DN");
  setup.edit_config("bind_dn = \"" + dn + "\"", "bind_dn = \"${env:KCLDAP_TEST_BIND_DN}\"");
  const std::string env = "KCLDAP_TEST_BIND_DN=" + quote(dn);
  const auto terraform = setup.kcldap("export --format terraform", env);
  INFO(terraform.err);
  REQUIRE(terraform.exit_code == 0);
  CHECK(terraform.out.find("bind_dn = \"$${env:KCLDAP_TEST_BIND_DN}\"") != std::string::npos);  // literal text, not interpolation
  CHECK(terraform.out.find(dn) == std::string::npos);
  CHECK(terraform_doc_problems(terraform.out) == std::vector<std::string>{});
  const auto ansible = setup.kcldap("export --format ansible", env);
  REQUIRE(ansible.exit_code == 0);
  CHECK(ansible.out.find("bindDn: \"${env:KCLDAP_TEST_BIND_DN}\"") != std::string::npos);
  CHECK(ansible.out.find("# values the config takes from ${env:...}") != std::string::npos);
}
