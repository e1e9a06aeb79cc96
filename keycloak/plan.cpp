#include "keycloak/plan.hpp"

#include "keycloak/mapper_types.hpp"
#include "keycloak/provider_keys.hpp"

namespace kcldap::keycloak {

std::string to_string(Action action) {
  switch (action) {
    case Action::none: return "unchanged";
    case Action::create: return "create";
    case Action::update: return "update";
    case Action::remove: return "delete";
  }
  return "unchanged";
}

std::string to_string(SecretAction action) {
  switch (action) {
    case SecretAction::none: return "none";
    case SecretAction::unchanged: return "unchanged";
    case SecretAction::set: return "will be set";
    case SecretAction::rotate: return "will be rotated";
    case SecretAction::resend: return "will be sent again";
  }
  return "none";
}

bool Plan::has_changes() const { return write_count() > 0; }

bool Plan::provider_write() const {
  return provider.action != Action::none || secret == SecretAction::rotate || secret == SecretAction::resend;
}

int Plan::write_count() const {
  int writes = provider_write() ? 1 : 0;
  for (const auto& mapper : mappers) {
    if (mapper.action != Action::none) ++writes;
  }
  return writes;
}

namespace {

// Two provider values that mean the same to Keycloak: userObjectClasses is a set of trimmed names.
bool same_text(const std::string& key, const std::string& a, const std::string& b) {
  return a == b || (key == "userObjectClasses" && name_set(a) == name_set(b));
}

// Keycloak treats an absent key as its default: asking for the default is not a change.
bool same(const std::optional<std::string>& current, const std::string& desired, const std::string& key) {
  if (current) return same_text(key, *current, desired);
  const ProviderKey* definition = find_provider_key(key);
  return definition != nullptr && !definition->keycloak_default.empty() && same_text(key, definition->keycloak_default, desired);
}

// The same for a mapper key: an absent key Keycloak reads as its run-time default is not a change.
bool same_mapper(const MapperSpec& desired, const std::string& key, const std::optional<std::string>& current, const std::string& value,
                 bool active_directory) {
  if (current) return same_mapper_value(desired.provider_id, key, *current, value);
  const auto fallback = mapper_runtime_default(desired.provider_id, key, active_directory);
  return fallback && same_mapper_value(desired.provider_id, key, *fallback, value);
}

std::string why(const FederationSpec& spec, const std::string& key) {
  auto found = spec.reasons.find(key);
  return found == spec.reasons.end() ? "" : found->second;
}

ComponentPlan plan_mapper(const MapperSpec& desired, const Component* current, bool active_directory = false) {
  ComponentPlan plan{Action::none, desired.name, "", desired.provider_id, {}, false};
  if (current == nullptr) {
    plan.action = Action::create;
    for (const auto& [key, value] : desired.config) plan.changes.push_back({key, std::nullopt, value, ""});
    return plan;
  }
  plan.id = current->id;
  for (const auto& [key, value] : desired.config) {
    const auto before = current->first(key);
    if (!same_mapper(desired, key, before, value, active_directory)) plan.changes.push_back({key, before, value, ""});
  }
  if (!plan.changes.empty()) plan.action = Action::update;
  return plan;
}

// A provider Keycloak does not hold yet: every known key, the secret if there is one, and the adopted
// default mappers corrected right after Keycloak creates them.
void plan_create(const FederationSpec& spec, const std::map<std::string, std::string>& desired, Plan& plan) {
  plan.provider.action = Action::create;
  for (const auto& [key, value] : desired) plan.provider.changes.push_back({key, std::nullopt, value, why(spec, key)});
  plan.secret = spec.bind_credential ? SecretAction::set : SecretAction::none;
  if (spec.bind_credential) plan.secret_reason = "a new provider needs the bind credential";
  for (const auto& mapper : spec.mappers) {
    ComponentPlan mapper_plan = plan_mapper(mapper, nullptr);
    if (mapper.adopted_default) {
      mapper_plan.action = Action::update;
      mapper_plan.after_create = true;
    }
    plan.mappers.push_back(std::move(mapper_plan));
  }
}

// The secret: Keycloak never returns it, so it is sent only when it must or when asked to.
void plan_secret(const FederationSpec& spec, Plan& plan) {
  if (!spec.bind_credential) return;
  const auto changed = [&](const std::string& key) {
    for (const auto& change : plan.provider.changes) {
      if (change.key == key) return true;
    }
    return false;
  };
  if (changed("connectionUrl") || changed("bindDn")) {
    plan.secret = SecretAction::resend;
    plan.secret_reason = std::string("the ") + (changed("connectionUrl") ? "connection URL" : "bind DN") +
                         " changes, and Keycloak would otherwise keep the old secret for the new target";
  } else if (spec.rotate_bind_credential) {
    plan.secret = SecretAction::rotate;
    plan.secret_reason = "rotation was asked for (--rotate-bind-credential)";
  } else {
    plan.secret = SecretAction::unchanged;
    plan.secret_reason = "Keycloak keeps the stored secret; pass --rotate-bind-credential to replace it";
  }
}

// Mappers are matched by name under this provider only (never realm-wide).
void plan_mappers(const FederationSpec& spec, const std::vector<Component>& current_mappers, bool active_directory, Plan& plan) {
  std::vector<bool> matched(current_mappers.size(), false);
  for (const auto& mapper : spec.mappers) {
    const Component* found = nullptr;
    for (std::size_t i = 0; i < current_mappers.size(); ++i) {
      if (current_mappers[i].name == mapper.name) {
        found = &current_mappers[i];
        matched[i] = true;
      }
    }
    if (found == nullptr && mapper.adopted_default) continue;  // Keycloak did not create that one here
    if (found != nullptr && found->provider_id != mapper.provider_id) {
      plan.notes.push_back("mapper \"" + mapper.name + "\" is a " + found->provider_id +
                           ", not a " + mapper.provider_id + ": rename one of them (kcldap does not replace mapper types)");
      continue;
    }
    plan.mappers.push_back(plan_mapper(mapper, found, active_directory));
  }
  if (spec.default_mappers != "delete") return;
  for (std::size_t i = 0; i < current_mappers.size(); ++i) {
    if (matched[i]) continue;
    plan.mappers.push_back({Action::remove, current_mappers[i].name, current_mappers[i].id, current_mappers[i].provider_id, {}, false});
  }
}

// Changes to an existing provider that come from kcldap's defaults, not from a key the config sets: each
// says so, and one note says how to keep what Keycloak holds instead.
void mark_defaulted(const FederationSpec& spec, Plan& plan) {
  std::string keys;
  for (auto& change : plan.provider.changes) {
    auto found = spec.defaulted.find(change.key);
    if (found == spec.defaulted.end()) continue;
    change.reason = "kcldap's default; the config does not set " + found->second + " (run kcldap import to keep Keycloak's value)";
    keys += (keys.empty() ? "" : ", ") + change.key;
  }
  if (keys.empty()) return;
  plan.notes.push_back("changes from kcldap's defaults, not from the config: " + keys +
                       "; to keep what Keycloak holds, write the config with kcldap import (or set those keys)");
}

}  // namespace

Plan make_plan(const FederationSpec& spec, const Version& version, const std::optional<Component>& current,
               const std::vector<Component>& current_mappers) {
  Plan plan;
  std::vector<std::string> dropped;
  const auto desired = known_config(spec, version, &dropped);
  for (const auto& key : dropped) {
    plan.notes.push_back("not sent: " + key + " is unknown to Keycloak " + version.to_string() +
                         " (sending it would make Keycloak ignore the keys after it)");
  }
  plan.provider.name = spec.name;
  plan.provider.provider_id = "ldap";
  if (!current) {
    plan_create(spec, desired, plan);
    return plan;
  }
  plan.provider.id = current->id;
  for (const auto& [key, value] : desired) {
    const auto before = current->first(key);
    if (!same(before, value, key)) plan.provider.changes.push_back({key, before, value, why(spec, key)});
  }
  for (const auto& [key, reason] : spec.unset) {
    if (auto before = current->first(key)) plan.provider.changes.push_back({key, before, std::nullopt, reason});
  }
  if (!plan.provider.changes.empty()) plan.provider.action = Action::update;
  mark_defaulted(spec, plan);
  plan_secret(spec, plan);
  plan_mappers(spec, current_mappers, current->value("vendor") == "ad", plan);
  return plan;
}

}  // namespace kcldap::keycloak
