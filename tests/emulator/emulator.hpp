// Keycloak emulator (test-only): the handlers of the emulated Admin REST API, each taking the parts of a
// request it needs and returning a Reply. Behaviour follows real Keycloak as the conformance suite
// (tests/integration/conformance) pins it, and ../shared/reference/keycloak-ldap-facts.md where no real
// Keycloak was compared, including where it is awkward for a client. HTTP routing lives in server.cpp;
// the handlers are grouped by API area: tokens.cpp, realms.cpp, admin_events.cpp, components.cpp,
// user_storage.cpp, users.cpp, groups.cpp, clients.cpp.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "emulator/model.hpp"

namespace kcldap::emulator {

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::map<std::string, std::string> headers;

  static Reply json(int status, const nlohmann::json& body);
  static Reply empty(int status);
  static Reply error(int status, const std::string& text);          // {"error": text}
  static Reply error_message(int status, const std::string& text);  // {"errorMessage": text}
  // Keycloak's answer to an uncaught server-side exception.
  static Reply server_error();
};

using Params = std::map<std::string, std::string>;  // query or form parameters

// Who is calling: the token's realm and roles, after authentication.
struct Caller {
  std::string realm;
  std::string subject;
  std::set<std::string> roles;
  std::string client_id;
  std::string ip_address;
  bool master_admin() const { return realm == "master" && roles.count("admin") != 0; }
};

// The realm-management client's roles, as every realm has them.
std::vector<std::string> realm_management_roles(const Profile& profile);
// The roles a set of granted realm-management roles amounts to, composites expanded (as in tokens and
// the /composite role-mapping endpoint).
std::set<std::string> expand_composites(const std::set<std::string>& granted, const Profile& profile);

// Adds a realm with Keycloak's built-in clients and realm-management roles (or returns the existing one).
Realm& install_realm(State& state, const std::string& name);

// The answer to a body that is not the JSON an endpoint expects: since 26 Keycloak names the problem
// (26.4.7 and 26.7.3); before, JAX-RS's generic text (reference, unverified).
Reply unparseable_body(const Profile& profile);

class Emulator {
 public:
  explicit Emulator(State& state) : state_(state) {}
  const Profile& profile() const { return state_.profile; }

  // Tokens (realm endpoint, form body).
  Reply token(const std::string& realm, const Params& form, const std::string& basic_auth);
  Reply well_known(const std::string& realm, const std::string& base_url);

  // Authenticates a bearer token for an admin call on `realm`: nullopt and the reply to send otherwise.
  std::optional<Caller> authenticate(const std::string& authorization, const std::string& realm, Reply& refusal);

  // Realms (realms.cpp) and their admin events (admin_events.cpp).
  Reply get_realm(const Caller& caller, const std::string& realm);
  Reply public_realm(const std::string& realm, const std::string& base_url);
  Reply create_realm(const Caller& caller, const std::string& body, const std::string& request_url);
  Reply update_realm(const Caller& caller, const std::string& realm, const std::string& body);
  Reply delete_realm(const Caller& caller, const std::string& realm);
  Reply serverinfo(const Caller& caller);
  Reply list_admin_events(const Caller& caller, const std::string& realm, const Params& query);
  Reply clear_admin_events(const Caller& caller, const std::string& realm);

  Reply list_components(const Caller& caller, const std::string& realm, const Params& query);
  Reply create_component(const Caller& caller, const std::string& realm, const std::string& body,
                         const std::string& request_url);
  Reply get_component(const Caller& caller, const std::string& realm, const std::string& id);
  Reply update_component(const Caller& caller, const std::string& realm, const std::string& id, const std::string& body);
  Reply delete_component(const Caller& caller, const std::string& realm, const std::string& id);
  Reply sub_component_types(const Caller& caller, const std::string& realm, const std::string& id, const Params& query);

  Reply test_ldap_connection(const Caller& caller, const std::string& realm, const Params& fields, bool json_body);
  Reply ldap_capabilities(const Caller& caller, const std::string& realm, const Params& fields);
  Reply sync(const Caller& caller, const std::string& realm, const std::string& id, const Params& query);
  Reply sync_mapper(const Caller& caller, const std::string& realm, const std::string& parent, const std::string& mapper,
                    const Params& query);
  Reply storage_name(const Caller& caller, const std::string& realm, const std::string& id);
  Reply remove_imported_users(const Caller& caller, const std::string& realm, const std::string& id);
  Reply unlink_users(const Caller& caller, const std::string& realm, const std::string& id);

  // Users (users.cpp).
  Reply list_users(const Caller& caller, const std::string& realm, const Params& query);
  Reply count_users(const Caller& caller, const std::string& realm, const Params& query);
  Reply get_user(const Caller& caller, const std::string& realm, const std::string& id);
  Reply create_user(const Caller& caller, const std::string& realm, const std::string& body, const std::string& request_url);
  Reply update_user(const Caller& caller, const std::string& realm, const std::string& id, const std::string& body);
  Reply delete_user(const Caller& caller, const std::string& realm, const std::string& id);
  Reply reset_password(const Caller& caller, const std::string& realm, const std::string& id, const std::string& body);

  // Groups (groups.cpp).
  Reply list_groups(const Caller& caller, const std::string& realm, const Params& query);
  Reply count_groups(const Caller& caller, const std::string& realm);
  Reply create_group(const Caller& caller, const std::string& realm, const std::string& body, const std::string& request_url);
  Reply create_realm_role(const Caller& caller, const std::string& realm, const std::string& body, const std::string& request_url);
  Reply get_group(const Caller& caller, const std::string& realm, const std::string& id);
  Reply delete_group(const Caller& caller, const std::string& realm, const std::string& id);
  Reply group_members(const Caller& caller, const std::string& realm, const std::string& id, const Params& query);
  Reply user_groups(const Caller& caller, const std::string& realm, const std::string& user_id);
  Reply join_group(const Caller& caller, const std::string& realm, const std::string& user_id, const std::string& group_id);
  Reply leave_group(const Caller& caller, const std::string& realm, const std::string& user_id, const std::string& group_id);

  // Clients, their secrets and service accounts, and client-role mappings of users (clients.cpp).
  Reply list_clients(const Caller& caller, const std::string& realm, const Params& query);
  Reply create_client(const Caller& caller, const std::string& realm, const std::string& body, const std::string& request_url);
  Reply get_client(const Caller& caller, const std::string& realm, const std::string& id);
  Reply update_client(const Caller& caller, const std::string& realm, const std::string& id, const std::string& body);
  Reply delete_client(const Caller& caller, const std::string& realm, const std::string& id);
  Reply get_client_secret(const Caller& caller, const std::string& realm, const std::string& id);
  Reply regenerate_client_secret(const Caller& caller, const std::string& realm, const std::string& id);
  Reply service_account_user(const Caller& caller, const std::string& realm, const std::string& id);
  Reply list_client_roles(const Caller& caller, const std::string& realm, const std::string& id);
  Reply get_client_role(const Caller& caller, const std::string& realm, const std::string& id, const std::string& name);
  Reply remove_client_role_mappings(const Caller& caller, const std::string& realm, const std::string& user_id, const std::string& client,
                                    const std::string& body);
  Reply realm_role_mappings(const Caller& caller, const std::string& realm, const std::string& user_id);
  Reply client_role_mappings(const Caller& caller, const std::string& realm, const std::string& user_id, const std::string& client,
                             bool effective);
  Reply add_client_role_mappings(const Caller& caller, const std::string& realm, const std::string& user_id, const std::string& client,
                                 const std::string& body);

  // Test-only (/__emulator/...): state for assertions.
  nlohmann::json dump_state();

 private:
  friend class LdapBridge;
  bool has_role(const Caller& caller, const std::string& role) const;
  std::optional<Reply> require(const Caller& caller, const std::string& role);
  std::optional<Reply> require_any(const Caller& caller, std::initializer_list<const char*> roles);
  std::string new_id(bool short_id);
  Component* find_component(Realm& realm, const std::string& id);
  std::optional<Reply> import_components(Realm& realm, const nlohmann::ordered_json& components, const std::string& parent_id);
  nlohmann::json component_json(const Realm& realm, const Component& component) const;
  std::optional<std::string> validate(const Realm& realm, const Component& component) const;
  void create_default_mappers(Realm& realm, const Component& provider);
  std::set<std::string> known_keys(const Component& component) const;
  // A user as GET /users shows it: `brief` as in group member lists; `access` the caller's rights block.
  nlohmann::json user_json(const User& user, bool brief, const nlohmann::json& access = nullptr) const;
  User* find_user(Realm& realm, const std::string& id);
  Group* find_group(Realm& realm, const std::string& id);
  // Records an admin event when the realm has them on (the representation only with details on).
  void record_event(Realm& realm, const Caller& caller, const std::string& operation, const std::string& resource_type,
                    const std::string& resource_path, const std::optional<nlohmann::json>& representation);
  nlohmann::json client_json(const Realm& realm, const Client& client, bool full) const;
  bool can_map_management_role(const Caller& caller, const std::string& role) const;

  State& state_;
};

}  // namespace kcldap::emulator
