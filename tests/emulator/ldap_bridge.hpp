// Keycloak emulator (test-only): everything the emulated Keycloak does against the real directory, as
// Keycloak does it: test connection/authentication (with the stored-secret rules), capabilities, live
// user lookup and the federated password check (ldap_bridge.cpp); full and changed-users sync through
// the component's mappers, group-mapper sync and importing users (ldap_sync.cpp).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "emulator/emulator.hpp"
#include "ldap/connection.hpp"

namespace kcldap::emulator {

// A component's first value for a config key, or `fallback`.
std::string config_value(const Component& c, const std::string& key, const std::string& fallback = "");
// An entry's first value of an attribute, or "".
std::string first_value(const ldap::Entry& entry, const std::string& attribute);

// A directory user as the provider's mappers see it.
struct MappedUser {
  std::string dn;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string ldap_id;
  bool disabled = false;  // MSAD userAccountControl
  std::map<std::string, std::vector<std::string>> attributes;  // other user-attribute mappers' model attributes
};

class LdapBridge {
 public:
  LdapBridge(Emulator& emulator, Realm& realm) : emulator_(emulator), realm_(realm) {}

  Reply test(const Params& fields, bool json_body, bool capabilities);
  Reply sync(Component& provider, bool changed_only);
  Reply sync_groups(const Component& provider, const Component& mapper, const std::string& direction);

  // Users of every enabled LDAP provider matching a Keycloak user query (import on: imported on sight;
  // import off: transient users whose id starts with "f:").
  std::vector<User> search_users(const Params& query, std::size_t limit);
  std::optional<User> authenticate_user(const std::string& username, const std::string& password);

 private:
  struct Settings {
    std::vector<std::string> urls;
    bool start_tls = false;
    std::string truststore_mode;
    int connect_timeout_ms = 5000;
    int read_timeout_ms = 30000;
    std::string auth_type = "simple";
    std::string bind_dn;
    std::string bind_credential;
  };
  Settings settings_of(const Component& provider) const;
  Expected<ldap::Connection, ldap::LdapFailure> connect(const Settings& settings, bool bind);
  std::string error_code(const ldap::LdapFailure& failure) const;
  std::vector<std::string> attributes_to_read(const Component& provider) const;
  MappedUser map_entry(const Component& provider, const ldap::Entry& entry) const;
  std::string user_filter(const Component& provider, const std::string& extra) const;
  // Where the realm's users are, so an import costs the same for the first user and the 50,000th.
  struct UserIndex {
    std::unordered_map<std::string, std::size_t> by_username;
    std::unordered_map<std::string, std::size_t> by_link;  // "<provider id>|<LDAP_ID>"
    std::unordered_set<std::string> emails;
  };
  UserIndex index_users() const;
  // Imports or updates one directory user; returns "added", "updated" or "failed".
  std::string import(const Component& provider, const MappedUser& mapped, User** stored, UserIndex& index);

  Emulator& emulator_;
  Realm& realm_;
};

}  // namespace kcldap::emulator
