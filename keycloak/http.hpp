// HTTP transport for the Keycloak Admin API: one RAII libcurl handle per request, TLS verified by
// default, bounded by a timeout and by a limit on the size of the answer's body. Knows nothing of Keycloak; admin_client.hpp builds on it.
#pragma once
#include <cstddef>
#include <map>
#include <string>

#include "common/expected.hpp"

namespace kcldap::keycloak {

// The default of [keycloak] timeout_ms (kcldap.toml's model takes it from here).
inline constexpr int kDefaultTimeoutMs = 30000;
// The largest response body kcldap reads (64 MiB): a peer that sends more is cut off with an error
// instead of growing kcldap's memory. ([keycloak] max_response_bytes sets it.)
inline constexpr std::size_t kDefaultMaxResponseBytes = std::size_t{64} << 20U;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::map<std::string, std::string> headers;
  std::string body;
  int timeout_ms = kDefaultTimeoutMs;
  std::string ca_file;  // empty: the system store
  bool tls_verify = true;
  std::size_t max_response_bytes = kDefaultMaxResponseBytes;
};

struct HttpResponse {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string header(const std::string& lowercase_name) const;
};

// A transport failure: no (complete) HTTP answer: refused, reset, timeout, TLS, or a body over the limit.
struct TransportError {
  int curl_code = 0;
  std::string message;
  bool too_large = false;  // the body exceeded max_response_bytes (curl_code is then CURLE_WRITE_ERROR)
  std::size_t limit = 0;
  int os_errno = 0;  // the system's reason when connecting failed (ECONNREFUSED, ETIMEDOUT...)
};

Expected<HttpResponse, TransportError> perform(const HttpRequest& request);

// application/x-www-form-urlencoded body from fields.
std::string form_encode(const std::map<std::string, std::string>& fields);
std::string url_escape(const std::string& text);

}  // namespace kcldap::keycloak
