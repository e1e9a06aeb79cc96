// Keycloak emulator (test-only): the components API with Keycloak's semantics: create with blank
// stripping, 201 + Location, parentId defaulting to the realm id and default mappers; GET that strips
// unknown keys and masks the bind credential; PUT that merges, honours the mask, deletes on empty lists
// and stops at the first unknown key in HashMap order; DELETE that cascades.
#include <algorithm>
#include <cctype>
#include <regex>

#include "emulator/emulator.hpp"
#include "emulator/java_order.hpp"

namespace kcldap::emulator {

using nlohmann::json;
using ordered = nlohmann::ordered_json;

namespace {

constexpr const char* kStorageType = "org.keycloak.storage.UserStorageProvider";
constexpr const char* kMapperType = "org.keycloak.storage.ldap.mappers.LDAPStorageMapper";
constexpr const char* kMask = "**********";

bool blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
}

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

// Reads a config object as Keycloak's Jackson would: lists of strings; a JSON null element is kept as
// "absent" so that [null] behaves like [""].
std::vector<std::pair<std::string, std::vector<std::optional<std::string>>>> read_config(const ordered& config) {
  std::vector<std::pair<std::string, std::vector<std::optional<std::string>>>> out;
  if (!config.is_object()) return out;
  for (const auto& [key, value] : config.items()) {
    std::vector<std::optional<std::string>> values;
    const auto add = [&](const ordered& item) {
      if (item.is_null()) values.emplace_back(std::nullopt);
      else if (item.is_string()) values.emplace_back(item.get<std::string>());
      else values.emplace_back(item.dump());
    };
    if (value.is_array()) {
      for (const auto& item : value) add(item);
    } else {
      add(value);
    }
    out.emplace_back(key, std::move(values));
  }
  return out;
}

// An editMode outside the enum fails in Keycloak's enum conversion, before any validation rule.
std::optional<Reply> invalid_edit_mode(const Component& component) {
  const std::string edit_mode = first(component, "editMode");
  if (edit_mode.empty() || edit_mode == "READ_ONLY" || edit_mode == "WRITABLE" || edit_mode == "UNSYNCED") return std::nullopt;
  return Reply::error(400, "No enum constant org.keycloak.storage.UserStorageProvider.EditMode." + edit_mode);
}

}  // namespace

Component* Emulator::find_component(Realm& realm, const std::string& id) {
  for (auto& component : realm.components) {
    if (component.id == id) return &component;
  }
  return nullptr;
}

std::set<std::string> Emulator::known_keys(const Component& component) const {
  if (component.provider_type == kStorageType) return state_.profile.ldap_provider_keys();
  return state_.profile.mapper_keys(component.provider_id);
}

json Emulator::component_json(const Realm&, const Component& component) const {
  json out = {{"id", component.id},
              {"name", component.name},
              {"providerId", component.provider_id},
              {"providerType", component.provider_type},
              {"parentId", component.parent_id}};
  if (component.sub_type) out["subType"] = *component.sub_type;
  json config = json::object();
  const auto known = known_keys(component);
  static const std::regex vault(R"(^\$\{vault\.(.+?)\}$)");
  for (const auto& [key, values] : component.config) {
    if (known.count(key) == 0) continue;  // stored, but not shown: GET strips unknown keys
    if (key == "bindCredential" && component.provider_type == kStorageType) {
      const bool is_vault = values.size() == 1 && std::regex_match(values.front(), vault);
      config[key] = is_vault ? json(values) : json::array({kMask});
      continue;
    }
    config[key] = values;
  }
  out["config"] = config;
  return out;
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
    if (first(c, "role").empty()) return "Role can't be null";
  } else if (provider == "hardcoded-ldap-group-mapper") {
    if (first(c, "group").empty()) return "Group can't be null";
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

Reply Emulator::list_components(const Caller& caller, const std::string& realm_name, const Params& query) {
  if (auto refused = require_any(caller, {"view-realm", "manage-realm"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const auto get = [&](const char* name) -> std::optional<std::string> {
    auto found = query.find(name);
    return found == query.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
  const auto parent = get("parent");
  const auto type = get("type");
  const auto name = get("name");
  json out = json::array();
  for (const auto& component : realm.components) {
    if (parent && component.parent_id != *parent) continue;
    if (!parent && type && component.parent_id != realm.id) continue;
    if (type && component.provider_type != *type) continue;
    if (name && component.name != *name) continue;
    out.push_back(component_json(realm, component));
  }
  return Reply::json(200, out);
}

Reply Emulator::create_component(const Caller& caller, const std::string& realm_name, const std::string& body,
                                 const std::string& request_url) {
  if (auto refused = require(caller, "manage-realm")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  ordered rep = ordered::parse(body, nullptr, false);
  if (rep.is_discarded() || !rep.is_object()) return Reply::error(400, "HTTP 400 Bad Request");
  Component component;
  component.provider_type = rep.value("providerType", "");
  component.provider_id = rep.value("providerId", "");
  const bool storage = component.provider_type == kStorageType && component.provider_id == "ldap";
  const bool mapper = component.provider_type == kMapperType && state_.profile.mapper_providers().count(component.provider_id) != 0;
  if (!storage && !mapper) {
    return Reply::error(400, state_.profile.error_codes() ? "Invalid provider type or no such provider" : "HTTP 400 Bad Request");
  }
  component.name = rep.value("name", "");
  component.parent_id = rep.contains("parentId") && rep["parentId"].is_string() ? rep["parentId"].get<std::string>() : realm.id;
  if (rep.contains("subType") && rep["subType"].is_string()) component.sub_type = rep["subType"].get<std::string>();
  if (rep.contains("id") && rep["id"].is_string()) {
    component.id = rep["id"].get<std::string>();
    if (component.id.size() > 36 || find_component(realm, component.id) != nullptr) return Reply::error(500, "unknown_error");
  } else {
    component.id = new_id(storage && state_.profile.short_component_ids());
  }
  for (auto& [key, values] : read_config(rep.value("config", ordered::object()))) {
    std::vector<std::string> kept;
    for (const auto& value : values) {
      if (value && !blank(*value)) kept.push_back(*value);
    }
    if (!kept.empty()) component.config[key] = kept;
  }
  if (storage) {
    if (auto refused = invalid_edit_mode(component)) return *refused;
  }
  if (auto problem = validate(realm, component)) return Reply::error_message(400, *problem);
  if (storage && state_.profile.krb_principal_attribute() && first(component, "krbPrincipalAttribute").empty()) {
    const std::string vendor = first(component, "vendor");
    component.config["krbPrincipalAttribute"] = {vendor == "rhds" ? "krbPrincipalName"
                                                 : vendor == "ad" ? "userPrincipalName"
                                                                  : "krb5PrincipalName"};
  }
  realm.components.push_back(component);
  if (storage) create_default_mappers(realm, component);
  Reply reply = Reply::empty(201);
  reply.headers["Location"] = request_url + "/" + component.id;
  return reply;
}

Reply Emulator::get_component(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require_any(caller, {"view-realm", "manage-realm"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  const Component* component = find_component(realm, id);
  if (component == nullptr) return Reply::error(404, "Could not find component");
  return Reply::json(200, component_json(realm, *component));
}

Reply Emulator::update_component(const Caller& caller, const std::string& realm_name, const std::string& id,
                                 const std::string& body) {
  if (auto refused = require(caller, "manage-realm")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  Component* stored = find_component(realm, id);
  if (stored == nullptr) return Reply::error(404, "Could not find component");
  ordered rep = ordered::parse(body, nullptr, false);
  if (rep.is_discarded() || !rep.is_object()) return Reply::error(400, "HTTP 400 Bad Request");
  Component updated = *stored;
  const auto replace = [&](const char* field, std::string& target) {
    if (rep.contains(field) && rep[field].is_string()) target = rep[field].get<std::string>();
  };
  replace("name", updated.name);
  replace("parentId", updated.parent_id);
  replace("providerType", updated.provider_type);
  replace("providerId", updated.provider_id);
  if (rep.contains("subType") && rep["subType"].is_string()) updated.sub_type = rep["subType"].get<std::string>();
  const auto config = read_config(rep.value("config", ordered::object()));
  std::vector<std::string> body_order;
  for (const auto& [key, unused] : config) body_order.push_back(key);
  const auto known = known_keys(updated);
  const bool storage = updated.provider_type == kStorageType;
  for (const auto& key : java_hashmap_order(body_order)) {
    // Keycloak stops at the first key its provider does not know: the rest of the body is ignored.
    if (known.count(key) == 0) break;
    const auto& values = std::find_if(config.begin(), config.end(), [&](const auto& e) { return e.first == key; })->second;
    if (values.empty() || !values.front() || blank(*values.front())) {
      updated.config.erase(key);
      continue;
    }
    std::vector<std::string> kept;
    for (const auto& value : values) {
      if (!value) continue;
      if (storage && key == "bindCredential" && *value == kMask) continue;
      kept.push_back(*value);
    }
    if (kept.empty()) continue;  // only the mask was sent: keep the stored secret
    updated.config[key] = kept;
  }
  if (storage) {
    if (auto refused = invalid_edit_mode(updated)) return *refused;
  }
  if (auto problem = validate(realm, updated)) return Reply::error_message(400, *problem);
  const std::string old_username = first(*stored, "usernameLDAPAttribute");
  *stored = updated;
  if (storage && state_.profile.version.major >= 26 && first(updated, "usernameLDAPAttribute") != old_username) {
    for (auto& mapper : realm.components) {
      if (mapper.parent_id == updated.id && mapper.name == "username") {
        mapper.config["ldap.attribute"] = {first(updated, "usernameLDAPAttribute")};
      }
    }
  }
  return Reply::empty(204);
}

Reply Emulator::delete_component(const Caller& caller, const std::string& realm_name, const std::string& id) {
  if (auto refused = require(caller, "manage-realm")) return *refused;
  Realm& realm = *state_.realm(realm_name);
  if (find_component(realm, id) == nullptr) return Reply::error(404, "Could not find component");
  std::set<std::string> doomed = {id};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& component : realm.components) {
      if (doomed.count(component.parent_id) != 0 && doomed.insert(component.id).second) grew = true;
    }
  }
  std::erase_if(realm.components, [&](const Component& c) { return doomed.count(c.id) != 0; });
  // Removing a storage provider removes the users it imported (the users of a re-created federation are gone).
  std::erase_if(realm.users, [&](const User& u) { return !u.federation_link.empty() && doomed.count(u.federation_link) != 0; });
  return Reply::empty(204);
}

Reply Emulator::sub_component_types(const Caller& caller, const std::string& realm_name, const std::string& id,
                                    const Params& query) {
  if (auto refused = require_any(caller, {"view-realm", "manage-realm"})) return *refused;
  Realm& realm = *state_.realm(realm_name);
  auto type = query.find("type");
  if (type == query.end() || type->second.empty()) return Reply::error(400, "must specify a subtype");
  if (find_component(realm, id) == nullptr) return Reply::error(404, "Could not find component");
  json out = json::array();
  if (type->second == kMapperType) {
    for (const auto& provider : state_.profile.mapper_providers()) {
      json properties = json::array();
      for (const auto& key : state_.profile.mapper_keys(provider)) properties.push_back({{"name", key}, {"type", "String"}});
      out.push_back({{"id", provider}, {"helpText", ""}, {"properties", properties}, {"metadata", json::object()}});
    }
  }
  return Reply::json(200, out);
}

}  // namespace kcldap::emulator
