#include <catch2/catch.hpp>
#include <curl/curl.h>

#include "keycloak/retry.hpp"

using namespace kcldap::keycloak;

TEST_CASE("retry rule: which requests are safe to repeat", "[keycloak][retry]") {
  CHECK(safe_to_repeat("GET", "/realms/master/.well-known/openid-configuration"));
  CHECK(safe_to_repeat("PUT", "/admin/realms/demo/components/x"));
  CHECK(safe_to_repeat("DELETE", "/admin/realms/demo/components/x"));
  CHECK(safe_to_repeat("POST", "/realms/master/protocol/openid-connect/token"));
  CHECK(safe_to_repeat("POST", "/admin/realms/demo/testLDAPConnection"));
  CHECK(safe_to_repeat("POST", "/admin/realms/demo/user-storage/abc/sync?action=triggerFullSync"));
  CHECK(safe_to_repeat("POST", "/admin/realms/demo/user-storage/abc/mappers/def/sync?direction=fedToKeycloak"));
  CHECK_FALSE(safe_to_repeat("POST", "/admin/realms/demo/components"));  // would create twice
  CHECK_FALSE(safe_to_repeat("POST", "/admin/realms/demo/clients/x/client-secret"));  // would rotate twice
  CHECK_FALSE(safe_to_repeat("POST", "/admin/realms/demo/users/u/role-mappings/clients/c"));
  CHECK_FALSE(safe_to_repeat("POST", "/admin/realms/sync/components"));  // a realm named "sync" is no sync
}

TEST_CASE("retry rule: the table of (request, answer) -> retry", "[keycloak][retry]") {
  const std::string token = "/realms/master/protocol/openid-connect/token";
  for (long status : {502L, 503L, 504L}) {
    CHECK(should_retry("GET", "/admin/serverinfo", status, 0, 1, 4));
    CHECK(should_retry("POST", token, status, 0, 1, 4));
    CHECK(should_retry("POST", "/admin/realms/demo/testLDAPConnection", status, 0, 3, 4));
    CHECK_FALSE(should_retry("POST", "/admin/realms/demo/components", status, 0, 1, 4));
    CHECK_FALSE(should_retry("GET", "/admin/serverinfo", status, 0, 4, 4));  // the bound
  }
  for (long status : {200L, 400L, 401L, 403L, 404L, 409L, 500L, 501L}) CHECK_FALSE(should_retry("GET", "/x", status, 0, 1, 4));
  for (int code : {CURLE_COULDNT_CONNECT, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE}) {
    CHECK(should_retry("GET", "/x", 0, code, 1, 4));
    CHECK(should_retry("POST", token, 0, code, 1, 4));
    CHECK_FALSE(should_retry("POST", "/admin/realms/demo/components", 0, code, 1, 4));
  }
  for (int code : {CURLE_COULDNT_RESOLVE_HOST, CURLE_OPERATION_TIMEDOUT, CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
                   CURLE_WRITE_ERROR}) {
    CHECK_FALSE(should_retry("GET", "/x", 0, code, 1, 4));
  }
  CHECK_FALSE(should_retry("GET", "/x", 503, 0, 1, 1));  // max_attempts 1: no retry at all
}

TEST_CASE("retry rule: exponential backoff with a ceiling, and the words for what happened", "[keycloak][retry]") {
  CHECK(backoff_ms(200, 1) == 200);
  CHECK(backoff_ms(200, 2) == 400);
  CHECK(backoff_ms(200, 3) == 800);
  CHECK(backoff_ms(200, 30) == kMaxBackoffMs);
  CHECK(backoff_ms(-5, 2) == 0);
  CHECK(attempts_text(503, 3, 1400) == "answered 503 3 times over 1.4 s");
  CHECK(attempts_text(503, 1, 10) == "answered 503");
  CHECK(attempts_text(0, 4, 2000) == "failed 4 times over 2.0 s");
}
