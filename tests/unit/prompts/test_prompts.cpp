// src/prompts: the answer reader (line editing, Ctrl-C, Ctrl-D), questions with defaults and validators,
// the kcldap.toml written from the answers (loads back without an error), command splitting, and the
// atomic write.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include "src/config/config.hpp"
#include "src/prompts/asker.hpp"
#include "src/prompts/config_writer.hpp"

using namespace kcldap::prompts;
namespace fs = std::filesystem;

namespace {

// The two pipes of a fake terminal: the keyboard (already filled with what is typed) and the screen.
struct Pipes {
  int keyboard = -1;
  int screen_read = -1;
  int screen_write = -1;
  explicit Pipes(const std::string& typed) {
    int keys[2];
    int screen[2];
    REQUIRE(::pipe(keys) == 0);
    REQUIRE(::pipe(screen) == 0);
    REQUIRE(::write(keys[1], typed.data(), typed.size()) == static_cast<ssize_t>(typed.size()));
    ::close(keys[1]);
    keyboard = keys[0];
    screen_read = screen[0];
    screen_write = screen[1];
  }
};

// A terminal whose keyboard is a pipe fed with `typed`, and whose screen is a pipe read back afterwards.
struct FakeTerminal {
  Pipes pipes;
  Terminal terminal;
  explicit FakeTerminal(const std::string& typed) : pipes(typed), terminal(pipes.keyboard, pipes.screen_write) {}
  ~FakeTerminal() {
    for (int fd : {pipes.keyboard, pipes.screen_read, pipes.screen_write}) {
      if (fd >= 0) ::close(fd);
    }
  }
  FakeTerminal(const FakeTerminal&) = delete;
  FakeTerminal& operator=(const FakeTerminal&) = delete;
  std::string shown() {
    ::close(pipes.screen_write);
    pipes.screen_write = -1;
    std::string out;
    char buffer[4096];
    ssize_t got;
    while ((got = ::read(pipes.screen_read, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<std::size_t>(got));
    return out;
  }
};

}  // namespace

TEST_CASE("prompts: the line editor handles backspace, Ctrl-U, escape sequences, Ctrl-C and Ctrl-D", "[prompts]") {
  FakeTerminal fake("abX\x7f" "c\r" "junk\x15" "zoë\x7f" "e\r" "\x1b[Aok\r" "typed\x03" "\x04");
  CHECK(fake.terminal.read_line("? ", true).text == "abc");
  CHECK(fake.terminal.read_line("? ", true).text == "zoe");  // the whole two-byte ë is erased
  CHECK(fake.terminal.read_line("? ", true).text == "ok");
  CHECK(fake.terminal.read_line("? ", true).status == ReadStatus::cancelled);
  CHECK(fake.terminal.read_line("? ", true).status == ReadStatus::end_of_input);
  CHECK(fake.terminal.read_line("? ", true).status == ReadStatus::end_of_input);  // nothing left to read
  const std::string screen = fake.shown();
  CHECK(screen.find("? abX\b \bc\n") == 0);
  CHECK(screen.find("^C") != std::string::npos);
}

TEST_CASE("prompts: without echo, nothing typed reaches the screen", "[prompts]") {
  FakeTerminal fake("s3cret!\r");
  CHECK(fake.terminal.read_line("Password: ", false).text == "s3cret!");
  CHECK(fake.shown() == "Password: \n");
}

TEST_CASE("prompts: defaults, validation that asks again, yes/no and choices", "[prompts]") {
  FakeTerminal fake("\r" "bad\r" "good\r" "maybe\r" "n\r" "9\r" "2\r");
  const Asker ask(fake.terminal, false);
  CHECK(ask.text("Realm", "demo") == "demo");
  const auto no_bad = [](const std::string& answer) -> std::optional<std::string> {
    if (answer == "bad") return "not that one";
    return std::nullopt;
  };
  CHECK(ask.text("Name", "x", "", no_bad) == "good");
  CHECK_FALSE(ask.yes_no("Go?", true));  // "maybe" is explained, then "n"
  CHECK(ask.choose("Mode", {{"a", "first"}, {"b", "second"}}, "a") == "b");  // 9 is out of range, then 2
  const std::string screen = fake.shown();
  CHECK(screen.find("    ! not that one\n") != std::string::npos);
  CHECK(screen.find("    ! answer yes or no\n") != std::string::npos);
  CHECK(screen.find("    ! answer with a number from 1 to 2\n") != std::string::npos);
}

TEST_CASE("prompts: --defaults takes every default, and stops where there is none", "[prompts]") {
  FakeTerminal fake("");
  const Asker ask(fake.terminal, true);
  CHECK(ask.text("Realm", "demo") == "demo");
  CHECK(ask.yes_no("Map groups?", true));
  CHECK(ask.secret("Bind password", std::string("given"), "--bind-password-env") == "given");
  CHECK_THROWS_AS(ask.secret("Bind password", std::nullopt, "--bind-password-env"), SessionEnded);
  try {
    (void)ask.text("Users DN", "", "", [](const std::string& a) -> std::optional<std::string> {
      if (a.empty()) return "needed";
      return std::nullopt;
    }, "--users-dn");
    FAIL("no exception");
  } catch (const SessionEnded& end) {
    CHECK(end.why == SessionEnded::Why::no_default);
    CHECK(std::string(end.what()).find("--users-dn") != std::string::npos);
  }
  CHECK(fake.shown().find("  Realm [demo]: demo\n") == 0);
}

TEST_CASE("prompts: the written kcldap.toml loads without an error and keeps each answer", "[prompts]") {
  SetupAnswers a;
  a.ldap_url = "ldaps://ldap.example.org:636";
  a.ca_file = "/etc/ssl/ca \"corp\".pem";
  a.bind_dn = "cn=reader,dc=example,dc=org";
  a.bind_password = {"env", "LDAP_PW", "", "never-rendered"};
  a.users_dn = "ou=people,dc=example,dc=org";
  a.username_attribute = "sAMAccountName";
  a.user_filter = "(memberOf=cn=staff,ou=groups,dc=example,dc=org)";
  a.groups_dn = "ou=groups,dc=example,dc=org";
  a.keycloak_url = "https://sso.example.org";
  a.realm = "runai";
  a.client_id = "kcldap";
  a.auth_realm = "runai";
  a.keycloak_secret = {"file", "", "/run/secrets/kcldap", "never-rendered-either"};
  a.preset = "runai";
  a.import_users = false;
  a.restart_command = {"kubectl", "rollout", "restart", "deployment/x"};
  a.restart_wait = {"sh", "-c", "echo \"done\""};
  const std::string text = render_toml(a);
  CHECK(text.find("never-rendered") == std::string::npos);
  const auto loaded = kcldap::config::load_config_text(text, "written.toml");
  INFO(text);
  REQUIRE(loaded.ok());
  const auto& c = loaded.config;
  CHECK(c.ldap.urls == std::vector<std::string>{"ldaps://ldap.example.org:636"});
  CHECK(c.ldap.ca_file == "/etc/ssl/ca \"corp\".pem");
  CHECK(c.ldap.bind_password.text == "${env:LDAP_PW}");
  CHECK(c.ldap.username_attribute == "sAMAccountName");
  CHECK(c.ldap.user_filter == a.user_filter);
  CHECK(c.keycloak.client_secret.text == "${file:/run/secrets/kcldap}");
  CHECK(c.keycloak.auth_realm == "runai");
  CHECK(c.federation.preset == "runai");
  CHECK_FALSE(c.federation.import_users);
  CHECK(c.mappers.size() == 1);
  CHECK(c.restart.wait == a.restart_wait);
  CHECK_FALSE(has_inline_secret(a));
  a.keycloak_secret.storage = "inline";
  CHECK(has_inline_secret(a));
  CHECK(render_toml(a).find("client_secret = \"never-rendered-either\"") != std::string::npos);
}

TEST_CASE("prompts: command lines split like a shell's words, without expansion", "[prompts]") {
  std::string error;
  CHECK(*split_command("kubectl rollout  status deploy/x --timeout=300s", &error) ==
        std::vector<std::string>{"kubectl", "rollout", "status", "deploy/x", "--timeout=300s"});
  CHECK(*split_command("sh -c 'echo $HOME; exit 0' \"a \\\"b\\\"\" c\\ d", &error) ==
        std::vector<std::string>{"sh", "-c", "echo $HOME; exit 0", "a \"b\"", "c d"});
  CHECK(split_command("", &error)->empty());
  CHECK_FALSE(split_command("sh -c 'unclosed", &error));
  CHECK(error == "the quote ' is not closed");
}

TEST_CASE("prompts: files are written whole, with the mode asked, and replace what was there", "[prompts]") {
  const std::string dir = fs::temp_directory_path().string() + "/kcldap-prompts-" + std::to_string(::getpid());
  fs::create_directories(dir);
  const std::string path = dir + "/kcldap.toml";
  std::ofstream(path) << "old";
  REQUIRE(write_file_atomically(path, "new text\n", 0600));
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  CHECK(line == "new text");
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}) == 1);  // no temporary left
  CHECK_FALSE(write_file_atomically(dir + "/missing-folder/x.toml", "x", 0644));
  fs::remove_all(dir);
}

TEST_CASE("prompts: a default or a message from the directory cannot drive the terminal", "[prompts]") {
  FakeTerminal fake("");
  const Asker ask(fake.terminal, true);
  CHECK(ask.text("Users DN", "ou=pe\x1b[2Jople,dc=x") == "ou=pe\x1b[2Jople,dc=x");  // the answer keeps its bytes
  ask.say("    ! found \x07 in a value");
  const std::string screen = fake.shown();
  CHECK(screen.find('\x1b') == std::string::npos);
  CHECK(screen.find('\x07') == std::string::npos);
  CHECK(screen.find("[ou=pe\\x1b[2Jople,dc=x]") != std::string::npos);
  CHECK(screen.find("found \\x07 in a value") != std::string::npos);
}
