#include "keycloak/connection_words.hpp"

#include <curl/curl.h>

#include <cerrno>

#include "common/text.hpp"

namespace kcldap::keycloak {

namespace {

bool says(const std::string& message, const char* words) { return contains_nocase(message, words); }

TransportWords certificate_words(const std::string& message) {
  if (says(message, "expired")) {
    return {"Keycloak's TLS certificate has expired (" + clip(message) + ")",
            "renew the certificate on the Keycloak server (or its proxy); if it looks valid, check this machine's clock"};
  }
  if (says(message, "not yet valid")) {
    return {"Keycloak's TLS certificate is not valid yet (" + clip(message) + ")",
            "check the clock of this machine and of the server that issued the certificate"};
  }
  if (says(message, "subject name") || says(message, "does not match") || says(message, "hostname")) {
    return {"Keycloak's TLS certificate is for another name (" + clip(message) + ")",
            "use the host name the certificate names in [keycloak] url"};
  }
  return {"Keycloak's TLS certificate is not signed by a CA kcldap trusts (" + clip(message) + ")",
          "set [keycloak] ca_file to the CA that issued it (PEM)"};
}

TransportWords connect_words(const std::string& message, int os_errno, const std::string& where) {
  if (os_errno == ECONNREFUSED || says(message, "refused")) {
    return {"nothing accepts connections on " + where + " (connection refused)",
            "check the port in [keycloak] url and that Keycloak is running"};
  }
  if (os_errno == EHOSTUNREACH || os_errno == ENETUNREACH) {
    return {"no route to " + where + " (host or network unreachable)", "check the host in [keycloak] url and the network path"};
  }
  if (os_errno == ETIMEDOUT || says(message, "timed out") || says(message, "timeout")) {
    return {"no connection to " + where + " (the connection attempt timed out; a firewall may drop it)",
            "check the host and port in [keycloak] url and the network path"};
  }
  return {"could not connect to " + where + " (" + clip(message) + ")", "check the host and port in [keycloak] url and the network"};
}

}  // namespace

std::string host_port_of(const std::string& url) {
  const auto scheme_end = url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : lowercase(url.substr(0, scheme_end));
  const std::string rest = scheme_end == std::string::npos ? url : url.substr(scheme_end + 3);
  std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  const auto bracket = authority.rfind(']');
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) return authority;
  return authority + (scheme == "https" ? ":443" : ":80");
}

TransportWords explain_transport(const TransportError& error, const std::string& url, int timeout_ms) {
  const std::string where = host_port_of(url);
  const std::string host = where.substr(0, where.rfind(':'));
  const std::string& message = error.message;
  switch (error.curl_code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return {"the host name " + host + " does not resolve (DNS)", "check the host name in [keycloak] url"};
    case CURLE_COULDNT_CONNECT:
      return connect_words(message, error.os_errno, where);
    case CURLE_OPERATION_TIMEDOUT:
      return {"no answer from " + where + " within " + std::to_string(timeout_ms) + " ms",
              "check that Keycloak is up; raise [keycloak] timeout_ms if it is merely slow"};
    case CURLE_WRITE_ERROR:
      if (error.too_large) {
        return {"the answer exceeded the limit of " + std::to_string(error.limit) + " bytes, so kcldap stopped reading it",
                "check that [keycloak] url points at Keycloak; raise the response size limit only if a real answer is that large"};
      }
      break;
    case CURLE_GOT_NOTHING:
      return {"the server at " + where + " closed the connection without an answer" +
                  (lowercase(url).rfind("http://", 0) == 0 ? ": often plain HTTP sent to a TLS (https) port" : ""),
              "use https:// if that port serves TLS; otherwise check Keycloak's log"};
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return {"the connection to " + where + " was reset or broke off mid-answer (" + clip(message) + ")",
              "Keycloak or a proxy in front of it dropped the connection: check their logs and retry"};
    case CURLE_PEER_FAILED_VERIFICATION:
      return certificate_words(message);
    default:
      break;
  }
  if (says(message, "wrong version number") || says(message, "packet length too long") || says(message, "record layer failure")) {
    return {"TLS to a plain HTTP port: " + where + " answered https:// without TLS", "use http:// for this port, or Keycloak's HTTPS port"};
  }
  if (error.curl_code == CURLE_SSL_CONNECT_ERROR) {
    return {"the TLS handshake with " + where + " failed (" + clip(message) + ")", "check that the port serves HTTPS and accepts TLS 1.2 or newer"};
  }
  return {"could not reach Keycloak at " + where + " (" + clip(message) + ")", "check [keycloak] url and the network"};
}

}  // namespace kcldap::keycloak
