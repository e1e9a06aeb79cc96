// src/export/terraform: keycloak/keycloak provider resources for the federation apply would leave:
// arguments as the provider documents them (checked against the docs fixture), the secret a sensitive
// variable, reasons as comments, keys the provider lacks named, HCL strings escaped.
#include <catch2/catch.hpp>

#include "unit/export/export_samples.hpp"
#include "src/export/attribute_names.hpp"
#include "src/export/terraform.hpp"
#include "support/terraform_docs.hpp"

using namespace kcldap;

namespace {

const test::HclResource& resource(const std::vector<test::HclResource>& resources, const std::string& type, const std::string& label) {
  for (const auto& r : resources) {
    if (r.type == type && r.label == label) return r;
  }
  FAIL("no resource " + type + "." + label);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("HCL strings: quotes, backslashes, control characters and interpolation escaped", "[export][terraform]") {
  CHECK(exports::hcl_string("plain") == "\"plain\"");
  CHECK(exports::hcl_string("CORP\\reader") == "\"CORP\\\\reader\"");
  CHECK(exports::hcl_string("say \"hi\"") == "\"say \\\"hi\\\"\"");
  CHECK(exports::hcl_string("${var.x} and %{if y}") == "\"$${var.x} and %%{if y}\"");
  CHECK(exports::hcl_string("$5 and 100%") == "\"$5 and 100%\"");  // only a following { starts a template
  CHECK(exports::hcl_string("a\nb\tc\x01") == "\"a\\nb\\tc\\u0001\"");
  CHECK(exports::terraform_label("first name") == "first_name");
  CHECK(exports::terraform_label("MSAD account controls") == "msad_account_controls");
  CHECK(exports::terraform_label("1st") == "m_1st");
  CHECK(exports::terraform_label("!!") == "m_");
}

TEST_CASE("Terraform values take the provider's forms", "[export][terraform]") {
  using exports::Form;
  CHECK(exports::terraform_value(Form::scope, "1") == "\"ONE_LEVEL\"");
  CHECK(exports::terraform_value(Form::scope, "2") == "\"SUBTREE\"");
  CHECK(exports::terraform_value(Form::truststore, "ldapsOnly") == "\"ONLY_FOR_LDAPS\"");
  CHECK(exports::terraform_value(Form::upper, "ad") == "\"AD\"");
  CHECK(exports::terraform_value(Form::duration_ms, "5000") == "\"5000ms\"");
  CHECK(exports::terraform_value(Form::list, "person, organizationalPerson,user") == "[\"person\", \"organizationalPerson\", \"user\"]");
  CHECK(exports::terraform_value(Form::boolean, "true") == "true");
  CHECK(exports::terraform_value(Form::integer, "-1") == "-1");
  CHECK(exports::terraform_value(Form::integer, "12x") == "\"12x\"");  // never bare text
}

TEST_CASE("every argument the Terraform export writes is documented for its resource", "[export][terraform]") {
  for (const auto& spec : {test::openldap_federation(), test::ad_federation()}) {
    const std::string text = exports::render_terraform(test::export_input(spec));
    INFO(text);
    CHECK(test::terraform_doc_problems(text) == std::vector<std::string>{});
  }
}

TEST_CASE("Terraform: the realm and the secret are variables; reasons and inexpressible keys are comments", "[export][terraform]") {
  const std::string text = exports::render_terraform(test::export_input(test::ad_federation()));
  CHECK(text.find(test::kSampleBindSecret) == std::string::npos);
  CHECK(text.find("variable \"ldap_bind_credential\" {\n  type      = string\n  sensitive = true\n}") != std::string::npos);
  const auto resources = test::hcl_resources(text);
  const auto& provider = resource(resources, "keycloak_ldap_user_federation", "ldap");
  CHECK(provider.arguments.at("bind_credential") == "var.ldap_bind_credential");
  CHECK(provider.arguments.at("realm_id") == "var.realm");
  CHECK(provider.arguments.at("name") == "\"corp \\\"AD\\\"\"");
  CHECK(provider.arguments.at("bind_dn") == "\"CORP\\\\reader\"");
  CHECK(provider.arguments.at("custom_user_search_filter") == "\"(&(!(objectClass=computer))(description=$${x} %%{y} {{ z }}))\"");
  CHECK(provider.arguments.at("search_scope") == "\"ONE_LEVEL\"");
  CHECK(provider.arguments.at("vendor") == "\"AD\"");
  CHECK(provider.arguments.at("cache.policy") == "\"NO_CACHE\"");
  CHECK(provider.arguments.at("delete_default_mappers") == "true");
  CHECK(provider.arguments.at("full_sync_period") == "604800");
  CHECK(provider.arguments.at("read_timeout") == "\"10000ms\"");
  CHECK(provider.arguments.count("referral") == 0);
  CHECK(text.find("# not expressible with keycloak_ldap_user_federation: referral = \"follow\"") != std::string::npos);
  CHECK(text.find("  # probe: sAMAccountName is unique line two\n  username_ldap_attribute = \"sAMAccountName\"") != std::string::npos);
  // Required group mapper arguments the config left to Keycloak are written with Keycloak's defaults.
  const auto& groups = resource(resources, "keycloak_ldap_group_mapper", "groups");
  CHECK(groups.arguments.at("group_object_classes") == "[\"group\"]");
  CHECK(groups.arguments.at("membership_user_ldap_attribute") == "\"sAMAccountName\"");
  CHECK(groups.arguments.at("ldap_user_federation_id") == "keycloak_ldap_user_federation.ldap.id");
  // Mappers without a resource, or with a key their resource lacks, are custom mappers with Keycloak's keys.
  CHECK(resource(resources, "keycloak_ldap_custom_mapper", "certificate").arguments.at("provider_id") == "\"certificate-ldap-mapper\"");
  CHECK(resource(resources, "keycloak_ldap_custom_mapper", "department").arguments.at("provider_id") == "\"hardcoded-attribute-mapper\"");
  CHECK(resource(resources, "keycloak_ldap_custom_mapper", "msad_account_controls").arguments.count("config") == 1);
  CHECK(resource(resources, "keycloak_ldap_user_attribute_mapper", "email").arguments.at("ldap_attribute") == "\"userPrincipalName\"");
}

TEST_CASE("Terraform: one resource per mapper apply would leave, labels unique", "[export][terraform]") {
  auto spec = test::openldap_federation();
  spec.mappers.push_back({"first-name", "hardcoded-ldap-group-mapper", {{"group", "/a"}}, false});  // label clash with "first name"
  const auto resources = test::hcl_resources(exports::render_terraform(test::export_input(spec)));
  CHECK(resources.size() == 1 + 8);
  CHECK(resource(resources, "keycloak_ldap_hardcoded_group_mapper", "first_name_2").arguments.at("group") == "\"/a\"");
  // Left out, the provider would send connection_pooling = false; Keycloak's default is true.
  CHECK(resource(resources, "keycloak_ldap_user_federation", "ldap").arguments.at("connection_pooling") == "true");
}
