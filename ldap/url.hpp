// LDAP connection URLs as Keycloak's connectionUrl takes them: ldap://host[:port] or ldaps://host[:port],
// with IPv6 literals in brackets. Parsing explains what is wrong with a bad URL.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kcldap::ldap {

struct LdapUrl {
  bool secure = false;  // ldaps://
  std::string host;     // without brackets for IPv6 literals
  int port = 389;
  bool port_given = false;

  std::string scheme() const { return secure ? "ldaps" : "ldap"; }
  // Canonical text: scheme://host:port (brackets around IPv6 hosts).
  std::string to_string() const;
};

// Parses one URL. On failure returns nullopt and sets `error` to a sentence naming the problem.
std::optional<LdapUrl> parse_ldap_url(std::string_view text, std::string* error = nullptr);

}  // namespace kcldap::ldap
