// The answers of `kcldap setup` as a plain value, rendered as a kcldap.toml that replays the same setup
// unattended (pure), and the file written atomically (a temporary file renamed into place, so an
// interrupted session never leaves a half-written config).
#pragma once
#include <string>
#include <vector>

#include <optional>

#include "common/expected.hpp"

namespace kcldap::prompts {

// How one secret is kept: a ${env:NAME} reference (default), a ${file:PATH} reference (the secret is
// written to PATH, mode 0600), or the value itself in kcldap.toml (then written with mode 0600).
struct StoredSecret {
  std::string storage = "env";  // env | file | inline
  std::string env_name;
  std::string file_path;
  std::string value;            // never rendered unless storage is inline
  std::string reference() const;  // the TOML value
};

struct SetupAnswers {
  // [ldap]
  std::string ldap_url;
  bool start_tls = false;
  std::string ca_file;
  std::string bind_dn;
  StoredSecret bind_password;
  std::string users_dn;
  std::string vendor = "auto";
  std::string username_attribute = "auto";
  std::string uuid_attribute = "auto";
  std::string email_attribute = "auto";
  std::string first_name_attribute = "auto";
  std::string last_name_attribute = "auto";
  std::string user_filter = "auto";
  std::string groups_dn;  // "": no group mapper
  // [keycloak]
  std::string keycloak_url;
  std::string realm;
  std::string auth_realm = "master";
  std::string username;   // admin user, or
  std::string client_id;  // service account
  StoredSecret keycloak_secret;
  // [federation]
  std::string preset = "none";
  std::string edit_mode = "READ_ONLY";
  bool import_users = true;
  std::string default_mappers = "adopt";
  // [restart]
  std::vector<std::string> restart_command;
  std::vector<std::string> restart_wait;
};

std::string render_toml(const SetupAnswers& answers);
bool has_inline_secret(const SetupAnswers& answers);

// Writes `text` to `path` through a temporary file in the same folder and a rename, with `mode`.
Expected<Done, std::string> write_file_atomically(const std::string& path, const std::string& text, unsigned mode);

// Splits a command line into arguments the way a shell would for plain words and quotes ('...', "...",
// backslash); no expansion. nullopt with `error` set for an unclosed quote.
std::optional<std::vector<std::string>> split_command(const std::string& line, std::string* error);

}  // namespace kcldap::prompts
