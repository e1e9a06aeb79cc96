// Keycloak emulator (test-only): everything the emulated Keycloak does against the real directory, as
// Keycloak does it: test connection/authentication (with the stored-secret rules), capabilities, full and
// changed-users sync through the component's mappers, live user lookup, and the federated password check.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "emulator/emulator.hpp"
#include "ldap/connection.hpp"

namespace kcldap::emulator {

// A directory user as the provider's mappers see it.
struct MappedUser {
  std::string dn;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string ldap_id;
  bool disabled = false;  // MSAD userAccountControl
};

class LdapBridge {
 public:
  LdapBridge(Emulator& emulator, Realm& realm) : emulator_(emulator), realm_(realm) {}

  Reply test(const Params& fields, bool json_body, bool capabilities);
  Reply sync(Component& provider, bool changed_only);
  Reply sync_groups(const Component& provider, const Component& mapper, const std::string& direction);

  // Users of every enabled LDAP provider matching a Keycloak user query (import on: imported on sight).
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
  // Imports or updates one directory user; returns "added", "updated" or "failed".
  std::string import(const Component& provider, const MappedUser& mapped, User** stored);

  Emulator& emulator_;
  Realm& realm_;
};

}  // namespace kcldap::emulator
