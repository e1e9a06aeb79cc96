// Keycloak emulator (test-only): the components API with Keycloak's semantics: create with blank
// stripping, 201 + Location, parentId defaulting to the realm id and default mappers; GET that strips
// unknown keys and masks the bind credential; PUT that needs providerId and providerType, merges,
// honours the mask, deletes on empty lists and stops at the first unknown key in HashMap order; DELETE
// that cascades; admin events for each change. The rules and default mappers are in component_rules.cpp.
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

// The group mapper factory's onCreate and onUpdate (Keycloak 26.4) store groups.path "/" when it is blank.
void default_groups_path(Component& component) {
  if (component.provider_id == "group-ldap-mapper" && first(component, "groups.path").empty()) component.config["groups.path"] = {"/"};
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

// What Keycloak stores of a create's config: blank values (and keys left with none) are dropped.
std::map<std::string, std::vector<std::string>> stored_config(const ordered& rep) {
  std::map<std::string, std::vector<std::string>> stored;
  for (auto& [key, values] : read_config(rep.value("config", ordered::object()))) {
    std::vector<std::string> kept;
    for (const auto& value : values) {
      if (value && !blank(*value)) kept.push_back(*value);
    }
    if (!kept.empty()) stored[key] = kept;
  }
  return stored;
}

// A value outside an enum (the provider's editMode, a group or role mapper's membership type) fails in
// Keycloak's enum conversion, before any validation rule; Keycloak answers as for an unknown provider.
// (A group mapper's mode is not converted on create: real Keycloak 26.4.7 stores "BOGUS".)
std::optional<Reply> invalid_enum(const Component& component, const Profile& profile) {
  const auto outside = [&](const std::string& key, std::initializer_list<const char*> allowed) {
    const std::string value = first(component, key);
    return !value.empty() && std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return value == a; });
  };
  const bool storage = component.provider_type == kStorageType;
  const bool membership_mapper = component.provider_id == "group-ldap-mapper" || component.provider_id == "role-ldap-mapper";
  if ((storage && outside("editMode", {"READ_ONLY", "WRITABLE", "UNSYNCED"})) ||
      (membership_mapper && outside("membership.attribute.type", {"DN", "UID"}))) {
    return Reply::error(400, profile.error_codes() ? "Invalid provider type or no such provider" : "HTTP 400 Bad Request");
  }
  return std::nullopt;
}

// A component request body as an admin event shows it: the bind credential masked.
json event_representation(const ordered& body) {
  json out = json::parse(body.dump());
  if (out.contains("config") && out["config"].is_object() && out["config"].contains("bindCredential")) {
    out["config"]["bindCredential"] = json::array({kMask});
  }
  return out;
}

}  // namespace

Component* Emulator::find_component(Realm& realm, const std::string& id) {
  for (auto& component : realm.components) {
    if (component.id == id) return &component;
  }
  return nullptr;
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
  if (rep.is_discarded() || !rep.is_object()) return unparseable_body(state_.profile);
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
  component.config = stored_config(rep);
  if (auto refused = invalid_enum(component, state_.profile)) return *refused;
  if (auto problem = validate(realm, component)) return Reply::error_message(400, *problem);
  if (storage && state_.profile.krb_principal_attribute() && first(component, "krbPrincipalAttribute").empty()) {
    const std::string vendor = first(component, "vendor");
    component.config["krbPrincipalAttribute"] = {vendor == "rhds" ? "krbPrincipalName"
                                                 : vendor == "ad" ? "userPrincipalName"
                                                                  : "krb5PrincipalName"};
  }
  default_groups_path(component);
  realm.components.push_back(component);
  if (storage) create_default_mappers(realm, component);  // not recorded as events of their own
  record_event(realm, caller, "CREATE", "COMPONENT", "components/" + component.id, event_representation(rep));
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
  if (rep.is_discarded() || !rep.is_object()) return unparseable_body(state_.profile);
  // Keycloak looks the provider up from the body: without providerType and providerId it fails inside.
  if (!rep.contains("providerType") || !rep["providerType"].is_string() || !rep.contains("providerId") || !rep["providerId"].is_string()) {
    return Reply::server_error();
  }
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
  if (auto refused = invalid_enum(updated, state_.profile)) return *refused;
  if (auto problem = validate(realm, updated)) return Reply::error_message(400, *problem);
  const std::string old_username = first(*stored, "usernameLDAPAttribute");
  default_groups_path(updated);
  *stored = updated;
  record_event(realm, caller, "UPDATE", "COMPONENT", "components/" + id, event_representation(rep));
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
  record_event(realm, caller, "DELETE", "COMPONENT", "components/" + id, std::nullopt);
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

// A realm import's components (POST /admin/realms with "components"): each created as given, its
// subComponents under it. Keycloak runs the factories' validation but none of a create's additions: no
// default mappers, no krbPrincipalAttribute, no group path (seen on 26.4.7). nullopt: all imported.
std::optional<Reply> Emulator::import_components(Realm& realm, const ordered& components, const std::string& parent_id) {
  if (!components.is_object()) return unparseable_body(state_.profile);
  for (const auto& [type, list] : components.items()) {
    if (!list.is_array()) return unparseable_body(state_.profile);
    for (const auto& rep : list) {
      if (!rep.is_object()) return unparseable_body(state_.profile);
      Component component;
      component.provider_type = type;
      component.provider_id = rep.value("providerId", "");
      component.name = rep.value("name", "");
      component.parent_id = parent_id;
      const bool storage = type == kStorageType && component.provider_id == "ldap";
      const bool mapper = type == kMapperType && state_.profile.mapper_providers().count(component.provider_id) != 0;
      if (!storage && !mapper) return Reply::error(400, "Invalid provider type or no such provider");
      const bool given_id = rep.contains("id") && rep["id"].is_string();
      component.id = given_id ? rep["id"].get<std::string>() : new_id(storage && state_.profile.short_component_ids());
      component.config = stored_config(rep);
      if (auto refused = invalid_enum(component, state_.profile)) return *refused;
      if (auto problem = validate(realm, component)) return Reply::error_message(400, *problem);
      realm.components.push_back(component);
      if (rep.contains("subComponents")) {
        if (auto failed = import_components(realm, rep["subComponents"], component.id)) return failed;
      }
    }
  }
  return std::nullopt;
}

}  // namespace kcldap::emulator
