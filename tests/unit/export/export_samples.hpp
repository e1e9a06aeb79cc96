// Test support for the export renderers: a federation with every kind of value an export must carry
// (probe reasons, keys a tool cannot express, every mapper type, text that needs escaping) and the
// plain OpenLDAP one; each with a bind credential that must never reach an output.
#pragma once
#include "keycloak/created_federation.hpp"
#include "src/export/export_input.hpp"

namespace kcldap::test {

inline constexpr const char* kSampleBindSecret = "Bind-S3cret-4711";

inline exports::ExportInput export_input(const keycloak::FederationSpec& spec, const std::string& realm = "demo") {
  const keycloak::Version version{26, 4, 7};
  return exports::ExportInput{keycloak::created_federation(spec, version), version, realm, "https://sso.example.org", "master"};
}

inline keycloak::FederationSpec openldap_federation() {
  keycloak::FederationSpec spec;
  spec.name = "ldap";
  spec.config = {{"vendor", "other"}, {"editMode", "READ_ONLY"}, {"usernameLDAPAttribute", "uid"}, {"rdnLDAPAttribute", "uid"},
                 {"uuidLDAPAttribute", "entryUUID"}, {"userObjectClasses", "inetOrgPerson, organizationalPerson"},
                 {"connectionUrl", "ldaps://ldap.example.org"}, {"usersDn", "ou=people,dc=example,dc=org"},
                 {"bindDn", "cn=reader,dc=example,dc=org"}, {"authType", "simple"}, {"searchScope", "2"},
                 {"useTruststoreSpi", "always"}, {"connectionTimeout", "5000"}, {"pagination", "true"}, {"importEnabled", "true"}};
  spec.bind_credential = kSampleBindSecret;
  spec.reasons["searchScope"] = "probe: 4 of 50 sampled users live below the users DN";
  spec.mappers.push_back({"email", "user-attribute-ldap-mapper", {{"ldap.attribute", "mail"}}, true});
  return spec;
}

// Active Directory, with every mapper type, a referral (Terraform and Ansible 6.6.2 cannot express it) and
// values that need escaping in HCL and YAML.
inline keycloak::FederationSpec ad_federation() {
  keycloak::FederationSpec spec;
  spec.name = "corp \"AD\"";
  spec.config = {{"vendor", "ad"}, {"editMode", "WRITABLE"}, {"usernameLDAPAttribute", "sAMAccountName"}, {"rdnLDAPAttribute", "cn"},
                 {"uuidLDAPAttribute", "objectGUID"}, {"userObjectClasses", "person, organizationalPerson, user"},
                 {"connectionUrl", "ldaps://dc1.corp.example.com ldaps://dc2.corp.example.com"},
                 {"usersDn", "OU=Staff,DC=corp,DC=example,DC=com"}, {"bindDn", "CORP\\reader"}, {"authType", "simple"},
                 {"customUserSearchFilter", "(&(!(objectClass=computer))(description=${x} %{y} {{ z }}))"},
                 {"searchScope", "1"}, {"useTruststoreSpi", "never"}, {"referral", "follow"}, {"cachePolicy", "NO_CACHE"},
                 {"fullSyncPeriod", "604800"}, {"readTimeout", "10000"}, {"startTls", "false"}};
  spec.bind_credential = kSampleBindSecret;
  spec.reasons["usernameLDAPAttribute"] = "probe: sAMAccountName is unique\nline two";
  spec.mappers = {
      {"groups", "group-ldap-mapper", {{"groups.dn", "OU=Groups,DC=corp,DC=example,DC=com"}, {"mode", "READ_ONLY"},
                                       {"user.roles.retrieve.strategy", "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE_RECURSIVELY"},
                                       {"membership.attribute.type", "DN"}}, false},
      {"roles", "role-ldap-mapper", {{"roles.dn", "OU=Roles,DC=corp,DC=example,DC=com"}, {"mode", "LDAP_ONLY"},
                                     {"use.realm.roles.mapping", "true"}}, false},
      {"everyone", "hardcoded-ldap-group-mapper", {{"group", "/staff"}}, false},
      {"viewer", "hardcoded-ldap-role-mapper", {{"role", "viewer"}}, false},
      {"ou", "hardcoded-ldap-attribute-mapper", {{"ldap.attribute.name", "ou"}, {"ldap.attribute.value", "staff"}}, false},
      {"department", "hardcoded-attribute-mapper", {{"user.model.attribute", "department"}, {"attribute.value", "R&D"}}, false},
      {"certificate", "certificate-ldap-mapper", {{"user.model.attribute", "cert"}, {"ldap.attribute", "userCertificate"},
                                                   {"is.binary.attribute", "true"}, {"always.read.value.from.ldap", "true"},
                                                   {"is.der.formatted", "true"}}, false},
      {"email", "user-attribute-ldap-mapper", {{"ldap.attribute", "userPrincipalName"}}, true},
  };
  return spec;
}

}  // namespace kcldap::test
