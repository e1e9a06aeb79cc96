// checks/sync_preview: the simulated sync's verdicts from a directory listing and the realm's users.
#include <catch2/catch.hpp>

#include "checks/sync_preview.hpp"

using namespace kcldap::checks;
using nlohmann::json;

namespace {

kcldap::ldap::ListedUser user(const std::string& uid, const std::string& mail, const std::string& given = "", const std::string& sn = "") {
  kcldap::ldap::ListedUser out;
  out.dn = "uid=" + uid + ",ou=people,dc=example,dc=org";
  if (!uid.empty()) out.values["uid"] = uid;
  if (!mail.empty()) out.values["mail"] = mail;
  if (!given.empty()) out.values["givenname"] = given;
  if (!sn.empty()) out.values["sn"] = sn;
  return out;
}

DirectoryPopulation population(const std::vector<kcldap::ldap::ListedUser>& users) {
  DirectoryPopulation out({{"username", "uid"}, {"email", "mail"}, {"firstName", "givenName"}, {"lastName", "sn"}}, 2);
  for (const auto& u : users) out.add(u);
  return out;
}

// By value: callers pass the temporary result of sync_preview_checks.
Check by_id(const std::vector<Check>& checks, const std::string& id) {
  for (const auto& check : checks) {
    if (check.id == id) return check;
  }
  FAIL("no check " << id);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("sync preview: counts, a sample as Keycloak shows it, entries without a username", "[checks][sync]") {
  const auto directory = population({user("Alice", "Alice@Example.org", "Alice", "Anders"), user("bob", ""), user("", "x@example.org")});
  CHECK(directory.total() == 3);
  CHECK(directory.without_username() == 1);
  CHECK(directory.without_email() == 1);
  const auto checks = sync_preview_checks(directory, KeycloakUsers{json::array(), ""}, {});
  const Check preview = by_id(checks, "sync.preview");
  CHECK(preview.status == Status::warn);
  CHECK(preview.finding.find("2 directory users would be imported; 1 entries lack uid") == 0);
  CHECK(preview.show_details);
  bool sample_shown = false;
  for (const auto& line : preview.details) sample_shown = sample_shown || line == "  alice <alice@example.org>  Alice Anders";
  CHECK(sample_shown);
  CHECK(by_id(sync_preview_checks(population({}), KeycloakUsers{json::array(), ""}, {}), "sync.preview").status == Status::fail);
}

TEST_CASE("sync preview: local users holding a directory username or email are collisions; the provider's own are not", "[checks][sync]") {
  const auto directory = population({user("alice", "alice@example.org"), user("bob", "bob@example.org"), user("carol", "carol@example.org")});
  const json realm_users = json::array({
      {{"username", "alice"}, {"federationLink", "ours"}},                     // already ours: updated by a sync
      {{"username", "bob"}},                                                   // local: blocks bob
      {{"username", "dave"}, {"email", "CAROL@example.org"}},                  // local: holds carol's email
      {{"username", "erin"}, {"federationLink", "another"}, {"email", "e@x"}},  // another provider, no clash
  });
  SyncPreviewSettings settings{"ours", true, false};
  const Check collisions = by_id(sync_preview_checks(directory, KeycloakUsers{realm_users, ""}, settings), "sync.local-collisions");
  CHECK(collisions.status == Status::fail);
  CHECK(collisions.finding == "2 directory users collide with existing Keycloak users (1 by username, 1 by email)");
  // Import off: an email clash alone is a warning (nothing is imported), a username clash still fails logins.
  const json only_email = json::array({{{"username", "dave"}, {"email", "carol@example.org"}}});
  CHECK(by_id(sync_preview_checks(directory, KeycloakUsers{only_email, ""}, {"", false, false}), "sync.local-collisions").status == Status::warn);
  // A realm that allows duplicate emails has no email clash.
  CHECK(by_id(sync_preview_checks(directory, KeycloakUsers{only_email, ""}, {"", true, true}), "sync.local-collisions").status == Status::pass);
  // Users not listed (no write allowed): skipped with the reason.
  const Check skipped = by_id(sync_preview_checks(directory, KeycloakUsers{std::nullopt, "not checked: reason"}, settings), "sync.local-collisions");
  CHECK(skipped.status == Status::skip);
  CHECK(skipped.finding == "not checked: reason");
}

TEST_CASE("sync preview: usernames compared without case, and emails, must be unique in the directory", "[checks][sync]") {
  const auto directory = population({user("Sam", "sam@example.org"), user("sam", "SAM@example.org"), user("kim", "kim@example.org")});
  const auto checks = sync_preview_checks(directory, KeycloakUsers{json::array(), ""}, {});
  CHECK(by_id(checks, "sync.duplicate-usernames").status == Status::fail);
  CHECK(by_id(checks, "sync.duplicate-usernames").details.front().find("sam: uid=Sam,") == 0);
  CHECK(by_id(checks, "sync.duplicate-emails").status == Status::fail);
  CHECK(by_id(sync_preview_checks(directory, KeycloakUsers{json::array(), ""}, {"", false, false}), "sync.duplicate-emails").status == Status::warn);
}
