// Which LDAP provider of the realm a command that reads an existing federation (import, doctor) works on:
// the one named, or the only one. Several and none named, or a name that matches none, is the user's to
// resolve: the error lists the providers there are, so the next command line can name one.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/component.hpp"

namespace kcldap::keycloak {

struct ChosenProvider {
  Component provider;
  std::vector<Component> mappers;
};

struct ChoiceError {
  bool usage = false;   // true: the command line must name another provider (exit 2); false: Keycloak failed (exit 1)
  std::string message;  // what was looked for, what there is, and what to pass
};

// The realm's LDAP providers (user-storage components of provider "ldap"), in Keycloak's order.
Expected<std::vector<Component>, ApiError> list_ldap_providers(AdminClient& client);

// Pure: picks from `providers` by `name` (or the only one). The error names each provider there is.
Expected<Component, ChoiceError> pick_ldap_provider(const std::vector<Component>& providers, const std::optional<std::string>& name,
                                                    const std::string& realm);

// Lists, picks, and reads the chosen provider's mappers.
Expected<ChosenProvider, ChoiceError> choose_ldap_provider(AdminClient& client, const std::optional<std::string>& name);

}  // namespace kcldap::keycloak
