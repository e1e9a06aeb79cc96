#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "src/config/config.hpp"
#include "src/config/overrides.hpp"
#include "src/config/secret.hpp"
#include "src/config/suggest.hpp"

using namespace kcldap::config;
namespace fs = std::filesystem;

namespace {

std::string source_dir() { return KCLDAP_SOURCE_DIR; }

std::string first_line(const fs::path& path) {
  std::ifstream file(path);
  std::string line;
  std::getline(file, line);
  return line;
}

}  // namespace

TEST_CASE("every file of the broken-config corpus fails with the expected, positioned message", "[config]") {
  const fs::path corpus = source_dir() + "/fixtures/config/broken";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    const std::string header = first_line(entry.path());  // "# expect: LINE:COL | substring"
    REQUIRE(header.rfind("# expect: ", 0) == 0);
    const auto bar = header.find(" | ");
    const std::string where = header.substr(10, bar - 10);
    const std::string expected = header.substr(bar + 3);
    const LoadResult result = load_config_file(entry.path().string());
    INFO(entry.path().filename().string());
    REQUIRE_FALSE(result.ok());
    bool matched = false;
    std::string all;
    for (const auto& error : result.errors) {
      const std::string text = error.to_string();
      all += text + "\n";
      if (text.find(entry.path().string() + ":" + where) == 0 && text.find(expected) != std::string::npos) matched = true;
    }
    INFO("errors:\n" << all);
    CHECK(matched);
  }
  CHECK(files >= 30);
}

TEST_CASE("the documented example config loads without errors", "[config]") {
  const LoadResult result = load_config_file(source_dir() + "/fixtures/config/kcldap.example.toml");
  for (const auto& error : result.errors) INFO(error.to_string());
  REQUIRE(result.ok());
  const Config& config = result.config;
  CHECK(config.ldap.urls.size() == 2);
  CHECK(config.ldap.bind_password.text == "${env:KCLDAP_BIND_PASSWORD}");
  CHECK(config.ldap.user_object_classes.empty());
  CHECK(config.keycloak.realm == "runai");
  CHECK(config.federation.edit_mode == "READ_ONLY");
  REQUIRE(config.mappers.size() == 2);
  CHECK(config.mappers[0].options.at("object_classes") == "groupOfNames");
  CHECK(config.restart.command.front() == "kubectl");
  CHECK(config.warnings.empty());
  CHECK(config.is_set("ldap.users_dn"));
  CHECK_FALSE(config.is_set("federation.connection_pooling"));
}

TEST_CASE("defaults apply when keys are absent", "[config]") {
  const LoadResult result = load_config_text("[ldap]\nurl = \"ldap://x\"\n", "mini.toml");
  REQUIRE(result.ok());
  CHECK(result.config.ldap.tls_verify);
  CHECK(result.config.ldap.username_attribute == "auto");
  CHECK(result.config.ldap.sample_size == 500);
  CHECK(result.config.keycloak.auth_realm == "master");
  CHECK(result.config.federation.name == "ldap");
  CHECK(result.config.federation.default_mappers == "adopt");
  CHECK(result.config.ldap.user_filter == "auto");
}

TEST_CASE("bind_dn takes a DN or an Active Directory logon name; user_filter takes auto, empty or a filter", "[config]") {
  for (const std::string bind : {"cn=reader,dc=corp", "reader@corp.example.com", "CORP\\\\reader"}) {
    const LoadResult ok = load_config_text("[ldap]\nurl = \"ldap://x\"\nbind_dn = \"" + bind + "\"\n", "b.toml");
    INFO(bind);
    CHECK(ok.ok());
  }
  const LoadResult bad = load_config_text("[ldap]\nurl = \"ldap://x\"\nbind_dn = \"reader\"\n", "b.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors.front().to_string().find("b.toml:3") != std::string::npos);
  CHECK(bad.errors.front().to_string().find("neither a DN") != std::string::npos);
  for (const std::string filter : {"auto", "", "(department=IT)"}) {
    const LoadResult loaded = load_config_text("[ldap]\nurl = \"ldap://x\"\nuser_filter = \"" + filter + "\"\n", "f.toml");
    INFO(filter);
    CHECK(loaded.ok());
    CHECK(loaded.config.ldap.user_filter == filter);
  }

  Config config;
  LdapOverrides flags;
  flags.bind_dn = "reader@corp.example.com";
  CHECK(apply_overrides(config, flags).empty());
  flags.bind_dn = "reader";
  const auto errors = apply_overrides(config, flags);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].to_string().find("flag --bind-dn") == 0);
}

TEST_CASE("a secret written into the file is accepted with a warning that does not repeat it", "[config][secret]") {
  const LoadResult result = load_config_text("[ldap]\nbind_dn = \"cn=a,dc=b\"\nbind_password = \"hunter2-literal\"\n", "lit.toml");
  REQUIRE(result.ok());
  REQUIRE(result.config.warnings.size() == 1);
  CHECK(result.config.warnings[0].find("lit.toml:3:17") != std::string::npos);
  CHECK(result.config.warnings[0].find("hunter2-literal") == std::string::npos);
}

TEST_CASE("non-secret values may be references, resolved at load", "[config][secret]") {
  ::setenv("KCLDAP_TEST_USERS_DN", "ou=staff,dc=example,dc=org", 1);
  const LoadResult result = load_config_text("[ldap]\nusers_dn = \"${env:KCLDAP_TEST_USERS_DN}\"\n", "ref.toml");
  REQUIRE(result.ok());
  CHECK(result.config.ldap.users_dn == "ou=staff,dc=example,dc=org");
  ::setenv("KCLDAP_TEST_USERS_DN", "not a dn", 1);
  const LoadResult bad = load_config_text("[ldap]\nusers_dn = \"${env:KCLDAP_TEST_USERS_DN}\"\n", "ref.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors[0].to_string().find("ref.toml:2:12") == 0);
}

TEST_CASE("secrets resolve from the environment and from files, and say what is missing", "[secret]") {
  ::setenv("KCLDAP_TEST_SECRET", "s3cret-from-env", 1);
  auto from_env = resolve_secret(SecretRef{"${env:KCLDAP_TEST_SECRET}", "[ldap] bind_password", {"k.toml", 4, 17, ""}});
  REQUIRE(from_env);
  CHECK(from_env->reveal() == "s3cret-from-env");

  const std::string path = (fs::temp_directory_path() / "kcldap-test-secret").string();
  std::ofstream(path) << "s3cret-from-file\n";
  auto from_file = resolve_secret(SecretRef{"${file:" + path + "}", "[ldap] bind_password", {"k.toml", 4, 17, ""}});
  REQUIRE(from_file);
  CHECK(from_file->reveal() == "s3cret-from-file");
  fs::remove(path);

  ::unsetenv("KCLDAP_TEST_MISSING");
  auto missing = resolve_secret(SecretRef{"${env:KCLDAP_TEST_MISSING}", "[ldap] bind_password", {"k.toml", 4, 17, ""}});
  REQUIRE_FALSE(missing);
  CHECK(missing.error().find("k.toml:4:17: [ldap] bind_password refers to the environment variable KCLDAP_TEST_MISSING") == 0);
  auto no_file = resolve_secret(SecretRef{"${file:/nonexistent/x}", "bind password", {"", 0, 0, "--bind-password-file"}});
  REQUIRE_FALSE(no_file);
  CHECK(no_file.error().find("flag --bind-password-file") == 0);
}

TEST_CASE("flags override the file and are validated like it", "[config][flags]") {
  LoadResult loaded = load_config_text("[ldap]\nurl = \"ldap://file-host\"\nusers_dn = \"ou=a,dc=b\"\n", "f.toml");
  REQUIRE(loaded.ok());
  LdapOverrides overrides;
  overrides.urls = {"ldaps://flag-host:636"};
  overrides.users_dn = "ou=flag,dc=b";
  overrides.bind_dn = "cn=reader,dc=b";
  overrides.bind_password_env = "KCLDAP_TEST_SECRET";
  CHECK(apply_overrides(loaded.config, overrides).empty());
  CHECK(loaded.config.ldap.urls == std::vector<std::string>{"ldaps://flag-host:636"});
  CHECK(loaded.config.ldap.users_dn == "ou=flag,dc=b");
  CHECK(loaded.config.ldap.bind_password.text == "${env:KCLDAP_TEST_SECRET}");
  CHECK(loaded.config.locations.at("ldap.users_dn").to_string() == "flag --users-dn");

  Config config;
  LdapOverrides bad;
  bad.urls = {"ldap//oops"};
  bad.users_dn = "people";
  const auto errors = apply_overrides(config, bad);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].to_string().find("flag --ldap-url") == 0);
  CHECK(errors[1].to_string().find("flag --users-dn") == 0);
}

TEST_CASE("did-you-mean finds near misses only", "[config]") {
  const std::vector<std::string> keys = {"bind_dn", "bind_password", "users_dn", "user_filter"};
  CHECK(nearest_name("bind_pasword", keys) == "bind_password");
  CHECK(nearest_name("Bind-DN", keys) == "bind_dn");
  CHECK(nearest_name("user_dn", keys) == "users_dn");
  CHECK_FALSE(nearest_name("completely_different", keys));
}
