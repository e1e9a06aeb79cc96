// The LDAP provider's config keys as one declarative table: Keycloak name, type, Keycloak's default, the
// first and last version that know the key, and whether it is a secret. Payloads are built from it, so
// a key is never sent to a version that does not know it (the PUT trap of reference §0.5).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "keycloak/version.hpp"

namespace kcldap::keycloak {

enum class KeyType { text, boolean, integer };

struct ProviderKey {
  std::string name;
  KeyType type = KeyType::text;
  // What Keycloak uses at run time when the key is not stored (LDAPConfig in the 26.x source: an absent
  // searchScope is a subtree search, absent pagination and pooling are off, an absent useTruststoreSpi
  // behaves as ldapsOnly); "" when it has none. Not the admin console's form defaults.
  std::string keycloak_default;
  Version first{12, 0, 0};
  std::optional<Version> last;   // the last version that knows it (inclusive)
  bool secret = false;

  bool known_by(const Version& version) const { return !(version < first) && (!last || !(*last < version)); }
};

const std::vector<ProviderKey>& ldap_provider_keys();
const ProviderKey* find_provider_key(const std::string& name);

}  // namespace kcldap::keycloak
