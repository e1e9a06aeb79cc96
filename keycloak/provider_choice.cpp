#include "keycloak/provider_choice.hpp"

#include "keycloak/components_api.hpp"
#include "keycloak/federation.hpp"

namespace kcldap::keycloak {

namespace {

std::string listing(const std::vector<Component>& providers) {
  std::string text;
  for (const auto& provider : providers) {
    text += "\n  " + provider.name + "  (id " + provider.id + ", " + provider.value("connectionUrl") + ")";
  }
  return text;
}

}  // namespace

Expected<std::vector<Component>, ApiError> list_ldap_providers(AdminClient& client) {
  auto found = list_components(client, kStorageProviderType, std::nullopt, "list the LDAP providers");
  if (!found) return unexpected(found.error());
  std::vector<Component> providers;
  for (auto& component : *found) {
    if (component.provider_id == "ldap") providers.push_back(std::move(component));
  }
  return providers;
}

Expected<Component, ChoiceError> pick_ldap_provider(const std::vector<Component>& providers, const std::optional<std::string>& name,
                                                    const std::string& realm) {
  if (providers.empty()) {
    return unexpected(ChoiceError{true, "realm " + realm + " has no LDAP provider; kcldap setup or kcldap apply creates one"});
  }
  if (!name) {
    if (providers.size() == 1) return providers.front();
    return unexpected(ChoiceError{true, "realm " + realm + " has " + std::to_string(providers.size()) +
                                            " LDAP providers; name one with --provider NAME:" + listing(providers)});
  }
  std::vector<const Component*> named;
  for (const auto& provider : providers) {
    if (provider.name == *name) named.push_back(&provider);
  }
  if (named.size() == 1) return *named.front();
  if (named.empty()) {
    return unexpected(ChoiceError{true, "realm " + realm + " has no LDAP provider named \"" + *name + "\"; it has:" + listing(providers)});
  }
  return unexpected(ChoiceError{true, std::to_string(named.size()) + " LDAP providers of realm " + realm + " are named \"" + *name +
                                          "\"; rename one of them in Keycloak (kcldap matches providers by name):" + listing(providers)});
}

Expected<ChosenProvider, ChoiceError> choose_ldap_provider(AdminClient& client, const std::optional<std::string>& name) {
  auto providers = list_ldap_providers(client);
  if (!providers) return unexpected(ChoiceError{false, providers.error().to_string()});
  auto picked = pick_ldap_provider(*providers, name, client.realm());
  if (!picked) return unexpected(picked.error());
  auto mappers = child_components(client, picked->id, kMapperType, "read the mappers of \"" + picked->name + "\"");
  if (!mappers) return unexpected(ChoiceError{false, mappers.error().to_string()});
  return ChosenProvider{std::move(*picked), std::move(*mappers)};
}

}  // namespace kcldap::keycloak
