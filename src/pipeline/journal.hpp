// The run journal: what an apply is about to do and what it has done, in a small JSON file next to its
// backup (DIR/<realm>-<provider>.journal.json, mode 0600, replaced atomically at each step), so that
// the next apply or `kcldap resume` can find a run that did not finish (killed, interrupted, a write
// that timed out) and finish it: post-checks, then the restart hook, or a rollback from its backup.
// It holds step descriptions, ids and paths only: never a secret.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/expected.hpp"

namespace kcldap::pipeline {

// The states of a run, in order. A run that stopped in any state before finished / rolled-back is
// unfinished.
namespace journal_state {
inline constexpr const char* writing = "writing";          // the backup and the writes
inline constexpr const char* written = "written";          // every write done
inline constexpr const char* post_checks = "post-checks";  // the post-checks started
inline constexpr const char* restart = "restart";          // the post-checks passed, the hook started
inline constexpr const char* finished = "finished";        // post-checked and restarted (or the failure reported)
inline constexpr const char* rolled_back = "rolled-back";  // undone from the backup
}  // namespace journal_state

struct Journal {
  std::string realm;
  std::string provider;
  long pid = 0;                       // the kcldap that wrote it last
  std::string started;                // UTC, when the run began writing
  std::string updated;                // UTC, the last step
  std::string state = journal_state::writing;
  std::string backup_path;            // the state before the run: what a rollback puts back
  std::vector<std::string> planned;   // the writes, as the apply report names them
  std::vector<std::string> done;      // the writes done (with the ids Keycloak gave)
  std::string provider_id;
  std::string error;                  // why the run stopped, when it did
  bool unfinished() const;
};

nlohmann::json journal_to_json(const Journal& journal);  // schema kcldap.journal/v1
Expected<Journal, std::string> journal_from_json(const nlohmann::json& json, const std::string& path);

// DIR/<realm>-<provider>.journal.json
std::string journal_path(const std::string& directory, const std::string& realm, const std::string& provider);
// Writes a temporary file and renames it over `path` (0600): a reader sees the old or the new journal.
Expected<Done, std::string> write_journal(const Journal& journal, const std::string& path);
// nullopt when there is no journal at `path`; an error when it cannot be read or is not a journal.
Expected<std::optional<Journal>, std::string> read_journal(const std::string& path);

}  // namespace kcldap::pipeline
