// `kcldap check`, `kcldap verify` and the post-checks, rollback and restart hook of `kcldap apply`, as
// users run them, against kc-emulator and the real slapd fixture. Every check is shown passing and then
// failing for a real cause: a missing role, a directory Keycloak cannot reach while kcldap can, a mapper
// reading an attribute users lack, a failing sync, a wrong test password; the rollback that follows; the
// hook running, failing, timing out and not running; and the JSON and JUnit reports parsed.
#include <catch2/catch.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/cli_setup.hpp"

using namespace kcldap::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The JUnit XML read by Python's XML parser (not by string matching) and returned as JSON.
json parse_junit(const std::string& xml) {
  static int counter = 0;
  const std::string base = required_env("KCLDAP_TEST_TMP") + "/junit-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  std::ofstream(base + ".xml") << xml;
  const std::string script =
      "import json,sys,xml.etree.ElementTree as ET\n"
      "root=ET.parse(sys.argv[1]).getroot()\n"
      "out={'tests':root.get('tests'),'failures':root.get('failures'),'suites':[]}\n"
      "for s in root.findall('testsuite'):\n"
      "  cases=[{'name':c.get('name'),'failure':(c.find('failure').get('message') if c.find('failure') is not None else None),"
      "'skipped':c.find('skipped') is not None} for c in s.findall('testcase')]\n"
      "  out['suites'].append({'name':s.get('name'),'tests':int(s.get('tests')),'failures':int(s.get('failures')),'cases':cases})\n"
      "print(json.dumps(out))\n";
  std::ofstream(base + ".py") << script;
  const std::string command = "python3 " + quote(base + ".py") + " " + quote(base + ".xml") + " > " + quote(base + ".json");
  REQUIRE(std::system(command.c_str()) == 0);
  return json::parse(slurp(base + ".json"));
}

const json* find_check(const json& report, const std::string& id) {
  for (const auto& check : report["checks"]) {
    if (check["id"] == id) return &check;
  }
  return nullptr;
}

std::string status_of(const json& report, const std::string& id) {
  const json* check = find_check(report, id);
  return check == nullptr ? "(absent)" : check->at("status").get<std::string>();
}

std::string user_password_env() { return "KCLDAP_TEST_USER_PW=" + quote(slapd().at("KCLDAP_SLAPD_USER_PASSWORD")); }

}  // namespace

TEST_CASE("check passes on a ready setup, writes nothing, and reports as JSON and JUnit", "[check]") {
  Setup setup("26.4", "", with_users({{"demo", "localadmin", "pw", "admin@example.org"}}));
  const auto text = setup.kcldap("check");
  INFO(text.out << text.err);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("PASS  keycloak.roles") != std::string::npos);
  CHECK(text.out.find("50 directory users would be imported") != std::string::npos);
  CHECK(text.out.find("aanderson <aanderson@example.org>  Alice Anderson") != std::string::npos);  // the sample
  CHECK(text.out.find("Result: OK") != std::string::npos);
  check_no_secret(text);

  const auto as_json = setup.kcldap("check --format json");
  REQUIRE(as_json.exit_code == 0);
  const json report = json::parse(as_json.out);
  CHECK(report["schema"] == "kcldap.check/v1");
  CHECK(report["result"] == "passed");
  for (const std::string id : {"ldap.connect", "ldap.tls", "ldap.bind", "keycloak.connect", "keycloak.auth", "keycloak.version",
                               "keycloak.realm", "keycloak.roles", "federation.payload", "federation.provider", "sync.preview",
                               "sync.local-collisions", "sync.duplicate-usernames", "sync.duplicate-emails"}) {
    INFO(id);
    CHECK(status_of(report, id) == "pass");
  }
  CHECK(report["summary"]["fail"] == 0);

  const auto junit_file = setup.dir + "/check.xml";
  const auto as_junit = setup.kcldap("check --format junit --junit-file " + quote(junit_file));
  REQUIRE(as_junit.exit_code == 0);
  const json junit = parse_junit(as_junit.out);
  CHECK(junit["failures"] == "0");
  CHECK(std::stoul(junit["tests"].get<std::string>()) == report["checks"].size());
  std::vector<std::string> suites;
  for (const auto& suite : junit["suites"]) suites.push_back(suite["name"]);
  CHECK(suites == std::vector<std::string>{"Directory", "Keycloak", "Federation", "Preflight", "Simulated sync"});
  CHECK(parse_junit(slurp(junit_file))["tests"] == junit["tests"]);
  CHECK(setup.writes().empty());  // three checks, not one write
}

TEST_CASE("check names each missing role of a service account, and the command fails", "[check]") {
  Setup setup("26.4", "", with_clients({{"demo", "kcldap", "s3cret", {"manage-realm", "view-realm"}}}));
  setup.use_service_account("kcldap");
  const auto result = setup.kcldap("check --format json", "KCLDAP_TEST_SECRET=s3cret");
  CHECK(result.exit_code == 1);
  const json report = json::parse(result.out);
  const json* roles = find_check(report, "keycloak.roles");
  REQUIRE(roles != nullptr);
  CHECK((*roles)["status"] == "fail");
  CHECK((*roles)["finding"] == "the service account of client kcldap lacks manage-users, query-users, view-users (realm-management roles)");
  CHECK((*roles)["remedy"].get<std::string>().find("realm-management") != std::string::npos);
  CHECK(result.out.find("s3cret") == std::string::npos);
  // Without sync and lookups the same account has every role the run needs.
  setup.edit_config("[federation]", "[checks]\nsync = false\nsample_users = 0\n\n[federation]");
  const auto fewer = setup.kcldap("check --format json", "KCLDAP_TEST_SECRET=s3cret");
  CHECK(status_of(json::parse(fewer.out), "keycloak.roles") == "pass");
}

TEST_CASE("check's simulated sync finds local users and directory duplicates that would break a sync", "[check]") {
  Setup setup("26.4", "", with_users({{"demo", "bharris", "pw", "someone@example.org"}, {"demo", "other", "pw", "aanderson@example.org"}}));
  const auto result = setup.kcldap("check --format json");
  CHECK(result.exit_code == 1);
  const json report = json::parse(result.out);
  const json* collisions = find_check(report, "sync.local-collisions");
  REQUIRE(collisions != nullptr);
  CHECK((*collisions)["status"] == "fail");
  const std::string details = (*collisions)["details"].dump();
  CHECK(details.find("username bharris: a local Keycloak user already has it") != std::string::npos);
  CHECK(details.find("email aanderson@example.org: a local Keycloak user (other) already has it") != std::string::npos);

  // Surnames repeat in the fixture: as the username, Keycloak would import one of each pair and fail the rest.
  Setup duplicates("26.4", "");
  duplicates.edit_config("[keycloak]", "username_attribute = \"sn\"\n\n[keycloak]");
  const json again = json::parse(duplicates.kcldap("check --format json").out);
  const json* unique = find_check(again, "sync.duplicate-usernames");
  REQUIRE(unique != nullptr);
  CHECK((*unique)["status"] == "fail");
  CHECK((*unique)["details"].dump().find("anderson: uid=") != std::string::npos);
}

TEST_CASE("check --strict turns warnings into failures; a config error is exit 2", "[check]") {
  Setup setup("26.4");
  setup.edit_config("users_dn = ", "# users_dn = ");  // unset users_dn: the probe proposes one, with a warning
  const auto lenient = setup.kcldap("check");
  CHECK(lenient.exit_code == 0);
  CHECK(lenient.out.find("WARN  ldap.users-dn") != std::string::npos);
  const auto strict = setup.kcldap("check --strict --format junit");
  CHECK(strict.exit_code == 1);
  CHECK(parse_junit(strict.out)["failures"] != "0");
  setup.edit_config("[federation]", "[federation]\nedit_mode = \"SOMETIMES\"");
  const auto broken = setup.kcldap("check");
  CHECK(broken.exit_code == 2);
  CHECK(broken.err.find("edit_mode") != std::string::npos);
}

TEST_CASE("post-checks pass after apply; verify runs them alone", "[post]") {
  Setup setup("26.4");
  setup.edit_config("[federation]", "[checks]\ntest_user = \"aanderson\"\ntest_password = \"${env:KCLDAP_TEST_USER_PW}\"\n\n[federation]");
  const auto applied = setup.kcldap("apply --yes --format json", user_password_env());
  INFO(applied.out << applied.err);
  REQUIRE(applied.exit_code == 0);
  const json report = json::parse(applied.out);
  CHECK(report["result"] == "applied");
  for (const std::string id : {"post.stored", "post.test-connection", "post.test-authentication", "post.sync", "post.user-lookup", "post.test-login"}) {
    INFO(id);
    CHECK(status_of(report, id) == "pass");
  }
  CHECK(find_check(report, "post.sync")->at("finding") == "50 added, 0 updated, 0 failed (the directory has 50 users)");
  CHECK(applied.out.find(slapd().at("KCLDAP_SLAPD_USER_PASSWORD")) == std::string::npos);
  check_no_secret(applied);

  const auto verified = setup.kcldap("verify", user_password_env());
  INFO(verified.out);
  CHECK(verified.exit_code == 0);
  CHECK(verified.out.find("0 added, 50 updated, 0 failed") != std::string::npos);
  CHECK(verified.out.find("PASS  post.test-login") != std::string::npos);
}

TEST_CASE("verify finds drift someone made in Keycloak after the apply", "[post]") {
  Setup setup("26.4");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  // An admin points the email mapper at an attribute nobody carries, in the console.
  const json email = setup.mappers_of(setup.providers()[0]["id"]).at("email");
  json changed = email;
  changed["config"]["ldap.attribute"] = {"otherMailbox"};
  REQUIRE(setup.keycloak->put_json(setup.keycloak->admin_path() + "/components/" + email["id"].get<std::string>(),
                                   setup.keycloak->admin_token(), changed)->status == 204);
  const auto verified = setup.kcldap("verify --format json");
  CHECK(verified.exit_code == 1);
  const json report = json::parse(verified.out);
  CHECK(report["command"] == "verify");
  CHECK(status_of(report, "post.stored") == "fail");
  const json details = find_check(report, "post.stored")->at("details");
  CHECK(std::find(details.begin(), details.end(), json("mapper \"email\": ldap.attribute is otherMailbox, the plan says mail")) != details.end());
  CHECK(setup.kcldap("verify --config /nonexistent.toml").exit_code == 2);
}

TEST_CASE("Keycloak cannot reach the directory that kcldap reaches: the test says so and the apply is rolled back", "[post][emulator]") {
  const std::string ldaps = slapd().at("KCLDAP_SLAPD_LDAPS_URL");
  Setup setup("26.4", "", emulator_only({"--ldap-unreachable", ldaps.substr(std::string("ldaps://").size())}));
  const auto result = setup.kcldap("apply --yes --format json");
  CHECK(result.exit_code == 1);
  const json report = json::parse(result.out);
  CHECK(status_of(report, "ldap.connect") == "pass");
  const json* test = find_check(report, "post.test-connection");
  REQUIRE(test != nullptr);
  CHECK((*test)["status"] == "fail");
  CHECK((*test)["finding"].get<std::string>().find("Keycloak could not open a connection to the directory") != std::string::npos);
  CHECK((*test)["details"].dump().find("kcldap reached and bound to " + ldaps) != std::string::npos);
  CHECK(report["failed_stage"] == "post-checks");
  CHECK(report["rollback"]["performed"] == true);
  CHECK(status_of(report, "rollback") == "pass");
  CHECK(setup.providers().empty());  // the provider the apply created is gone again
}

TEST_CASE("Keycloak's truststore lacks the directory's CA: the connection test names the TLS handshake", "[post]") {
  // The expiring-certificate slapd has a CA of its own, which kcldap is given but Keycloak's truststore lacks.
  const auto& other = expiring_slapd();
  Setup setup("26.4");
  setup.edit_config(slapd().at("KCLDAP_SLAPD_LDAPS_URL"), other.at("KCLDAP_SLAPD_LDAPS_URL"));
  setup.edit_config(slapd().at("KCLDAP_SLAPD_CA_FILE"), other.at("KCLDAP_SLAPD_CA_FILE"));
  setup.edit_config(slapd().at("KCLDAP_SLAPD_BIND_DN"), other.at("KCLDAP_SLAPD_BIND_DN"));
  const auto result = setup.kcldap("apply --yes --keep-on-failure --format json",
                                   "KCLDAP_TEST_BIND_PW=" + quote(other.at("KCLDAP_SLAPD_BIND_PASSWORD")));
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  CHECK(status_of(json::parse(result.out), "ldap.tls") == "warn");  // kcldap trusts it (expires soon), Keycloak does not
  const json report = json::parse(result.out);
  CHECK(find_check(report, "post.test-connection")->at("finding").get<std::string>().find("TLS handshake failed") != std::string::npos);
  CHECK(find_check(report, "post.test-connection")->at("remedy").get<std::string>().find("truststore") != std::string::npos);
  CHECK(status_of(report, "rollback") == "warn");  // kept, as asked
  CHECK(setup.providers().size() == 1);
}

TEST_CASE("a mapper reading an attribute users lack fails the user lookup, and the apply is rolled back", "[post]") {
  Setup setup("26.4", "[[mappers]]\nname = \"email\"\ntype = \"user-attribute\"\nuser_attribute = \"email\"\nldap_attribute = \"otherMailbox\"\n");
  const auto result = setup.kcldap("apply --yes --format json");
  INFO(result.out << result.err);
  CHECK(result.exit_code == 1);
  const json report = json::parse(result.out);
  const json* lookup = find_check(report, "post.user-lookup");
  REQUIRE(lookup != nullptr);
  CHECK((*lookup)["status"] == "fail");
  CHECK((*lookup)["finding"].get<std::string>().find("email is empty: the email mapper reads otherMailbox, which this user lacks, but the user has mail = ") !=
        std::string::npos);
  CHECK(report["rollback"]["performed"] == true);
  CHECK(setup.providers().empty());
}

TEST_CASE("a failing sync fails the post-checks and an update is rolled back to the backup", "[post]") {
  Setup setup("26.4", "", with_users({{"demo", "bharris", "pw", "bob@elsewhere.example"}}));
  setup.edit_config("[federation]", "[checks]\nsample_users = 0\n\n[federation]");
  // First apply with import off (no sync), then turn import on: the sync fails for the local bharris.
  setup.edit_config("backup_dir", "import_users = false\nbackup_dir");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  setup.edit_config("import_users = false\n", "");
  const auto result = setup.kcldap("apply --yes --format json");
  CHECK(result.exit_code == 1);
  const json report = json::parse(result.out);
  CHECK(find_check(report, "post.sync")->at("finding").get<std::string>().find("49 added, 0 updated, 1 failed") == 0);
  CHECK(status_of(report, "rollback") == "pass");
  CHECK(setup.providers()[0]["config"]["importEnabled"] == json{"false"});  // back to what it was
}

TEST_CASE("a wrong test password fails the test login; --keep-on-failure keeps the change", "[post]") {
  Setup setup("26.4", "[checks]\ntest_user = \"aanderson\"\ntest_password = \"${env:KCLDAP_TEST_USER_PW}\"\n");
  const auto result = setup.kcldap("apply --yes --keep-on-failure", "KCLDAP_TEST_USER_PW=not-her-password");
  INFO(result.out);
  CHECK(result.exit_code == 1);
  CHECK(result.out.find("FAIL  post.test-login") != std::string::npos);
  CHECK(result.out.find("aanderson could not sign in: Keycloak rejected the username or password") != std::string::npos);
  CHECK(result.out.find("kept the applied change although a post-check failed (--keep-on-failure)") != std::string::npos);
  CHECK(result.out.find("not-her-password") == std::string::npos);
  CHECK(setup.providers().size() == 1);
}

TEST_CASE("the restart hook runs only after every post-check passed, with its output shown and secrets masked", "[hook]") {
  Setup setup("26.4");
  const std::string marker = setup.dir + "/restarted";
  setup.edit_config("[federation]", "[restart]\ncommand = [\"sh\", \"-c\", \"echo restarting backend; echo pw=$KCLDAP_TEST_HOOK_COPY; echo ref=$KCLDAP_TEST_BIND_PW; touch " +
                                        marker + "\"]\nwait = [\"sh\", \"-c\", \"echo rollout complete\"]\ntimeout_s = 20\n\n[federation]");
  const auto dry = setup.kcldap("apply --dry-run");
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("restart command: sh -c 'echo restarting backend;") != std::string::npos);
  CHECK(!fs::exists(marker));
  CHECK(setup.component_writes().empty());

  // The hook does not get the variables the config's secrets come from; a secret it has from elsewhere is masked.
  const auto result = setup.kcldap("apply --yes --format json", "KCLDAP_TEST_HOOK_COPY=" + quote(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")));
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(fs::exists(marker));
  const json report = json::parse(result.out);
  CHECK(status_of(report, "restart.command") == "pass");
  CHECK(status_of(report, "restart.wait") == "pass");
  CHECK(report["restart"]["steps"][0]["exit_code"] == 0);
  CHECK(report["restart"]["steps"][0]["output"].get<std::string>().find("restarting backend") != std::string::npos);
  CHECK(report["restart"]["steps"][0]["output"].get<std::string>().find("pw=********") != std::string::npos);
  CHECK(report["restart"]["steps"][0]["output"].get<std::string>().find("ref=\n") != std::string::npos);
  CHECK(report["restart"]["steps"][1]["output"] == "rollout complete\n");
  check_no_secret(result);

  // Nothing changed: no restart, unless forced.
  fs::remove(marker);
  CHECK(setup.kcldap("apply --yes").exit_code == 0);
  CHECK(!fs::exists(marker));
  const auto forced = setup.kcldap("apply --yes --force-restart");
  CHECK(forced.exit_code == 0);
  CHECK(fs::exists(marker));
  CHECK(forced.out.find("command | restarting backend") != std::string::npos);
}

TEST_CASE("a failing or hanging restart hook fails the run with its cause; a failed post-check skips it", "[hook]") {
  {
    Setup setup("26.4", "[restart]\ncommand = [\"sh\", \"-c\", \"echo cannot reach the cluster >&2; exit 3\"]\n");
    const auto result = setup.kcldap("apply --yes --format json");
    CHECK(result.exit_code == 1);
    const json report = json::parse(result.out);
    CHECK(report["failed_stage"] == "restart");
    CHECK(find_check(report, "restart.command")->at("finding").get<std::string>().find(": exit 3 after") != std::string::npos);
    CHECK(report["restart"]["steps"][0]["output"] == "cannot reach the cluster\n");
    CHECK(setup.providers().size() == 1);  // the federation itself is fine and stays
  }
  {
    Setup setup("26.4", "[restart]\ncommand = [\"sleep\", \"30\"]\ntimeout_s = 1\n");
    const auto result = setup.kcldap("apply --yes");
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("FAIL  restart.command") != std::string::npos);
    CHECK(result.out.find("sleep 30: timed out after 1 s (stopped)") != std::string::npos);
    CHECK(result.out.find("raise [restart] timeout_s") != std::string::npos);
  }
  {
    Setup setup("26.4", "[restart]\ncommand = [\"no-such-kubectl\", \"rollout\", \"restart\"]\n");
    const auto result = setup.kcldap("apply --yes");
    CHECK(result.exit_code == 1);
    // Found before any write since the restart program is a preflight check (test_cli_preflight.cpp).
    CHECK(result.out.find("FAIL  restart.program") != std::string::npos);
    CHECK(setup.providers().empty());
  }
  {
    Setup setup("26.4", "[checks]\ntest_user = \"aanderson\"\ntest_password = \"${env:KCLDAP_TEST_USER_PW}\"\n");
    const std::string marker = setup.dir + "/restarted";
    setup.edit_config("[federation]", "[restart]\ncommand = [\"touch\", \"" + marker + "\"]\n\n[federation]");
    const auto result = setup.kcldap("apply --yes", "KCLDAP_TEST_USER_PW=not-her-password");
    CHECK(result.exit_code == 1);
    CHECK(result.out.find("SKIP  restart.command") != std::string::npos);
    CHECK(result.out.find("not run: a post-check failed (--force-restart overrides)") != std::string::npos);
    CHECK(result.out.find("PASS  rollback") != std::string::npos);  // the wrong test password rolled the apply back
    CHECK(setup.providers().empty());
    CHECK(!fs::exists(marker));
    CHECK(setup.kcldap("apply --yes --no-restart", "KCLDAP_TEST_USER_PW=not-her-password").exit_code == 1);
    CHECK(!fs::exists(marker));
  }
}

TEST_CASE("Keycloak's connection test on a port nothing listens on is explained as such", "[post]") {
  Setup setup("26.4");
  REQUIRE(setup.kcldap("apply --yes").exit_code == 0);
  // Someone points the stored provider at a port where nothing listens, in the admin console.
  json provider = setup.providers().at(0);
  provider["config"]["connectionUrl"] = {"ldap://127.0.0.1:1"};
  REQUIRE(setup.keycloak->put_json(setup.keycloak->admin_path() + "/components/" + provider["id"].get<std::string>(),
                                   setup.keycloak->admin_token(), provider)->status == 204);
  const auto verified = setup.kcldap("verify --format json");
  INFO(verified.out << verified.err);
  CHECK(verified.exit_code == 1);
  const json report = json::parse(verified.out);
  const json* test = find_check(report, "post.test-connection");
  REQUIRE(test != nullptr);
  CHECK((*test)["status"] == "fail");
  CHECK((*test)["finding"].get<std::string>().find("Keycloak could not connect to ldap://127.0.0.1:1: ") == 0);
  CHECK((*test)["finding"].get<std::string>().find("nothing listens on that host and port") != std::string::npos);
  CHECK((*test)["remedy"].get<std::string>().find("host and port from where Keycloak runs") != std::string::npos);
}
