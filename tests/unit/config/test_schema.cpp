// The key tables agree with each other and with the documentation: every kcldap.toml key is in the
// README's reference (with its type, range, allowed values and default) and in the example config; every
// Keycloak key a config key becomes is one the provider key table knows; every mapper key has a Keycloak
// name; values survive the trip to Keycloak's text and back (the reverse direction reads a federation back).
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "keycloak/mapper_types.hpp"
#include "keycloak/provider_keys.hpp"
#include "src/config/load_clients.hpp"
#include "src/config/schema.hpp"

using namespace kcldap::config;

namespace {

std::string read_source(const std::string& relative) {
  std::ifstream file(std::string(KCLDAP_SOURCE_DIR) + "/" + relative);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

struct ReferenceRow {
  std::string type;
  std::string default_text;
};

// The README's configuration reference: "### [section]" headings, then "| `key`, `key2` | type | default | meaning |".
std::map<std::string, ReferenceRow> readme_reference() {
  const std::string readme = read_source("README.md");
  const auto begin = readme.find("## Configuration (kcldap.toml)");
  const auto end = readme.find("\n## ", begin + 1);
  std::istringstream lines(readme.substr(begin, end - begin));
  std::map<std::string, ReferenceRow> rows;  // "section.key" -> row
  std::string section;
  const std::regex heading(R"(^### \[([a-z]+)\])");
  const std::regex name("`([a-z_]+)`");
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (std::regex_search(line, match, heading)) section = match[1];
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '|' && line[i - 1] != '\\') {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += line[i];
      }
    }
    if (cells.size() < 3) continue;
    for (auto it = std::sregex_iterator(cells[0].begin(), cells[0].end(), name); it != std::sregex_iterator(); ++it) {
      rows[section + "." + (*it)[1].str()] = {cells[1], cells[2]};
    }
  }
  return rows;
}

// A default as the README writes it: `true`, `5000`, `READ_ONLY` (no quotes).
std::string plain(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  return toml_text(value);
}

bool has_default(const KeySpec& key) {
  const auto value = key.default_value();
  if (!value) return false;
  if (const auto* text = std::get_if<std::string>(&*value)) return !text->empty();
  return true;
}

}  // namespace

TEST_CASE("every kcldap.toml key is in the README's reference with its type, range, choices and default", "[config][schema]") {
  const auto rows = readme_reference();
  for (const auto& key : config_schema()) {
    INFO(key.label());
    const auto row = rows.find(key.dotted());
    REQUIRE(row != rows.end());
    if (has_default(key)) CHECK(row->second.default_text.find("`" + plain(*key.default_value()) + "`") != std::string::npos);
    if (key.max > key.min) {
      CHECK(row->second.type.find(std::to_string(key.min) + "–" + std::to_string(key.max)) != std::string::npos);
    }
    for (const auto& choice : key.choices) CHECK(row->second.type.find("`" + choice + "`") != std::string::npos);
  }
}

TEST_CASE("the example config loads, names every key, and says so where a value is not the default", "[config][schema]") {
  const std::string path = "fixtures/config/kcldap.example.toml";
  const std::string text = read_source(path);
  const LoadResult loaded = load_config_text(text, path);
  for (const auto& error : loaded.errors) FAIL(error.to_string());
  std::istringstream lines(text);
  std::string section;
  std::map<std::string, std::string> written;  // "section.key" -> its line
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("[", 0) == 0) section = line.substr(line.find_first_not_of('['), line.find(']') - line.find_first_not_of('['));
    const std::string body = line.rfind("# ", 0) == 0 ? line.substr(2) : line;
    const auto equals = body.find(" = ");
    if (equals != std::string::npos && body.find_first_of(" #") == equals) written[section + "." + body.substr(0, equals)] = line;
  }
  for (const auto& key : config_schema()) {
    INFO(key.label());
    const auto line = written.find(key.dotted());
    REQUIRE(line != written.end());
    const auto value = key.read(loaded.config);
    if (loaded.config.is_set(key.dotted()) && has_default(key) && value != key.default_value()) {
      CHECK(line->second.find(" # ") != std::string::npos);
    }
  }
}

TEST_CASE("every Keycloak key a config key becomes is an LDAP provider key of the versions kcldap supports", "[config][schema]") {
  int sent = 0;
  for (const auto& key : config_schema()) {
    if (key.keycloak.name.empty()) continue;
    INFO(key.label() + " -> " + key.keycloak.name);
    const auto* provider_key = kcldap::keycloak::find_provider_key(key.keycloak.name);
    REQUIRE(provider_key != nullptr);
    CHECK(provider_key->known_by(kcldap::keycloak::Version{21, 1, 0}));
    CHECK(provider_key->known_by(kcldap::keycloak::Version{26, 7, 0}));
    CHECK(provider_key->secret == (key.kind == Kind::secret));
    CHECK(find_key_for_keycloak(key.keycloak.name) == &key);
    ++sent;
  }
  CHECK(sent >= 20);
}

TEST_CASE("a value goes to Keycloak's text and comes back the same", "[config][schema]") {
  SECTION("each key's default") {
    for (const auto& key : config_schema()) {
      const auto value = key.default_value();
      if (key.keycloak.name.empty() || !value) continue;
      INFO(key.label());
      CHECK(from_keycloak_text(key, to_keycloak_text(key, *value)) == value);
    }
  }
  SECTION("values Keycloak writes differently") {
    const KeySpec& scope = *find_key_for_keycloak("searchScope");
    CHECK(scope.dotted() == "ldap.search_scope");
    CHECK(to_keycloak_text(scope, Value{std::string("one")}) == "1");
    CHECK(from_keycloak_text(scope, "2") == Value{std::string("subtree")});
    const KeySpec& urls = *find_key_for_keycloak("connectionUrl");
    const Value two{std::vector<std::string>{"ldaps://a:636", "ldaps://b:636"}};
    CHECK(to_keycloak_text(urls, two) == "ldaps://a:636 ldaps://b:636");
    CHECK(from_keycloak_text(urls, "ldaps://a:636 ldaps://b:636") == two);
    const KeySpec& classes = *find_key_for_keycloak("userObjectClasses");
    CHECK(from_keycloak_text(classes, "inetOrgPerson, organizationalPerson") ==
          Value{std::vector<std::string>{"inetOrgPerson", "organizationalPerson"}});
  }
  SECTION("Keycloak text that is no value of the key") {
    CHECK_FALSE(from_keycloak_text(*find_key_for_keycloak("connectionTimeout"), "soon"));
    CHECK_FALSE(from_keycloak_text(*find_key_for_keycloak("trustEmail"), "yes"));
  }
}

TEST_CASE("the config's defaults are where the libraries take theirs", "[config][schema]") {
  const Config defaults;
  CHECK(std::get<long long>(*find_key("ldap", "connect_timeout_ms")->default_value()) == defaults.ldap.connect_timeout_ms);
  CHECK(defaults.ldap.connect_timeout_ms == kcldap::ldap::ConnectOptions{}.connect_timeout_ms);
  CHECK(defaults.ldap.read_timeout_ms == kcldap::ldap::ProbeOptions{}.read_timeout_ms);
  CHECK(defaults.ldap.sample_size == kcldap::ldap::ProbeOptions{}.sample_size);
  CHECK(defaults.keycloak.timeout_ms == kcldap::keycloak::HttpRequest{}.timeout_ms);
}

TEST_CASE("every mapper key has one Keycloak name and the config validates exactly the table's keys", "[config][schema]") {
  const auto& types = kcldap::keycloak::mapper_types();
  REQUIRE(types.size() == mapper_schema().size());
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto& type = types[i];
    INFO(type.type);
    CHECK(mapper_schema()[i].type == type.type);
    CHECK(kcldap::keycloak::find_mapper_type_by_provider(type.provider_id) == &type);
    REQUIRE(mapper_schema()[i].keys.size() == type.keys.size());
    for (const auto& key : type.keys) {
      INFO(key.key);
      CHECK_FALSE(key.keycloak_key.empty());
      CHECK(type.find_keycloak_key(key.keycloak_key) == &key);
    }
  }
}

TEST_CASE("every mapper type and key is in the README's [[mappers]] table, required keys in bold", "[config][schema]") {
  const std::string readme = read_source("README.md");
  const auto table = readme.substr(readme.find("### [[mappers]]"), 3000);
  for (const auto& type : kcldap::keycloak::mapper_types()) {
    INFO(type.type);
    const auto row_start = table.find("| `" + type.type + "` |");
    REQUIRE(row_start != std::string::npos);
    const std::string row = table.substr(row_start, table.find('\n', row_start) - row_start);
    for (const auto& key : type.keys) {
      INFO(key.key);
      CHECK(row.find(key.required ? "**`" + key.key + "`**" : "`" + key.key + "`") != std::string::npos);
    }
  }
}

TEST_CASE("every [[clients]] key is in the README's [[clients]] table and in the example config", "[config][schema][clients]") {
  const std::string readme = read_source("README.md");
  const auto begin = readme.find("### [[clients]]");
  REQUIRE(begin != std::string::npos);
  const std::string table = readme.substr(begin, readme.find("\n\n", readme.find("| key |", begin)) - begin);
  const std::string example = read_source("fixtures/config/kcldap.example.toml");
  const std::string block = example.substr(example.find("[[clients]]"));
  for (const auto& key : client_keys()) {
    INFO(key.key);
    CHECK(table.find("| `" + key.key + "` | " + (key.type == "bool" ? "bool" : "")) != std::string::npos);
    const bool written = block.find("\n" + key.key + " = ") != std::string::npos || block.find("\n# " + key.key + " = ") != std::string::npos;
    CHECK(written);
  }
  const LoadResult loaded = load_config_text(example, "kcldap.example.toml");
  REQUIRE(loaded.ok());
  REQUIRE(loaded.config.clients.size() == 1);
  CHECK(loaded.config.clients[0].roles == std::vector<std::string>{"view-users"});
}
