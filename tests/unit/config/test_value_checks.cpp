// A value is judged by the same rules whether it was written in kcldap.toml or given as a flag.
#include <catch2/catch.hpp>

#include "src/config/overrides.hpp"
#include "src/config/value_checks.hpp"

using namespace kcldap::config;

namespace {

std::string problem(const std::string& section, const std::string& key, const Value& value) {
  const KeySpec& spec = *find_key(section, key);
  return value_problem(value, spec.check, spec.choices, spec.min, spec.max).value_or("");
}

std::string file_error(const std::string& toml) {
  const LoadResult loaded = load_config_text(toml, "k.toml");
  return loaded.errors.empty() ? "" : loaded.errors.front().message;
}

}  // namespace

TEST_CASE("value_problem names what is wrong and the remedy", "[config]") {
  CHECK(problem("ldap", "sample_size", Value{0LL}) == "must be from 1 to 100000, got 0");
  CHECK(problem("ldap", "sample_size", Value{500LL}).empty());
  CHECK(problem("ldap", "search_scope", Value{std::string("subtre")}).find("did you mean \"subtree\"") != std::string::npos);
  CHECK(problem("ldap", "users_dn", Value{std::string("ou=people,dc")}).find("is not a valid DN") != std::string::npos);
  CHECK(problem("ldap", "users_dn", Value{std::string("people")}).find("expected '='") != std::string::npos);
  CHECK(problem("ldap", "url", Value{std::vector<std::string>{"ldaps://a", "http://b"}}).find("\"http://b\" is not a valid LDAP URL") !=
        std::string::npos);
  CHECK(problem("keycloak", "url", Value{std::string("https://kc/admin/master/console")}).find("base URL") != std::string::npos);
  CHECK(problem("restart", "command", Value{std::vector<std::string>{}}) == "the command is empty");
  CHECK(problem("ldap", "uuid_attribute", Value{std::string("entry UUID")}).find("attribute") != std::string::npos);
}

TEST_CASE("set_key stores a valid value and where it came from, and leaves the config alone otherwise", "[config]") {
  Config config;
  const SourceLocation from_flag{"", 0, 0, "--sample-size"};
  CHECK_FALSE(set_key(config, *find_key("ldap", "sample_size"), Value{42LL}, from_flag));
  CHECK(config.ldap.sample_size == 42);
  CHECK(config.locations.at("ldap.sample_size").flag == "--sample-size");
  const auto refused = set_key(config, *find_key("ldap", "sample_size"), Value{0LL}, from_flag);
  REQUIRE(refused);
  CHECK(refused->to_string() == "flag --sample-size: must be from 1 to 100000, got 0");
  CHECK(config.ldap.sample_size == 42);
}

TEST_CASE("a flag is refused with the words the file gets for the same value", "[config]") {
  const auto flag_error = [](LdapOverrides overrides) {
    Config config;
    const auto errors = apply_overrides(config, overrides);
    return errors.empty() ? std::string() : errors.front().message;
  };
  LdapOverrides sample;
  sample.sample_size = 0;
  CHECK(flag_error(sample) == file_error("[ldap]\nsample_size = 0\n"));
  LdapOverrides dn;
  dn.users_dn = "ou=people,dc";
  CHECK(flag_error(dn) == file_error("[ldap]\nusers_dn = \"ou=people,dc\"\n"));
  LdapOverrides url;
  url.urls = {"ldapz://dc1"};
  CHECK(flag_error(url) == file_error("[ldap]\nurl = \"ldapz://dc1\"\n"));
  CHECK_FALSE(flag_error(url).empty());

  Config config;
  KeycloakOverrides keycloak;
  keycloak.url = "https://kc.example.com/admin/master/console";
  const auto errors = apply_overrides(config, keycloak);
  REQUIRE(errors.size() == 1);
  CHECK(errors.front().to_string().rfind("flag --keycloak-url: give the server's base URL", 0) == 0);
  CHECK(errors.front().message == file_error("[keycloak]\nurl = \"https://kc.example.com/admin/master/console\"\n"));
}

TEST_CASE("Keycloak's URL is parsed: host, port, path; no credentials, query or fragment", "[config][input]") {
  const auto url = [](const std::string& text) { return problem("keycloak", "url", Value{text}); };
  for (const std::string good : {"https://kc.example.com", "http://localhost:8080", "https://kc.example.com/auth", "http://[::1]:8080",
                                 "https://10.0.0.5:8443/", "http://kc_1.internal:80"}) {
    INFO(good);
    CHECK(url(good).empty());
  }
  CHECK(url("http://kc.example.com:99999").find("the port '99999' is not a number from 1 to 65535") != std::string::npos);
  CHECK(url("http://kc.example.com:0").find("the port '0'") != std::string::npos);
  CHECK(url("http://kc.example.com:").find("the port is empty") != std::string::npos);
  CHECK(url("http://[::1").find("missing its closing ']'") != std::string::npos);
  CHECK(url("https://kc.example.com/?realm=x").find("without a query or fragment") != std::string::npos);
  CHECK(url("https://kc.example.com#top").find("without a query or fragment") != std::string::npos);
  CHECK(url("http://").find("has no host name") != std::string::npos);
  CHECK(url("http://realms").empty());  // a host called "realms" is a host; the realm path check is about paths
  const std::string with_credentials = url("https://admin:s3cret@kc.example.com");
  CHECK(with_credentials.find("carries credentials") != std::string::npos);
  CHECK(with_credentials.find("s3cret") == std::string::npos);
  CHECK(url("https://kc.exa mple.com").find("is not a host name") != std::string::npos);
}
