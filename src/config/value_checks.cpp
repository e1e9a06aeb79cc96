#include "src/config/value_checks.hpp"

#include <algorithm>
#include <cctype>

#include "keycloak/version.hpp"
#include "ldap/dn.hpp"
#include "ldap/filter.hpp"
#include "ldap/url.hpp"
#include "src/config/suggest.hpp"

namespace kcldap::config {
namespace {

// Keycloak's base URL, parsed: http(s)://host[:port][/path], with no credentials, query or fragment.
std::optional<std::string> http_authority_problem(const std::string& text, const std::string& authority) {
  if (authority.find('@') != std::string::npos) {
    return "\"" + text.substr(0, text.find("://") + 3) + "...@...\" carries credentials; give them as [keycloak] username and password (or client_id and client_secret), never in the URL";
  }
  std::string host = authority;
  std::string port;
  if (!host.empty() && host.front() == '[') {
    const auto close = host.find(']');
    if (close == std::string::npos) return "\"" + text + "\": the IPv6 address is missing its closing ']'";
    port = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!port.empty() && port.front() != ':') return "\"" + text + "\": expected ':port' after the IPv6 address";
    if (!port.empty()) port.erase(0, 1);
  } else if (const auto colon = host.find(':'); colon != std::string::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (host.empty()) return "\"" + text + "\" has no host name";
  const bool host_ok = std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == ':' || c == '_';
  });
  if (!host_ok) return "\"" + text + "\": \"" + host + "\" is not a host name or address";
  if (authority.find(':') != std::string::npos && authority.back() == ':') return "\"" + text + "\": the port is empty";
  if (!port.empty()) {
    const bool digits = port.size() <= 5 && std::all_of(port.begin(), port.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (!digits || std::stoi(port) < 1 || std::stoi(port) > 65535) return "\"" + text + "\": the port '" + port + "' is not a number from 1 to 65535";
  }
  return std::nullopt;
}

std::optional<std::string> http_url_problem(const std::string& text) {
  const bool http = text.rfind("http://", 0) == 0 || text.rfind("https://", 0) == 0;
  if (!http) return "\"" + text + "\" is not an http:// or https:// URL (e.g. https://keycloak.example.com)";
  const std::string rest = text.substr(text.find("://") + 3);
  const std::size_t path_start = rest.find_first_of("/?#");
  const std::string authority = rest.substr(0, path_start);
  if (auto problem = http_authority_problem(text, authority)) return problem;
  const std::string path = path_start == std::string::npos ? "" : rest.substr(path_start);
  if (path.find_first_of("?#") != std::string::npos) return "\"" + text + "\": give the server's base URL without a query or fragment";
  if (path.find_first_of(" \t\r\n") != std::string::npos) return "\"" + text + "\" contains white space";
  if (path.find("/admin") != std::string::npos || path.find("/realms/") != std::string::npos) {
    return "give the server's base URL (e.g. https://kc.example.com or https://kc.example.com/auth), not an admin or realm path";
  }
  return std::nullopt;
}

std::optional<std::string> dn_problem(const std::string& text) {
  if (text.empty()) return std::nullopt;
  ldap::DnParseError problem{};
  if (!ldap::parse_dn(text, &problem)) {
    return "\"" + text + "\" is not a valid DN: " + problem.message + " (at character " + std::to_string(problem.position + 1) + ")";
  }
  if (text.find('=') == std::string::npos) return "\"" + text + "\" is not a DN (expected e.g. ou=people,dc=example,dc=org)";
  return std::nullopt;
}

std::optional<std::string> attribute_problem(const std::string& text) {
  if (text == "auto") return std::nullopt;
  const bool ok = !text.empty() && std::isalpha(static_cast<unsigned char>(text.front())) != 0 &&
                  std::all_of(text.begin(), text.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == ';';
                  });
  if (!ok) return "\"" + text + "\" is not an LDAP attribute or object class name (letters, digits and '-')";
  return std::nullopt;
}

std::optional<std::string> text_problem(const std::string& text, Check check) {
  switch (check) {
    case Check::none:
    case Check::command:
      return std::nullopt;
    case Check::ldap_url: {
      std::string problem;
      if (!ldap::parse_ldap_url(text, &problem)) return "\"" + text + "\" is not a valid LDAP URL: " + problem;
      return std::nullopt;
    }
    case Check::http_url:
      return http_url_problem(text);
    case Check::bind_identity:
      if (text.empty()) return std::nullopt;
      return ldap::bind_identity_problem(text);
    case Check::dn_or_auto:
      if (text == "auto") return std::nullopt;
      return dn_problem(text);
    case Check::dn:
      return dn_problem(text);
    case Check::filter:
      if (text.empty() || text == "auto") return std::nullopt;
      if (auto problem = ldap::check_filter_syntax(text)) return "\"" + text + "\" is not a valid LDAP filter: " + *problem;
      return std::nullopt;
    case Check::path:
      if (text.empty()) return "the path is empty; remove the key instead";
      return std::nullopt;
    case Check::attribute:
      return attribute_problem(text);
    case Check::version:
      if (text == "auto") return std::nullopt;
      if (!keycloak::parse_version(text)) return "\"" + text + "\" is not a Keycloak version (e.g. \"26.4\") or \"auto\"";
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> choice_problem(const std::string& text, const std::vector<std::string>& choices) {
  if (choices.empty() || std::find(choices.begin(), choices.end(), text) != choices.end()) return std::nullopt;
  std::string allowed;
  for (const auto& choice : choices) allowed += (allowed.empty() ? "\"" : ", \"") + choice + "\"";
  std::string message = "\"" + text + "\" is not one of " + allowed;
  if (auto near = nearest_name(text, choices)) message += "; did you mean \"" + *near + "\"?";
  return message;
}

}  // namespace

std::optional<std::string> value_problem(const Value& value, Check check, const std::vector<std::string>& choices,
                                         long long min, long long max) {
  if (const auto* number = std::get_if<long long>(&value); number != nullptr && max > min) {
    if (*number < min || *number > max) {
      return "must be from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + std::to_string(*number);
    }
  }
  std::vector<std::string> texts;
  if (const auto* text = std::get_if<std::string>(&value)) texts.push_back(*text);
  if (const auto* list = std::get_if<std::vector<std::string>>(&value)) texts = *list;
  for (const auto& text : texts) {
    if (auto problem = choice_problem(text, choices)) return problem;
    if (auto problem = text_problem(text, check)) return problem;
  }
  if (check == Check::command && texts.empty()) return "the command is empty";
  return std::nullopt;
}

std::optional<ConfigError> set_key(Config& config, const KeySpec& spec, const Value& value, const SourceLocation& where) {
  if (auto problem = value_problem(value, spec.check, spec.choices, spec.min, spec.max)) {
    return ConfigError{where, where.flag.empty() ? spec.label() : "", *problem};
  }
  spec.assign(config, value, where);
  config.locations[spec.dotted()] = where;
  return std::nullopt;
}

}  // namespace kcldap::config
