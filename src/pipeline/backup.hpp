// Backups of what an apply replaces: the provider and its mappers as they were (never the bind
// credential), written with mode 0600 before the first write, and put back by `kcldap restore`.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/component.hpp"

namespace kcldap::pipeline {

struct Backup {
  std::string realm;
  std::string provider_name;
  std::optional<keycloak::Component> provider;  // nullopt: there was none (the apply creates it)
  std::vector<keycloak::Component> mappers;
  std::string created_provider_id;         // set when the apply created the provider
};

// The current UTC time as 20261201T013000Z (in file names and journals).
std::string utc_stamp();
// `text` with every character but letters, digits, - and _ replaced by _ (for file names).
std::string file_name_part(std::string text);

// The on-disk JSON (schema kcldap.backup/v1; components in Keycloak's representation, without the secret).
nlohmann::json backup_to_json(const Backup& backup);
// Fails, naming `path`, on a document that is not such a backup.
Expected<Backup, std::string> backup_from_json(const nlohmann::json& json, const std::string& path);

// Writes DIR/<realm>-<name>-<UTC timestamp>.json (DIR created with mode 0700, the file 0600).
Expected<std::string, std::string> write_backup(const Backup& backup, const std::string& directory);
Expected<Done, std::string> rewrite_backup(const Backup& backup, const std::string& path);
Expected<Backup, std::string> read_backup(const std::string& path);

struct RestoreResult {
  std::vector<std::string> done;
  std::string error;  // empty on success
};

// Puts the backed-up state back: deletes a provider the apply created, or restores the provider's
// config and its mappers (re-creating deleted ones, deleting ones the apply added).
RestoreResult restore_backup(keycloak::AdminClient& client, const Backup& backup);

}  // namespace kcldap::pipeline
