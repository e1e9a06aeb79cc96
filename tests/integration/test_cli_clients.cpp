// [[clients]] against a Keycloak target (real Keycloak, or kc-emulator): each preset's client created by
// apply with exactly its roles and proven by making its app's calls as the client; a role taken away by
// hand named by check and granted again by apply; roles kcldap does not manage kept; a re-run that writes
// nothing; restore of the clients backup; the secret in the 0600 file only, never in output or backups.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>

#include "support/cli_setup.hpp"

using namespace kcldap::test;

namespace {

std::string client_block(const std::string& client_id, const std::string& preset, const std::string& dir, const std::string& extra = "") {
  return "\n[[clients]]\nclient_id = \"" + client_id + "\"\npreset = \"" + preset + "\"\nsecret_file = \"" + dir + "/" + client_id +
         ".secret\"\n" + extra;
}

// The directory's groups, synced: the proof lists groups and a group's members.
std::string group_mapper() {
  return "\n[[mappers]]\nname = \"groups\"\ntype = \"group\"\ngroups_dn = \"" + slapd().at("KCLDAP_SLAPD_GROUPS_DN") + "\"\n";
}

std::string secret_of(const Setup& s, const std::string& client_id) {
  const json client = s.keycloak->find_client(client_id);
  return s.keycloak->admin_get("/clients/" + client["id"].get<std::string>() + "/client-secret")["value"];
}

unsigned mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

// Every file under the backup folder, concatenated.
std::string backups_text(const Setup& s) {
  std::string text;
  if (!std::filesystem::exists(s.dir + "/backups")) return text;
  for (const auto& entry : std::filesystem::directory_iterator(s.dir + "/backups")) text += slurp(entry.path().string());
  return text;
}

std::string clients_backup(const Setup& s) {
  for (const auto& entry : std::filesystem::directory_iterator(s.dir + "/backups")) {
    if (entry.path().filename().string().find("-clients-") != std::string::npos) return entry.path().string();
  }
  return "";
}

}  // namespace

TEST_CASE("clients: apply creates each preset's client with exactly its roles and proves it by doing its app's calls", "[clients]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> presets = {
      {"user-reader", {"view-users"}},
      {"user-manager", {"manage-users"}},
      {"atlassian-user-sync", {"manage-users"}},
      {"kcldap", {"manage-realm", "manage-users", "query-users", "view-realm", "view-users"}}};
  const std::string dir = work_dir();
  std::string blocks;
  for (const auto& [preset, roles] : presets) blocks += client_block("app-" + preset, preset, dir);
  Setup s("26.4", group_mapper() + blocks);
  const auto applied = s.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  for (const auto& [preset, roles] : presets) {
    const std::string id = "app-" + preset;
    INFO(id);
    const json client = s.keycloak->find_client(id);
    REQUIRE(!client.is_null());
    CHECK(client["publicClient"] == false);
    CHECK(client["serviceAccountsEnabled"] == true);
    CHECK(client["standardFlowEnabled"] == false);
    CHECK(client["implicitFlowEnabled"] == false);
    CHECK(client["directAccessGrantsEnabled"] == false);
    CHECK(s.keycloak->service_account_roles(id) == roles);
    const std::string secret = secret_of(s, id);
    CHECK(slurp(dir + "/" + id + ".secret") == secret);
    CHECK(mode_of(dir + "/" + id + ".secret") == 0600);
    CHECK(applied.out.find(secret) == std::string::npos);
    CHECK(applied.err.find(secret) == std::string::npos);
    CHECK(backups_text(s).find(secret) == std::string::npos);
    CHECK(applied.out.find("PASS  client." + id + ".proof") != std::string::npos);
  }
  CHECK(applied.out.find("created, changed and deleted kcldap-proof-") != std::string::npos);  // user-manager only
  CHECK(applied.out.find("ok: list members of group") != std::string::npos);
  CHECK(applied.out.find("ok: find federated user") != std::string::npos);
  CHECK(applied.out.find("what the app gets now:") != std::string::npos);
  CHECK(applied.out.find("FAILED") == std::string::npos);
  CHECK(s.keycloak->admin_get("/users?search=kcldap-proof-").empty());  // the throwaway user is gone
  check_no_secret(applied);
}

TEST_CASE("clients: a re-run writes nothing; plan and check say unchanged", "[clients]") {
  const std::string dir = work_dir();
  Setup s("26.4", client_block("ai-platform", "user-reader", dir, "kubectl_secret = { name = \"ai-keycloak\", namespace = \"ai\" }\n"));
  const auto first = s.kcldap("apply --yes");
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.out.find("kubectl create secret generic ai-keycloak --namespace ai --from-file=client-secret=" + dir + "/ai-platform.secret") !=
        std::string::npos);
  s.clear_log();
  const auto again = s.kcldap("apply --yes");
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(s.writes().empty());
  CHECK(again.out.find("client ai-platform: unchanged") != std::string::npos);
  const auto plan = s.kcldap("plan --detailed-exitcode");
  CHECK(plan.exit_code == 0);
  CHECK(plan.out.find("client ai-platform: unchanged") != std::string::npos);
  const auto check = s.kcldap("check");
  INFO(check.out);
  CHECK(check.out.find("calls made as the client, all allowed") != std::string::npos);
  CHECK(s.writes().empty());
  const std::string secret = secret_of(s, "ai-platform");
  for (const auto* output : {&again.out, &plan.out, &check.out}) CHECK(output->find(secret) == std::string::npos);
}

TEST_CASE("clients: a role taken away by hand is named by check, and apply grants it again", "[clients]") {
  const std::string dir = work_dir();
  Setup s("26.4", group_mapper() + client_block("ai-platform", "user-reader", dir));
  REQUIRE(s.kcldap("apply --yes").exit_code == 0);
  s.keycloak->revoke_roles("ai-platform", {"view-users"});
  const auto plan = s.kcldap("plan --detailed-exitcode");
  CHECK(plan.exit_code == 3);
  CHECK(plan.out.find("client ai-platform: grant roles view-users") != std::string::npos);
  const auto check = s.kcldap("check");
  INFO(check.out << check.err);
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("client ai-platform lacks realm-management role(s) view-users") != std::string::npos);
  const auto applied = s.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(s.keycloak->service_account_roles("ai-platform") == std::vector<std::string>{"view-users"});
  CHECK(applied.out.find("calls made as the client, all allowed") != std::string::npos);
}

TEST_CASE("clients: user-manager without manage-users fails its write proof, naming the role", "[clients]") {
  const std::string dir = work_dir();
  Setup s("26.4", "\n[[clients]]\nclient_id = \"assistant\"\nroles = [\"view-users\"]\nsecret_file = \"" + dir + "/assistant.secret\"\n");
  REQUIRE(s.kcldap("apply --yes").exit_code == 0);
  // The reader's roles cannot create users: a user-manager preset on the same client would need manage-users.
  s.edit_config("roles = [\"view-users\"]", "preset = \"user-manager\"");
  const auto plan = s.kcldap("plan");
  CHECK(plan.out.find("client assistant: update description") != std::string::npos);  // the preset's description
  CHECK(plan.out.find("grant roles manage-users") != std::string::npos);
  CHECK(plan.out.find("keeps roles kcldap does not manage: view-users") != std::string::npos);
  const auto check = s.kcldap("check");
  INFO(check.out << check.err);
  CHECK(check.out.find("client assistant lacks realm-management role(s) manage-users") != std::string::npos);
  CHECK(s.keycloak->admin_get("/users?search=kcldap-proof-").empty());
}

TEST_CASE("clients: roles kcldap does not manage are kept and reported; restore undoes what apply did", "[clients]") {
  const std::string dir = work_dir();
  Setup s("26.4", client_block("ai-platform", "user-reader", dir));
  REQUIRE(s.kcldap("apply --yes").exit_code == 0);
  const std::string created_backup = clients_backup(s);
  REQUIRE(!created_backup.empty());
  s.keycloak->grant_roles("ai-platform", {"view-events"});
  s.keycloak->revoke_roles("ai-platform", {"view-users"});
  std::filesystem::remove(created_backup);
  const auto applied = s.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(applied.out.find("kept roles kcldap does not manage: view-events") != std::string::npos);
  CHECK(s.keycloak->service_account_roles("ai-platform") == std::vector<std::string>{"view-events", "view-users"});
  // The backup taken before this apply: view-events only. Restoring takes view-users back, keeps the client.
  const std::string grant_backup = clients_backup(s);
  REQUIRE(!grant_backup.empty());
  const auto restored = s.kcldap("restore " + quote(grant_backup));
  INFO(restored.out << restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK(s.keycloak->service_account_roles("ai-platform") == std::vector<std::string>{"view-events"});
  CHECK(restored.out.find("took back realm-management roles [\"view-users\"]") != std::string::npos);
}

TEST_CASE("clients: restore of the first apply's backup deletes the client it created", "[clients]") {
  const std::string dir = work_dir();
  Setup s("26.4", client_block("ai-platform", "user-reader", dir));
  REQUIRE(s.kcldap("apply --yes").exit_code == 0);
  const std::string backup = clients_backup(s);
  REQUIRE(!backup.empty());
  const std::string text = slurp(backup);
  CHECK(text.find("kcldap.clients-backup/v1") != std::string::npos);
  CHECK(mode_of(backup) == 0600);
  const auto restored = s.kcldap("restore " + quote(backup));
  INFO(restored.out << restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK(s.keycloak->find_client("ai-platform").is_null());
}

TEST_CASE("clients: an identity without the admin roles the client changes need is told which, before any write", "[clients]") {
  const std::string dir = work_dir();
  // kcldap's own service account: every role the federation needs, and view-clients to read clients, but not
  // manage-clients, which creating the app's client needs.
  Setup s("26.4", client_block("ai-platform", "user-reader", dir),
          with_clients({{"demo", "kcldap", "s3cret", {"view-realm", "manage-realm", "manage-users", "query-users", "view-users", "view-clients"}}}));
  s.use_service_account("kcldap");
  const auto check = s.kcldap("check", "KCLDAP_TEST_SECRET=s3cret");
  INFO(check.out << check.err);
  CHECK(check.exit_code == 1);
  CHECK(check.out.find("FAIL  clients.admin-roles") != std::string::npos);
  CHECK(check.out.find("lacks realm-management roles the client changes need: manage-clients") != std::string::npos);
  s.clear_log();
  const auto applied = s.kcldap("apply --yes", "KCLDAP_TEST_SECRET=s3cret");
  INFO(applied.out << applied.err);
  CHECK(applied.exit_code == 1);
  CHECK(applied.out.find("FAIL  clients.admin-roles") != std::string::npos);
  CHECK(s.writes().empty());  // stopped before the federation's first write too
  CHECK(s.keycloak->find_client("ai-platform").is_null());
}

TEST_CASE("clients: the restart hook runs after the clients step (it sees the new secret file), and not on a re-run", "[clients]") {
  const std::string dir = work_dir();
  const std::string marker = dir + "/restarted";
  const std::string secret_file = dir + "/assistant.secret";
  // The hook records whether the client's secret file was there when it ran; never the secret itself.
  const std::string hook = "\n[restart]\ncommand = [\"sh\", \"-c\", \"test -s '" + secret_file + "' && echo saw-secret-file >> '" + marker +
                           "' || echo no-secret-file >> '" + marker + "'\"]\n";
  Setup s("26.4", client_block("assistant", "user-manager", dir) + hook);
  const auto applied = s.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(slurp(marker) == "saw-secret-file\n");
  const std::string first_secret = slurp(secret_file);
  // Nothing changed: no write and no restart.
  const auto again = s.kcldap("apply --yes");
  REQUIRE(again.exit_code == 0);
  CHECK(slurp(marker) == "saw-secret-file\n");
  // rotate_secret: Keycloak makes a new secret, the file gets it, and the hook runs again after it.
  s.write_config(client_block("assistant", "user-manager", dir, "rotate_secret = true\n") + hook);
  const auto rotated = s.kcldap("apply --yes");
  INFO(rotated.out << rotated.err);
  REQUIRE(rotated.exit_code == 0);
  const std::string new_secret = slurp(secret_file);
  CHECK(new_secret != first_secret);
  CHECK(new_secret == secret_of(s, "assistant"));
  CHECK(slurp(marker) == "saw-secret-file\nsaw-secret-file\n");
  for (const auto* output : {&applied.out, &again.out, &rotated.out, &rotated.err}) {
    CHECK(output->find(first_secret) == std::string::npos);
    CHECK(output->find(new_secret) == std::string::npos);
  }
}

// The emulator serves no realm role mappings: real Keycloak only.
TEST_CASE("clients: realm_roles are granted to the service account, once", "[clients][real]") {
  const std::string dir = work_dir();
  Setup s("26.4", client_block("reporting", "user-reader", dir, "realm_roles = [\"offline_access\"]\n"));
  const auto applied = s.kcldap("apply --yes");
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const json client = s.keycloak->find_client("reporting");
  const json user = s.keycloak->admin_get("/clients/" + client["id"].get<std::string>() + "/service-account-user");
  std::vector<std::string> realm_roles;
  for (const auto& role : s.keycloak->admin_get("/users/" + user["id"].get<std::string>() + "/role-mappings/realm")) realm_roles.push_back(role["name"]);
  CHECK(std::find(realm_roles.begin(), realm_roles.end(), "offline_access") != realm_roles.end());
  CHECK(s.keycloak->service_account_roles("reporting") == std::vector<std::string>{"view-users"});
  s.clear_log();
  REQUIRE(s.kcldap("apply --yes").exit_code == 0);
  CHECK(s.writes().empty());
}
