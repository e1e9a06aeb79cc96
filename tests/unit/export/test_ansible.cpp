// src/export/ansible: a community.general.keycloak_user_federation task list for the federation apply
// would leave: admin sign-in and the secret as variables, reasons as comments, keys the module (6.6.2)
// refuses named, every string quoted and directory text never read as a Jinja template.
#include <catch2/catch.hpp>

#include "unit/export/export_samples.hpp"
#include "src/export/ansible.hpp"

using namespace kcldap;

TEST_CASE("YAML strings: quotes, backslashes and control characters escaped", "[export][ansible]") {
  CHECK(exports::yaml_string("plain") == "\"plain\"");
  CHECK(exports::yaml_string("CORP\\reader") == "\"CORP\\\\reader\"");
  CHECK(exports::yaml_string("say \"hi\": yes") == "\"say \\\"hi\\\": yes\"");
  CHECK(exports::yaml_string("a\nb\x01") == "\"a\\nb\\x01\"");
  CHECK(exports::yaml_string("true") == "\"true\"");
}

TEST_CASE("Ansible: sign-in and the bind credential are variables, never values", "[export][ansible]") {
  const std::string text = exports::render_ansible(test::export_input(test::openldap_federation()));
  CHECK(text.find(test::kSampleBindSecret) == std::string::npos);
  CHECK(text.find("      bindCredential: \"{{ ldap_bind_credential }}\"\n") != std::string::npos);
  CHECK(text.find("    auth_username: \"{{ keycloak_admin_username }}\"\n") != std::string::npos);
  CHECK(text.find("    auth_password: \"{{ keycloak_admin_password }}\"\n") != std::string::npos);
  CHECK(text.find("    auth_keycloak_url: \"{{ keycloak_url | default('https://sso.example.org') }}\"\n") != std::string::npos);
  CHECK(text.find("  community.general.keycloak_user_federation:\n") != std::string::npos);
  CHECK(text.find("    realm: \"demo\"\n") != std::string::npos);
  CHECK(text.find("      # probe: 4 of 50 sampled users live below the users DN\n      searchScope: \"2\"\n") != std::string::npos);
}

TEST_CASE("Ansible: every mapper apply would leave is in the mappers option, complete", "[export][ansible]") {
  const std::string text = exports::render_ansible(test::export_input(test::openldap_federation()));
  CHECK(text.find("      - name: \"email\"\n        providerId: \"user-attribute-ldap-mapper\"\n        config:\n"
                  "          \"always.read.value.from.ldap\": \"false\"\n          \"is.mandatory.in.ldap\": \"false\"\n"
                  "          \"ldap.attribute\": \"mail\"\n") != std::string::npos);
  CHECK(text.find("      - name: \"Kerberos principal attribute mapper\"\n") != std::string::npos);
  std::size_t count = 0;
  for (auto at = text.find("      - name: "); at != std::string::npos; at = text.find("      - name: ", at + 1)) ++count;
  CHECK(count == 7);
}

TEST_CASE("Ansible: keys the module refuses are comments; template-like directory text is !unsafe", "[export][ansible]") {
  const std::string text = exports::render_ansible(test::export_input(test::ad_federation()));
  CHECK(text.find("      # not accepted by community.general.keycloak_user_federation 6.6.2: referral = \"follow\"") != std::string::npos);
  CHECK(text.find("\n      referral:") == std::string::npos);
  CHECK(text.find("\n      krbPrincipalAttribute:") == std::string::npos);
  CHECK(text.find("      customUserSearchFilter: !unsafe \"(&(!(objectClass=computer))(description=${x} %{y} {{ z }}))\"\n") !=
        std::string::npos);
  CHECK(text.find("      bindDn: \"CORP\\\\reader\"\n") != std::string::npos);
  CHECK(text.find("    name: \"corp \\\"AD\\\"\"\n") != std::string::npos);
  CHECK(text.find("      # probe: sAMAccountName is unique line two\n") != std::string::npos);
  CHECK(text.find(test::kSampleBindSecret) == std::string::npos);
}

TEST_CASE("Ansible: with default_mappers delete, the defaults the module cannot delete are named", "[export][ansible]") {
  auto spec = test::openldap_federation();
  spec.default_mappers = "delete";
  spec.mappers = {{"username", "user-attribute-ldap-mapper", {{"user.model.attribute", "username"}, {"ldap.attribute", "uid"}}, false}};
  const std::string text = exports::render_ansible(test::export_input(spec));
  CHECK(text.find("#   Delete them after this task (admin console, or kcldap apply): first name, last name, email, creation date, "
                  "modify date, Kerberos principal attribute mapper\n") != std::string::npos);
}
