// Keycloak emulator (test-only): the token endpoint (client credentials, password and refresh grants,
// with Keycloak's error answers), the OpenID discovery document, bearer-token checks and the
// realm-management roles each endpoint needs.
#include <cctype>
#include <chrono>
#include <set>
#include <vector>
#include <random>

#include "common/base64.hpp"
#include "emulator/emulator.hpp"
#include "emulator/ldap_bridge.hpp"
#include "emulator/util.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

json token_reply(const std::string& access, const std::string& refresh, int lifespan) {
  json body = {{"access_token", access}, {"expires_in", lifespan}, {"refresh_expires_in", refresh.empty() ? 0 : 1800},
               {"token_type", "Bearer"}, {"not-before-policy", 0}, {"scope", "profile email"}};
  if (!refresh.empty()) body["refresh_token"] = refresh;
  return body;
}

std::string url_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
  }
  return out;
}

}  // namespace

Reply Emulator::token(const std::string& realm_name, const Params& form, const std::string& basic_auth) {
  Realm* realm = state_.realm(realm_name);
  if (realm == nullptr) return Reply::error(404, "Realm does not exist");
  std::string client_id = param(form, "client_id");
  std::string client_secret = param(form, "client_secret");
  if (basic_auth.rfind("Basic ", 0) == 0) {
    const std::string pair = decode_base64(basic_auth.substr(6)).value_or("");
    const auto colon = pair.find(':');
    if (colon != std::string::npos) {
      client_id = url_decode(pair.substr(0, colon));
      client_secret = url_decode(pair.substr(colon + 1));
    }
  }
  const std::string grant = param(form, "grant_type");
  Client* client = nullptr;
  for (auto& candidate : realm->clients) {
    if (candidate.client_id == client_id) client = &candidate;
  }
  if (client == nullptr) {
    return Reply::json(401, {{"error", "invalid_client"}, {"error_description", "Invalid client or Invalid client credentials"}});
  }
  if (!client->secret.empty() && client->secret != client_secret) {
    return Reply::json(401, {{"error", "unauthorized_client"}, {"error_description", "Invalid client or Invalid client credentials"}});
  }
  Token token;
  token.realm = realm_name;
  token.client_id = client_id;
  token.expires = std::chrono::steady_clock::now() + std::chrono::seconds(state_.token_lifespan_s);
  bool with_refresh = false;
  if (grant == "client_credentials") {
    if (client->secret.empty()) {
      return Reply::json(401, {{"error", "unauthorized_client"}, {"error_description", "Public client not allowed to retrieve service account"}});
    }
    if (!client->service_accounts) {
      return Reply::json(401, {{"error", "unauthorized_client"}, {"error_description", "Client not enabled to retrieve service account"}});
    }
    token.subject = "service-account-" + client->client_id;
    token.roles = client->service_account_roles;
  } else if (grant == "password") {
    if (!client->direct_access) {
      return Reply::json(400, {{"error", "unauthorized_client"}, {"error_description", "Client not allowed for direct access grants"}});
    }
    std::string username = param(form, "username");
    for (char& c : username) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string password = param(form, "password");
    std::optional<User> user;
    for (const auto& candidate : realm->users) {
      if (candidate.username == username) user = candidate;
    }
    bool ok = false;
    if (user && user->federation_link.empty()) {
      ok = !user->password.empty() && user->password == password;
    } else {
      // A federated user (imported or not): Keycloak binds to the directory as the user's DN.
      user = LdapBridge(*this, *realm).authenticate_user(username, password);
      ok = user.has_value();
    }
    if (!ok || !user) {
      return Reply::json(state_.profile.invalid_grant_is_400() ? 400 : 401,
                         {{"error", "invalid_grant"}, {"error_description", "Invalid user credentials"}});
    }
    if (!user->enabled) return Reply::json(400, {{"error", "invalid_grant"}, {"error_description", "Account disabled"}});
    token.subject = user->username;
    token.roles = user->realm_roles.count("admin") != 0 ? std::set<std::string>{"admin"} : std::set<std::string>{};
    if (auto granted = realm->user_management_roles.find(user->id); granted != realm->user_management_roles.end()) {
      token.roles.insert(granted->second.begin(), granted->second.end());
    }
    with_refresh = true;
  } else if (grant == "refresh_token") {
    auto found = state_.tokens.find("refresh:" + param(form, "refresh_token"));
    if (found == state_.tokens.end() || found->second.realm != realm_name) {
      return Reply::json(400, {{"error", "invalid_grant"}, {"error_description", "Invalid refresh token"}});
    }
    token.subject = found->second.subject;
    token.roles = found->second.roles;
    with_refresh = true;
  } else {
    return Reply::json(400, {{"error", "unsupported_grant_type"}, {"error_description", "Unsupported grant_type"}});
  }
  // A JWT as Keycloak issues it (the signature is random bytes: nothing here verifies it). Clients read
  // realm_access and resource_access, which hold the effective roles with composites expanded.
  const long long now_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  json claims = {{"exp", now_s + state_.token_lifespan_s}, {"iat", now_s}, {"jti", random_uuid()},
                 {"iss", "emulator/realms/" + realm_name}, {"typ", "Bearer"}, {"azp", client_id},
                 {"preferred_username", token.subject}, {"scope", "profile email"}};
  json realm_roles = json::array({"default-roles-" + realm_name, "offline_access", "uma_authorization"});
  json resource_access = json::object();
  if (realm_name == "master" && token.roles.count("admin") != 0) {
    realm_roles.push_back("admin");
    realm_roles.push_back("create-realm");
    for (const auto& administered : state_.realms) {
      const auto roles = expand_composites({"realm-admin"}, state_.profile);
      resource_access[administered.name + "-realm"] = {{"roles", json(std::vector<std::string>(roles.begin(), roles.end()))}};
    }
  } else if (!token.roles.empty()) {
    const auto roles = expand_composites(token.roles, state_.profile);
    resource_access["realm-management"] = {{"roles", json(std::vector<std::string>(roles.begin(), roles.end()))}};
  }
  if (!state_.lightweight_tokens) {
    claims["realm_access"] = {{"roles", realm_roles}};
    claims["resource_access"] = resource_access;
  }
  const std::string access = encode_base64url(R"({"alg":"RS256","typ":"JWT","kid":"emulator"})") + "." + encode_base64url(claims.dump()) + "." +
                             encode_base64url(new_id(false) + new_id(false));
  state_.tokens[access] = token;
  std::string refresh;
  if (with_refresh) {
    refresh = new_id(false);
    Token refresh_token = token;
    refresh_token.expires = std::chrono::steady_clock::now() + std::chrono::minutes(30);
    state_.tokens["refresh:" + refresh] = refresh_token;
  }
  return Reply::json(200, token_reply(access, refresh, state_.token_lifespan_s));
}

Reply Emulator::well_known(const std::string& realm_name, const std::string& base_url) {
  if (state_.realm(realm_name) == nullptr) return Reply::error(404, "Realm does not exist");
  const std::string issuer = base_url + "/realms/" + realm_name;
  return Reply::json(200, {{"issuer", issuer},
                           {"token_endpoint", issuer + "/protocol/openid-connect/token"},
                           {"authorization_endpoint", issuer + "/protocol/openid-connect/auth"},
                           {"grant_types_supported", {"authorization_code", "password", "client_credentials", "refresh_token"}}});
}

std::optional<Caller> Emulator::authenticate(const std::string& authorization, const std::string& realm, Reply& refusal) {
  if (authorization.rfind("Bearer ", 0) != 0) {
    refusal = Reply::error(401, "HTTP 401 Unauthorized");
    return std::nullopt;
  }
  auto found = state_.tokens.find(authorization.substr(7));
  if (found == state_.tokens.end() || found->second.expires < std::chrono::steady_clock::now()) {
    refusal = Reply::error(401, "HTTP 401 Unauthorized");
    return std::nullopt;
  }
  const Token& token = found->second;
  if (!realm.empty() && state_.realm(realm) == nullptr) {
    refusal = Reply::error(404, "Realm not found.");
    return std::nullopt;
  }
  if (!realm.empty() && token.realm != realm && token.realm != "master") {
    refusal = Reply::error(403, "HTTP 403 Forbidden");
    return std::nullopt;
  }
  Caller caller{token.realm, token.subject, token.roles, token.client_id, ""};
  if (!realm.empty() && token.realm != realm && !caller.master_admin()) {
    refusal = Reply::error(403, "HTTP 403 Forbidden");
    return std::nullopt;
  }
  return caller;
}

bool Emulator::has_role(const Caller& caller, const std::string& role) const {
  if (caller.master_admin() || caller.roles.count("realm-admin") != 0 || caller.roles.count(role) != 0) return true;
  // Keycloak's checks accept the stronger role: manage-X passes view-X; view/manage-users pass query-users.
  if (role == "view-realm") return caller.roles.count("manage-realm") != 0;
  if (role == "view-users") return caller.roles.count("manage-users") != 0;
  if (role == "query-users") return caller.roles.count("view-users") != 0 || caller.roles.count("manage-users") != 0;
  if (role == "view-clients") return caller.roles.count("manage-clients") != 0;
  if (role == "query-clients") return caller.roles.count("view-clients") != 0 || caller.roles.count("manage-clients") != 0;
  if (role.rfind("view-", 0) == 0) return caller.roles.count("manage-" + role.substr(5)) != 0;
  return false;
}

std::optional<Reply> Emulator::require(const Caller& caller, const std::string& role) {
  if (has_role(caller, role)) return std::nullopt;
  return Reply::error(403, "HTTP 403 Forbidden");
}

std::optional<Reply> Emulator::require_any(const Caller& caller, std::initializer_list<const char*> roles) {
  for (const char* role : roles) {
    if (has_role(caller, role)) return std::nullopt;
  }
  return Reply::error(403, "HTTP 403 Forbidden");
}

}  // namespace kcldap::emulator
