// Keycloak emulator (test-only): the in-memory state of the emulated server: realms with their settings,
// components, users, groups, clients, role grants and admin events; issued tokens; injected faults; the
// request log.
#pragma once
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "emulator/profile.hpp"

namespace kcldap::emulator {

using Config = std::vector<std::pair<std::string, std::vector<std::string>>>;  // ordered like Keycloak's

struct Component {
  std::string id;
  std::string name;
  std::string provider_id;
  std::string provider_type;
  std::string parent_id;
  std::optional<std::string> sub_type;
  std::map<std::string, std::vector<std::string>> config;
};

struct User {
  std::string id;
  std::string username;  // lowercased, as Keycloak stores it
  std::string email;
  std::string first_name;
  std::string last_name;
  bool enabled = true;
  bool email_verified = false;
  std::string federation_link;  // component id, empty for local users
  std::map<std::string, std::vector<std::string>> attributes;  // LDAP_ID, LDAP_ENTRY_DN, ...
  std::string password;  // local users only (emulator shortcut; Keycloak stores a hash)
  long long created_ms = 0;
  std::vector<std::string> required_actions;
  std::set<std::string> realm_roles;  // e.g. "admin" in master
};

struct Client {
  std::string client_id;
  std::string secret;  // empty: public client
  bool service_accounts = false;
  bool direct_access = false;
  std::set<std::string> service_account_roles;  // realm-management roles of its service account
  std::string id;                       // Keycloak's internal UUID
  std::string description;
  bool standard_flow = true;
  bool implicit_flow = false;
  std::string service_account_user_id;  // set once service accounts were enabled (Keycloak keeps the user)
};

// A top-level group: created through the API, or imported by a group mapper's sync (then it also
// knows its LDAP entry and the member DNs it read there).
struct Group {
  std::string id;
  std::string name;
  std::set<std::string> member_ids;  // users added through the API
  std::string ldap_dn;
  std::set<std::string> ldap_members;  // member DNs from the directory
  std::string path() const { return "/" + name; }
};

// One admin event as Keycloak stores it (GET /admin-events returns them newest first).
struct AdminEvent {
  std::string id;
  long long time_ms = 0;
  std::string operation;      // CREATE, UPDATE, DELETE, ACTION
  std::string resource_type;  // REALM, COMPONENT, USER, GROUP, GROUP_MEMBERSHIP, CLIENT, CLIENT_ROLE_MAPPING
  std::string resource_path;  // empty for the realm itself
  std::optional<std::string> representation;  // only with adminEventsDetailsEnabled
  std::string auth_realm_id, auth_client_id, auth_user_id, ip_address;
};

struct Realm {
  std::string id;
  std::string name;
  nlohmann::json settings = nlohmann::json::object();  // representation fields set by create or PUT
  bool admin_events = false;
  bool admin_event_details = false;
  std::vector<AdminEvent> events;  // oldest first
  std::vector<Component> components;  // in creation order
  std::vector<User> users;
  std::vector<Client> clients;
  std::string realm_management_id;                    // the realm-management client's UUID
  std::map<std::string, std::string> management_role_ids;  // realm-management role name -> role UUID
  std::map<std::string, std::set<std::string>> user_management_roles;  // user id -> realm-management roles
  std::vector<Group> groups;  // in creation order
  std::set<std::string> realm_roles;  // realm roles by name: the built-in ones and those created through the API
};

struct Token {
  std::string realm;    // issuing realm name
  std::string subject;  // username or service-account-<client>
  std::string client_id;  // the client that asked for it
  std::set<std::string> roles;  // realm-management roles, or "admin" for the master admin
  std::chrono::steady_clock::time_point expires;
};

struct Fault {
  std::string method;  // "" = any
  std::string path_prefix;
  int nth = 1;         // the Nth matching request (1-based) ...
  int times = 1;       // ... and this many after it
  int status = 0;      // answer with this status, or
  int delay_ms = 0;    // hang this long first, or
  bool close = false;  // close the connection without an answer, or
  std::string body;    // answer 200 with "html" (a proxy's login page) or "garbage" (not JSON), or
  long long huge = 0;  // answer 200 with a body of this many bytes, streamed
  int seen = 0;
};

struct LogEntry {
  long long arrival = 0;  // order in which requests arrived (the logger runs after the response is sent)
  std::string method;
  std::string path;
  int status = 0;
};

struct State {
  Profile profile;
  std::string context_path;  // "" or "/auth"
  std::string truststore;    // CA file Keycloak's truststore SPI uses
  int token_lifespan_s = 60;
  bool lightweight_tokens = false;    // access tokens without role claims (Keycloak 25+ client option)
  std::set<std::string> unreachable;  // "host:port" the emulated server's network cannot reach
  std::vector<Realm> realms;
  std::map<std::string, Token> tokens;
  std::vector<Fault> faults;
  std::vector<LogEntry> log;
  long long arrivals = 0;
  long long answered = 0;  // admin/token requests that reached the pre-routing handler...
  long long logged = 0;    // ...and those whose log entry is written (the logger runs after the answer)
  std::condition_variable log_written;
  std::mutex mutex;

  Realm* realm(const std::string& name);
};

}  // namespace kcldap::emulator
