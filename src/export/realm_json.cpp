#include "src/export/realm_json.hpp"

#include <nlohmann/json.hpp>

#include "keycloak/federation.hpp"

namespace kcldap::exports {

namespace {

nlohmann::json config_lists(const std::map<std::string, std::string>& config) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : config) out[key] = nlohmann::json::array({value});
  return out;
}

}  // namespace

std::string render_realm_json(const ExportInput& input) {
  const keycloak::CreatedFederation& federation = input.federation;
  nlohmann::json mappers = nlohmann::json::array();
  for (const auto& mapper : federation.mappers) {
    mappers.push_back({{"name", mapper.name},
                       {"providerId", mapper.provider_id},
                       {"subComponents", nlohmann::json::object()},
                       {"config", config_lists(mapper.config)}});
  }
  nlohmann::json config = config_lists(federation.config);
  if (federation.has_bind_credential) config["bindCredential"] = nlohmann::json::array({kBindCredentialPlaceholder});
  const nlohmann::json provider = {{"name", federation.name},
                                   {"providerId", "ldap"},
                                   {"subComponents", {{keycloak::kMapperType, mappers}}},
                                   {"config", config}};
  const nlohmann::json fragment = {{"components", {{keycloak::kStorageProviderType, nlohmann::json::array({provider})}}}};
  return fragment.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace kcldap::exports
