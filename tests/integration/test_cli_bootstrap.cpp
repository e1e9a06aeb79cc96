// kcldap bootstrap-client against a Keycloak target (real Keycloak, or kc-emulator): the least-privilege
// service-account client, created, re-run without writes, rotated, with extra roles reported, missing
// admin rights explained, and the config pointed at it.
#include <catch2/catch.hpp>
#include <sys/stat.h>

#include "common/base64.hpp"
#include "support/cli_setup.hpp"

using namespace kcldap::test;

namespace {

json client_state(const Setup& s, const std::string& client_id) { return s.keycloak->find_client(client_id); }

// The client's secret as an admin reads it from Keycloak.
std::string secret_of(const Setup& s, const std::string& client_id) {
  const json client = client_state(s, client_id);
  return s.keycloak->admin_get("/clients/" + client["id"].get<std::string>() + "/client-secret")["value"];
}

std::vector<std::string> roles_of(const Setup& s, const std::string& client_id) { return s.keycloak->service_account_roles(client_id); }

// The claims of a JWT access token (its middle part, base64url).
json jwt_claims(const std::string& token) {
  const auto first = token.find('.');
  const auto payload = kcldap::decode_base64(token.substr(first + 1, token.find('.', first + 1) - first - 1));
  REQUIRE(payload.has_value());
  return json::parse(*payload);
}

unsigned mode_of(const std::string& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("bootstrap-client: creates the confidential client with exactly the roles the config needs, and verifies it") {
  Setup s("26.4");
  const std::string secret_file = s.dir + "/kcldap.secret";
  const auto run = s.kcldap("bootstrap-client --secret-file " + quote(secret_file) + " --kubectl-secret kcldap-client --namespace platform");
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const json client = client_state(s, "kcldap");
  REQUIRE(!client.is_null());
  CHECK(client["publicClient"] == false);
  CHECK(client["serviceAccountsEnabled"] == true);
  CHECK(client["standardFlowEnabled"] == false);
  CHECK(client["directAccessGrantsEnabled"] == false);
  CHECK(client["implicitFlowEnabled"] == false);
  CHECK(client["description"].get<std::string>().find("kcldap") != std::string::npos);
  // Import on, sync and lookups by default: the five roles, nothing more (no realm-admin "to be safe").
  CHECK(roles_of(s, "kcldap") == std::vector<std::string>{"manage-realm", "manage-users", "query-users", "view-realm", "view-users"});
  const std::string secret = secret_of(s, "kcldap");
  CHECK(slurp(secret_file) == secret);
  CHECK(mode_of(secret_file) == 0600);
  CHECK(run.out.find(secret) == std::string::npos);
  CHECK(run.err.find(secret) == std::string::npos);
  // The token Keycloak issues to the client carries those roles and what they imply, nothing more: in
  // Keycloak view-users is a composite of query-users and query-groups.
  const json claims = jwt_claims(s.keycloak->client_token("demo", "kcldap", secret));
  std::vector<std::string> token_roles = claims["resource_access"]["realm-management"]["roles"];
  std::sort(token_roles.begin(), token_roles.end());
  CHECK(token_roles == std::vector<std::string>{"manage-realm", "manage-users", "query-groups", "query-users", "view-realm", "view-users"});
  CHECK(run.out.find("created: confidential, service account on") != std::string::npos);
  CHECK(run.out.find("verify   the service account of client kcldap holds every role this run needs") != std::string::npos);
  CHECK(run.out.find("kubectl create secret generic kcldap-client --namespace platform --from-file=client-secret=" + secret_file) !=
        std::string::npos);
  CHECK(run.out.find("Result: OK, changed") != std::string::npos);
}

TEST_CASE("bootstrap-client: the fewest roles for a config without sync or lookups") {
  Setup s("26.4", "import_users = false\n\n[checks]\nsample_users = 0\n");
  const auto run = s.kcldap("bootstrap-client --client-id ldap-sync");
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(roles_of(s, "ldap-sync") == std::vector<std::string>{"manage-realm", "view-realm"});
  CHECK(run.out.find("not shown: --secret-file PATH writes it") != std::string::npos);
}

TEST_CASE("bootstrap-client: a second run changes nothing and says so") {
  Setup s("26.4");
  const std::string secret_file = s.dir + "/kcldap.secret";
  REQUIRE(s.kcldap("bootstrap-client --secret-file " + quote(secret_file)).exit_code == 0);
  const std::string secret = slurp(secret_file);
  s.clear_log();
  const auto again = s.kcldap("bootstrap-client --secret-file " + quote(secret_file));
  INFO(again.out << again.err);
  REQUIRE(again.exit_code == 0);
  CHECK(s.writes().empty());  // no POST, PUT or DELETE (sign-ins aside)
  CHECK(again.out.find("client   up to date") != std::string::npos);
  CHECK(again.out.find("roles    already held: view-realm, manage-realm, manage-users, query-users, view-users") != std::string::npos);
  CHECK(again.out.find("already holds it") != std::string::npos);
  CHECK(again.out.find("Result: OK, nothing to change") != std::string::npos);
  CHECK(slurp(secret_file) == secret);
}

TEST_CASE("bootstrap-client: --rotate-secret has Keycloak generate a new secret; the old one stops working") {
  Setup s("26.4");
  const std::string secret_file = s.dir + "/kcldap.secret";
  REQUIRE(s.kcldap("bootstrap-client --secret-file " + quote(secret_file)).exit_code == 0);
  const std::string old_secret = slurp(secret_file);
  const auto rotated = s.kcldap("bootstrap-client --rotate-secret --secret-file " + quote(secret_file) + " --format json");
  INFO(rotated.out << rotated.err);
  REQUIRE(rotated.exit_code == 0);
  const json report = json::parse(rotated.out);
  CHECK(report["schema"] == "kcldap.bootstrap/v1");
  CHECK(report["secret"]["rotated"] == true);
  CHECK(report["secret"]["file_changed"] == true);
  CHECK(report["changed"] == true);
  const std::string new_secret = slurp(secret_file);
  CHECK(new_secret != old_secret);
  CHECK(new_secret == secret_of(s, "kcldap"));
  CHECK(rotated.out.find(new_secret) == std::string::npos);
  CHECK_THROWS(s.keycloak->client_token("demo", "kcldap", old_secret));
  CHECK_NOTHROW(s.keycloak->client_token("demo", "kcldap", new_secret));
  // --print-secret: stdout is the secret alone, for $(...); the report goes to stderr.
  const auto printed = s.kcldap("bootstrap-client --print-secret");
  CHECK(printed.exit_code == 0);
  CHECK(printed.out == new_secret + "\n");
  CHECK(printed.err.find("printed on stdout") != std::string::npos);
}

TEST_CASE("bootstrap-client: an existing client keeps extra roles, reported as a warning, and gets its settings fixed") {
  // Someone made the client by hand, "to be safe", with realm-admin.
  Setup s("26.4", "", with_clients({{"demo", "kcldap", "handmade", {"realm-admin"}}}));
  const auto run = s.kcldap("bootstrap-client");
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(roles_of(s, "kcldap") == std::vector<std::string>{"manage-realm", "manage-users", "query-users", "realm-admin", "view-realm", "view-users"});
  CHECK(secret_of(s, "kcldap") == "handmade");  // not rotated unless asked
  CHECK(run.out.find("WARN     service-account-kcldap also holds realm-admin, which kcldap does not need; left as is") != std::string::npos);
  CHECK(run.out.find("client   updated: ") != std::string::npos);  // its description was missing
}

TEST_CASE("bootstrap-client: missing admin rights are explained with the role that lacks") {
  Setup s("26.4", "", with_clients({{"demo", "helper", "h3lp", {"manage-clients", "manage-users"}}, {"demo", "viewer", "v1ew", {"view-realm"}}}));
  const auto viewer = s.kcldap("bootstrap-client --admin-client-id viewer --admin-client-secret-env VIEWER_SECRET", "VIEWER_SECRET=v1ew");
  INFO(viewer.out << viewer.err);
  CHECK(viewer.exit_code == 1);
  CHECK(viewer.out.find("lacks the realm-management role view-clients (or query-clients) in realm " + s.realm()) != std::string::npos);
  CHECK(viewer.out.find("needs manage-clients, manage-users and manage-realm") != std::string::npos);
  CHECK(client_state(s, "kcldap").is_null());

  // helper may create clients and manage users, but cannot hand out manage-realm, which it lacks.
  const auto helper = s.kcldap("bootstrap-client --admin-client-id helper --admin-client-secret-env HELPER_SECRET", "HELPER_SECRET=h3lp");
  INFO(helper.out << helper.err);
  CHECK(helper.exit_code == 1);
  CHECK(helper.out.find("grant [") != std::string::npos);
  CHECK(helper.out.find("manage-users (and, to grant a role, that role itself") != std::string::npos);
  CHECK(helper.out.find("Result: FAILED at client") != std::string::npos);
  // What it could do is done; a master admin finishes the job in one more run.
  const auto admin = s.kcldap("bootstrap-client");
  CHECK(admin.exit_code == 0);
  CHECK(admin.out.find("client   up to date") != std::string::npos);
}

TEST_CASE("bootstrap-client --write-config: the config signs in as the client; check passes and names the fix when roles go missing") {
  Setup s("26.4");
  const std::string secret_file = s.dir + "/kcldap.secret";
  const auto run = s.kcldap("bootstrap-client --secret-file " + quote(secret_file) + " --write-config");
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const std::string config = slurp(s.config);
  CHECK(config.find("client_id = \"kcldap\"") != std::string::npos);
  CHECK(config.find("client_secret = \"${file:" + secret_file + "}\"") != std::string::npos);
  CHECK(config.find("auth_realm = \"" + s.realm() + "\"") != std::string::npos);
  CHECK(config.find("username = \"admin\"") == std::string::npos);
  CHECK(config.find("[ldap]") != std::string::npos);  // the rest of the file as it was
  const auto check = s.kcldap("check");
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("PASS  keycloak.roles") != std::string::npos);
  CHECK(check.out.find("service account of client kcldap holds every role") != std::string::npos);

  // A config the client's roles do not cover (a second client with fewer roles): check names the command.
  Setup t("26.4", "", with_clients({{"demo", "kcldap", "s3cret", {"view-realm"}}}));
  t.use_service_account("kcldap");
  const auto lacking = t.kcldap("check", "KCLDAP_TEST_SECRET=s3cret");
  INFO(lacking.out << lacking.err);
  CHECK(lacking.exit_code == 1);
  CHECK(lacking.out.find("FAIL  keycloak.roles") != std::string::npos);
  CHECK(lacking.out.find("kcldap bootstrap-client --config " + t.config + " --client-id kcldap --admin-username admin") != std::string::npos);
}

TEST_CASE("bootstrap-client: flags that cannot work are refused before anything is sent") {
  Setup s("26.4");
  const auto kubectl = s.kcldap("bootstrap-client --kubectl-secret x");
  CHECK(kubectl.exit_code == 2);
  CHECK(kubectl.err.find("add --secret-file PATH") != std::string::npos);
  const auto write = s.kcldap("bootstrap-client --write-config");
  CHECK(write.exit_code == 2);
  CHECK(write.err.find("--secret-file PATH (written as ${file:PATH}) or --secret-env NAME") != std::string::npos);
  const auto unset = s.kcldap("bootstrap-client --admin-username admin --admin-password-env KCLDAP_TEST_UNSET_VARIABLE");
  CHECK(unset.exit_code == 2);
  CHECK(unset.err.find("KCLDAP_TEST_UNSET_VARIABLE is not set") != std::string::npos);
  const auto lone = s.kcldap("bootstrap-client --admin-password-env KCLDAP_TEST_UNSET_VARIABLE");
  CHECK(lone.exit_code == 2);
  CHECK(lone.err.find("--admin-password-env is the password of --admin-username USER") != std::string::npos);
  const auto junit = s.kcldap("check --junit-file /nonexistent-folder/report.xml");
  CHECK(junit.exit_code == 2);
  CHECK(junit.err.find("the folder /nonexistent-folder does not exist") != std::string::npos);
  CHECK(s.writes().empty());
}
