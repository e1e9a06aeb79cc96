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

namespace {

std::string utc_stamp() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
  return buffer;
}

std::string safe(std::string text) {
  for (char& c : text) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_')) c = '_';
  }
  return text;
}

}  // namespace

json backup_to_json(const Backup& backup) {
  json mappers = json::array();
  for (const auto& mapper : backup.mappers) mappers.push_back(keycloak::without_secret(mapper));
  return {{"schema", "kcldap.backup/v1"},
          {"realm", backup.realm},
          {"provider_name", backup.provider_name},
          {"provider", backup.provider ? keycloak::without_secret(*backup.provider) : json(nullptr)},
          {"mappers", mappers},
          {"created_provider_id", backup.created_provider_id},
          {"note", "the bind credential is never stored here; Keycloak keeps its stored value"}};
}

Expected<Backup, std::string> backup_from_json(const json& document, const std::string& path) {
  if (!document.is_object() || document.value("schema", "") != "kcldap.backup/v1") {
    return unexpected(path + " is not a kcldap backup (schema kcldap.backup/v1)");
  }
  Backup backup;
  backup.realm = document.value("realm", "");
  backup.provider_name = document.value("provider_name", "");
  if (!document["provider"].is_null()) backup.provider = document["provider"];
  backup.mappers = document.value("mappers", json::array());
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
  const std::string stem = (fs::path(directory) / (safe(backup.realm) + "-" + safe(backup.provider_name) + "-" + utc_stamp())).string();
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
  const std::string id = (*backup.provider)["id"];
  auto current = keycloak::get_component(client, id, "read the provider");
  if (!current) return fail(current.error());
  // PUT merges: keys the apply added are removed with an empty list; the secret stays as stored. Only
  // what differs from the backup is written.
  const json provider_changes = keycloak::config_restoring(*current, *backup.provider);
  if (keycloak::changes_config(*current, provider_changes) || (*current)["name"] != (*backup.provider)["name"]) {
    auto put = keycloak::update_component(client, *current, provider_changes, "restore the provider's settings", (*backup.provider)["name"]);
    if (!put) return fail(put.error());
    result.done.push_back("restored the settings of provider \"" + backup.provider_name + "\"");
  } else {
    result.done.push_back("the settings of provider \"" + backup.provider_name + "\" are as backed up");
  }
  auto now = keycloak::child_components(client, id, keycloak::kMapperType, "read the mappers");
  if (!now) return fail(now.error());
  std::set<std::string> backed_up;
  for (const auto& mapper : backup.mappers) backed_up.insert(mapper["id"].get<std::string>());
  for (const auto& mapper : *now) {
    if (backed_up.count(mapper["id"]) != 0) continue;
    auto removed = keycloak::delete_component(client, mapper["id"].get<std::string>(), "delete a mapper the apply added");
    if (!removed) return fail(removed.error());
    result.done.push_back("deleted mapper \"" + mapper.value("name", "") + "\" (added by the apply)");
  }
  for (const auto& mapper : backup.mappers) {
    const std::string mapper_id = mapper["id"];
    const json* stored = nullptr;
    for (const auto& candidate : *now) {
      if (candidate["id"] == mapper_id) stored = &candidate;
    }
    if (stored != nullptr) {
      const json mapper_changes = keycloak::config_restoring(*stored, mapper);
      if (!keycloak::changes_config(*stored, mapper_changes) && (*stored)["name"] == mapper["name"]) continue;
      auto restored = keycloak::update_component(client, *stored, mapper_changes, "restore mapper \"" + mapper.value("name", "") + "\"", mapper["name"]);
      if (!restored) return fail(restored.error());
      result.done.push_back("restored mapper \"" + mapper.value("name", "") + "\"");
    } else {
      auto created = keycloak::create_component(client, mapper, "re-create mapper \"" + mapper.value("name", "") + "\"");
      if (!created) return fail(created.error());
      result.done.push_back("re-created mapper \"" + mapper.value("name", "") + "\"");
    }
  }
  return result;
}

}  // namespace kcldap::pipeline
