#include "keycloak/admin_client.hpp"

#include "common/text.hpp"
#include "keycloak/connection_words.hpp"
#include "keycloak/retry.hpp"
#include "keycloak/roles.hpp"

#include <cctype>
#include <thread>
#include <utility>

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

std::string server_message_of(const std::string& body) {
  const json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_object()) return clip(body);
  for (const char* key : {"errorMessage", "error_description", "error"}) {
    if (parsed.contains(key) && parsed[key].is_string()) return clip(parsed[key].get<std::string>());
  }
  return "";
}

std::string strip_query(const std::string& path) { return path.substr(0, path.find('?')); }

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
      if (transient_status(response.status)) {
        error.cause = "Keycloak " + attempts_text(response.status, last_attempts_, last_elapsed_ms_) +
                      ": it (or a proxy before it) is overloaded or restarting";
        error.remedy = "retry later; if it persists, look at the Keycloak server log";
      } else {
        error.cause = response.status >= 500 ? "Keycloak failed internally (" + std::to_string(response.status) + ")"
                                             : "Keycloak answered " + std::to_string(response.status);
        error.remedy = response.status >= 500 ? "look at the Keycloak server log; retry when it is healthy" : "";
      }
  }
  return error;
}

Expected<HttpResponse, TransportError> AdminClient::exchange(HttpRequest request, const std::string& path) {
  request.timeout_ms = settings_.timeout_ms;
  request.ca_file = settings_.ca_file;
  request.tls_verify = settings_.tls_verify;
  request.max_response_bytes = settings_.max_response_bytes;
  const auto started = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    ++requests_made_;
    auto response = perform(request);
    const long status = response ? response->status : 0;
    const int code = response ? 0 : response.error().curl_code;
    if (should_retry(request.method, path, status, code, attempt, std::max(1, settings_.max_attempts))) {
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms(settings_.backoff_ms, attempt)));
      continue;
    }
    last_attempts_ = attempt;
    last_elapsed_ms_ = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    return response;
  }
}

ApiError AdminClient::transport_failure(const std::string& what, const std::string& method, const std::string& path,
                                        const std::string& url, const TransportError& transport) const {
  const TransportWords words = explain_transport(transport, url, settings_.timeout_ms);
  const std::string tries = last_attempts_ > 1 ? " (" + attempts_text(0, last_attempts_, last_elapsed_ms_) + ")" : "";
  return ApiError{what, method, strip_query(path), 0, "", words.cause + tries, words.remedy};
}

Expected<HttpResponse, ApiError> AdminClient::send(const std::string& method, const std::string& url_path,
                                                   const std::string& what, const std::string& body,
                                                   const std::string& content_type) {
  HttpRequest request;
  request.method = method;
  request.url = facts_.base_url + url_path;
  request.body = body;
  if (!access_token_.empty()) request.headers["Authorization"] = "Bearer " + access_token_;
  if (!content_type.empty()) request.headers["Content-Type"] = content_type;
  request.headers["Accept"] = "application/json";
  auto response = exchange(request, url_path);
  if (!response) return unexpected(transport_failure(what, method, url_path, request.url, response.error()));
  return *response;
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
                       "application/x-www-form-urlencoded");
  if (!response) return unexpected(response.error());
  if (response->status >= 500) return unexpected(failure("sign in to realm " + settings_.auth_realm, "POST", path, *response));
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

Expected<HttpResponse, ApiError> AdminClient::call(const std::string& method, const std::string& admin_path,
                                                   const std::string& what, const std::optional<json>& body) {
  return call_at(method, "/admin/realms/" + url_escape(settings_.realm) + admin_path, what, body);
}

Expected<HttpResponse, ApiError> AdminClient::call_at(const std::string& method, const std::string& path, const std::string& what,
                                                      const std::optional<json>& body) {
  if (auto token = ensure_token(); !token) return unexpected(token.error());
  const std::string payload = body ? body->dump() : "";
  const std::string type = body ? "application/json" : "";
  auto response = send(method, path, what, payload, type);
  if (response && response->status == 401) {
    // The token may have been revoked or expired early: sign in once more and repeat.
    if (auto again = sign_in(); !again) return unexpected(again.error());
    response = send(method, path, what, payload, type);
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
  HttpRequest request;
  request.method = "POST";
  request.url = facts_.base_url + path;
  request.headers["Content-Type"] = "application/x-www-form-urlencoded";
  request.body = form_encode({{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", username}, {"password", password}});
  auto response = exchange(request, path);
  if (!response) return unexpected(transport_failure(what, "POST", path, request.url, response.error()));
  if (response->status == 200) return Done{};
  if (response->status >= 500) return unexpected(failure(what, "POST", path, *response));
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
