// Keycloak emulator (test-only): what the components API enforces and adds: each provider's known
// config keys, the validation rules of the LDAP provider and its mapper factories (section 5 of the
// reference), and the default mappers a new LDAP provider gets.
#include <algorithm>
#include <cctype>
#include <regex>

#include "emulator/emulator.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

constexpr const char* kStorageType = "org.keycloak.storage.UserStorageProvider";
constexpr const char* kMapperType = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";

std::string first(const Component& c, const std::string& key, const std::string& fallback = "") {
  auto found = c.config.find(key);
  return found == c.config.end() || found->second.empty() ? fallback : found->second.front();
}

bool iequal(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_long(const std::string& text) {
  static const std::regex number("^-?[0-9]+$");
  return std::regex_match(text, number);
}

}  // namespace

std::set<std::string> Emulator::known_keys(const Component& component) const {
  if (component.provider_type == kStorageType) return state_.profile.ldap_provider_keys();
  return state_.profile.mapper_keys(component.provider_id);
}

std::optional<std::string> Emulator::validate(const Realm& realm, const Component& c) const {
  const Profile& p = state_.profile;
  if (c.provider_type == kStorageType) {
    const std::string edit_mode = first(c, "editMode");
    if (edit_mode.empty() && p.edit_mode_required()) return "Edit Mode is mandatory";
    const std::string filter = first(c, "customUserSearchFilter");
    if (!filter.empty()) {
      std::string trimmed = filter;
      trimmed.erase(0, trimmed.find_first_not_of(' '));
      trimmed.erase(trimmed.find_last_not_of(' ') + 1);
      if (trimmed.empty() || trimmed.front() != '(' || trimmed.back() != ')') {
        return "Custom configured LDAP filter does not start with \"(\" or does not end with \")\".";
      }
    }
    if (const std::string timeout = first(c, "connectionTimeout"); !timeout.empty() && !is_long(timeout)) {
      return "Connection Timeout must be a number";
    }
    if (const std::string timeout = first(c, "readTimeout"); !timeout.empty() && !is_long(timeout)) {
      return "Read Timeout must be a number";
    }
    if (p.start_tls_pooling_rejected() && first(c, "startTls") == "true" && first(c, "connectionPooling") == "true") {
      return "Can not enable both StartTLS and connection pooling.";
    }
    if (p.edit_mode_required() && first(c, "validatePasswordPolicy") == "true" && edit_mode != "WRITABLE") {
      return "Validate Password Policy is applicable only with WRITABLE edit mode";
    }
    if (edit_mode == "UNSYNCED" && first(c, "importEnabled", "true") == "false") {
      return "Can not disable Importing users when LDAP provider mode is UNSYNCED";
    }
    return std::nullopt;
  }
  // Mappers: the factory's own rules (section 5 of the reference).
  const auto missing = [&](const std::string& key, const std::string& label) -> std::optional<std::string> {
    if (first(c, key).empty()) return "Missing configuration for '" + label + "'";
    return std::nullopt;
  };
  const Component* parent = nullptr;
  for (const auto& candidate : realm.components) {
    if (candidate.id == c.parent_id) parent = &candidate;
  }
  const std::string& provider = c.provider_id;
  if (provider == "user-attribute-ldap-mapper" || provider == "certificate-ldap-mapper") {
    if (auto m = missing("user.model.attribute", "User Model Attribute")) return m;
    if (auto m = missing("ldap.attribute", "LDAP Attribute")) return m;
    if (first(c, "is.binary.attribute") == "true" && first(c, "always.read.value.from.ldap") != "true") {
      return "With Binary attribute enabled, the ''Always read value from LDAP'' must be enabled too";
    }
    if (provider == "certificate-ldap-mapper" && first(c, "is.der.formatted") == "true" &&
        first(c, "is.binary.attribute") != "true") {
      return "With DER formatted certificate enabled, the ''Is Binary Attribute'' option must be enabled too";
    }
  } else if (provider == "full-name-ldap-mapper") {
    if (parent == nullptr) return "can't find parent component model";
    const bool write_only = first(c, "write.only") == "true";
    if (write_only && first(*parent, "editMode") != "WRITABLE") return "ldapErrorCantWriteOnlyForReadOnlyLdap";
    if (write_only && first(c, "read.only") == "true") return "ldapErrorCantWriteOnlyAndReadOnly";
  } else if (provider == "group-ldap-mapper" || provider == "role-ldap-mapper") {
    const bool groups = provider == "group-ldap-mapper";
    if (auto m = missing(groups ? "groups.dn" : "roles.dn", groups ? "LDAP Groups DN" : "LDAP Roles DN")) return m;
    if (auto m = missing("mode", "Mode")) return m;
    const std::string filter = first(c, groups ? "groups.ldap.filter" : "roles.ldap.filter");
    if (!filter.empty() && (filter.front() != '(' || filter.back() != ')')) {
      return "Custom configured LDAP filter does not start with \"(\" or does not end with \")\".";
    }
    if (groups && first(c, "preserve.group.inheritance", "true") == "true" &&
        first(c, "membership.attribute.type", "DN") == "UID") {
      return "Not possible to preserve group inheritance and use UID membership type together.";
    }
    if (!groups && first(c, "use.realm.roles.mapping", "true") == "false" && first(c, "client.id").empty()) {
      return "Client ID needs to be provided in config when Realm Roles Mapping is not used";
    }
  } else if (provider == "hardcoded-ldap-role-mapper") {
    const std::string role = first(c, "role");
    if (role.empty()) return "Role can't be null";
    // A realm role, or "clientId.roleName" (client roles are not modelled: a known client is enough).
    const auto dot = role.find('.');
    const bool client_role = dot != std::string::npos && std::any_of(realm.clients.begin(), realm.clients.end(), [&](const Client& client) {
      return client.client_id == role.substr(0, dot);
    });
    if (realm.realm_roles.count(role) == 0 && !client_role) return "There is no role corresponding to configured value";
  } else if (provider == "hardcoded-ldap-group-mapper") {
    const std::string group = first(c, "group");
    if (group.empty()) return "Group can't be null";
    if (std::none_of(realm.groups.begin(), realm.groups.end(), [&](const Group& g) { return g.path() == group; })) {
      return "There is no group corresponding to configured value";
    }
  } else if (provider == "hardcoded-attribute-mapper") {
    if (auto m = missing("user.model.attribute", "User Model Attribute Name")) return m;
    if (auto m = missing("attribute.value", "Attribute Value")) return m;
    const std::string attribute = first(c, "user.model.attribute");
    if (attribute == "username" || attribute == "email") return "Attribute Name cannot be set to username or email";
  } else if (provider == "hardcoded-ldap-attribute-mapper") {
    if (auto m = missing("ldap.attribute.name", "LDAP Attribute Name")) return m;
    if (auto m = missing("ldap.attribute.value", "LDAP Attribute Value")) return m;
  }
  return std::nullopt;
}

void Emulator::create_default_mappers(Realm& realm, const Component& provider) {
  const Profile& p = state_.profile;
  const std::string edit_mode = first(provider, "editMode", "READ_ONLY");
  const bool ad = first(provider, "vendor") == "ad";
  const std::string read_only = (edit_mode == "READ_ONLY" || edit_mode == "UNSYNCED") ? "true" : "false";
  const std::string always_read = (edit_mode == "READ_ONLY" || edit_mode == "WRITABLE") ? "true" : "false";
  const std::string username = first(provider, "usernameLDAPAttribute", ad ? "cn" : "uid");
  const std::string rdn = first(provider, "rdnLDAPAttribute", username);
  const auto add = [&](const std::string& name, const std::string& provider_id,
                       std::map<std::string, std::vector<std::string>> config) {
    Component mapper;
    mapper.id = new_id(p.short_component_ids());
    mapper.name = name;
    mapper.provider_id = provider_id;
    mapper.provider_type = kMapperType;
    mapper.parent_id = provider.id;
    mapper.config = std::move(config);
    realm.components.push_back(std::move(mapper));
  };
  const auto attribute = [&](const std::string& model, const std::string& ldap, const std::string& ro,
                             const std::string& always, const std::string& mandatory) {
    return std::map<std::string, std::vector<std::string>>{{"user.model.attribute", {model}},
                                                           {"ldap.attribute", {ldap}},
                                                           {"read.only", {ro}},
                                                           {"always.read.value.from.ldap", {always}},
                                                           {"is.mandatory.in.ldap", {mandatory}}};
  };
  add("username", "user-attribute-ldap-mapper", attribute("username", username, read_only, "false", "true"));
  if (iequal(rdn, "cn")) {
    if (iequal(username, "cn")) {
      add("first name", "user-attribute-ldap-mapper", attribute("firstName", "givenName", read_only, always_read, "true"));
    } else if (edit_mode == "WRITABLE") {
      add("first name", "user-attribute-ldap-mapper", attribute("firstName", "givenName", read_only, always_read, "true"));
      add("username-cn", "user-attribute-ldap-mapper", attribute("username", "cn", read_only, "false", "true"));
    } else {
      add("full name", "full-name-ldap-mapper",
          {{"ldap.full.name.attribute", {"cn"}}, {"read.only", {read_only}}, {"write.only", {"false"}}});
    }
  } else {
    add("first name", "user-attribute-ldap-mapper", attribute("firstName", "cn", read_only, always_read, "true"));
  }
  add("last name", "user-attribute-ldap-mapper", attribute("lastName", "sn", read_only, always_read, "true"));
  add("email", "user-attribute-ldap-mapper", attribute("email", "mail", read_only, "false", "false"));
  add("creation date", "user-attribute-ldap-mapper",
      attribute("createTimestamp", ad ? "whenCreated" : "createTimestamp", "true", always_read, "false"));
  add("modify date", "user-attribute-ldap-mapper",
      attribute("modifyTimestamp", ad ? "whenChanged" : "modifyTimestamp", "true", always_read, "false"));
  if (ad) {
    std::map<std::string, std::vector<std::string>> config;
    if (p.msad_always_read_key()) config["always.read.enabled.value.from.ldap"] = {always_read};
    add("MSAD account controls", "msad-user-account-control-mapper", config);
  }
  if (p.kerberos_principal_mapper()) add("Kerberos principal attribute mapper", "kerberos-principal-attribute-mapper", {});
  if (!ad && first(provider, "syncRegistrations") == "true" && first(provider, "usePasswordModifyExtendedOp") == "true") {
    add("random initial password", "hardcoded-ldap-attribute-mapper",
        {{"ldap.attribute.name", {"userpassword"}}, {"ldap.attribute.value", {"${RANDOM}"}}});
  }
}

}  // namespace kcldap::emulator
