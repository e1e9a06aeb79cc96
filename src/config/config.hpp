// The one config model behind every command (kcldap.toml, then command-line flags on top): sections
// [ldap], [keycloak], [federation], [[mappers]], [checks], [restart], [[clients]]. Loading validates every key and
// reports each problem with file:line:column, the key, and a "did you mean" for near misses.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "keycloak/http.hpp"
#include "ldap/probe.hpp"

namespace kcldap::config {

struct SourceLocation {
  std::string file;  // config path, or "" for flags/defaults
  int line = 0;
  int column = 0;
  std::string flag;  // set when the value came from a command-line flag
  std::string to_string() const;
};

// A secret as written: a ${env:NAME} or ${file:/path} reference, or (discouraged) a literal. It is
// resolved only when a command needs it, and its value never reaches output.
struct SecretRef {
  std::string text;
  std::string key;  // e.g. "ldap.bind_password", for error messages
  SourceLocation where;
  bool present() const { return !text.empty(); }
  bool is_reference() const;
};

struct LdapSettings {
  std::vector<std::string> urls;
  bool start_tls = false;
  std::string ca_file;
  bool tls_verify = true;
  std::string bind_dn;
  SecretRef bind_password;
  std::string users_dn;
  std::string search_scope = "auto";  // one | subtree | auto
  std::string user_filter = "auto";  // "auto": on Active Directory leave computers and system accounts out; "": none
  std::vector<std::string> user_object_classes;  // empty: auto
  std::string vendor = "auto";
  std::string username_attribute = "auto";
  std::string rdn_attribute = "auto";
  std::string uuid_attribute = "auto";
  std::string email_attribute = "auto";
  std::string first_name_attribute = "auto";
  std::string last_name_attribute = "auto";
  std::string groups_dn = "auto";
  std::vector<std::string> required_groups;  // only members of these groups are users; empty: everyone under users_dn
  int connect_timeout_ms = ldap::kDefaultConnectTimeoutMs;
  int read_timeout_ms = ldap::kDefaultReadTimeoutMs;
  int sample_size = ldap::kDefaultSampleSize;
  int max_value_bytes = static_cast<int>(ldap::kDefaultMaxValueBytes);
};

struct KeycloakSettings {
  std::string url;
  std::string realm;
  std::string auth_realm = "master";
  std::string client_id;
  SecretRef client_secret;
  std::string username;
  SecretRef password;
  std::string ca_file;
  bool tls_verify = true;
  std::string version = "auto";
  int timeout_ms = keycloak::kDefaultTimeoutMs;
  int max_response_bytes = static_cast<int>(keycloak::kDefaultMaxResponseBytes);
};

struct FederationSettings {
  std::string name = "ldap";
  bool enabled = true;
  std::string edit_mode = "READ_ONLY";
  bool import_users = true;
  bool sync_registrations = false;
  bool trust_email = false;
  bool pagination = true;
  int batch_size = 1000;
  int full_sync_period = -1;
  int changed_sync_period = -1;
  std::string cache_policy = "DEFAULT";
  std::optional<bool> connection_pooling;  // unset: decided per version and StartTLS
  std::string use_truststore_spi = "always";
  std::string preset = "none";
  std::string default_mappers = "adopt";
  std::string backup_dir = "kcldap-backups";
};

struct MapperSettings {
  std::string name;
  std::string type;
  std::map<std::string, std::string> options;  // type-specific keys; lists joined with ","
  SourceLocation where;
};

// A [[clients]] entry: a confidential service-account client an app consuming the federated users signs in
// with (src/config/load_clients.cpp reads it; keycloak/client_presets holds the presets).
struct KubectlSecret {
  std::string name;
  std::string namespace_name;  // "" : kubectl's current namespace
  std::string key = "client-secret";
};

struct ServiceClientSettings {
  std::string client_id;
  std::string description;
  std::string preset;                    // "" when roles are listed
  std::vector<std::string> roles;        // realm-management client roles (from the preset, or as listed)
  std::vector<std::string> realm_roles;  // realm roles, optional
  std::string secret_file;               // written 0600 after apply, "" : not written
  std::optional<KubectlSecret> kubectl_secret;
  bool rotate_secret = false;
  SourceLocation where;
};

struct ChecksSettings {
  int timeout_s = 120;
  bool sync = true;
  int sample_users = 3;
  std::string test_user;
  SecretRef test_password;
};

struct RestartSettings {
  std::vector<std::string> command;
  std::vector<std::string> wait;
  int timeout_s = 300;
};

struct Config {
  std::string path;  // "" when no file was given
  LdapSettings ldap;
  KeycloakSettings keycloak;
  FederationSettings federation;
  std::vector<MapperSettings> mappers;
  std::vector<ServiceClientSettings> clients;
  ChecksSettings checks;
  RestartSettings restart;
  std::map<std::string, SourceLocation> locations;  // "ldap.users_dn" -> where it was set
  std::vector<std::string> warnings;                // e.g. a secret written literally into the file
  // Each non-secret value that came from a ${env:} or ${file:} reference, with the reference as written:
  // output shows the reference, never the value (src/cli/output_mask.hpp).
  std::vector<std::pair<std::string, std::string>> references;

  bool is_set(const std::string& dotted_key) const { return locations.count(dotted_key) != 0; }
};

struct ConfigError {
  SourceLocation where;
  std::string key;      // "[ldap] bind_dn", may be empty
  std::string message;  // what is wrong and what to do
  std::string to_string() const;
};

struct LoadResult {
  Config config;
  std::vector<ConfigError> errors;
  bool ok() const { return errors.empty(); }
};

// Reads and validates a kcldap.toml. Environment and file references in non-secret values are resolved
// here; secrets stay references until resolve_secret().
LoadResult load_config_file(const std::string& path);
LoadResult load_config_text(const std::string& text, const std::string& display_path);

// The keys of each section, for "did you mean" and documentation.
std::vector<std::string> section_names();
std::vector<std::string> keys_of_section(const std::string& section);
std::vector<std::string> mapper_types();

}  // namespace kcldap::config
