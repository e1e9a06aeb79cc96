#include "keycloak/admin_client.hpp"

#include "keycloak/connect_steps.hpp"
#include "keycloak/roles.hpp"

#include <cctype>
#include <thread>
#include <utility>

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

std::string server_message_of(const std::string& body) {
  const json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return body.size() > 200 ? body.substr(0, 200) + "..." : body;
  for (const char* key : {"errorMessage", "error_description", "error"}) {
    if (parsed.contains(key) && parsed[key].is_string()) return parsed[key].get<std::string>();
  }
  return "";
}

std::string strip_query(const std::string& path) { return path.substr(0, path.find('?')); }

bool idempotent(const std::string& method) { return method == "GET" || method == "PUT" || method == "DELETE"; }

// "/admin/realms/demo/components/x" -> "/components/x": the part that decides the role, without the
// realm's name (which could contain anything, "users" included).
std::string after_realm(const std::string& path) {
  const std::string marker = "/admin/realms/";
  const auto at = path.find(marker);
  if (at == std::string::npos) return path;
  const auto slash = path.find('/', at + marker.size());
  return slash == std::string::npos ? "" : path.substr(slash);
}

}  // namespace

std::string ApiError::to_string() const {
  std::string text = what + " failed: " + cause;
  if (!method.empty()) text += " (" + method + " " + path + (status != 0 ? " -> " + std::to_string(status) : "") + ")";
  if (!server_message.empty()) text += "; Keycloak said: \"" + server_message + "\"";
  if (!remedy.empty()) text += ". Try: " + remedy;
  return text;
}

Version infer_version(const std::set<std::string>& properties, bool system_info_hidden) {
  Version floor{12, 0, 0};
  const auto at_least = [&](Version candidate) {
    if (floor < candidate) floor = candidate;
  };
  if (properties.count("krbPrincipalAttribute") != 0) at_least({23, 0, 0});
  if (properties.count("referral") != 0) at_least({24, 0, 0});
  if (properties.count("connectionPoolingDebug") == 0 && properties.count("connectionPooling") != 0) at_least({26, 0, 0});
  if (properties.count("connectionTrace") != 0) at_least({26, 1, 0});
  if (properties.count("relativeCreateDn") != 0) at_least({26, 2, 0});
  // Only 26.2.10+/26.4.0–26.5.2 hide systemInfo from realm administrators.
  if (system_info_hidden) at_least({26, 4, 0});
  if (properties.count("enableLdapPasswordPolicy") != 0) at_least({26, 6, 0});
  return floor;
}

std::string required_role(const std::string& method, const std::string& admin_path) {
  const std::string path = strip_query(admin_path);
  if (path.find("/role-mappings/") != std::string::npos) {
    return method == "GET" ? "view-users"
                           : "manage-users (and, to grant a role, that role itself or its manage- form: manage-realm for manage-realm "
                             "and view-realm; only a master realm admin may grant realm-admin)";
  }
  if (path.find("/clients") != std::string::npos) {
    if (method == "GET") return path.ends_with("/clients") ? "view-clients (or query-clients)" : "view-clients";
    return "manage-clients";
  }
  if (path.find("/user-storage/") != std::string::npos) {
    return path.ends_with("/name") ? "query-users" : "manage-users";
  }
  if (path.find("/users") != std::string::npos) return "query-users (or view-users)";
  if (path.find("/testLDAPConnection") != std::string::npos || path.find("/ldap-server-capabilities") != std::string::npos) {
    return "manage-realm";
  }
  if (path.find("/components") != std::string::npos) return method == "GET" ? "view-realm" : "manage-realm";
  return "view-realm";
}

ApiError AdminClient::failure(const std::string& what, const std::string& method, const std::string& path,
                              const HttpResponse& response) const {
  ApiError error{what, method, path, response.status, server_message_of(response.body), "", ""};
  switch (response.status) {
    case 400:
      error.cause = "Keycloak rejected the request as invalid";
      error.remedy = "fix what Keycloak names above; kcldap check validates the payload before a write";
      break;
    case 401:
      error.cause = "Keycloak did not accept kcldap's token (expired or revoked, even after signing in again)";
      error.remedy = "check the credentials in [keycloak] and that the token's realm is " + settings_.auth_realm;
      break;
    case 403:
      error.cause = facts_.identity + " lacks the realm-management role " + required_role(method, after_realm(path)) +
                    " in realm " + settings_.realm;
      error.remedy = "assign that client role of realm-management to the identity; kcldap check lists every role the run needs";
      break;
    case 404:
      error.cause = "Keycloak has no such resource";
      error.remedy = "check the realm name and that the object still exists";
      break;
    case 409:
      error.cause = "Keycloak reports a conflict";
      error.remedy = "another object with that name or id exists";
      break;
    default:
      error.cause = response.status >= 500 ? "Keycloak failed internally (" + std::to_string(response.status) + ")"
                                           : "Keycloak answered " + std::to_string(response.status);
      error.remedy = response.status >= 500 ? "look at the Keycloak server log; retry when it is healthy" : "";
  }
  return error;
}

Expected<HttpResponse, ApiError> AdminClient::send(const std::string& method, const std::string& url_path,
                                                   const std::string& what, const std::string& body,
                                                   const std::string& content_type, bool retry) {
  const int attempts = retry ? std::max(1, settings_.max_attempts) : 1;
  for (int attempt = 1;; ++attempt) {
    HttpRequest request{method, facts_.base_url + url_path, {}, body, settings_.timeout_ms, settings_.ca_file, settings_.tls_verify};
    if (!access_token_.empty()) request.headers["Authorization"] = "Bearer " + access_token_;
    if (!content_type.empty()) request.headers["Content-Type"] = content_type;
    request.headers["Accept"] = "application/json";
    ++requests_made_;
    auto response = perform(request);
    const bool transient = response ? (response->status == 502 || response->status == 503 || response->status == 504)
                                    : response.error().connection_reset_or_refused();
    if (transient && attempt < attempts) {
      std::this_thread::sleep_for(std::chrono::milliseconds(settings_.backoff_ms << (attempt - 1)));
      continue;
    }
    if (!response) {
      const auto& transport = response.error();
      return unexpected(ApiError{what, method, strip_query(url_path), 0, "",
                                 transport.timed_out() ? "no answer within timeout_ms (" + std::to_string(settings_.timeout_ms) + " ms)"
                                                       : "could not reach Keycloak: " + transport.message,
                                 "check [keycloak] url, the network, and (for https) ca_file"});
    }
    return *response;
  }
}

Expected<Done, ApiError> AdminClient::sign_in() {
  std::map<std::string, std::string> form;
  const bool service_account = !settings_.client_id.empty();
  if (service_account) {
    form = {{"grant_type", "client_credentials"}, {"client_id", settings_.client_id}, {"client_secret", settings_.client_secret}};
    facts_.identity = "the service account of client " + settings_.client_id;
  } else {
    form = {{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", settings_.username}, {"password", settings_.password}};
    facts_.identity = "user " + settings_.username;
  }
  const std::string path = "/realms/" + url_escape(settings_.auth_realm) + "/protocol/openid-connect/token";
  access_token_.clear();  // the token endpoint takes no bearer
  auto response = send("POST", path, "sign in to realm " + settings_.auth_realm, form_encode(form),
                       "application/x-www-form-urlencoded", true);
  if (!response) return unexpected(response.error());
  if (response->status != 200) {
    ApiError error{"sign in to realm " + settings_.auth_realm + " as " + facts_.identity, "POST", path, response->status,
                   server_message_of(response->body), "", ""};
    const json body = json::parse(response->body, nullptr, false);
    const std::string code = body.is_object() ? body.value("error", "") : "";
    if (response->status == 404) {
      error.cause = "realm " + settings_.auth_realm + " does not exist";
      error.remedy = "set [keycloak] auth_realm to the realm the identity belongs to";
    } else if (code == "invalid_grant") {
      error.cause = "the username or password is wrong (or the user is disabled)";
      error.remedy = "check [keycloak] username and password";
    } else if (error.server_message.find("service account") != std::string::npos) {
      error.cause = "client " + settings_.client_id + " may not use the client-credentials grant";
      error.remedy = "turn on 'Service accounts roles' (serviceAccountsEnabled) for the client";
    } else if (code == "invalid_client" || code == "unauthorized_client") {
      error.cause = "the client id or client secret is wrong";
      error.remedy = "check [keycloak] client_id and client_secret (the secret is in the client's Credentials tab)";
    } else {
      error.cause = "Keycloak refused the sign-in";
    }
    return unexpected(error);
  }
  const json token = json::parse(response->body, nullptr, false);
  if (!token.is_object() || !token.contains("access_token")) {
    return unexpected(ApiError{"sign in", "POST", path, 200, "", "the token answer has no access_token", "check that url points at Keycloak"});
  }
  access_token_ = token["access_token"];
  token_claims_ = decode_token_claims(access_token_);
  refresh_token_ = token.value("refresh_token", "");
  const int lifespan = token.value("expires_in", 60);
  // Renew a little early so that a token never expires between the check and the request.
  token_expires_ = std::chrono::steady_clock::now() + std::chrono::seconds(std::max(1, lifespan - 5));
  return Done{};
}

Expected<Done, ApiError> AdminClient::ensure_token() {
  if (!access_token_.empty() && std::chrono::steady_clock::now() < token_expires_) return Done{};
  return sign_in();
}

// nullopt when `base` serves the auth realm's discovery document; else the transport error, or
// curl_code -1 for an answer other than 200 (reachable, but not Keycloak's realm there).
std::optional<TransportError> AdminClient::probe_base(const std::string& base) {
  HttpRequest probe{"GET", base + "/realms/" + url_escape(settings_.auth_realm) + "/.well-known/openid-configuration",
                    {}, "", settings_.timeout_ms, settings_.ca_file, settings_.tls_verify};
  ++requests_made_;
  auto response = perform(probe);
  if (!response) return std::optional<TransportError>(response.error());
  return response->status == 200 ? std::optional<TransportError>() : std::optional<TransportError>(TransportError{-1, ""});
}

// Sets facts_.base_url to the first candidate that answers. The first problem is the one reported: it
// is about the URL as configured.
Expected<Done, ApiError> AdminClient::locate() {
  const std::string url = trimmed_url(settings_.url);
  const BaseCandidates candidates = base_candidates(url);
  std::optional<TransportError> first_problem;
  for (const auto& [base, legacy] : candidates) {
    auto problem = probe_base(base);
    if (!problem) {
      facts_.base_url = base;
      facts_.legacy_auth_path = legacy;
      facts_.base_path_finding = "Keycloak answers at " + base + (legacy ? " (legacy /auth layout)" : " (no /auth context path)") +
                                 (base == url ? "" : "; the configured " + url + " does not");
      break;
    }
    if (!first_problem) first_problem = problem;
  }
  if (facts_.base_url.empty()) return unexpected(locate_failure(url, candidates, first_problem, settings_.auth_realm));
  return Done{};
}

// Never fails: a serverinfo kcldap may not read still leaves the config's version or the inferred one.
void AdminClient::learn_version() {
  auto info = send("GET", "/admin/serverinfo", "read the server version", "", "", true);
  const json serverinfo = info && info->status == 200 ? json::parse(info->body, nullptr, false) : json();
  settle_version(serverinfo, settings_.configured_version, facts_);
}

// The realm's id and login settings. Without view-realm Keycloak returns only the name: the id stays unknown.
Expected<Done, ApiError> AdminClient::read_realm() {
  auto realm = get_json("", "read realm " + settings_.realm);
  if (!realm) {
    ApiError error = realm.error();
    if (error.status == 404) {
      error.cause = "realm " + settings_.realm + " does not exist";
      error.remedy = "create the realm first, or fix [keycloak] realm (names are case-sensitive)";
    }
    return unexpected(error);
  }
  facts_.duplicate_emails_allowed = realm->value("duplicateEmailsAllowed", false);
  if (realm->contains("id")) {
    facts_.realm_id = (*realm)["id"];
  } else {
    facts_.realm_id_visible = false;  // no view-realm: Keycloak returns only the name
  }
  return Done{};
}

// Locate the server, sign in, settle the version, read the realm; `progress` records how far it got and
// what was learned, for reports that show each step.
Expected<AdminClient, ApiError> AdminClient::connect(const ClientSettings& settings, ConnectProgress* progress) {
  AdminClient client(settings);
  ConnectProgress ignored;
  ConnectProgress& trace = progress != nullptr ? *progress : ignored;
  const auto fail_at = [&](ConnectStep step, ApiError error) {
    trace.reached = step;
    trace.facts = client.facts_;
    return unexpected(std::move(error));
  };
  if (auto located = client.locate(); !located) return fail_at(ConnectStep::locate, located.error());
  if (auto signed_in = client.sign_in(); !signed_in) return fail_at(ConnectStep::sign_in, signed_in.error());
  client.learn_version();
  if (auto realm = client.read_realm(); !realm) return fail_at(ConnectStep::realm, realm.error());
  trace.reached = ConnectStep::done;
  trace.facts = client.facts_;
  return client;
}

Expected<HttpResponse, ApiError> AdminClient::call(const std::string& method, const std::string& admin_path,
                                                   const std::string& what, const std::optional<json>& body) {
  return call_at(method, "/admin/realms/" + url_escape(settings_.realm) + admin_path, what, body);
}

Expected<HttpResponse, ApiError> AdminClient::call_at(const std::string& method, const std::string& path, const std::string& what,
                                                      const std::optional<json>& body) {
  if (auto token = ensure_token(); !token) return unexpected(token.error());
  const std::string payload = body ? body->dump() : "";
  const std::string type = body ? "application/json" : "";
  auto response = send(method, path, what, payload, type, idempotent(method));
  if (response && response->status == 401) {
    // The token may have been revoked or expired early: sign in once more and repeat.
    if (auto again = sign_in(); !again) return unexpected(again.error());
    response = send(method, path, what, payload, type, idempotent(method));
  }
  if (!response) return unexpected(response.error());
  if (response->status >= 400) return unexpected(failure(what, method, strip_query(path), *response));
  return response;
}

Expected<json, ApiError> AdminClient::parse_json(Expected<HttpResponse, ApiError> response, const std::string& path, const std::string& what) {
  if (!response) return unexpected(response.error());
  json parsed = json::parse(response->body, nullptr, false);
  if (parsed.is_discarded()) {
    return unexpected(ApiError{what, "GET", path, response->status, "", "Keycloak's answer is not JSON", "check that url points at Keycloak"});
  }
  return parsed;
}

Expected<json, ApiError> AdminClient::get_json(const std::string& admin_path, const std::string& what) {
  return parse_json(call("GET", admin_path, what), admin_path, what);
}

Expected<json, ApiError> AdminClient::get_json_in(const std::string& realm, const std::string& admin_path, const std::string& what) {
  return parse_json(call_at("GET", "/admin/realms/" + url_escape(realm) + admin_path, what, std::nullopt), admin_path, what);
}

std::string AdminClient::identity_username() const {
  if (settings_.client_id.empty()) return settings_.username;
  std::string name = "service-account-" + settings_.client_id;
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));  // Keycloak stores usernames lower-case
  return name;
}

Expected<Done, ApiError> AdminClient::password_login(const std::string& realm, const std::string& username,
                                                     const std::string& password) {
  const std::string path = "/realms/" + url_escape(realm) + "/protocol/openid-connect/token";
  const std::string what = "sign in to realm " + realm + " as " + username + " (admin-cli, password grant)";
  HttpRequest request{"POST", facts_.base_url + path, {{"Content-Type", "application/x-www-form-urlencoded"}},
                      form_encode({{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", username}, {"password", password}}),
                      settings_.timeout_ms, settings_.ca_file, settings_.tls_verify};
  ++requests_made_;
  auto response = perform(request);
  if (!response) return unexpected(ApiError{what, "POST", path, 0, "", "could not reach Keycloak: " + response.error().message, ""});
  if (response->status == 200) return Done{};
  ApiError error{what, "POST", path, response->status, server_message_of(response->body), "", ""};
  const json body = json::parse(response->body, nullptr, false);
  const std::string code = body.is_object() ? body.value("error", "") : "";
  const std::string description = body.is_object() ? body.value("error_description", "") : "";
  if (description.find("disabled") != std::string::npos) {
    error.cause = "the account is disabled";
    error.remedy = "enable the user (in the directory for a federated user), or pick another [checks] test_user";
  } else if (code == "invalid_grant") {
    error.cause = "Keycloak rejected the username or password";
    error.remedy = "check [checks] test_user and test_password; the user must exist in the directory below users_dn and match the filter";
  } else if (code == "unauthorized_client" || code == "invalid_client") {
    error.cause = "admin-cli in realm " + realm + " does not allow password sign-in";
    error.remedy = "turn on Direct access grants for admin-cli in that realm, or drop [checks] test_user";
  } else {
    error.cause = "Keycloak refused the sign-in";
  }
  return unexpected(error);
}

}  // namespace kcldap::keycloak
