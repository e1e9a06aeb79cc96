#include <catch2/catch.hpp>
#include <curl/curl.h>

#include <cerrno>

#include "common/text.hpp"
#include "keycloak/connection_words.hpp"
#include "keycloak/discovery_document.hpp"

using namespace kcldap::keycloak;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kDiscovery = "https://kc.example.com/realms/master/.well-known/openid-configuration";

}  // namespace

TEST_CASE("discovery: only Keycloak's document for the realm lets credentials go", "[keycloak][discovery]") {
  const std::string good = R"({"issuer":"https://kc.example.com/realms/master",
    "token_endpoint":"https://kc.example.com/realms/master/protocol/openid-connect/token"})";
  CHECK(judge_discovery(200, "application/json", good, "master", kDiscovery).verdict == DiscoveryVerdict::keycloak);
  // Keycloak's hostname setting may name another host: the path still names the realm.
  const std::string frontend = R"({"issuer":"https://sso.example.com/auth/realms/master",
    "token_endpoint":"https://sso.example.com/auth/realms/master/protocol/openid-connect/token"})";
  CHECK(judge_discovery(200, "application/json", frontend, "master", kDiscovery).verdict == DiscoveryVerdict::keycloak);

  const auto html = judge_discovery(200, "text/html", "<html><form>Sign in to the proxy</form></html>", "master", kDiscovery);
  CHECK(html.verdict == DiscoveryVerdict::not_keycloak);
  CHECK(has(html.cause, "answered with HTML, not Keycloak's discovery document"));
  CHECK(has(html.remedy, "proxy's login page"));
  CHECK(judge_discovery(200, "application/json", "  <!DOCTYPE html>", "master", kDiscovery).verdict == DiscoveryVerdict::not_keycloak);
  const auto garbage = judge_discovery(200, "application/json", "{not json", "master", kDiscovery);
  CHECK(garbage.verdict == DiscoveryVerdict::not_keycloak);
  CHECK(has(garbage.cause, "not a JSON object"));
  const auto other = judge_discovery(200, "application/json", R"({"issuer":"https://kc.example.com/realms/other"})", "master", kDiscovery);
  CHECK(other.verdict == DiscoveryVerdict::not_keycloak);
  const std::string foreign = R"({"issuer":"https://kc.example.com/realms/master","token_endpoint":"https://evil.example/token"})";
  CHECK(judge_discovery(200, "application/json", foreign, "master", kDiscovery).verdict == DiscoveryVerdict::not_keycloak);

  CHECK(judge_discovery(404, "application/json", "", "master", kDiscovery).verdict == DiscoveryVerdict::not_found);
  const auto failing = judge_discovery(503, "text/html", "<html>", "master", kDiscovery);
  CHECK(failing.verdict == DiscoveryVerdict::server_error);
  CHECK(has(failing.cause, "answered 503"));
  CHECK_FALSE(has(failing.remedy, "url"));
  CHECK(has(judge_discovery(302, "", "", "master", kDiscovery).cause, "redirect"));
}

TEST_CASE("connection errors in words: each libcurl failure gets a cause and a remedy", "[keycloak][words]") {
  const auto words = [](int code, const std::string& message, const std::string& url = "https://kc.example.com:8443") {
    return explain_transport(TransportError{code, message, false, 0, 0}, url, 30000);
  };
  CHECK(has(words(CURLE_SSL_CONNECT_ERROR, "OpenSSL SSL_connect: error:0A00010B:SSL routines::wrong version number").cause,
            "TLS to a plain HTTP port: kc.example.com:8443"));
  CHECK(has(words(CURLE_GOT_NOTHING, "Empty reply from server", "http://kc.example.com:8443").cause, "plain HTTP sent to a TLS (https) port"));
  CHECK(has(words(CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: nowhere.invalid", "https://nowhere.invalid").cause,
            "the host name nowhere.invalid does not resolve"));
  CHECK(has(words(CURLE_COULDNT_CONNECT, "Failed to connect to kc port 8443: Connection refused").cause,
            "nothing accepts connections on kc.example.com:8443"));
  const TransportError refused{CURLE_COULDNT_CONNECT, "Couldn't connect to server", false, 0, ECONNREFUSED};
  CHECK(has(explain_transport(refused, "http://127.0.0.1:1", 1000).cause, "nothing accepts connections on 127.0.0.1:1 (connection refused)"));
  CHECK(has(words(CURLE_RECV_ERROR, "Connection reset by peer").cause, "reset"));
  const auto timeout = words(CURLE_OPERATION_TIMEDOUT, "Operation timed out after 30001 milliseconds");
  CHECK(has(timeout.cause, "within 30000 ms"));
  CHECK(has(timeout.remedy, "timeout_ms"));
  const auto expired = words(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: certificate has expired");
  CHECK(has(expired.remedy, "renew the certificate"));
  CHECK_FALSE(has(expired.remedy, "ca_file"));
  CHECK(has(words(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: certificate is not yet valid").remedy, "clock"));
  CHECK(has(words(CURLE_PEER_FAILED_VERIFICATION, "SSL certificate problem: self-signed certificate in certificate chain").remedy, "ca_file"));
  TransportError big{CURLE_WRITE_ERROR, "too big", true, 1024, 0};
  CHECK(has(explain_transport(big, "https://kc", 1000).cause, "exceeded the limit of 1024 bytes"));
  CHECK(host_port_of("http://kc.example.com/auth") == "kc.example.com:80");
  CHECK(host_port_of("https://[::1]:8443/x") == "[::1]:8443");
}

TEST_CASE("text from a peer is clipped and defused before it reaches a message", "[common][text]") {
  CHECK(kcldap::clip("short") == "short");
  const std::string huge(5000, 'x');
  const std::string clipped = kcldap::clip(huge, 100);
  CHECK(clipped.size() < 140);
  CHECK(has(clipped, "(5000 bytes in all)"));
  CHECK(kcldap::clip("a\x1b[31mred\nline") == "a?[31mred line");
  CHECK(kcldap::clip("\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9... (4 bytes in all)");  // not cut inside a character
}
