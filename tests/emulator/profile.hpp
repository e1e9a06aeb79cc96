// Keycloak emulator (test-only): what differs between Keycloak versions, derived from the version number
// as ../shared/reference/keycloak-ldap-facts.md describes it (§3, §4, §6). One place decides every
// version-dependent behaviour of the emulator.
#pragma once
#include <set>
#include <string>

#include "keycloak/version.hpp"

namespace kcldap::emulator {

struct Profile {
  keycloak::Version version;

  bool edit_mode_required() const { return at_least(16, 0, 0); }
  bool master_id_is_name() const { return !at_least(18, 0, 0); }
  bool error_codes() const { return at_least(22, 0, 0); }             // testLDAPConnection / sync errors
  bool sync_errors_are_400() const { return at_least(22, 0, 0); }
  bool krb_principal_attribute() const { return at_least(23, 0, 0); }
  bool truststore_default_always() const { return at_least(24, 0, 0); }
  bool referral_key() const { return at_least(24, 0, 0); }
  bool json_test_needs_manage_realm() const { return at_least(24, 0, 5); }
  bool msad_always_read_key() const { return at_least(24, 0, 3); }
  bool strict_stored_credential_reuse() const {
    return at_least(25, 0, 1) || (at_least(24, 0, 6) && !at_least(25, 0, 0)) ||
           (at_least(22, 0, 11) && !at_least(23, 0, 0));
  }
  bool pool_sub_keys() const { return !at_least(26, 0, 0); }
  bool short_component_ids() const { return at_least(26, 1, 0); }
  bool kerberos_principal_mapper() const { return at_least(26, 1, 0); }
  bool start_tls_pooling_rejected() const { return at_least(26, 1, 0); }
  bool connection_trace_key() const { return at_least(26, 1, 0); }
  bool remove_invalid_users_key() const { return at_least(26, 1, 0); }
  bool relative_create_dn() const { return at_least(26, 2, 0); }
  bool password_policy_key() const { return at_least(26, 6, 0); }
  bool serverinfo_master_only() const { return at_least(26, 4, 0) && !at_least(26, 5, 3); }
  bool user_attribute_force_default() const { return at_least(26, 0, 0); }
  // Compared with real Keycloak 26.4.7 and 26.7.3 (tests/integration/conformance); where the first
  // release with the behaviour is not known, the bound is the documented change or the verified release.
  bool invalid_grant_is_400() const { return at_least(26, 6, 0); }         // keycloak#46528, RFC 6749 §5.2
  bool organization_admin_roles() const { return at_least(26, 6, 0); }     // absent in 26.4.7, present in 26.7.3
  bool refused_connection_is_socket_reset() const { return at_least(26, 0, 0); }  // seen on 26.4.7 and 26.7.3
  bool federated_user_origin() const { return at_least(24, 0, 0); }
  // DELETE admin events of users, clients and groups carry a short representation: absent in 26.4.7,
  // present in 26.7.3 (the release between is a guess).
  bool delete_event_representation() const { return at_least(26, 6, 0); }
  // The declarative user profile validates usernames (3 to 255 characters) on create.
  bool user_profile_validation() const { return at_least(24, 0, 0); }

  std::string truststore_default() const { return truststore_default_always() ? "always" : "ldapsOnly"; }

  // The LDAP provider's known config keys (its own properties plus the common user-storage ones).
  std::set<std::string> ldap_provider_keys() const;
  // A mapper factory's known config keys; empty set for an unknown mapper provider.
  std::set<std::string> mapper_keys(const std::string& provider_id) const;
  std::set<std::string> mapper_providers() const;

 private:
  bool at_least(int major, int minor, int patch) const { return !(version < keycloak::Version{major, minor, patch}); }
};

}  // namespace kcldap::emulator
