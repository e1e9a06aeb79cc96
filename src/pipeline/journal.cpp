#include "src/pipeline/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/file.hpp"
#include "src/pipeline/backup.hpp"

namespace kcldap::pipeline {

using nlohmann::json;

bool Journal::unfinished() const { return state != journal_state::finished && state != journal_state::rolled_back; }

json journal_to_json(const Journal& journal) {
  return {{"schema", "kcldap.journal/v1"}, {"realm", journal.realm},     {"provider", journal.provider},
          {"pid", journal.pid},            {"started", journal.started}, {"updated", journal.updated},
          {"state", journal.state},        {"backup", journal.backup_path}, {"planned", journal.planned},
          {"done", journal.done},          {"provider_id", journal.provider_id}, {"error", journal.error}};
}

Expected<Journal, std::string> journal_from_json(const json& document, const std::string& path) {
  if (!document.is_object() || document.value("schema", "") != "kcldap.journal/v1") {
    return unexpected(path + " is not a kcldap run journal (schema kcldap.journal/v1); move it away and run again");
  }
  try {
    Journal journal;
    journal.realm = document.at("realm").get<std::string>();
    journal.provider = document.at("provider").get<std::string>();
    journal.pid = document.value("pid", 0L);
    journal.started = document.value("started", "");
    journal.updated = document.value("updated", "");
    journal.state = document.at("state").get<std::string>();
    journal.backup_path = document.value("backup", "");
    journal.planned = document.value("planned", std::vector<std::string>{});
    journal.done = document.value("done", std::vector<std::string>{});
    journal.provider_id = document.value("provider_id", "");
    journal.error = document.value("error", "");
    return journal;
  } catch (const json::exception& error) {
    return unexpected(path + " is a damaged kcldap run journal (" + error.what() + "); move it away and run again");
  }
}

std::string journal_path(const std::string& directory, const std::string& realm, const std::string& provider) {
  return (std::filesystem::path(directory) / (file_name_part(realm) + "-" + file_name_part(provider) + ".journal.json")).string();
}

Expected<Done, std::string> write_journal(const Journal& journal, const std::string& path) {
  const std::string temporary = path + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return unexpected("cannot write the run journal " + temporary + ": " + std::strerror(errno));
  const std::string text = journal_to_json(journal).dump(2) + "\n";
  const bool whole = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!whole || !synced) return unexpected("the run journal " + temporary + " was not written whole (disk full?)");
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    return unexpected("cannot put the run journal in place at " + path + ": " + std::strerror(errno));
  }
  return Done{};
}

Expected<std::optional<Journal>, std::string> read_journal(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::optional<Journal>{};
  const auto content = read_file(path);
  if (!content) return unexpected("cannot read the run journal " + path);
  const json document = json::parse(*content, nullptr, false);
  if (document.is_discarded()) return unexpected(path + " is not JSON; move it away and run again");
  auto journal = journal_from_json(document, path);
  if (!journal) return unexpected(journal.error());
  return std::optional<Journal>{std::move(*journal)};
}

}  // namespace kcldap::pipeline
