#include "ldap/url.hpp"

#include <cctype>
#include <charconv>

namespace kcldap::ldap {
namespace {

std::optional<LdapUrl> fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return std::nullopt;
}

bool valid_hostname(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) == 0 && c != '-' && c != '.' && c != '_') return false;
  }
  return host.front() != '-' && host.front() != '.';
}

}  // namespace

std::string LdapUrl::to_string() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return scheme() + "://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<LdapUrl> parse_ldap_url(std::string_view text, std::string* error) {
  LdapUrl url;
  std::string_view rest;
  const auto lower_prefix = [&](std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    }
    return true;
  };
  if (text.empty()) return fail(error, "the URL is empty");
  if (text.find_first_of(" \t") != std::string_view::npos) {
    return fail(error, "the URL contains a space; give several URLs as a list: url = [\"ldaps://a\", \"ldaps://b\"]");
  }
  if (lower_prefix("ldaps://")) {
    url.secure = true;
    url.port = 636;
    rest = text.substr(8);
  } else if (lower_prefix("ldap://")) {
    rest = text.substr(7);
  } else if (lower_prefix("ldapi://")) {
    return fail(error, "ldapi:// (a local socket) cannot be used by Keycloak; use ldap:// or ldaps://");
  } else {
    const auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) {
      return fail(error, "the URL has no scheme; write ldaps://" + std::string(text) + " (or ldap://)");
    }
    return fail(error, "the scheme '" + std::string(text.substr(0, scheme_end)) +
                           "' is not an LDAP scheme; use ldap:// or ldaps://");
  }
  // Keycloak's connectionUrl has no DN, attributes or filter; a bare trailing slash is tolerated.
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
  if (rest.find('/') != std::string_view::npos || rest.find('?') != std::string_view::npos) {
    return fail(error, "the URL has a path or query; give only scheme://host:port (the users DN is a separate key)");
  }
  std::string_view host;
  std::string_view port;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return fail(error, "the IPv6 address is missing its closing ']'");
    host = rest.substr(1, close - 1);
    const auto after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail(error, "expected ':port' after the IPv6 address");
      port = after.substr(1);
      url.port_given = true;
    }
  } else {
    const auto colon = rest.rfind(':');
    if (colon != std::string_view::npos) {
      host = rest.substr(0, colon);
      port = rest.substr(colon + 1);
      url.port_given = true;
    } else {
      host = rest;
    }
    if (host.find('@') != std::string_view::npos) {
      return fail(error, "the URL contains '@'; credentials never go into the URL (use bind_dn and bind_password)");
    }
    if (!valid_hostname(host)) {
      return fail(error, host.empty() ? "the URL has no host name" : "'" + std::string(host) + "' is not a valid host name");
    }
  }
  if (host.empty()) return fail(error, "the URL has no host name");
  if (url.port_given) {
    int value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      return fail(error, "the port '" + std::string(port) + "' is not a number from 1 to 65535");
    }
    url.port = value;
  }
  url.host = std::string(host);
  return url;
}

}  // namespace kcldap::ldap
