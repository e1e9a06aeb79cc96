#include "src/export/attribute_names.hpp"

#include <cstdio>

namespace kcldap::exports {

// Terraform names from github.com/keycloak/terraform-provider-keycloak docs/resources/ldap_*.md (see
// fixtures/terraform/keycloak-provider-attributes.json for the commit); Ansible options from
// community.general 6.6.2's keycloak_user_federation.py (its config_spec).
const std::vector<ProviderAttribute>& provider_attributes() {
  using F = Form;
  static const std::vector<ProviderAttribute> table = {
      {"enabled", "enabled", F::boolean, true},
      {"priority", "priority", F::integer, true},
      {"importEnabled", "import_enabled", F::boolean, true},
      {"fullSyncPeriod", "full_sync_period", F::integer, true},
      {"changedSyncPeriod", "changed_sync_period", F::integer, true},
      {"batchSizeForSync", "batch_size_for_sync", F::integer, true},
      {"cachePolicy", "cache.policy", F::text, true},
      {"removeInvalidUsersEnabled", "", F::boolean, false},
      {"editMode", "edit_mode", F::text, true},
      {"vendor", "vendor", F::upper, true},
      {"syncRegistrations", "sync_registrations", F::boolean, true},
      {"usePasswordModifyExtendedOp", "use_password_modify_extended_op", F::boolean, true},
      {"usernameLDAPAttribute", "username_ldap_attribute", F::text, true},
      {"rdnLDAPAttribute", "rdn_ldap_attribute", F::text, true},
      {"uuidLDAPAttribute", "uuid_ldap_attribute", F::text, true},
      {"userObjectClasses", "user_object_classes", F::list, true},
      {"connectionUrl", "connection_url", F::text, true},
      {"usersDn", "users_dn", F::text, true},
      {"relativeCreateDn", "relative_create_dn", F::text, false},
      {"authType", "", F::text, true, true},
      {"startTls", "start_tls", F::boolean, true},
      {"bindDn", "bind_dn", F::text, true},
      {"customUserSearchFilter", "custom_user_search_filter", F::text, true},
      {"searchScope", "search_scope", F::scope, true},
      {"validatePasswordPolicy", "validate_password_policy", F::boolean, true},
      {"trustEmail", "trust_email", F::boolean, true},
      {"useTruststoreSpi", "use_truststore_spi", F::truststore, true},
      {"connectionPooling", "connection_pooling", F::boolean, true},
      {"connectionTimeout", "connection_timeout", F::duration_ms, true},
      {"readTimeout", "read_timeout", F::duration_ms, true},
      {"pagination", "pagination", F::boolean, true},
      {"referral", "", F::text, false},
      {"allowKerberosAuthentication", "", F::boolean, true},  // the kerberos block needs a realm, principal and keytab
      {"useKerberosForPasswordAuthentication", "", F::boolean, true},
      {"krbPrincipalAttribute", "krb_principal_attribute", F::text, false},
      {"connectionTrace", "", F::boolean, false},
      {"enableLdapPasswordPolicy", "", F::boolean, false},
      {"connectionPoolingDebug", "", F::text, true},
  };
  return table;
}

const ProviderAttribute* find_provider_attribute(const std::string& keycloak_key) {
  for (const auto& attribute : provider_attributes()) {
    if (attribute.keycloak == keycloak_key) return &attribute;
  }
  return nullptr;
}

namespace {

std::vector<MapperAttribute> membership(const std::string& kind) {
  using F = Form;
  return {{kind + "s.dn", "ldap_" + kind + "s_dn", F::text},
          {kind + ".name.ldap.attribute", kind + "_name_ldap_attribute", F::text},
          {kind + ".object.classes", kind + "_object_classes", F::list},
          {"membership.ldap.attribute", "membership_ldap_attribute", F::text},
          {"membership.attribute.type", "membership_attribute_type", F::text},
          {"membership.user.ldap.attribute", "membership_user_ldap_attribute", F::text},
          {kind + "s.ldap.filter", kind + "s_ldap_filter", F::text},
          {"mode", "mode", F::text},
          {"user.roles.retrieve.strategy", "user_roles_retrieve_strategy", F::text},
          {"memberof.ldap.attribute", "memberof_ldap_attribute", F::text}};
}

std::vector<MapperAttribute> with(std::vector<MapperAttribute> base, const std::vector<MapperAttribute>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

}  // namespace

const std::vector<MapperResource>& mapper_resources() {
  using F = Form;
  static const std::vector<MapperResource> table = {
      {"user-attribute-ldap-mapper", "keycloak_ldap_user_attribute_mapper",
       {{"user.model.attribute", "user_model_attribute", F::text},
        {"ldap.attribute", "ldap_attribute", F::text},
        {"read.only", "read_only", F::boolean},
        {"always.read.value.from.ldap", "always_read_value_from_ldap", F::boolean},
        {"is.mandatory.in.ldap", "is_mandatory_in_ldap", F::boolean},
        {"attribute.force.default", "attribute_force_default", F::boolean},
        {"attribute.default.value", "attribute_default_value", F::text},
        {"is.binary.attribute", "is_binary_attribute", F::boolean}}},
      {"full-name-ldap-mapper", "keycloak_ldap_full_name_mapper",
       {{"ldap.full.name.attribute", "ldap_full_name_attribute", F::text},
        {"read.only", "read_only", F::boolean},
        {"write.only", "write_only", F::boolean}}},
      {"group-ldap-mapper", "keycloak_ldap_group_mapper",
       with(membership("group"), {{"preserve.group.inheritance", "preserve_group_inheritance", F::boolean},
                                  {"ignore.missing.groups", "ignore_missing_groups", F::boolean},
                                  {"mapped.group.attributes", "mapped_group_attributes", F::list},
                                  {"drop.non.existing.groups.during.sync", "drop_non_existing_groups_during_sync", F::boolean},
                                  {"groups.path", "groups_path", F::text}})},
      {"role-ldap-mapper", "keycloak_ldap_role_mapper",
       with(membership("role"), {{"use.realm.roles.mapping", "use_realm_roles_mapping", F::boolean}, {"client.id", "client_id", F::text}})},
      {"hardcoded-ldap-role-mapper", "keycloak_ldap_hardcoded_role_mapper", {{"role", "role", F::text}}},
      {"hardcoded-ldap-group-mapper", "keycloak_ldap_hardcoded_group_mapper", {{"group", "group", F::text}}},
      {"hardcoded-ldap-attribute-mapper", "keycloak_ldap_hardcoded_attribute_mapper",
       {{"ldap.attribute.name", "attribute_name", F::text}, {"ldap.attribute.value", "attribute_value", F::text}}},
      {"msad-user-account-control-mapper", "keycloak_ldap_msad_user_account_control_mapper",
       {{"ldap.password.policy.hints.enabled", "ldap_password_policy_hints_enabled", F::boolean}}},
      {"msad-lds-user-account-control-mapper", "keycloak_ldap_msad_lds_user_account_control_mapper", {}},
  };
  return table;
}

const MapperResource* find_mapper_resource(const std::string& provider_id) {
  for (const auto& resource : mapper_resources()) {
    if (resource.provider_id == provider_id) return &resource;
  }
  return nullptr;
}

const MapperAttribute* find_mapper_attribute(const MapperResource& resource, const std::string& keycloak_key) {
  for (const auto& attribute : resource.attributes) {
    if (attribute.keycloak == keycloak_key) return &attribute;
  }
  return nullptr;
}

std::string hcl_string(const std::string& text) {
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool template_start = (c == '$' || c == '%') && i + 1 < text.size() && text[i + 1] == '{';
    if (template_start) {
      out += c;
      out += c;  // "$${" and "%%{" are the literal "${" and "%{"
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

namespace {

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(' ');
  if (begin == std::string::npos) return "";
  return text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

std::string hcl_list(const std::string& comma_separated) {
  std::string out = "[";
  std::size_t start = 0;
  bool first = true;
  while (start <= comma_separated.size()) {
    const auto comma = comma_separated.find(',', start);
    const std::string item = trimmed(comma_separated.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!item.empty()) {
      out += (first ? "" : ", ") + hcl_string(item);
      first = false;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out + "]";
}

bool is_integer(const std::string& text) {
  if (text.empty()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!(std::isdigit(static_cast<unsigned char>(text[i])) || (i == 0 && text[i] == '-' && text.size() > 1))) return false;
  }
  return true;
}

}  // namespace

std::string terraform_value(Form form, const std::string& value) {
  switch (form) {
    case Form::boolean: return value == "true" || value == "false" ? value : hcl_string(value);
    case Form::integer: return is_integer(value) ? value : hcl_string(value);
    case Form::list: return hcl_list(value);
    case Form::duration_ms: return hcl_string(value + "ms");
    case Form::upper: return hcl_string(upper(value));
    case Form::scope: return hcl_string(value == "1" ? "ONE_LEVEL" : value == "2" ? "SUBTREE" : value);
    case Form::truststore: return hcl_string(value == "ldapsOnly" ? "ONLY_FOR_LDAPS" : upper(value));
    case Form::text: break;
  }
  return hcl_string(value);
}

}  // namespace kcldap::exports
