// The plan: what an apply would change, as a plain value computed from the desired FederationSpec and
// what Keycloak holds now. Pure: no I/O. The bind credential is never compared (Keycloak never returns
// it); the plan says whether it will be set, rotated or sent again, and why.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "keycloak/federation.hpp"

namespace kcldap::keycloak {

enum class Action { none, create, update, remove };
std::string to_string(Action action);

struct FieldChange {
  std::string key;
  std::optional<std::string> before;  // nullopt: absent
  std::optional<std::string> after;   // nullopt: removed
  std::string reason;                 // why this value (e.g. probe evidence), may be empty
};

struct ComponentPlan {
  Action action = Action::none;
  std::string name;
  std::string id;  // empty for a create
  std::string provider_id;
  std::vector<FieldChange> changes;
  bool after_create = false;  // a default mapper Keycloak will create, corrected right after
};

enum class SecretAction { none, unchanged, set, rotate, resend };
std::string to_string(SecretAction action);

struct Plan {
  ComponentPlan provider;
  std::vector<ComponentPlan> mappers;
  SecretAction secret = SecretAction::none;
  std::string secret_reason;
  std::vector<std::string> notes;  // e.g. keys the version does not know

  bool has_changes() const;
  int write_count() const;  // requests an apply will send
  // The provider needs a write: its settings change, or the secret must be (re)sent on its own.
  bool provider_write() const;
};

Plan make_plan(const FederationSpec& spec, const Version& version, const std::optional<Component>& current_provider,
               const std::vector<Component>& current_mappers);

}  // namespace kcldap::keycloak
