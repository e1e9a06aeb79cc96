// HTTP transport for the Keycloak Admin API: one RAII libcurl handle per request, TLS verified by
// default, bounded by a timeout. Knows nothing of Keycloak; admin_client.hpp builds on it.
#pragma once
#include <map>
#include <string>

#include "common/expected.hpp"

namespace kcldap::keycloak {

// The default of [keycloak] timeout_ms (kcldap.toml's model takes it from here).
inline constexpr int kDefaultTimeoutMs = 30000;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
  int timeout_ms = kDefaultTimeoutMs;
  std::string ca_file;  // empty: the system store
  bool tls_verify = true;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string header(const std::string& lowercase_name) const;
};

// A transport failure: no HTTP answer at all (refused, reset, timeout, TLS).
struct TransportError {
  int curl_code = 0;
  std::string message;
  bool connection_reset_or_refused() const;  // worth a retry for idempotent requests
  bool timed_out() const;
};

Expected<HttpResponse, TransportError> perform(const HttpRequest& request);

// application/x-www-form-urlencoded body from fields.
std::string form_encode(const std::map<std::string, std::string>& fields);
std::string url_escape(const std::string& text);

}  // namespace kcldap::keycloak
