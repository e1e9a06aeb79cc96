#include "keycloak/component.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

struct Field {
  const char* key;
  std::string Component::*member;
};

constexpr Field kFields[] = {{"id", &Component::id},
                             {"name", &Component::name},
                             {"providerId", &Component::provider_id},
                             {"providerType", &Component::provider_type},
                             {"parentId", &Component::parent_id},
                             {"subType", &Component::sub_type}};

std::string label(const Component& component) {
  if (!component.name.empty()) return "component \"" + component.name + "\"";
  return component.id.empty() ? std::string("a component") : "component " + component.id;
}

// Reads the config object into `component`; the error names the key, never its values.
Expected<Done, std::string> read_config(const json& config, Component& component) {
  if (config.is_null()) return Done{};
  if (!config.is_object()) return unexpected(label(component) + ": \"config\" is not an object of key -> list of strings");
  for (const auto& [key, values] : config.items()) {
    if (!values.is_array()) return unexpected(label(component) + ": config key \"" + key + "\" is not a list of strings");
    std::vector<std::string> out;
    for (const auto& value : values) {
      if (!value.is_string()) return unexpected(label(component) + ": config key \"" + key + "\" holds a value that is not a string");
      out.push_back(value.get<std::string>());
    }
    component.config[key] = std::move(out);
  }
  return Done{};
}

}  // namespace

std::optional<std::string> Component::first(const std::string& key) const {
  auto found = config.find(key);
  if (found == config.end() || found->second.empty()) return std::nullopt;
  return found->second.front();
}

std::string Component::value(const std::string& key) const { return first(key).value_or(""); }

void Component::set(const std::string& key, const std::string& value) { config[key] = {value}; }

Expected<Component, std::string> component_from_json(const json& representation) {
  if (!representation.is_object()) {
    return unexpected(std::string("a component representation must be a JSON object, not ") + representation.type_name());
  }
  Component component;
  for (const auto& field : kFields) {
    if (!representation.contains(field.key) || representation[field.key].is_null()) continue;
    const json& value = representation[field.key];
    if (!value.is_string()) return unexpected(label(component) + ": \"" + field.key + "\" is not a string");
    component.*field.member = value.get<std::string>();
  }
  if (representation.contains("config")) {
    auto read = read_config(representation["config"], component);
    if (!read) return unexpected(read.error());
  }
  return component;
}

Expected<std::vector<Component>, std::string> components_from_json(const json& representations) {
  if (!representations.is_array()) return unexpected(std::string("a component list must be a JSON array, not ") + representations.type_name());
  std::vector<Component> out;
  for (const auto& representation : representations) {
    auto component = component_from_json(representation);
    if (!component) return unexpected(component.error());
    out.push_back(std::move(*component));
  }
  return out;
}

json component_to_json(const Component& component) {
  json out = json::object();
  for (const auto& field : kFields) {
    if (!(component.*field.member).empty()) out[field.key] = component.*field.member;
  }
  json config = json::object();
  for (const auto& [key, values] : component.config) config[key] = values;
  out["config"] = std::move(config);
  return out;
}

Component component_update_payload(Component stored, const ComponentConfig& changes) {
  for (const auto& [key, values] : changes) stored.config[key] = values;
  return stored;
}

ComponentConfig config_restoring(const Component& stored, const Component& wanted) {
  ComponentConfig changes = wanted.config;
  for (const auto& [key, unused] : stored.config) {
    if (key != "bindCredential" && key != "lastSync" && changes.count(key) == 0) changes[key] = {};
  }
  return changes;
}

bool changes_config(const Component& stored, const ComponentConfig& changes) {
  for (const auto& [key, values] : changes) {
    auto found = stored.config.find(key);
    if (values.empty() ? found != stored.config.end() : (found == stored.config.end() || found->second != values)) return true;
  }
  return false;
}

Component without_secret(Component component) {
  component.config.erase("bindCredential");
  return component;
}

}  // namespace kcldap::keycloak
