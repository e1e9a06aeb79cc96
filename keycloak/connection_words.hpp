// Transport failures of a Keycloak request in words: libcurl's code and text mapped to a cause (TLS to a
// plain port, plain HTTP to a TLS port, unknown host, refused, reset, timeout, an answer over the size
// limit, a certificate that is expired, not yet valid, from an unknown CA or for another name) and what
// to do about it. Pure: tests feed it curl codes and messages.
#pragma once
#include <string>

#include "keycloak/http.hpp"

namespace kcldap::keycloak {

struct TransportWords {
  std::string cause;
  std::string remedy;
};

// "host:port" of an http(s) URL, the port defaulted by the scheme.
std::string host_port_of(const std::string& url);

// `url` is the request's URL; `timeout_ms` the timeout it ran under.
TransportWords explain_transport(const TransportError& error, const std::string& url, int timeout_ms);

}  // namespace kcldap::keycloak
