#include "src/prompts/setup_session.hpp"

#include <filesystem>

#include "checks/keycloak_checks.hpp"
#include "checks/check.hpp"
#include "keycloak/admin_client.hpp"
#include "ldap/connection.hpp"
#include "ldap/dn.hpp"
#include "ldap/filter.hpp"
#include "ldap/probe.hpp"
#include "ldap/result_codes.hpp"
#include "ldap/tcp.hpp"
#include "common/text.hpp"
#include "ldap/tls_inspect.hpp"
#include "src/config/config.hpp"
#include "src/config/value_checks.hpp"

namespace kcldap::prompts {

namespace {

// Setup probes with kcldap.toml's default timeouts (the config it writes leaves them at their defaults).
const int kConnectTimeoutMs = config::LdapSettings{}.connect_timeout_ms;
const int kReadTimeoutMs = config::LdapSettings{}.read_timeout_ms;

std::string value_or(const std::optional<std::string>& value, const std::string& fallback) { return value ? *value : fallback; }

std::optional<std::string> valid_url(const std::string& text) {
  std::string problem;
  if (ldap::parse_ldap_url(text, &problem)) return std::nullopt;
  return "not an LDAP URL (" + problem + "); write ldaps://host:636 or ldap://host:389";
}

std::optional<std::string> valid_dn(const std::string& text) {
  if (text.empty()) return std::nullopt;
  ldap::DnParseError error{};
  if (ldap::parse_dn(text, &error)) return std::nullopt;
  return "not a DN: " + error.message + " at character " + std::to_string(error.position + 1);
}

// An answer that becomes a kcldap.toml value is checked by that key's own rules (src/config/schema.cpp).
Validator rules_of(const std::string& section, const std::string& key) {
  const config::KeySpec* spec = config::find_key(section, key);
  return [spec](const std::string& text) { return config::value_problem(config::Value{text}, spec->check, spec->choices, spec->min, spec->max); };
}

// The vendors a user may name (the config's own choices, without "auto": setup asks because it knows).
std::vector<std::string> vendor_choices() {
  std::vector<std::string> choices = config::find_key("ldap", "vendor")->choices;
  std::erase(choices, "auto");
  return choices;
}

std::optional<std::string> valid_variable(const std::string& text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text[0]))) return "a variable name starts with a letter or _";
  for (char c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return "a variable name has letters, digits and _ only";
  }
  return std::nullopt;
}

std::optional<std::string> valid_command(const std::string& text) {
  std::string error;
  if (split_command(text, &error)) return std::nullopt;
  return error;
}

// Connect and TLS, at once. Returns false to ask for the URL again.
bool check_reach(const Asker& ask, const ldap::LdapUrl& url, SetupAnswers& a, const SetupPrefill& prefill) {
  if (!url.secure && !a.start_tls) {
    const ldap::TcpProbe tcp = ldap::tcp_connect(url.host, url.port, kConnectTimeoutMs);
    if (!tcp.connected()) {
      ask.say("    ! cannot connect to " + url.host + ":" + std::to_string(url.port) +
              (tcp.resolved ? "" : ": the name does not resolve (" + tcp.resolve_error + ")"));
      return false;
    }
    ask.say("    ok: reached " + url.host + ":" + std::to_string(url.port) +
            " (plain LDAP: the bind password would cross the network in clear)");
    return true;
  }
  for (;;) {
    const ldap::TlsInspection tls = ldap::inspect_tls(url, a.start_tls, a.ca_file, kConnectTimeoutMs);
    if (!tls.tcp_connected) {
      ask.say("    ! cannot connect: " + tls.tcp_error);
      return false;
    }
    if (tls.start_tls_attempted && !tls.start_tls_accepted) {
      ask.say("    ! the server refused StartTLS: " + tls.start_tls_message);
      return false;
    }
    if (tls.looks_like_plain_ldap) {
      ask.say("    ! this port speaks plain LDAP, not TLS: use ldap:// with StartTLS, or the ldaps port");
      return false;
    }
    if (tls.chain.empty()) {
      ask.say("    ! the TLS handshake failed: " + tls.handshake_error);
      return false;
    }
    if (!tls.chain_trusted) {
      const auto& leaf = tls.chain.front();
      ask.say("    ! " + tls.trust_source + " does not trust the certificate: " + tls.chain_error);
      ask.say("      certificate " + leaf.subject + ", issued by " + leaf.issuer);
      const std::string ca = ask.text("CA file (PEM) that issued it, to trust it (empty: enter another URL)", value_or(prefill.ca_file, ""),
                                      "", [](const std::string& path) -> std::optional<std::string> {
                                        if (path.empty() || std::filesystem::is_regular_file(path)) return std::nullopt;
                                        return "no such file: " + path;
                                      }, "--ca-file");
      if (ca.empty() || ca == a.ca_file) return false;
      a.ca_file = std::filesystem::absolute(ca).string();
      continue;
    }
    if (!tls.name_matches) {
      ask.say("    ! the certificate does not name " + tls.checked_name + " (it names " + kcldap::join(tls.chain.front().names) + ")");
      return false;
    }
    ask.say("    ok: " + tls.protocol + ", certificate trusted by " + tls.trust_source + ", expires in " +
            std::to_string(tls.chain.front().days_left) + " days");
    return true;
  }
}

void ask_connection(const Asker& ask, const SetupPrefill& prefill, SetupAnswers& a) {
  std::string default_url = prefill.ldap_urls.empty() ? "ldaps://localhost:636" : prefill.ldap_urls.front();
  for (;;) {
    a.ldap_url = ask.text("LDAP URL", default_url, "", valid_url, "--ldap-url");
    const ldap::LdapUrl url = *ldap::parse_ldap_url(a.ldap_url);
    a.start_tls = false;
    if (!url.secure) {
      const bool offered = ldap::inspect_tls(url, true, a.ca_file, kConnectTimeoutMs).start_tls_accepted;
      a.start_tls = ask.yes_no(offered ? "The server offers StartTLS. Use it?" : "Use StartTLS (the server did not accept it just now)?",
                               prefill.start_tls || offered);
    }
    if (check_reach(ask, url, a, prefill)) return;
    if (ask.accepting_defaults()) throw SessionEnded(SessionEnded::Why::no_default, "the directory cannot be used as given (see above)");
    default_url = a.ldap_url;
  }
}

std::optional<ldap::Explanation> try_bind(const SetupAnswers& a, const std::string& password) {
  const ldap::LdapUrl url = *ldap::parse_ldap_url(a.ldap_url);
  auto connection = ldap::Connection::open({url, a.start_tls, true, a.ca_file, kConnectTimeoutMs, kReadTimeoutMs});
  if (!connection) return ldap::explain_failure(connection.error().operation, connection.error().code, connection.error().diagnostic);
  auto bound = a.bind_dn.empty() ? connection->bind_anonymous() : connection->bind_simple(a.bind_dn, password);
  if (!bound) return ldap::explain_failure("bind", bound.error().code, bound.error().diagnostic);
  return std::nullopt;
}

std::string ask_bind(const Asker& ask, const SetupPrefill& prefill, SetupAnswers& a) {
  std::string default_dn = value_or(prefill.bind_dn, "");
  std::optional<std::string> given_password = prefill.bind_password;
  for (;;) {
    a.bind_dn = ask.text("Bind DN (empty: anonymous)", default_dn, "",
                         rules_of("ldap", "bind_dn"), "--bind-dn");
    std::string password;
    if (!a.bind_dn.empty()) password = ask.secret("Bind password", given_password, "--bind-password-env");
    const auto refused = try_bind(a, password);
    if (!refused) {
      ask.say(a.bind_dn.empty() ? "    ok: anonymous bind accepted" : "    ok: bound as " + a.bind_dn);
      return password;
    }
    ask.say("    ! " + (a.bind_dn.empty() ? std::string("anonymous bind") : "bind as " + a.bind_dn) + " refused: " + refused->cause);
    if (!refused->remedy.empty()) ask.say("      -> " + refused->remedy);
    if (ask.accepting_defaults() || given_password) {
      throw SessionEnded(SessionEnded::Why::no_default, "the bind DN or password given on the command line was refused");
    }
    default_dn = a.bind_dn;
  }
}

ldap::ProbeReport probe(const SetupAnswers& a, const std::string& password) {
  ldap::ProbeOptions options;
  options.urls = {*ldap::parse_ldap_url(a.ldap_url)};
  options.start_tls = a.start_tls;
  options.ca_file = a.ca_file;
  options.bind_dn = a.bind_dn;
  options.bind_password = password;
  options.users_dn = a.users_dn;
  options.user_filter = a.user_filter;
  options.connect_timeout_ms = kConnectTimeoutMs;
  return ldap::run_probe(options);
}

void ask_directory_layout(const Asker& ask, const SetupPrefill& prefill, SetupAnswers& a, const std::string& password) {
  ask.say("    probing the directory ...");
  ldap::ProbeReport report = probe(a, password);
  const auto* count = report.stage("ldap.user-count");
  for (;;) {
    const std::string proposed = value_or(prefill.users_dn, report.users.dn);
    const std::string hint = report.users.count ? std::to_string(*report.users.count) + " users below it" : "";
    a.users_dn = ask.text("Users DN", proposed, proposed == report.users.dn ? hint : "", [](const std::string& dn) -> std::optional<std::string> {
      if (dn.empty()) return "Keycloak needs a users DN";
      return valid_dn(dn);
    }, "--users-dn");
    if (a.users_dn != report.users.dn) {
      report = probe(a, password);
      count = report.stage("ldap.user-count");
    }
    if (report.users.count && *report.users.count > 0) break;
    ask.say("    ! no user found below " + a.users_dn + (count != nullptr ? ": " + count->message : ""));
    if (ask.accepting_defaults()) throw SessionEnded(SessionEnded::Why::no_default, "no user below the users DN: pass --users-dn");
  }
  const ldap::Recommendations r = report.recommended.value_or(ldap::Recommendations{});
  ask.say("    " + std::to_string(*report.users.count) + " users; vendor " + (report.server ? report.server->vendor.product : std::string("unknown")));
  a.vendor = ask.text("Vendor (" + kcldap::join(vendor_choices(), ", ") + ")", r.vendor.value.empty() ? "other" : r.vendor.value,
                      r.vendor.reason, [](const std::string& v) -> std::optional<std::string> {
                        const auto choices = vendor_choices();
                        if (std::ranges::find(choices, v) != choices.end()) return std::nullopt;
                        return "one of " + kcldap::join(choices, ", ");
                      });
  const auto attribute = [&](const std::string& question, const ldap::Recommendation& recommended, const std::string& fallback) {
    return ask.text(question, recommended.value.empty() ? fallback : recommended.value, recommended.reason, rules_of("ldap", "username_attribute"));
  };
  a.username_attribute = attribute("Username attribute", r.username, "uid");
  a.uuid_attribute = attribute("Unique id attribute", r.uuid, "entryUUID");
  a.email_attribute = attribute("Email attribute", r.email, "mail");
  a.first_name_attribute = attribute("First name attribute", r.first_name, "givenName");
  a.last_name_attribute = attribute("Last name attribute", r.last_name, "sn");
  a.user_filter = ask.text("Only users matching this LDAP filter, e.g. (memberOf=cn=staff,ou=groups,...) (auto: " +
                               std::string(report.users.custom_filter.empty() ? "all users" : report.users.custom_filter) + "; empty: all users)",
                           "auto", report.users.custom_filter_reason,
                           rules_of("ldap", "user_filter"));
  if (report.groups && report.groups->sampled > 0 && !report.groups->recommended_dn().empty()) {
    const bool map_groups = ask.yes_no("Map the " + std::to_string(report.groups->sampled) + " groups under " +
                                           report.groups->recommended_dn() + " to Keycloak groups?", true);
    a.groups_dn = map_groups ? report.groups->recommended_dn() : "";
  }
}

std::string ask_keycloak(const Asker& ask, const SetupPrefill& prefill, SetupAnswers& a) {
  SetupAnswers defaults = a;
  defaults.keycloak_url = value_or(prefill.keycloak_url, "http://localhost:8080");
  defaults.realm = value_or(prefill.realm, "master");
  defaults.client_id = value_or(prefill.client_id, "");
  defaults.username = value_or(prefill.username, "admin");
  for (;;) {
    a.keycloak_url = ask.text("Keycloak URL", defaults.keycloak_url, "", rules_of("keycloak", "url"), "--keycloak-url");
    a.realm = ask.text("Realm to connect to the directory", defaults.realm, "", {}, "--realm");
    const std::string identity = ask.choose("Sign in to Keycloak as", {{"admin", "an admin user (password grant on admin-cli)"},
                                                                       {"service", "a service account (client credentials)"}},
                                            defaults.client_id.empty() ? "admin" : "service");
    keycloak::ClientSettings settings;
    settings.url = a.keycloak_url;
    settings.realm = a.realm;
    std::string secret;
    if (identity == "admin") {
      a.client_id.clear();
      a.auth_realm = ask.text("Realm of that user", value_or(prefill.auth_realm, "master"), "", {}, "--auth-realm");
      a.username = ask.text("Admin username", defaults.username, "", {}, "--username");
      secret = ask.secret("Admin password", prefill.password, "--password-env");
      settings.username = a.username;
      settings.password = secret;
    } else {
      a.username.clear();
      a.auth_realm = ask.text("Realm of that client", value_or(prefill.auth_realm, a.realm), "", {}, "--auth-realm");
      a.client_id = ask.text("Client id", defaults.client_id.empty() ? "kcldap" : defaults.client_id, "", {}, "--client-id");
      secret = ask.secret("Client secret", prefill.client_secret, "--client-secret-env");
      settings.client_id = a.client_id;
      settings.client_secret = secret;
    }
    settings.auth_realm = a.auth_realm;
    keycloak::ConnectProgress progress;
    auto client = keycloak::AdminClient::connect(settings, &progress);
    if (client) {
      ask.say("    ok: " + client->facts().version_finding + "; " + client->facts().base_path_finding);
      const checks::Check roles = checks::roles_check(keycloak::held_roles(*client), a.realm, client->token_realm(), client->facts().identity,
                                                      keycloak::RoleFeatures{true, true});
      if (roles.status != checks::Status::pass) {
        ask.say("    ! " + roles.finding);
        if (!roles.remedy.empty()) ask.say("      -> " + roles.remedy);
      } else {
        ask.say("    ok: " + roles.finding);
      }
      return secret;
    }
    ask.say("    ! " + client.error().what + ": " + client.error().cause);
    if (!client.error().remedy.empty()) ask.say("      -> " + client.error().remedy);
    if (ask.accepting_defaults()) throw SessionEnded(SessionEnded::Why::no_default, "Keycloak cannot be used as given (see above)");
    defaults = a;
  }
}

void ask_federation(const Asker& ask, SetupAnswers& a) {
  a.preset = ask.choose("Recipe", {{"none", "custom: choose each setting"},
                                   {"runai", "Run:AI: import off, READ_ONLY, subtree, then restart the Run:AI backend"}},
                        "none");
  const bool runai = a.preset == "runai";
  a.edit_mode = ask.choose("Edit mode (may Keycloak write to the directory?)",
                           {{"READ_ONLY", "READ_ONLY: never"}, {"WRITABLE", "WRITABLE: profile changes go to the directory"},
                            {"UNSYNCED", "UNSYNCED: changes stay in Keycloak"}},
                           "READ_ONLY");
  a.import_users = ask.yes_no("Import users into Keycloak's database (and sync them)?", !runai);
  a.default_mappers = ask.choose("The mappers Keycloak creates on its own",
                                 {{"adopt", "adopt: keep them, corrected to the attributes above"}, {"keep", "keep them as Keycloak makes them"},
                                  {"delete", "delete the ones not configured here"}},
                                 "adopt");
  std::string error;
  const std::string restart = ask.text("Restart command after a successful apply (empty: none)",
                                       runai ? "kubectl rollout restart deployment/runai-backend-deployment -n runai-backend" : "", "",
                                       valid_command);
  a.restart_command = *split_command(restart, &error);
  a.restart_wait.clear();
  if (!a.restart_command.empty()) {
    const std::string wait = ask.text("Command that waits for the restart (empty: none)",
                                      runai ? "kubectl rollout status deployment/runai-backend-deployment -n runai-backend --timeout=300s" : "",
                                      "", valid_command);
    a.restart_wait = *split_command(wait, &error);
  }
}

void ask_storage(const Asker& ask, const std::string& what, const std::string& default_env, const std::string& default_file,
                 const std::string& secret, StoredSecret& stored, SetupSession& session) {
  stored.value = secret;
  stored.storage = ask.choose("Keep the " + what + " as", {{"env", "${env:NAME}: read from an environment variable at run time"},
                                                           {"file", "${file:PATH}: kcldap writes it to a file only you can read"},
                                                           {"inline", "the value itself in kcldap.toml (then only you can read the file)"}},
                              "env");
  if (stored.storage == "env") {
    stored.env_name = ask.text("Environment variable", default_env, "", valid_variable);
    session.secret_env[stored.env_name] = secret;
  } else if (stored.storage == "file") {
    stored.file_path = std::filesystem::absolute(ask.text("File to write it to", default_file, "", [](const std::string& path) -> std::optional<std::string> {
                         if (path.empty()) return "a path is needed";
                         return std::nullopt;
                       })).string();
    session.secret_files[stored.file_path] = secret;
  } else {
    ask.say("    ! the " + what + " will be in the config file in clear; kcldap writes it with mode 0600");
  }
}

}  // namespace

SetupSession run_setup_questions(const Asker& ask, const SetupPrefill& prefill, const std::string& output_path) {
  SetupSession session;
  SetupAnswers& a = session.answers;
  a.ca_file = value_or(prefill.ca_file, "");
  if (!a.ca_file.empty()) a.ca_file = std::filesystem::absolute(a.ca_file).string();
  ask.say("\nDirectory");
  ask_connection(ask, prefill, a);
  const std::string bind_password = ask_bind(ask, prefill, a);
  ask_directory_layout(ask, prefill, a, bind_password);
  ask.say("\nKeycloak");
  const std::string keycloak_secret = ask_keycloak(ask, prefill, a);
  ask.say("\nFederation");
  ask_federation(ask, a);
  ask.say("\nSecrets");
  const std::string folder = std::filesystem::absolute(output_path).parent_path().string();
  if (!a.bind_dn.empty()) {
    ask_storage(ask, "bind password", prefill.bind_password_env.empty() ? "KCLDAP_BIND_PASSWORD" : prefill.bind_password_env,
                folder + "/kcldap-bind-password", bind_password, a.bind_password, session);
  }
  const bool service = !a.client_id.empty();
  const std::string env = service ? prefill.client_secret_env : prefill.password_env;
  ask_storage(ask, service ? "Keycloak client secret" : "Keycloak password",
              env.empty() ? (service ? "KEYCLOAK_CLIENT_SECRET" : "KEYCLOAK_PASSWORD") : env,
              folder + (service ? "/kcldap-client-secret" : "/kcldap-keycloak-password"), keycloak_secret, a.keycloak_secret, session);
  return session;
}

}  // namespace kcldap::prompts
