#include "keycloak/retry.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstdio>

namespace kcldap::keycloak {

namespace {

bool ends_with_action(const std::string& path, const std::string& action) {
  return path.size() >= action.size() && path.compare(path.size() - action.size(), action.size(), action) == 0;
}

}  // namespace

bool safe_to_repeat(const std::string& method, const std::string& full_path) {
  if (method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE") return true;
  if (method != "POST") return false;
  const std::string path = full_path.substr(0, full_path.find('?'));
  // A token request only issues another token; testLDAPConnection only tests; a sync converges.
  if (ends_with_action(path, "/protocol/openid-connect/token")) return true;
  if (ends_with_action(path, "/testLDAPConnection") || ends_with_action(path, "/ldap-server-capabilities")) return true;
  if (path.find("/user-storage/") != std::string::npos && ends_with_action(path, "/sync")) return true;
  return false;
}

bool transient_status(long status) { return status == 502 || status == 503 || status == 504; }

bool transient_transport(int curl_code) {
  switch (curl_code) {
    case CURLE_COULDNT_CONNECT:  // refused: Keycloak restarting
    case CURLE_RECV_ERROR:       // reset
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:      // closed without an answer
    case CURLE_PARTIAL_FILE:     // closed mid-answer
      return true;
    default:
      return false;  // DNS, TLS, timeouts (a retry would only multiply the wait), a body over the limit
  }
}

bool should_retry(const std::string& method, const std::string& path, long status, int curl_code, int attempt, int max_attempts) {
  if (attempt >= max_attempts || !safe_to_repeat(method, path)) return false;
  return status != 0 ? transient_status(status) : transient_transport(curl_code);
}

int backoff_ms(int base_ms, int attempt) {
  long long wait = std::max(0, base_ms);
  for (int i = 1; i < attempt && wait < kMaxBackoffMs; ++i) wait *= 2;
  return static_cast<int>(std::min<long long>(wait, kMaxBackoffMs));
}

std::string attempts_text(long status, int attempts, long long elapsed_ms) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f", static_cast<double>(elapsed_ms) / 1000.0);
  const std::string what = status != 0 ? "answered " + std::to_string(status) : "failed";
  if (attempts <= 1) return what;
  return what + " " + std::to_string(attempts) + " times over " + seconds + " s";
}

}  // namespace kcldap::keycloak
