// Input kcldap refuses before parsing or reading it: keys dotted without bound, files that are not files
// or are too large, and secrets that are unset or empty. Each refusal names the file, line, key or flag.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "src/config/config.hpp"
#include "src/config/overrides.hpp"
#include "src/config/schema.hpp"
#include "src/config/secret.hpp"
#include "src/config/toml_guard.hpp"

using namespace kcldap::config;
namespace fs = std::filesystem;

namespace {

std::string dotted(int parts) {
  std::string key = "a";
  for (int i = 1; i < parts; ++i) key += ".a";
  return key;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("kcldap-guard-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

std::string only_error(const LoadResult& result) {
  REQUIRE(result.errors.size() == 1);
  return result.errors.front().to_string();
}

}  // namespace

TEST_CASE("a key dotted 40,000 times is an error at its line, not a crash", "[config][input]") {
  const std::string text = "[ldap]\nurl = \"ldaps://dc1\"\n" + dotted(40000) + " = 1\n";
  CHECK(only_error(load_config_text(text, "deep.toml")).rfind("deep.toml:3:2: a key with more than 16 dotted parts", 0) == 0);
  CHECK(only_error(load_config_text("[" + dotted(40000) + "]\n", "deep.toml")).rfind("deep.toml:1:3:", 0) == 0);
  CHECK(only_error(load_config_text("x = { " + dotted(100) + " = 1 }\n", "deep.toml")).find("dotted parts") != std::string::npos);
}

TEST_CASE("dots in strings, comments, numbers and times are not key parts", "[config][input]") {
  const std::string many_dots(200, '.');
  CHECK_FALSE(overly_dotted_key("a = \"" + many_dots + "\"\n# " + many_dots + "\nb = '''\n" + many_dots + "\n'''\n"));
  CHECK_FALSE(overly_dotted_key("ldap.url = \"x\"\nn = 1.5\nt = 07:32:00.999\nlist = [1.5, 2.5, 3.5]\n"));
  CHECK(overly_dotted_key(dotted(17) + " = 1\n"));
  CHECK_FALSE(overly_dotted_key(dotted(16) + " = 1\n"));
}

TEST_CASE("the config file must be a regular file of bounded size, and every error names it", "[config][input]") {
  TempDir dir;
  const std::string folder = dir.path.string();
  CHECK(only_error(load_config_file(folder)) == folder + ": cannot read the config file: it is a directory, not a file");
  const std::string fifo = (dir.path / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(only_error(load_config_file(fifo)).find(fifo + ": cannot read the config file: it is not a regular file") == 0);
  CHECK(only_error(load_config_file("/dev/zero")).find("/dev/zero: cannot read the config file: it is not a regular file") == 0);
  const std::string big = (dir.path / "big.toml").string();
  std::ofstream(big) << "# " << std::string(kMaxConfigBytes, 'x') << "\n";
  CHECK(only_error(load_config_file(big)).find("more than the 1048576 allowed") != std::string::npos);
  CHECK(only_error(load_config_file(folder + "/missing.toml")) == folder + "/missing.toml: cannot read the config file: it does not exist");
}

TEST_CASE("a ${file:} reference must name a regular, small file", "[config][input]") {
  const auto error = only_error(load_config_text("[ldap]\nusers_dn = \"${file:/dev/zero}\"\n", "k.toml"));
  CHECK(error.find("k.toml:2:12: [ldap] users_dn refers to the file /dev/zero, which cannot be read: it is not a regular file") == 0);
  auto secret = resolve_secret(SecretRef{"${file:/dev/zero}", "[ldap] bind_password", {"k.toml", 3, 17, ""}});
  REQUIRE_FALSE(secret);
  CHECK(secret.error().find("it is not a regular file") != std::string::npos);
}

TEST_CASE("a secret that resolves to nothing is refused; a secret flag is checked at once", "[config][input]") {
  ::setenv("KCLDAP_TEST_EMPTY_SECRET", "", 1);
  ::unsetenv("KCLDAP_TEST_UNSET_SECRET");
  auto empty = resolve_secret(SecretRef{"${env:KCLDAP_TEST_EMPTY_SECRET}", "[ldap] bind_password", {"k.toml", 4, 17, ""}});
  REQUIRE_FALSE(empty);
  CHECK(empty.error() == "k.toml:4:17: [ldap] bind_password: the environment variable KCLDAP_TEST_EMPTY_SECRET is empty; a secret cannot be empty");

  Config config;
  KeycloakOverrides keycloak;
  keycloak.password_env = "KCLDAP_TEST_UNSET_SECRET";
  auto errors = apply_overrides(config, keycloak);
  REQUIRE(errors.size() == 1);
  CHECK(errors.front().to_string().rfind("flag --password-env: Keycloak password refers to the environment variable KCLDAP_TEST_UNSET_SECRET, which is not set", 0) == 0);
  keycloak.password_env = "KCLDAP_TEST_EMPTY_SECRET";
  errors = apply_overrides(config, keycloak);
  REQUIRE(errors.size() == 1);
  CHECK(errors.front().to_string() == "flag --password-env: Keycloak password: the environment variable KCLDAP_TEST_EMPTY_SECRET is empty; a secret cannot be empty");
  LdapOverrides ldap;
  ldap.bind_dn = "cn=reader,dc=example,dc=org";
  ldap.bind_password_file = "/nonexistent/kcldap/secret";
  errors = apply_overrides(config, ldap);
  REQUIRE(errors.size() == 1);
  CHECK(errors.front().to_string().find("flag --bind-password-file: bind password refers to the file /nonexistent/kcldap/secret") == 0);
}

TEST_CASE("a missing key is asked for in the file it belongs in", "[config][input]") {
  Config none;
  CHECK(where_to_set(none, "keycloak", "url", "--keycloak-url") ==
        "pass --keycloak-url, or set [keycloak] url in a config file given with --config");
  LoadResult empty = load_config_text("# only a comment\n", "/etc/kcldap.toml");
  CHECK(empty.ok());
  CHECK(where_to_set(empty.config, "keycloak", "url", "--keycloak-url") ==
        "set [keycloak] url in /etc/kcldap.toml (it sets no key yet), or pass --keycloak-url");
  LoadResult some = load_config_text("[keycloak]\nrealm = \"demo\"\n", "/etc/kcldap.toml");
  CHECK(where_to_set(some.config, "keycloak", "url", "--keycloak-url") == "set [keycloak] url in /etc/kcldap.toml, or pass --keycloak-url");
}

TEST_CASE("a megabyte-long unknown key is named in short and gets no suggestion", "[config][input]") {
  const std::string key(1024 * 1024, 'u');
  const auto error = only_error(load_config_text("[ldap]\n" + key + " = 1\n", "k.toml"));
  CHECK(error.size() < 400);
  CHECK(error.find("...(1048576 characters)") != std::string::npos);
  CHECK(error.find("did you mean") == std::string::npos);
}
