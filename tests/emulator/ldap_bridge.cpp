#include "emulator/ldap_bridge.hpp"

#include <algorithm>
#include <cstdio>

#include "emulator/user_filter.hpp"
#include "emulator/util.hpp"
#include "ldap/escape.hpp"
#include "ldap/tcp.hpp"
#include "common/text.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

constexpr const char* kMapperType = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";
constexpr const char* kMask = "**********";

// objectGUID bytes as Keycloak formats them (Microsoft's mixed-endian GUID layout).
std::string decode_guid(const std::string& bytes) {
  if (bytes.size() != 16) return bytes;
  const auto b = [&](int i) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)])); };
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b(3), b(2), b(1),
                b(0), b(5), b(4), b(7), b(6), b(8), b(9), b(10), b(11), b(12), b(13), b(14), b(15));
  return out;
}

}  // namespace

std::string config_value(const Component& c, const std::string& key, const std::string& fallback) {
  auto found = c.config.find(key);
  return found == c.config.end() || found->second.empty() ? fallback : found->second.front();
}

std::string first_value(const ldap::Entry& entry, const std::string& attribute) {
  if (attribute.empty()) return "";
  const auto* values = entry.values(attribute);
  return values != nullptr && !values->empty() ? values->front() : "";
}

LdapBridge::Settings LdapBridge::settings_of(const Component& provider) const {
  Settings s;
  s.urls = split_trimmed(config_value(provider, "connectionUrl"), ' ');
  s.start_tls = config_value(provider, "startTls") == "true";
  s.truststore_mode = config_value(provider, "useTruststoreSpi", emulator_.state_.profile.truststore_default());
  s.connect_timeout_ms = std::atoi(config_value(provider, "connectionTimeout", "5000").c_str());
  s.read_timeout_ms = std::atoi(config_value(provider, "readTimeout", "30000").c_str());
  if (s.connect_timeout_ms <= 0) s.connect_timeout_ms = 5000;
  if (s.read_timeout_ms <= 0) s.read_timeout_ms = 30000;
  s.auth_type = config_value(provider, "authType", "simple");
  s.bind_dn = config_value(provider, "bindDn");
  s.bind_credential = config_value(provider, "bindCredential");
  return s;
}

Expected<ldap::Connection, ldap::LdapFailure> LdapBridge::connect(const Settings& s, bool bind) {
  ldap::LdapFailure last{"connect", -1, "no connection URL", ""};
  for (const auto& text : s.urls) {
    auto url = ldap::parse_ldap_url(text);
    if (!url) {
      last = {"connect", -1, "MalformedURL", ""};
      continue;
    }
    // Keycloak verifies the server certificate with its truststore SPI ("always", or "ldapsOnly" for
    // ldaps URLs) or else with the JVM's default trust store (here: the system store).
    const bool truststore = s.truststore_mode == "always" || (s.truststore_mode == "ldapsOnly" && url->secure);
    ldap::ConnectOptions options{*url, s.start_tls, true, truststore ? emulator_.state_.truststore : "",
                                 s.connect_timeout_ms, s.read_timeout_ms};
    // Test-only: addresses Keycloak's network position cannot reach (a firewall between it and the directory).
    if (emulator_.state_.unreachable.count(url->host + ":" + std::to_string(url->port)) != 0) {
      last = {"connect", -1, "ConnectionFailed", ""};
      continue;
    }
    auto tcp = ldap::tcp_connect(url->host, url->port, s.connect_timeout_ms);
    if (!tcp.connected()) {
      const bool refused = !tcp.attempts.empty() && tcp.attempts.back().error == ldap::TcpError::refused;
      const bool reset = refused && emulator_.state_.profile.refused_connection_is_socket_reset();
      last = {"connect", -1, !tcp.resolved ? "UnknownHost" : reset ? "SocketReset" : "ConnectionFailed", ""};
      continue;
    }
    auto opened = ldap::Connection::open(options);
    if (!opened) {
      last = opened.error();
      last.diagnostic = (url->secure || s.start_tls) ? "SSLHandshakeFailed" : "CommunicationError";
      continue;
    }
    if (bind) {
      auto bound = s.auth_type == "none" ? opened->bind_anonymous() : opened->bind_simple(s.bind_dn, s.bind_credential);
      if (!bound) return unexpected(bound.error());
    }
    return std::move(*opened);
  }
  return unexpected(last);
}

std::string LdapBridge::error_code(const ldap::LdapFailure& failure) const {
  if (!emulator_.state_.profile.error_codes()) return "LDAP test error";
  if (failure.operation == "connect" || failure.operation == "StartTLS") {
    return failure.diagnostic.empty() ? "CommunicationError" : failure.diagnostic;
  }
  switch (failure.code) {
    case 49: return "AuthenticationFailure";
    case 34: return "InvalidName";
    case 32: return "NameNotFound";
    case 51:
    case 52: return "ServiceUnavailable";
    case -1: return "CommunicationError";
    default: return "NamingError";
  }
}

Reply LdapBridge::test(const Params& fields, bool json_body, bool capabilities) {
  const Profile& profile = emulator_.state_.profile;
  const std::string action = param(fields, "action");
  const auto failed = [&](const std::string& code) {
    return Reply::error_message(400, capabilities ? "ldapServerCapabilities error" : code);
  };
  if (capabilities && action != "queryServerCapabilities") return Reply::json(200, json::array());
  if (!capabilities && action != "testConnection" && action != "testAuthentication") {
    return failed(profile.error_codes() ? "NamingError" : "LDAP test error");
  }
  Settings s;
  s.urls = split_trimmed(param(fields, "connectionUrl"), ' ');
  s.start_tls = param(fields, "startTls") == "true";
  s.truststore_mode = param(fields, "useTruststoreSpi", profile.truststore_default());
  const std::string timeout = param(fields, "connectionTimeout");
  const int parsed = std::atoi(timeout.c_str());
  s.connect_timeout_ms = parsed > 0 ? parsed : 30000;
  s.read_timeout_ms = s.connect_timeout_ms;
  s.auth_type = json_body ? param(fields, "authType", "simple") : "simple";
  s.bind_dn = param(fields, "bindDn");
  s.bind_credential = param(fields, "bindCredential");
  const std::string component_id = param(fields, "componentId");
  if (s.bind_credential == kMask && !component_id.empty()) {
    // The stored secret replaces the mask: always in old versions; since 25.0.1 (and backports) only when
    // the URL and bind DN are the stored ones, so a secret never follows a changed server.
    if (const Component* stored = emulator_.find_component(realm_, component_id)) {
      const bool same_target = config_value(*stored, "connectionUrl") == param(fields, "connectionUrl") &&
                               kcldap::iequals(config_value(*stored, "bindDn"), s.bind_dn);
      if (!profile.strict_stored_credential_reuse() || (s.auth_type != "none" && same_target)) {
        s.bind_credential = config_value(*stored, "bindCredential");
      }
    }
  }
  const bool authenticate = capabilities || action == "testAuthentication";
  if (!authenticate) s.auth_type = "none";
  if (authenticate && s.auth_type == "simple" && s.bind_dn.empty()) {
    return failed(!profile.error_codes() ? "LDAP test error" : profile.strict_stored_credential_reuse() ? "InvalidBindDN" : "NamingError");
  }
  // Before 24.0 Keycloak's test connection opened the TCP connection only; the TLS handshake was lazy (#26464).
  if (!authenticate && profile.version < keycloak::Version{24, 0, 0} && !s.start_tls) {
    for (const auto& text : s.urls) {
      auto url = ldap::parse_ldap_url(text);
      if (url && ldap::tcp_connect(url->host, url->port, s.connect_timeout_ms).connected()) return Reply::empty(204);
    }
    return failed(profile.error_codes() ? "ConnectionFailed" : "LDAP test error");
  }
  auto connection = connect(s, authenticate);
  if (!connection) return failed(error_code(connection.error()));
  if (!capabilities) return Reply::empty(204);
  ldap::SearchRequest request;
  request.scope = ldap::Scope::base;
  request.page_size = 0;
  request.attributes = {"supportedControl", "supportedExtension", "supportedFeatures"};
  json out = json::array();
  auto searched = connection->search(request, [&](const ldap::Entry& entry) {
    for (const auto& [attribute, type] : std::vector<std::pair<std::string, std::string>>{
             {"supportedControl", "CONTROL"}, {"supportedExtension", "EXTENSION"}, {"supportedFeatures", "FEATURE"}}) {
      if (const auto* values = entry.values(attribute)) {
        for (const auto& oid : *values) out.push_back({{"oid", oid}, {"type", type}});
      }
    }
    return true;
  });
  if (!searched) return failed("");
  return Reply::json(200, out);
}

std::vector<std::string> LdapBridge::attributes_to_read(const Component& provider) const {
  std::vector<std::string> attributes = {"objectClass", config_value(provider, "usernameLDAPAttribute", "uid"),
                                         config_value(provider, "uuidLDAPAttribute", "entryUUID"), "userAccountControl",
                                         "createTimestamp", "modifyTimestamp"};
  for (const auto& mapper : realm_.components) {
    if (mapper.parent_id != provider.id || mapper.provider_type != kMapperType) continue;
    for (const char* key : {"ldap.attribute", "ldap.full.name.attribute"}) {
      const std::string attribute = config_value(mapper, key);
      if (!attribute.empty()) attributes.push_back(attribute);
    }
  }
  return attributes;
}

MappedUser LdapBridge::map_entry(const Component& provider, const ldap::Entry& entry) const {
  MappedUser user;
  user.dn = entry.dn;
  bool msad = false;
  for (const auto& mapper : realm_.components) {
    if (mapper.parent_id != provider.id || mapper.provider_type != kMapperType) continue;
    if (mapper.provider_id == "user-attribute-ldap-mapper") {
      const std::string model = config_value(mapper, "user.model.attribute");
      const std::string value = first_value(entry, config_value(mapper, "ldap.attribute"));
      if (model == "username" && user.username.empty()) user.username = kcldap::lowercase(value);
      if (model == "email") user.email = kcldap::lowercase(value);
      if (model == "firstName") user.first_name = value;
      if (model == "lastName") user.last_name = value;
      const bool core = model == "username" || model == "email" || model == "firstName" || model == "lastName";
      if (const auto* values = entry.values(config_value(mapper, "ldap.attribute")); !core && !model.empty() && values != nullptr && !values->empty()) {
        user.attributes[model] = *values;
      }
    } else if (mapper.provider_id == "full-name-ldap-mapper") {
      const std::string full = first_value(entry, config_value(mapper, "ldap.full.name.attribute", "cn"));
      const auto space = full.rfind(' ');
      if (space == std::string::npos) {
        user.last_name = full;
      } else {
        user.first_name = full.substr(0, space);
        user.last_name = full.substr(space + 1);
      }
    } else if (mapper.provider_id == "msad-user-account-control-mapper") {
      msad = true;
    }
  }
  const std::string uuid_attribute = config_value(provider, "uuidLDAPAttribute", config_value(provider, "vendor") == "ad" ? "objectGUID" : "entryUUID");
  const std::string raw_id = first_value(entry, uuid_attribute);
  user.ldap_id = kcldap::iequals(uuid_attribute, "objectGUID") ? decode_guid(raw_id) : raw_id;
  if (msad) {
    const std::string control = first_value(entry, "userAccountControl");
    user.disabled = !control.empty() && (std::stoul(control) & 2UL) != 0;
  }
  return user;
}

std::string LdapBridge::user_filter(const Component& provider, const std::string& extra) const {
  const auto classes = split_trimmed(config_value(provider, "userObjectClasses", "inetOrgPerson, organizationalPerson"), ',');
  return keycloak_search_filter(classes, config_value(provider, "customUserSearchFilter"), extra);
}

std::vector<User> LdapBridge::search_users(const Params& query, std::size_t limit) {
  std::vector<User> found;
  std::vector<const Component*> providers;
  for (const auto& component : realm_.components) {
    if (component.provider_id == "ldap" && config_value(component, "enabled", "true") != "false") providers.push_back(&component);
  }
  std::stable_sort(providers.begin(), providers.end(), [](const Component* a, const Component* b) {
    return std::atoi(config_value(*a, "priority", "0").c_str()) < std::atoi(config_value(*b, "priority", "0").c_str());
  });
  const bool exact = param(query, "exact") == "true";
  const std::string search = param(query, "search");
  if (search.rfind("id:", 0) == 0) return found;
  for (const Component* provider_ptr : providers) {
    const Component provider = *provider_ptr;  // copy: importing may grow the components' realm
    std::map<std::string, std::string> mapped;  // model attribute -> LDAP attribute
    for (const auto& mapper : realm_.components) {
      if (mapper.parent_id != provider.id || mapper.provider_id != "user-attribute-ldap-mapper") continue;
      mapped.emplace(config_value(mapper, "user.model.attribute"), config_value(mapper, "ldap.attribute"));
    }
    std::string conditions;
    bool unmapped = false;
    const auto value_filter = [&](const std::string& attribute, const std::string& value, bool substring) {
      std::string escaped = ldap::escape_filter_value(value);
      if (substring) escaped = "*" + escaped + "*";
      return "(" + attribute + "=" + escaped + ")";
    };
    for (const char* field : {"username", "email", "firstName", "lastName"}) {
      const std::string value = param(query, field);
      if (value.empty()) continue;
      auto attribute = mapped.find(field);
      if (attribute == mapped.end()) {
        unmapped = true;
        break;
      }
      conditions += value_filter(attribute->second, value, !exact);
    }
    if (unmapped) continue;
    if (!search.empty() && search != "*") {
      for (const auto& raw : split_trimmed(search, ' ')) {
        std::string token = raw;
        const bool quoted = token.size() >= 2 && token.front() == '"' && token.back() == '"';
        if (quoted) token = token.substr(1, token.size() - 2);
        std::string any = "(|";
        for (const char* field : {"username", "email", "firstName", "lastName"}) {
          auto attribute = mapped.find(field);
          if (attribute == mapped.end()) continue;
          if (quoted) {
            any += value_filter(attribute->second, token, false);
          } else if (token.back() == '*') {
            any += "(" + attribute->second + "=" + ldap::escape_filter_value(token.substr(0, token.size() - 1)) + "*)";
          } else {
            any += "(" + attribute->second + "=" + ldap::escape_filter_value(token) + "*)";
          }
        }
        conditions += any + ")";
      }
    }
    auto connection = connect(settings_of(provider), true);
    if (!connection) continue;
    ldap::SearchRequest request;
    request.base = config_value(provider, "usersDn");
    request.scope = config_value(provider, "searchScope", "2") == "1" ? ldap::Scope::one_level : ldap::Scope::subtree;
    request.filter = user_filter(provider, conditions);
    request.attributes = attributes_to_read(provider);
    request.page_size = 0;
    request.size_limit = static_cast<int>(limit);
    const bool import_on = config_value(provider, "importEnabled", "true") == "true";
    UserIndex index = index_users();
    (void)connection->search(request, [&](const ldap::Entry& entry) {
      const MappedUser user = map_entry(provider, entry);
      if (user.username.empty()) return true;
      if (import_on) {
        User* stored = nullptr;
        if (import(provider, user, &stored, index) != "failed" && stored != nullptr) found.push_back(*stored);
      } else {
        User transient;
        transient.id = "f:" + provider.id + ":" + user.username;
        transient.username = user.username;
        transient.email = user.email;
        transient.first_name = user.first_name;
        transient.last_name = user.last_name;
        transient.enabled = !user.disabled;
        transient.federation_link = provider.id;
        transient.attributes = user.attributes;
        transient.attributes["LDAP_ID"] = {user.ldap_id};
        transient.attributes["LDAP_ENTRY_DN"] = {user.dn};
        found.push_back(transient);
      }
      return found.size() < limit;
    });
  }
  return found;
}

std::optional<User> LdapBridge::authenticate_user(const std::string& username, const std::string& password) {
  if (password.empty()) return std::nullopt;
  Params query = {{"username", username}, {"exact", "true"}};
  for (const User& user : search_users(query, 1)) {
    const Component* provider = emulator_.find_component(realm_, user.federation_link);
    if (provider == nullptr) continue;
    Settings s = settings_of(*provider);
    s.auth_type = "simple";
    s.bind_dn = user.attributes.at("LDAP_ENTRY_DN").front();
    s.bind_credential = password;
    if (!connect(s, true)) return std::nullopt;
    return user;
  }
  return std::nullopt;
}

}  // namespace kcldap::emulator
