#include "emulator/profile.hpp"

namespace kcldap::emulator {

std::set<std::string> Profile::ldap_provider_keys() const {
  std::set<std::string> keys = {
      // common user-storage properties
      "enabled", "priority", "importEnabled", "fullSyncPeriod", "changedSyncPeriod", "lastSync", "batchSizeForSync",
      "cachePolicy", "maxLifespan", "evictionDay", "evictionHour", "evictionMinute", "cacheInvalidBefore",
      // LDAP provider properties
      "editMode", "vendor", "syncRegistrations", "usePasswordModifyExtendedOp", "usernameLDAPAttribute",
      "rdnLDAPAttribute", "uuidLDAPAttribute", "userObjectClasses", "connectionUrl", "usersDn", "authType",
      "startTls", "bindDn", "bindCredential", "customUserSearchFilter", "searchScope", "validatePasswordPolicy",
      "trustEmail", "useTruststoreSpi", "connectionPooling", "connectionTimeout", "readTimeout", "pagination",
      "allowKerberosAuthentication", "serverPrincipal", "keyTab", "kerberosRealm", "debug",
      "useKerberosForPasswordAuthentication"};
  if (pool_sub_keys()) {
    for (const char* key : {"connectionPoolingAuthentication", "connectionPoolingDebug", "connectionPoolingInitSize",
                            "connectionPoolingMaxSize", "connectionPoolingPrefSize", "connectionPoolingProtocol",
                            "connectionPoolingTimeout"}) {
      keys.insert(key);
    }
  }
  if (krb_principal_attribute()) keys.insert("krbPrincipalAttribute");
  if (referral_key()) keys.insert("referral");
  if (connection_trace_key()) keys.insert("connectionTrace");
  if (remove_invalid_users_key()) keys.insert("removeInvalidUsersEnabled");
  if (relative_create_dn()) keys.insert("relativeCreateDn");
  if (password_policy_key()) keys.insert("enableLdapPasswordPolicy");
  return keys;
}

std::set<std::string> Profile::mapper_providers() const {
  std::set<std::string> providers = {"user-attribute-ldap-mapper",       "full-name-ldap-mapper",
                                     "group-ldap-mapper",                "role-ldap-mapper",
                                     "hardcoded-ldap-role-mapper",       "hardcoded-ldap-group-mapper",
                                     "hardcoded-attribute-mapper",       "hardcoded-ldap-attribute-mapper",
                                     "msad-user-account-control-mapper", "msad-lds-user-account-control-mapper",
                                     "certificate-ldap-mapper"};
  if (kerberos_principal_mapper()) providers.insert("kerberos-principal-attribute-mapper");
  return providers;
}

std::set<std::string> Profile::mapper_keys(const std::string& provider) const {
  if (provider == "user-attribute-ldap-mapper" || provider == "certificate-ldap-mapper") {
    std::set<std::string> keys = {"user.model.attribute", "ldap.attribute", "read.only", "always.read.value.from.ldap",
                                  "is.mandatory.in.ldap", "is.binary.attribute"};
    if (!(version < keycloak::Version{13, 0, 0})) keys.insert("attribute.default.value");
    if (user_attribute_force_default()) keys.insert("attribute.force.default");
    if (provider == "certificate-ldap-mapper") keys.insert("is.der.formatted");
    return keys;
  }
  if (provider == "full-name-ldap-mapper") return {"ldap.full.name.attribute", "read.only", "write.only"};
  if (provider == "group-ldap-mapper") {
    std::set<std::string> keys = {"groups.dn", "group.name.ldap.attribute", "group.object.classes",
                                  "preserve.group.inheritance", "ignore.missing.groups", "membership.ldap.attribute",
                                  "membership.attribute.type", "membership.user.ldap.attribute", "groups.ldap.filter",
                                  "mode", "user.roles.retrieve.strategy", "memberof.ldap.attribute",
                                  "mapped.group.attributes", "drop.non.existing.groups.during.sync", "groups.path"};
    if (relative_create_dn()) keys.insert("groups.relative.create.dn");
    return keys;
  }
  if (provider == "role-ldap-mapper") {
    std::set<std::string> keys = {"roles.dn", "role.name.ldap.attribute", "role.object.classes",
                                  "membership.ldap.attribute", "membership.attribute.type",
                                  "membership.user.ldap.attribute", "roles.ldap.filter", "mode",
                                  "user.roles.retrieve.strategy", "memberof.ldap.attribute", "use.realm.roles.mapping",
                                  "client.id"};
    if (relative_create_dn()) keys.insert("roles.relative.create.dn");
    return keys;
  }
  if (provider == "hardcoded-ldap-role-mapper") return {"role"};
  if (provider == "hardcoded-ldap-group-mapper") return {"group"};
  if (provider == "hardcoded-attribute-mapper") return {"user.model.attribute", "attribute.value"};
  if (provider == "hardcoded-ldap-attribute-mapper") return {"ldap.attribute.name", "ldap.attribute.value"};
  if (provider == "msad-user-account-control-mapper") {
    std::set<std::string> keys = {"ldap.password.policy.hints.enabled"};
    if (msad_always_read_key()) keys.insert("always.read.enabled.value.from.ldap");
    return keys;
  }
  if (provider == "msad-lds-user-account-control-mapper") {
    if (msad_always_read_key()) return {"always.read.enabled.value.from.ldap"};
    return {};
  }
  return {};
}

}  // namespace kcldap::emulator
