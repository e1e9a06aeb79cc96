// The one retry rule of every Keycloak request: which requests are safe to repeat (reads, PUT/DELETE, and
// Keycloak's idempotent actions: token requests, testLDAPConnection, the sync triggers), which answers
// are worth a retry (502/503/504, connection refused/reset/closed), and how long to wait before each.
#pragma once
#include <string>

namespace kcldap::keycloak {

// True when repeating the request cannot do anything twice that once would not have done.
bool safe_to_repeat(const std::string& method, const std::string& path);

// True for the answers a restarting or overloaded Keycloak (or its proxy) gives: 502, 503, 504.
bool transient_status(long status);

// True for libcurl failures where no answer arrived and a new connection may well succeed.
bool transient_transport(int curl_code);

// The decision: retry attempt `attempt` (1-based) of `max_attempts`? status 0 means a transport error.
bool should_retry(const std::string& method, const std::string& path, long status, int curl_code, int attempt, int max_attempts);

// The wait before attempt `attempt + 1`: base doubled per attempt, at most kMaxBackoffMs.
inline constexpr int kMaxBackoffMs = 5000;
int backoff_ms(int base_ms, int attempt);

// "answered 503 3 times over 1.4 s": how a request that kept failing failed.
std::string attempts_text(long status, int attempts, long long elapsed_ms);

}  // namespace kcldap::keycloak
