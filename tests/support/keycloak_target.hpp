// Test support: the Keycloak a CLI test works against. By default a kc-emulator of the test's own; when
// KCLDAP_TEST_KEYCLOAK_ENV names a real Keycloak fixture's env file (fixtures/keycloak/start.sh), fresh
// realms of that shared server, created for the test and deleted after it. Tests read and seed Keycloak
// only through the public Admin API here, so one test runs against both; writes are counted with
// Keycloak's own admin events on real Keycloak (the emulator's request log stands in for them).
#pragma once
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/emulator_process.hpp"
#include "support/fixture_env.hpp"

namespace kcldap::test {

struct LocalUser {
  std::string realm;  // logical name, e.g. "demo"
  std::string username;
  std::string password;
  std::string email;
};

// A confidential client with a service account holding realm-management roles.
struct ServiceClient {
  std::string realm;
  std::string client_id;
  std::string secret;
  std::vector<std::string> roles;
};

struct TargetSpec {
  std::string version = "26.4";                      // the emulator's profile; real Keycloak is what it is
  std::vector<std::string> realms = {"demo", "other"};  // logical names
  std::vector<LocalUser> users;
  std::vector<ServiceClient> clients;
  std::string truststore;                   // the CA the emulator trusts (real Keycloak got its own at start)
  std::vector<std::string> emulator_flags;  // emulator-only behaviour: tests passing these are tagged [emulator]
};

// A password grant's outcome as a user sees it: "signed in", "refused" (OAuth's invalid_grant: Keycloak 26.4
// answers it with 401, 26.7 with 400, as RFC 6749 says), or the status and body of anything else.
inline std::string grant_outcome(const httplib::Result& response) {
  if (!response) return "no answer";
  if (response->status == 200) return "signed in";
  const auto body = nlohmann::json::parse(response->body, nullptr, false);
  if ((response->status == 400 || response->status == 401) && body.is_object() && body.value("error", "") == "invalid_grant") return "refused";
  return std::to_string(response->status) + " " + response->body;
}

inline bool real_keycloak() {
  const char* env = std::getenv("KCLDAP_TEST_KEYCLOAK_ENV");
  return env != nullptr && *env != '\0';
}

inline const std::map<std::string, std::string>& real_keycloak_env() {
  static const auto values = read_env_file(required_env("KCLDAP_TEST_KEYCLOAK_ENV"));
  return values;
}

// The versions a version-generic test runs for: the emulator's profiles, or the one real Keycloak.
inline std::vector<std::string> versions_under_test(std::vector<std::string> emulator_profiles) {
  if (real_keycloak()) return {real_keycloak_env().at("KCLDAP_KEYCLOAK_VERSION")};
  return emulator_profiles;
}

class KeycloakTarget {
 public:
  explicit KeycloakTarget(const TargetSpec& spec) {
    static int counter = 0;
    ++counter;
    if (!real_keycloak()) {
      start_emulator(spec);
    } else {
      const auto& env = real_keycloak_env();
      url_ = env.at("KCLDAP_KEYCLOAK_URL");
      admin_user_ = env.at("KCLDAP_KEYCLOAK_ADMIN_USER");
      admin_password_ = env.at("KCLDAP_KEYCLOAK_ADMIN_PASSWORD");
      split_url();
      for (const auto& logical : spec.realms) {
        const std::string name = logical + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter);
        realms_[logical] = name;
        const nlohmann::json body = {{"realm", name}, {"enabled", true}, {"adminEventsEnabled", true}, {"adminEventsDetailsEnabled", true}};
        expect(post_json("/admin/realms", admin_token(), body), 201, "create realm " + name);
      }
      for (const auto& user : spec.users) add_local_user(user);
      for (const auto& client : spec.clients) add_service_client(client);
      for (const auto& logical : spec.realms) clear_writes(logical);
    }
  }
  KeycloakTarget(const KeycloakTarget&) = delete;
  KeycloakTarget& operator=(const KeycloakTarget&) = delete;
  ~KeycloakTarget() {
    if (emulator_) return;
    try {
      const std::string token = admin_token();
      for (const auto& [logical, name] : realms_) del("/admin/realms/" + name, token);
    } catch (...) {
      // A realm left behind dies with the fixture's Keycloak at the end of the run.
    }
  }

  bool real() const { return emulator_ == nullptr; }
  EmulatorProcess& emulator() const {
    if (!emulator_) throw std::logic_error("this test needs the emulator (tag it [emulator])");
    return *emulator_;
  }
  const std::string& url() const { return url_; }  // with the context path
  const std::string& context() const { return context_; }
  const std::string& admin_user() const { return admin_user_; }
  const std::string& admin_password() const { return admin_password_; }
  std::string realm(const std::string& logical = "demo") const {
    auto found = realms_.find(logical);
    return found == realms_.end() ? logical : found->second;
  }
  std::string admin_path(const std::string& logical = "demo") const { return "/admin/realms/" + realm(logical); }

  httplib::Client client() const {
    httplib::Client c(host_url_);
    c.set_read_timeout(120, 0);
    return c;
  }

  std::string token_of(const std::string& realm_name, const httplib::Params& form) const {
    auto response = client().Post(context_ + "/realms/" + realm_name + "/protocol/openid-connect/token", form);
    if (!response || response->status != 200) {
      throw std::runtime_error("token request in realm " + realm_name + " failed: " + (response ? response->body : "no answer"));
    }
    return nlohmann::json::parse(response->body)["access_token"];
  }
  std::string admin_token() const {
    return token_of("master", {{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", admin_user_}, {"password", admin_password_}});
  }
  std::string user_token(const std::string& logical, const std::string& user, const std::string& password) const {
    return token_of(realm(logical), {{"grant_type", "password"}, {"client_id", "admin-cli"}, {"username", user}, {"password", password}});
  }
  std::string client_token(const std::string& logical, const std::string& id, const std::string& secret) const {
    return token_of(realm(logical), {{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}});
  }

  httplib::Result get(const std::string& path, const std::string& token) const {
    return client().Get(context_ + path, {{"Authorization", "Bearer " + token}});
  }
  httplib::Result post_json(const std::string& path, const std::string& token, const nlohmann::json& body) const {
    return client().Post(context_ + path, {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  }
  httplib::Result put_json(const std::string& path, const std::string& token, const nlohmann::json& body) const {
    return client().Put(context_ + path, {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  }
  httplib::Result del(const std::string& path, const std::string& token) const {
    return client().Delete(context_ + path, {{"Authorization", "Bearer " + token}});
  }

  // GET of an admin path of realm `logical` (e.g. "/components?type=..."), parsed; throws on failure.
  nlohmann::json admin_get(const std::string& path, const std::string& logical = "demo") const {
    auto response = get(admin_path(logical) + path, admin_token());
    expect(response, 200, "GET " + admin_path(logical) + path);
    return nlohmann::json::parse(response->body);
  }

  std::vector<nlohmann::json> providers(const std::string& logical = "demo") const {
    std::vector<nlohmann::json> out;
    for (const auto& component : admin_get("/components?type=org.keycloak.storage.UserStorageProvider", logical)) {
      if (component["providerId"] == "ldap") out.push_back(component);
    }
    return out;
  }
  std::map<std::string, nlohmann::json> mappers_of(const std::string& provider_id, const std::string& logical = "demo") const {
    std::map<std::string, nlohmann::json> out;
    for (const auto& component : admin_get("/components?parent=" + provider_id, logical)) out[component["name"]] = component;
    return out;
  }
  // The realm's users as the admin API lists them (brief=false), found by exact username.
  nlohmann::json find_user(const std::string& username, const std::string& logical = "demo") const {
    for (const auto& user : admin_get("/users?exact=true&briefRepresentation=false&username=" + username, logical)) {
      if (user["username"] == username) return user;
    }
    return nullptr;
  }
  nlohmann::json find_client(const std::string& client_id, const std::string& logical = "demo") const {
    for (const auto& c : admin_get("/clients?clientId=" + client_id, logical)) {
      if (c["clientId"] == client_id) return c;
    }
    return nullptr;
  }
  // The realm-management roles held directly by a client's service account, sorted.
  std::vector<std::string> service_account_roles(const std::string& client_id, const std::string& logical = "demo") const {
    const nlohmann::json c = find_client(client_id, logical);
    if (c.is_null()) return {};
    const nlohmann::json user = admin_get("/clients/" + c["id"].get<std::string>() + "/service-account-user", logical);
    const nlohmann::json management = find_client("realm-management", logical);
    std::vector<std::string> roles;
    for (const auto& role : admin_get("/users/" + user["id"].get<std::string>() + "/role-mappings/clients/" +
                                          management["id"].get<std::string>(), logical)) {
      roles.push_back(role["name"]);
    }
    std::sort(roles.begin(), roles.end());
    return roles;
  }

  // Keycloak's own LDAP test ("testConnection" / "testAuthentication") of a stored provider, with the
  // stored bind password (componentId): 204 passed, 400 failed.
  int ldap_test(const nlohmann::json& provider, const std::string& action, const std::string& logical = "demo") const {
    const auto& config = provider["config"];
    const auto first = [&](const char* key) { return config.contains(key) ? config[key][0].get<std::string>() : std::string(); };
    const nlohmann::json body = {{"action", action}, {"connectionUrl", first("connectionUrl")}, {"bindDn", first("bindDn")},
                                 {"bindCredential", "**********"}, {"useTruststoreSpi", first("useTruststoreSpi")},
                                 {"startTls", first("startTls")}, {"authType", "simple"}, {"componentId", provider["id"]}};
    auto response = post_json(admin_path(logical) + "/testLDAPConnection", admin_token(), body);
    return response ? response->status : 0;
  }

  // What was written in realm `logical` since the last clear_writes, oldest first, as "OPERATION path"
  // with the path relative to the realm (e.g. "CREATE components/1f2e..."): Keycloak's admin events, or
  // the emulator's request log (non-GET admin requests, method for operation).
  std::vector<std::string> writes(const std::string& logical = "demo") const {
    std::vector<std::string> out;
    if (emulator_) {
      const std::string prefix = emulator_->context() + admin_path(logical) + "/";
      for (const auto& entry : emulator_->log()) {
        const std::string method = entry["method"];
        const std::string path = entry["path"];
        if (method != "GET" && path.rfind(prefix, 0) == 0) out.push_back(method + " " + path.substr(prefix.size()));
      }
      return out;
    }
    const nlohmann::json events = admin_get("/admin-events?max=100000", logical);
    for (const auto& event : events) {
      out.push_back(event.value("operationType", "?") + " " + event.value("resourcePath", "?"));
    }
    std::reverse(out.begin(), out.end());  // Keycloak lists the newest first
    return out;
  }
  std::vector<std::string> component_writes(const std::string& logical = "demo") const {
    std::vector<std::string> out;
    for (const auto& write : writes(logical)) {
      if (write.find(" components") != std::string::npos) out.push_back(write);
    }
    return out;
  }
  void clear_writes(const std::string& logical = "demo") const {
    if (emulator_) {
      emulator_->client().Delete("/__emulator/log");
      return;
    }
    expect(del(admin_path(logical) + "/admin-events", admin_token()), 204, "clear the admin events of " + realm(logical));
  }

  // Seeds a local (not federated) user through the Admin API.
  void add_local_user(const LocalUser& user) const {
    nlohmann::json body = {{"username", user.username}, {"enabled", true},
                           {"credentials", {{{"type", "password"}, {"value", user.password}, {"temporary", false}}}}};
    if (!user.email.empty()) body["email"] = user.email;
    expect(post_json(admin_path(user.realm) + "/users", admin_token(), body), 201, "create local user " + user.username);
  }

  // Seeds a confidential client whose service account holds the given realm-management roles.
  void add_service_client(const ServiceClient& spec) const {
    const std::string token = admin_token();
    const nlohmann::json body = {{"clientId", spec.client_id}, {"secret", spec.secret}, {"publicClient", false},
                                 {"serviceAccountsEnabled", true}, {"standardFlowEnabled", false},
                                 {"directAccessGrantsEnabled", false}};
    expect(post_json(admin_path(spec.realm) + "/clients", token, body), 201, "create client " + spec.client_id);
    grant_roles(spec.client_id, spec.roles, spec.realm);
  }
  void grant_roles(const std::string& client_id, const std::vector<std::string>& roles, const std::string& logical = "demo") const {
    const std::string token = admin_token();
    const nlohmann::json c = find_client(client_id, logical);
    const nlohmann::json user = admin_get("/clients/" + c["id"].get<std::string>() + "/service-account-user", logical);
    const std::string management = find_client("realm-management", logical)["id"];
    nlohmann::json grants = nlohmann::json::array();
    for (const auto& role : roles) grants.push_back(admin_get("/clients/" + management + "/roles/" + role, logical));
    expect(post_json(admin_path(logical) + "/users/" + user["id"].get<std::string>() + "/role-mappings/clients/" + management, token, grants),
           204, "grant roles to " + client_id);
  }
  // Takes realm-management roles away from a client's service account (as an admin would by hand).
  void revoke_roles(const std::string& client_id, const std::vector<std::string>& roles, const std::string& logical = "demo") const {
    const nlohmann::json c = find_client(client_id, logical);
    const nlohmann::json user = admin_get("/clients/" + c["id"].get<std::string>() + "/service-account-user", logical);
    const std::string management = find_client("realm-management", logical)["id"];
    nlohmann::json taken = nlohmann::json::array();
    for (const auto& role : roles) taken.push_back(admin_get("/clients/" + management + "/roles/" + role, logical));
    auto response = client().Delete(context_ + admin_path(logical) + "/users/" + user["id"].get<std::string>() + "/role-mappings/clients/" + management,
                                    {{"Authorization", "Bearer " + admin_token()}}, taken.dump(), "application/json");
    expect(response, 204, "take roles from " + client_id);
  }

 private:
  static void expect(const httplib::Result& response, int status, const std::string& what) {
    if (!response) throw std::runtime_error(what + ": no answer from Keycloak");
    if (response->status != status) {
      throw std::runtime_error(what + ": HTTP " + std::to_string(response->status) + " " + response->body);
    }
  }

  void start_emulator(const TargetSpec& spec) {
    std::vector<std::string> args = {"--port", "0", "--version", spec.version};
    for (const auto& logical : spec.realms) args.insert(args.end(), {"--realm", logical});
    if (!spec.truststore.empty()) args.insert(args.end(), {"--truststore", spec.truststore});
    for (const auto& user : spec.users) {
      args.insert(args.end(), {"--user", user.realm + ":" + user.username + ":" + user.password + (user.email.empty() ? "" : ":" + user.email)});
    }
    for (const auto& c : spec.clients) {
      std::string roles;
      for (const auto& role : c.roles) roles += (roles.empty() ? "" : ",") + role;
      args.insert(args.end(), {"--client", c.realm + ":" + c.client_id + ":" + c.secret + ":" + roles});
    }
    args.insert(args.end(), spec.emulator_flags.begin(), spec.emulator_flags.end());
    emulator_ = std::make_unique<EmulatorProcess>(args);
    url_ = emulator_->url();
    admin_user_ = "admin";
    admin_password_ = "admin";
    split_url();
  }
  void split_url() {
    const auto slash = url_.find('/', url_.find("://") + 3);
    host_url_ = slash == std::string::npos ? url_ : url_.substr(0, slash);
    context_ = slash == std::string::npos ? "" : url_.substr(slash);
  }

  std::unique_ptr<EmulatorProcess> emulator_;
  std::string url_, host_url_, context_, admin_user_, admin_password_;
  std::map<std::string, std::string> realms_;  // logical -> real name (real Keycloak only)
};

}  // namespace kcldap::test
