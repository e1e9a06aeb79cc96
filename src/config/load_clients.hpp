// Reading the [[clients]] blocks of kcldap.toml: one confidential service-account client per block, each
// key checked with file:line errors like [[mappers]], and the least-privilege warnings of
// keycloak/client_presets added to the config's warnings.
#pragma once
#include <toml++/toml.h>

#include <string>
#include <vector>

#include "src/config/config.hpp"

namespace kcldap::config {

// The keys a [[clients]] block accepts, with their type as the README writes it.
struct ClientKeySpec {
  std::string key;
  std::string type;
};
const std::vector<ClientKeySpec>& client_keys();

// Appends each valid block to result.config.clients, each problem to result.errors.
void load_clients(const toml::node& node, const SourceLocation& where, const std::string& path, LoadResult& result);

}  // namespace kcldap::config
