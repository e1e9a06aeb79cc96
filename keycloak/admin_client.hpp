// The Keycloak Admin REST API client: finds the base path (root or legacy /auth), signs in (service
// account or admin-cli password grant), reads the server version (or infers it when serverinfo hides it),
// refreshes the token when it expires, retries requests safe to repeat (retry.hpp) on 502/503/504 and
// connection resets, and explains failures in words, naming the realm-management role a 403 lacks.
// Credentials go only to a server that answered with Keycloak's discovery document (admin_connect.cpp).
#pragma once
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "keycloak/http.hpp"
#include "keycloak/version.hpp"

namespace kcldap::keycloak {

struct ClientSettings {
  std::string url;  // as configured; /auth is detected
  std::string realm;
  std::string auth_realm = "master";
  std::string client_id;      // service account, or
  std::string client_secret;  // (revealed secret; never logged)
  std::string username;       // admin-cli password grant
  std::string password;
  std::string ca_file;
  bool tls_verify = true;
  std::string configured_version = "auto";
  int timeout_ms = kDefaultTimeoutMs;
  int max_attempts = 4;       // for requests safe to repeat (retry.hpp)
  int backoff_ms = 200;       // doubled per attempt
  std::size_t max_response_bytes = kDefaultMaxResponseBytes;
};

struct ApiError {
  std::string what;     // what was attempted, e.g. "list the components of realm demo"
  std::string method;
  std::string path;     // relative to the base URL, no query secrets
  long status = 0;      // 0: no HTTP answer
  std::string server_message;
  std::string cause;    // in words
  std::string remedy;
  std::string to_string() const;
};

struct ServerFacts {
  std::string base_url;
  bool legacy_auth_path = false;
  std::string base_path_finding;
  Version version;
  std::string version_source;  // "serverinfo", "config" or "feature probing"
  std::string version_finding;
  std::string realm_id;
  bool realm_id_visible = true;  // false without view-realm
  bool duplicate_emails_allowed = false;  // the realm's login setting (Keycloak's default: false)
  std::string identity;          // "service account of client kcldap" / "user admin (admin-cli)"
};

// How far connect() got: for preflight reports that show each step (reach, sign in, version, realm).
enum class ConnectStep { locate, sign_in, version, realm, done };
struct ConnectProgress {
  ConnectStep reached = ConnectStep::locate;  // the step that failed, or done
  ServerFacts facts;                          // what was learned up to there
};

// Lower bound of the version from the LDAP provider's properties in serverinfo (for when the version
// itself is hidden): e.g. relativeCreateDn means 26.2 or newer.
Version infer_version(const std::set<std::string>& ldap_properties, bool system_info_hidden);

// The realm-management role a request needs (reference §1.3), for explaining a 403.
std::string required_role(const std::string& method, const std::string& admin_path);

class AdminClient {
 public:
  static Expected<AdminClient, ApiError> connect(const ClientSettings& settings, ConnectProgress* progress = nullptr);

  const ServerFacts& facts() const { return facts_; }

  // `admin_path` is relative to {base}/admin/realms/{realm}, e.g. "/components?type=...".
  Expected<HttpResponse, ApiError> call(const std::string& method, const std::string& admin_path, const std::string& what,
                                        const std::optional<nlohmann::json>& body = std::nullopt);
  Expected<nlohmann::json, ApiError> get_json(const std::string& admin_path, const std::string& what);
  // As get_json, for an admin path of another realm (e.g. the realm the identity signed in to).
  Expected<nlohmann::json, ApiError> get_json_in(const std::string& realm, const std::string& admin_path, const std::string& what);

  // The username Keycloak gives the signed-in identity: the configured user, or
  // "service-account-<client id>" for a service account.
  std::string identity_username() const;

  int requests_made() const { return requests_made_; }

  // Claims of the current access token (nullopt when it is not a readable JWT), for role diagnosis.
  const std::optional<nlohmann::json>& token_claims() const { return token_claims_; }
  const std::string& token_realm() const { return settings_.auth_realm; }
  const std::string& realm() const { return settings_.realm; }

  // Per-request timeout from now on (post-checks shrink it to their remaining time budget).
  void set_timeout_ms(int timeout_ms) { settings_.timeout_ms = timeout_ms; }
  int timeout_ms() const { return settings_.timeout_ms; }

  // A password sign-in of a realm user through that realm's admin-cli client (the post-check test
  // login). Not an admin call: it proves the user can log in.
  Expected<Done, ApiError> password_login(const std::string& realm, const std::string& username, const std::string& password);

 private:
  explicit AdminClient(ClientSettings settings) : settings_(std::move(settings)) {}
  // The steps of connect() (admin_connect.cpp).
  Expected<Done, ApiError> sign_in();
  Expected<Done, ApiError> read_realm();
  Expected<HttpResponse, ApiError> call_at(const std::string& method, const std::string& path, const std::string& what,
                                           const std::optional<nlohmann::json>& body);
  Expected<nlohmann::json, ApiError> parse_json(Expected<HttpResponse, ApiError> response, const std::string& path, const std::string& what);
  Expected<Done, ApiError> ensure_token();
  // One request under the retry rule (retry.hpp), with the client's timeout, TLS settings and size limit.
  Expected<HttpResponse, TransportError> exchange(HttpRequest request, const std::string& path);
  Expected<HttpResponse, ApiError> send(const std::string& method, const std::string& url_path, const std::string& what,
                                        const std::string& body, const std::string& content_type);
  Expected<Done, ApiError> locate(const std::string& url);
  void read_version();
  ApiError failure(const std::string& what, const std::string& method, const std::string& path, const HttpResponse& response) const;
  ApiError transport_failure(const std::string& what, const std::string& method, const std::string& path, const std::string& url,
                             const TransportError& transport) const;

  ClientSettings settings_;
  ServerFacts facts_;
  std::string access_token_;
  std::string refresh_token_;
  std::optional<nlohmann::json> token_claims_;
  std::chrono::steady_clock::time_point token_expires_{};
  int requests_made_ = 0;
  int last_attempts_ = 1;           // of the last exchange, for failures in words
  long long last_elapsed_ms_ = 0;
};

}  // namespace kcldap::keycloak
