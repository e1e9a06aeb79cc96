// `kcldap setup` driven through a pseudo-terminal like a person would, against the real slapd fixture and
// a Keycloak target (real Keycloak, or kc-emulator): a full session with typed answers, a session accepting defaults, a wrong password corrected
// on the second try, an invalid answer explained and asked again, Ctrl-C and end of input midway (no file
// left behind), no terminal at all; and the written file gives the same plan with `kcldap plan --config`.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "support/cli_setup.hpp"
#include "support/pty_session.hpp"

using namespace kcldap::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string without_carriage_returns(std::string text) {
  std::erase(text, '\r');
  return text;
}

// The plan block of an output: from "kcldap plan:" to the "Plan: ..." summary line.
std::string plan_block(const std::string& output) {
  const std::string text = without_carriage_returns(output);
  const auto start = text.find("kcldap plan:");
  const auto summary = text.find("\nPlan: ", start);
  if (start == std::string::npos || summary == std::string::npos) return "(no plan in the output)";
  return text.substr(start, text.find('\n', summary + 1) - start);
}

struct SetupRun {
  Setup setup;
  std::string output_file;
  std::vector<std::pair<std::string, std::string>> environment;

  explicit SetupRun(const std::string& version = "26.4") : setup(version), output_file(setup.dir + "/written.toml") {
    environment = {{"KCLDAP_TEST_BIND_PW", slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")}, {"KCLDAP_TEST_KC_PW", setup.keycloak->admin_password()}};
  }
  std::unique_ptr<PtySession> start(std::vector<std::string> arguments) const {
    std::vector<std::string> argv = {required_env("KCLDAP_BIN"), "setup", "--output", output_file};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    return std::make_unique<PtySession>(argv, environment);
  }
  CommandResult plan_of_written(const std::string& extra_env = "") const {
    return run_kcldap("plan --config " + quote(output_file), "KCLDAP_TEST_KC_PW=" + quote(setup.keycloak->admin_password()) + " " + extra_env);
  }
};

}  // namespace

TEST_CASE("setup: a full session with typed answers writes a file that replays the same plan", "[setup]") {
  SetupRun run;
  auto session = run.start({});
  const auto wait_for = [&](const std::string& text) {
    INFO("waiting for: " << text << "\n--- output so far ---\n" << without_carriage_returns(session->output()));
    REQUIRE(session->expect(text));
  };
  const auto answer = [&](const std::string& prompt, const std::string& typed) {
    wait_for(prompt);
    session->type(typed);
  };
  // A choice: its title, then the numbered options, then "choice [N]: ".
  const auto choose = [&](const std::string& title, const std::string& typed) {
    wait_for(title);
    answer("choice [", typed);
  };
  answer("LDAP URL [ldaps://localhost:636]: ", slapd().at("KCLDAP_SLAPD_LDAPS_URL"));
  // The fixture's CA is not in the system store: setup says so and offers to trust a CA file.
  wait_for("does not trust the certificate");
  answer("CA file (PEM) that issued it", slapd().at("KCLDAP_SLAPD_CA_FILE"));
  wait_for("ok: TLSv1.3, certificate trusted by CA file");
  answer("Bind DN (empty: anonymous): ", slapd().at("KCLDAP_SLAPD_BIND_DN"));
  answer("Bind password (not shown): ", slapd().at("KCLDAP_SLAPD_BIND_PASSWORD"));
  wait_for("ok: bound as ");
  answer("Users DN [ou=people,dc=example,dc=org] (50 users below it): ", "");
  answer("Vendor (ad, rhds, tivoli, edirectory, other) [other]", "");
  answer("Username attribute [uid] (uid: present on 100% of 50 sampled users, unique): ", "");
  answer("Unique id attribute [entryUUID]", "");
  answer("Email attribute [mail]", "");
  answer("First name attribute [givenName]", "");
  answer("Last name attribute [sn]", "");
  answer("Only users matching this LDAP filter", "(employeeNumber=*)");
  answer("to Keycloak groups? [yes]: ", "no");
  answer("Keycloak URL [http://localhost:8080]: ", run.setup.keycloak->url());
  answer("Realm to connect to the directory [master]: ", run.setup.realm());
  choose("Sign in to Keycloak as", "1");
  answer("Realm of that user [master]: ", "");
  answer("Admin username [admin]: ", "");
  answer("Admin password (not shown): ", run.setup.keycloak->admin_password());
  wait_for("ok: Keycloak " + (real_keycloak() ? real_keycloak_env().at("KCLDAP_KEYCLOAK_VERSION") : std::string("26.4.0")) + " (from serverinfo)");
  choose("Recipe", "");
  choose("Edit mode", "");
  answer("Import users into Keycloak's database (and sync them)? [yes]: ", "");
  choose("The mappers Keycloak creates on its own", "");
  answer("Restart command after a successful apply (empty: none): ", "sh -c 'echo the backend restarted'");
  answer("Command that waits for the restart (empty: none): ", "");
  choose("Keep the bind password as", "2");
  answer("File to write it to [", run.setup.dir + "/bind-password");
  choose("Keep the Keycloak password as", "1");
  answer("Environment variable [KEYCLOAK_PASSWORD]: ", "KCLDAP_TEST_KC_PW");
  answer("Apply it to realm " + run.setup.realm() + " now? [no]: ", "no");
  CHECK(session->wait() == 0);
  const std::string output = without_carriage_returns(session->output());
  CHECK(output.find(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")) == std::string::npos);  // never echoed

  const std::string written = slurp(run.output_file);
  CHECK(written.find("user_filter = \"(employeeNumber=*)\"") != std::string::npos);
  CHECK(written.find("bind_password = \"${file:" + run.setup.dir + "/bind-password}\"") != std::string::npos);
  CHECK(written.find("password = \"${env:KCLDAP_TEST_KC_PW}\"") != std::string::npos);
  CHECK(written.find("command = [\"sh\", \"-c\", \"echo the backend restarted\"]") != std::string::npos);
  CHECK(written.find(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")) == std::string::npos);
  CHECK((fs::status(run.setup.dir + "/bind-password").permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(slurp(run.setup.dir + "/bind-password") == slapd().at("KCLDAP_SLAPD_BIND_PASSWORD") + "\n");

  const auto replayed = run.plan_of_written();
  INFO(replayed.err);
  REQUIRE(replayed.exit_code == 0);
  CHECK(plan_block(output) == plan_block(replayed.out));
  CHECK(plan_block(output).find("customUserSearchFilter = \"(employeeNumber=*)\"") != std::string::npos);
  CHECK(run.setup.providers().empty());  // not applied
}

TEST_CASE("setup: --defaults with the answers as flags probes, writes, shows the plan, and does not apply", "[setup]") {
  SetupRun run;
  auto session = run.start({"--defaults", "--ldap-url", slapd().at("KCLDAP_SLAPD_LDAPS_URL"), "--ca-file", slapd().at("KCLDAP_SLAPD_CA_FILE"),
                            "--bind-dn", slapd().at("KCLDAP_SLAPD_BIND_DN"), "--bind-password-env", "KCLDAP_TEST_BIND_PW",
                            "--keycloak-url", run.setup.keycloak->url(), "--realm", run.setup.realm(), "--password-env", "KCLDAP_TEST_KC_PW"});
  CHECK(session->wait() == 0);
  const std::string output = without_carriage_returns(session->output());
  INFO(output);
  CHECK(output.find("Users DN [ou=people,dc=example,dc=org] (50 users below it): ou=people,dc=example,dc=org") != std::string::npos);
  CHECK(output.find("Environment variable [KCLDAP_TEST_BIND_PW]: KCLDAP_TEST_BIND_PW") != std::string::npos);
  CHECK(output.find("Apply it to realm " + run.setup.realm() + " now? [no]: no") != std::string::npos);
  const auto replayed = run.plan_of_written("KCLDAP_TEST_BIND_PW=" + quote(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD")));
  REQUIRE(replayed.exit_code == 0);
  CHECK(plan_block(output) == plan_block(replayed.out));
  CHECK(plan_block(output).find("+ \"groups\" (group-ldap-mapper): create") != std::string::npos);
  // --defaults needs no terminal either, so scripts can generate a config.
  fs::remove(run.output_file);
  const auto scripted = run_kcldap("setup --defaults --no-apply --output " + quote(run.output_file) + " --ldap-url " +
                                       quote(slapd().at("KCLDAP_SLAPD_URL")) + " --start-tls --ca-file " + quote(slapd().at("KCLDAP_SLAPD_CA_FILE")) +
                                       " --bind-dn " + quote(slapd().at("KCLDAP_SLAPD_BIND_DN")) + " --bind-password-env KCLDAP_TEST_BIND_PW" +
                                       " --keycloak-url " + run.setup.keycloak->url() + " --realm " + run.setup.realm() +
                                       " --password-env KCLDAP_TEST_KC_PW",
                                   run.setup.secrets_env());
  INFO(scripted.out << scripted.err);
  CHECK(scripted.exit_code == 0);
  CHECK(slurp(run.output_file).find("start_tls = true") != std::string::npos);
}

TEST_CASE("setup: a wrong bind password is explained and asked again; the session then applies", "[setup]") {
  SetupRun run;
  auto session = run.start({"--ldap-url", slapd().at("KCLDAP_SLAPD_LDAPS_URL"), "--ca-file", slapd().at("KCLDAP_SLAPD_CA_FILE"),
                            "--bind-dn", slapd().at("KCLDAP_SLAPD_BIND_DN"), "--keycloak-url", run.setup.keycloak->url(), "--realm",
                            run.setup.realm(), "--password-env", "KCLDAP_TEST_KC_PW"});
  REQUIRE(session->expect("LDAP URL ["));
  session->type("");
  REQUIRE(session->expect("Bind DN (empty: anonymous) ["));
  session->type("");
  REQUIRE(session->expect("Bind password (not shown): "));
  session->type("not-the-password");
  REQUIRE(session->expect("refused: "));
  CHECK(session->since_last_expect().find("not-the-password") == std::string::npos);
  REQUIRE(session->expect("Bind DN (empty: anonymous) [" + slapd().at("KCLDAP_SLAPD_BIND_DN") + "]: "));
  session->type("");
  REQUIRE(session->expect("Bind password (not shown): "));
  session->type(slapd().at("KCLDAP_SLAPD_BIND_PASSWORD"));
  REQUIRE(session->expect("ok: bound as"));
  // Everything else: the defaults, up to the apply question.
  REQUIRE(session->accept_defaults_until("Apply it to realm " + run.setup.realm() + " now? [no]: "));
  session->type("yes");
  REQUIRE(session->expect("Result: OK", std::chrono::seconds(120)));
  CHECK(session->wait() == 0);
  const auto providers = run.setup.providers();
  REQUIRE(providers.size() == 1);
  // The session's apply ran the post-checks: Keycloak imported the directory's users.
  CHECK(run.setup.keycloak->find_user("aanderson").value("federationLink", "") == providers[0]["id"]);
  CHECK(without_carriage_returns(session->output()).find("not-the-password") == std::string::npos);
}

TEST_CASE("setup: an invalid answer is explained and asked again", "[setup]") {
  SetupRun run;
  auto session = run.start({});
  REQUIRE(session->expect("LDAP URL [ldaps://localhost:636]: "));
  session->type("htps://ldap.example.org");
  REQUIRE(session->expect("! not an LDAP URL"));
  REQUIRE(session->expect("LDAP URL [ldaps://localhost:636]: "));
  session->send("\x03");
  CHECK(session->wait() == 130);
}

TEST_CASE("setup: Ctrl-C or the end of input midway leaves no file; no terminal points to --config", "[setup]") {
  for (const std::string key : {"\x03", "\x04"}) {
    SetupRun run;
    auto session = run.start({"--ldap-url", slapd().at("KCLDAP_SLAPD_LDAPS_URL"), "--ca-file", slapd().at("KCLDAP_SLAPD_CA_FILE"),
                              "--bind-dn", slapd().at("KCLDAP_SLAPD_BIND_DN"), "--bind-password-env", "KCLDAP_TEST_BIND_PW"});
    REQUIRE(session->accept_defaults_until("Keycloak URL ["));
    session->send(key);
    const int status = session->wait();
    const std::string output = without_carriage_returns(session->output());
    if (key == "\x03") {
      CHECK(status == 130);
      CHECK(output.find("Cancelled: nothing was written.") != std::string::npos);
    } else {
      CHECK(status == 1);
      CHECK(output.find("The input ended: nothing was written.") != std::string::npos);
    }
    CHECK_FALSE(fs::exists(run.output_file));
    for (const auto& entry : fs::directory_iterator(run.setup.dir)) CHECK(entry.path().filename().string().rfind(".kcldap-setup", 0) != 0);
  }
  const auto piped = run_kcldap("setup");
  CHECK(piped.exit_code == 2);
  CHECK(piped.err.find("needs a terminal") != std::string::npos);
  CHECK(piped.err.find("--config") != std::string::npos);
}
