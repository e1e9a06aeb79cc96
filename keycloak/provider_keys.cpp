#include "keycloak/provider_keys.hpp"

namespace kcldap::keycloak {

const std::vector<ProviderKey>& ldap_provider_keys() {
  using T = KeyType;
  static const Version v12{12, 0, 0};
  static const Version last_pool{25, 99, 99};  // pool sub-keys left the backend with 26.0 (reference §3.2)
  static const std::vector<ProviderKey> keys = {
      // common user-storage keys
      {"enabled", T::boolean, "true", v12, {}, false},
      {"priority", T::integer, "0", v12, {}, false},
      {"importEnabled", T::boolean, "true", v12, {}, false},
      {"fullSyncPeriod", T::integer, "-1", v12, {}, false},
      {"changedSyncPeriod", T::integer, "-1", v12, {}, false},
      {"batchSizeForSync", T::integer, "1000", v12, {}, false},
      {"cachePolicy", T::text, "DEFAULT", v12, {}, false},
      {"removeInvalidUsersEnabled", T::boolean, "true", {26, 1, 0}, {}, false},
      // LDAP provider keys
      {"editMode", T::text, "READ_ONLY", v12, {}, false},
      {"vendor", T::text, "", v12, {}, false},
      {"syncRegistrations", T::boolean, "false", v12, {}, false},
      {"usePasswordModifyExtendedOp", T::boolean, "false", v12, {}, false},
      {"usernameLDAPAttribute", T::text, "", v12, {}, false},
      {"rdnLDAPAttribute", T::text, "", v12, {}, false},
      {"uuidLDAPAttribute", T::text, "", v12, {}, false},
      {"userObjectClasses", T::text, "inetOrgPerson, organizationalPerson", v12, {}, false},
      {"connectionUrl", T::text, "", v12, {}, false},
      {"usersDn", T::text, "", v12, {}, false},
      {"authType", T::text, "simple", v12, {}, false},
      {"startTls", T::boolean, "false", v12, {}, false},
      {"bindDn", T::text, "", v12, {}, false},
      {"bindCredential", T::text, "", v12, {}, true},
      {"customUserSearchFilter", T::text, "", v12, {}, false},
      {"searchScope", T::text, "2", v12, {}, false},
      {"validatePasswordPolicy", T::boolean, "false", v12, {}, false},
      {"trustEmail", T::boolean, "false", v12, {}, false},
      {"useTruststoreSpi", T::text, "ldapsOnly", v12, {}, false},
      {"connectionPooling", T::boolean, "false", v12, {}, false},
      {"connectionTimeout", T::integer, "", v12, {}, false},
      {"readTimeout", T::integer, "", v12, {}, false},
      {"pagination", T::boolean, "false", v12, {}, false},
      {"referral", T::text, "", {24, 0, 0}, {}, false},
      {"allowKerberosAuthentication", T::boolean, "false", v12, {}, false},
      {"useKerberosForPasswordAuthentication", T::boolean, "false", v12, {}, false},
      {"krbPrincipalAttribute", T::text, "", {23, 0, 0}, {}, false},
      {"connectionTrace", T::boolean, "false", {26, 1, 0}, {}, false},
      {"enableLdapPasswordPolicy", T::boolean, "false", {26, 6, 0}, {}, false},
      {"connectionPoolingDebug", T::text, "", v12, last_pool, false},
  };
  return keys;
}

const ProviderKey* find_provider_key(const std::string& name) {
  for (const auto& key : ldap_provider_keys()) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

}  // namespace kcldap::keycloak
