// Warnings about how kcldap reaches Keycloak, from the effective config (file and flags): certificate
// verification off, or plain http:// to a host that is not this machine (the admin token and the bind
// password would cross the network in clear). Pure: the caller prints them with the other warnings.
// (The directory's tls_verify = false is reported by the probe's ldap.tls stage.)
#pragma once
#include <string>
#include <vector>

#include "src/config/config.hpp"

namespace kcldap::config {

// True for localhost, 127.0.0.0/8 and ::1 (with or without brackets).
bool is_loopback_host(const std::string& host);

// The host of an http(s) URL ("" when it has none).
std::string url_host(const std::string& url);

std::vector<std::string> transport_warnings(const Config& config);

}  // namespace kcldap::config
