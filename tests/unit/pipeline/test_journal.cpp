// src/pipeline/journal and run_lock: the run journal's JSON both ways (and what counts as unfinished),
// its atomic write and read, and the run lock: the holder's pid, staleness, refusal and take-over.
#include <catch2/catch.hpp>
#include <unistd.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

#include "src/pipeline/journal.hpp"
#include "src/pipeline/run_lock.hpp"

using namespace kcldap::pipeline;
namespace fs = std::filesystem;

namespace {

std::string temp_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("kcldap-unit-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

Journal sample() {
  return Journal{"demo", "ldap", 42, "20261201T010000Z", "20261201T010001Z", journal_state::written, "/b/demo-ldap-x.json",
                 {"create provider \"ldap\"", "update mapper \"email\""}, {"create provider \"ldap\" (id abc)"}, "abc", ""};
}

}  // namespace

TEST_CASE("journal: JSON round trip; only finished and rolled-back runs are done", "[pipeline][journal]") {
  const Journal journal = sample();
  const auto json = journal_to_json(journal);
  CHECK(json["schema"] == "kcldap.journal/v1");
  CHECK(json["state"] == "written");
  const auto back = journal_from_json(json, "j.json");
  REQUIRE(back);
  CHECK(back->realm == "demo");
  CHECK(back->pid == 42);
  CHECK(back->planned == journal.planned);
  CHECK(back->done == journal.done);
  CHECK(back->backup_path == journal.backup_path);
  CHECK(back->provider_id == "abc");
  for (const char* state : {journal_state::writing, journal_state::written, journal_state::post_checks, journal_state::restart}) {
    Journal unfinished = journal;
    unfinished.state = state;
    CHECK(unfinished.unfinished());
  }
  Journal done = journal;
  done.state = journal_state::finished;
  CHECK_FALSE(done.unfinished());
  done.state = journal_state::rolled_back;
  CHECK_FALSE(done.unfinished());
}

TEST_CASE("journal: a document that is not a journal is refused with its path and what to do", "[pipeline][journal]") {
  const auto other = journal_from_json({{"schema", "kcldap.backup/v1"}}, "/x/j.json");
  REQUIRE_FALSE(other);
  CHECK(other.error().find("/x/j.json is not a kcldap run journal") == 0);
  const auto damaged = journal_from_json({{"schema", "kcldap.journal/v1"}, {"realm", 3}}, "/x/j.json");
  REQUIRE_FALSE(damaged);
  CHECK(damaged.error().find("damaged") != std::string::npos);
  CHECK(damaged.error().find("move it away") != std::string::npos);
}

TEST_CASE("journal: written atomically with mode 0600, read back; none is nullopt", "[pipeline][journal]") {
  const std::string dir = temp_dir("journal");
  const std::string path = journal_path(dir, "my realm", "ldap/x");
  CHECK(fs::path(path).filename() == "my_realm-ldap_x.journal.json");
  const auto none = read_journal(path);
  REQUIRE(none);
  CHECK_FALSE(none->has_value());
  REQUIRE(write_journal(sample(), path));
  CHECK_FALSE(fs::exists(path + ".tmp"));
  CHECK((fs::status(path).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  const auto read = read_journal(path);
  REQUIRE(read);
  REQUIRE(read->has_value());
  CHECK((*read)->state == "written");
  std::ofstream(path) << "not json";
  CHECK_FALSE(read_journal(path));
  fs::remove_all(dir);
}

TEST_CASE("run lock: the pid in the file; stale when it names no live process", "[pipeline][lock]") {
  CHECK(parse_lock("1234\n") == 1234L);
  CHECK(parse_lock("1234") == 1234L);
  CHECK_FALSE(parse_lock(""));
  CHECK_FALSE(parse_lock("12ab\n"));
  CHECK_FALSE(parse_lock("0\n"));
  CHECK(lock_is_stale(std::nullopt, false));
  CHECK(lock_is_stale(1234L, false));
  CHECK_FALSE(lock_is_stale(1234L, true));
}

TEST_CASE("run lock: a second taker is refused naming the holder; a dead holder's lock is taken over", "[pipeline][lock]") {
  const std::string dir = temp_dir("lock");
  std::string notice;
  {
    auto held = acquire_run_lock(dir, "demo", "ldap", notice);
    REQUIRE(held);
    CHECK(notice.empty());
    const auto refused = acquire_run_lock(dir, "demo", "ldap", notice);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().find("another kcldap (pid " + std::to_string(::getpid()) + ")") == 0);
    CHECK(acquire_run_lock(dir, "demo", "other", notice));  // another provider: its own lock
  }
  CHECK_FALSE(fs::exists(dir + "/demo-ldap.lock"));  // released with the run
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  std::ofstream(dir + "/demo-ldap.lock") << child << "\n";
  auto taken = acquire_run_lock(dir, "demo", "ldap", notice);
  REQUIRE(taken);
  CHECK(notice.find("took over the stale run lock") == 0);
  CHECK(notice.find("pid " + std::to_string(child) + " (that process is gone)") != std::string::npos);
  fs::remove_all(dir);
}
