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

namespace {

bool has_prefix_nocase(std::string_view text, std::string_view lower_prefix) {
  if (text.size() < lower_prefix.size()) return false;
  for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != lower_prefix[i]) return false;
  }
  return true;
}

// The scheme: sets url.secure and the default port, and returns what follows "://", or fails.
std::optional<std::string_view> take_scheme(std::string_view text, LdapUrl& url, std::string* error) {
  if (has_prefix_nocase(text, "ldaps://")) {
    url.secure = true;
    url.port = 636;
    return text.substr(8);
  }
  if (has_prefix_nocase(text, "ldap://")) return text.substr(7);
  if (has_prefix_nocase(text, "ldapi://")) {
    fail(error, "ldapi:// (a local socket) cannot be used by Keycloak; use ldap:// or ldaps://");
    return std::nullopt;
  }
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    fail(error, "the URL has no scheme; write ldaps://" + std::string(text) + " (or ldap://)");
  } else {
    fail(error, "the scheme '" + std::string(text.substr(0, scheme_end)) + "' is not an LDAP scheme; use ldap:// or ldaps://");
  }
  return std::nullopt;
}

struct HostPort {
  std::string_view host;
  std::string_view port;  // meaningful when url.port_given
};

// "[v6]" or "[v6]:port"; sets url.port_given.
std::optional<HostPort> split_ipv6(std::string_view rest, LdapUrl& url, std::string* error) {
  HostPort out;
  const auto close = rest.find(']');
  if (close == std::string_view::npos) {
    fail(error, "the IPv6 address is missing its closing ']'");
    return std::nullopt;
  }
  out.host = rest.substr(1, close - 1);
  const auto after = rest.substr(close + 1);
  if (!after.empty()) {
    if (after.front() != ':') {
      fail(error, "expected ':port' after the IPv6 address");
      return std::nullopt;
    }
    out.port = after.substr(1);
    url.port_given = true;
  }
  return out;
}

// "host" or "host:port" with a valid host name; sets url.port_given.
std::optional<HostPort> split_host_name(std::string_view rest, LdapUrl& url, std::string* error) {
  HostPort out;
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos) {
    out.host = rest.substr(0, colon);
    out.port = rest.substr(colon + 1);
    url.port_given = true;
  } else {
    out.host = rest;
  }
  if (out.host.find('@') != std::string_view::npos) {
    fail(error, "the URL contains '@'; credentials never go into the URL (use bind_dn and bind_password)");
    return std::nullopt;
  }
  if (!valid_hostname(out.host)) {
    fail(error, out.host.empty() ? "the URL has no host name" : "'" + std::string(out.host) + "' is not a valid host name");
    return std::nullopt;
  }
  return out;
}

std::optional<int> parse_port(std::string_view port, std::string* error) {
  int value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
    fail(error, "the port '" + std::string(port) + "' is not a number from 1 to 65535");
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<LdapUrl> parse_ldap_url(std::string_view text, std::string* error) {
  LdapUrl url;
  if (text.empty()) return fail(error, "the URL is empty");
  if (text.find_first_of(" \t") != std::string_view::npos) {
    return fail(error, "the URL contains a space; give several URLs as a list: url = [\"ldaps://a\", \"ldaps://b\"]");
  }
  auto rest = take_scheme(text, url, error);
  if (!rest) return std::nullopt;
  // Keycloak's connectionUrl has no DN, attributes or filter; a bare trailing slash is tolerated.
  if (!rest->empty() && rest->back() == '/') rest->remove_suffix(1);
  if (rest->find('/') != std::string_view::npos || rest->find('?') != std::string_view::npos) {
    return fail(error, "the URL has a path or query; give only scheme://host:port (the users DN is a separate key)");
  }
  const bool ipv6 = !rest->empty() && rest->front() == '[';
  const auto host_port = ipv6 ? split_ipv6(*rest, url, error) : split_host_name(*rest, url, error);
  if (!host_port) return std::nullopt;
  if (host_port->host.empty()) return fail(error, "the URL has no host name");
  if (url.port_given) {
    const auto port = parse_port(host_port->port, error);
    if (!port) return std::nullopt;
    url.port = *port;
  }
  url.host = std::string(host_port->host);
  return url;
}

}  // namespace kcldap::ldap
