#include "common/file.hpp"
#include "src/pipeline/backup.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <set>
#include <cerrno>
#include <cstring>
#include <cctype>

#include "keycloak/components_api.hpp"
#include "keycloak/federation.hpp"

namespace kcldap::pipeline {

using nlohmann::json;
namespace fs = std::filesystem;

std::string utc_stamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

std::string file_name_part(std::string text) {
  for (char& c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_')) c = '_';
  }
  return text;
}

json backup_to_json(const Backup& backup) {
  json mappers = json::array();
  for (const auto& mapper : backup.mappers) mappers.push_back(keycloak::component_to_json(keycloak::without_secret(mapper)));
  return {{"schema", "kcldap.backup/v1"},
          {"realm", backup.realm},
          {"provider_name", backup.provider_name},
          {"provider", backup.provider ? keycloak::component_to_json(keycloak::without_secret(*backup.provider)) : json(nullptr)},
          {"mappers", mappers},
          {"created_provider_id", backup.created_provider_id},
          {"note", "the bind credential is never stored here; Keycloak keeps its stored value"}};
}

Expected<Backup, std::string> backup_from_json(const json& document, const std::string& path) {
  if (!document.is_object() || document.value("schema", "") != "kcldap.backup/v1") {
    return unexpected(path + " is not a kcldap backup (schema kcldap.backup/v1)");
  }
  const auto damaged = [&](const std::string& why) {
    return unexpected(path + " is a damaged kcldap backup: " + why + " (restore from another backup, or fix the file)");
  };
  Backup backup;
  backup.realm = document.value("realm", "");
  backup.provider_name = document.value("provider_name", "");
  if (document.contains("provider") && !document["provider"].is_null()) {
    auto provider = keycloak::component_from_json(document["provider"]);
    if (!provider) return damaged("the provider: " + provider.error());
    backup.provider = std::move(*provider);
  }
  auto mappers = keycloak::components_from_json(document.value("mappers", json::array()));
  if (!mappers) return damaged("the mappers: " + mappers.error());
  backup.mappers = std::move(*mappers);
  backup.created_provider_id = document.value("created_provider_id", "");
  return backup;
}

Expected<Done, std::string> rewrite_backup(const Backup& backup, const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return unexpected("cannot write the backup " + path + ": " + std::strerror(errno));
  const std::string text = backup_to_json(backup).dump(2) + "\n";
  const ssize_t written = ::write(fd, text.data(), text.size());
  ::fchmod(fd, 0600);
  ::close(fd);
  if (written != static_cast<ssize_t>(text.size())) return unexpected("the backup " + path + " was not written whole");
  return Done{};
}

Expected<std::string, std::string> write_backup(const Backup& backup, const std::string& directory) {
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return unexpected("cannot create the backup folder " + directory + ": " + error.message());
  ::chmod(directory.c_str(), 0700);
  // Never overwrite an earlier backup (two applies can run within one second): create exclusively.
  const std::string stem = (fs::path(directory) / (file_name_part(backup.realm) + "-" + file_name_part(backup.provider_name) + "-" + utc_stamp())).string();
  for (int attempt = 1; attempt < 1000; ++attempt) {
    const std::string path = stem + (attempt == 1 ? "" : "-" + std::to_string(attempt)) + ".json";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) return unexpected("cannot write the backup " + path + ": " + std::strerror(errno));
    ::close(fd);
    if (auto written = rewrite_backup(backup, path); !written) return unexpected(written.error());
    return path;
  }
  return unexpected("cannot find a free backup file name under " + directory);
}

Expected<Backup, std::string> read_backup(const std::string& path) {
  const auto content = read_file(path);
  if (!content) return unexpected("cannot read the backup " + path);
  const json document = json::parse(*content, nullptr, false);
  if (document.is_discarded()) return unexpected(path + " is not JSON");
  return backup_from_json(document, path);
}

namespace {

using keycloak::Component;

// The provider's name and config as backed up. PUT merges: keys the apply added are removed with an
// empty list; the secret stays as stored. Only what differs from the backup is written.
Expected<std::string, keycloak::ApiError> restore_provider(keycloak::AdminClient& client, const Backup& backup) {
  const Component& wanted = *backup.provider;
  auto current = keycloak::get_component(client, wanted.id, "read the provider");
  if (!current) return unexpected(current.error());
  const keycloak::ComponentConfig changes = keycloak::config_restoring(*current, wanted);
  if (!keycloak::changes_config(*current, changes) && current->name == wanted.name) {
    return "the settings of provider \"" + backup.provider_name + "\" are as backed up";
  }
  auto put = keycloak::update_component(client, *current, changes, "restore the provider's settings", wanted.name);
  if (!put) return unexpected(put.error());
  return "restored the settings of provider \"" + backup.provider_name + "\"";
}

// One backed-up mapper: restored in place when it is still there, re-created when the apply deleted it.
Expected<std::optional<std::string>, keycloak::ApiError> restore_mapper(keycloak::AdminClient& client, const Component& mapper,
                                                                        const std::vector<Component>& now) {
  const Component* stored = nullptr;
  for (const auto& candidate : now) {
    if (candidate.id == mapper.id) stored = &candidate;
  }
  if (stored == nullptr) {
    auto created = keycloak::create_component(client, mapper, "re-create mapper \"" + mapper.name + "\"");
    if (!created) return unexpected(created.error());
    return std::optional<std::string>("re-created mapper \"" + mapper.name + "\"");
  }
  const keycloak::ComponentConfig changes = keycloak::config_restoring(*stored, mapper);
  if (!keycloak::changes_config(*stored, changes) && stored->name == mapper.name) return std::optional<std::string>();
  auto restored = keycloak::update_component(client, *stored, changes, "restore mapper \"" + mapper.name + "\"", mapper.name);
  if (!restored) return unexpected(restored.error());
  return std::optional<std::string>("restored mapper \"" + mapper.name + "\"");
}

// The mappers as backed up: those the apply added are deleted, the others restored or re-created.
Expected<Done, keycloak::ApiError> restore_mappers(keycloak::AdminClient& client, const Backup& backup, std::vector<std::string>& done) {
  auto now = keycloak::child_components(client, backup.provider->id, keycloak::kMapperType, "read the mappers");
  if (!now) return unexpected(now.error());
  std::set<std::string> backed_up;
  for (const auto& mapper : backup.mappers) backed_up.insert(mapper.id);
  for (const auto& mapper : *now) {
    if (backed_up.count(mapper.id) != 0) continue;
    auto removed = keycloak::delete_component(client, mapper.id, "delete a mapper the apply added");
    if (!removed) return unexpected(removed.error());
    done.push_back("deleted mapper \"" + mapper.name + "\" (added by the apply)");
  }
  for (const auto& mapper : backup.mappers) {
    auto restored = restore_mapper(client, mapper, *now);
    if (!restored) return unexpected(restored.error());
    if (*restored) done.push_back(**restored);
  }
  return Done{};
}

}  // namespace

RestoreResult restore_backup(keycloak::AdminClient& client, const Backup& backup) {
  RestoreResult result;
  const auto fail = [&](const keycloak::ApiError& error) {
    result.error = error.to_string();
    return result;
  };
  if (!backup.provider) {
    if (backup.created_provider_id.empty()) {
      result.done.push_back("nothing to restore: the apply created nothing");
      return result;
    }
    auto removed = keycloak::delete_component(client, backup.created_provider_id, "delete the provider the apply created");
    if (!removed && removed.error().status != 404) return fail(removed.error());
    result.done.push_back("deleted the provider \"" + backup.provider_name + "\" that the apply created (" + backup.created_provider_id + ")");
    return result;
  }
  auto provider = restore_provider(client, backup);
  if (!provider) return fail(provider.error());
  result.done.push_back(*provider);
  if (auto mappers = restore_mappers(client, backup, result.done); !mappers) return fail(mappers.error());
  return result;
}

}  // namespace kcldap::pipeline
