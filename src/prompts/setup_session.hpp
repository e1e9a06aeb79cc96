// `kcldap setup`'s questions, in order, probing as they go: the directory (URL, then connect and TLS at
// once, offering a CA file when the chain is unknown; bind DN and password, tested at once; users DN, vendor
// and each attribute proposed from the probe with its evidence; an optional user filter; groups), then
// Keycloak (URL, realm, identity, signed in at once, with version, base path and missing roles), then the
// federation (preset, edit mode, import, mappers, restart and wait commands) and how each secret is kept.
// Returns the answers and the secret values; nothing is written here.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/prompts/asker.hpp"
#include "src/prompts/config_writer.hpp"

namespace kcldap::prompts {

// Answers given on the command line (the same flags the other commands take): shown as defaults, and
// taken as they are with --defaults.
struct SetupPrefill {
  std::vector<std::string> ldap_urls;
  std::optional<std::string> bind_dn;
  std::optional<std::string> bind_password;  // resolved from --bind-password-env / --bind-password-file
  std::string bind_password_env;              // the variable's name, as the default storage
  std::optional<std::string> users_dn;
  std::optional<std::string> ca_file;
  bool start_tls = false;
  std::optional<std::string> keycloak_url;
  std::optional<std::string> realm;
  std::optional<std::string> auth_realm;
  std::optional<std::string> client_id;
  std::optional<std::string> client_secret;
  std::string client_secret_env;
  std::optional<std::string> username;
  std::optional<std::string> password;
  std::string password_env;
};

struct SetupSession {
  SetupAnswers answers;
  std::map<std::string, std::string> secret_files;  // path -> secret, for ${file:} storage
  std::map<std::string, std::string> secret_env;    // variable -> secret, for ${env:} storage
};

SetupSession run_setup_questions(const Asker& ask, const SetupPrefill& prefill, const std::string& output_path);

}  // namespace kcldap::prompts
