#include "src/config/load_clients.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include "keycloak/client_presets.hpp"
#include "src/config/suggest.hpp"

namespace kcldap::config {

const std::vector<ClientKeySpec>& client_keys() {
  static const std::vector<ClientKeySpec> keys = {
      {"client_id", "string"},         {"description", "string"},  {"preset", "string"},
      {"roles", "list of strings"},    {"realm_roles", "list of strings"}, {"secret_file", "path"},
      {"kubectl_secret", "table"},     {"rotate_secret", "bool"}};
  return keys;
}

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

class ClientsLoader {
 public:
  ClientsLoader(const std::string& path, LoadResult& result) : path_(path), result_(result) {}

  void load(const toml::table& table) {
    ServiceClientSettings client;
    client.where = at(table.source());
    if (!header(table, client)) return;
    bool ok = true;
    for (const auto& [key_name, node] : table) ok = key(std::string(key_name.str()), node, at(key_name.source()), client) && ok;
    if (ok && roles_chosen(table, client)) {
      // The presets are reviewed once, in their table; a hand-written list here.
      for (const auto& warning : keycloak::privilege_warnings(label(client), client.preset.empty() ? client.roles : std::vector<std::string>{})) {
        result_.config.warnings.push_back(client.where.to_string() + ": " + warning);
      }
      result_.config.clients.push_back(std::move(client));
    }
  }

 private:
  SourceLocation at(const toml::source_region& region) const {
    return SourceLocation{path_, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), ""};
  }
  void error(const SourceLocation& where, const std::string& key, const std::string& message) {
    result_.errors.push_back(ConfigError{where, key, message});
  }
  static std::string label(const ServiceClientSettings& client) { return "[[clients]] \"" + client.client_id + "\""; }

  bool header(const toml::table& table, ServiceClientSettings& client) {
    const auto* id = table.get("client_id");
    if (id == nullptr || !id->is_string() || id->value<std::string_view>()->empty()) {
      error(client.where, "[[clients]]", "every client needs client_id = \"...\" (the client's id in Keycloak)");
      return false;
    }
    client.client_id = std::string(*id->value<std::string_view>());
    if (!std::regex_match(client.client_id, std::regex("[A-Za-z0-9][A-Za-z0-9._-]{0,99}"))) {
      error(at(id->source()), label(client), "client_id may hold letters, digits, '.', '_' and '-' (at most 100)");
      return false;
    }
    if (!ids_.insert(client.client_id).second) {
      error(at(id->source()), label(client), "two [[clients]] blocks share this client_id; keep one");
      return false;
    }
    return true;
  }

  std::optional<std::string> text(const toml::node& node, const SourceLocation& where, const std::string& name) {
    if (node.is_string()) return std::string(*node.value<std::string_view>());
    error(where, name, "expected a string in double quotes");
    return std::nullopt;
  }

  std::optional<std::vector<std::string>> list(const toml::node& node, const SourceLocation& where, const std::string& name) {
    const toml::array* array = node.as_array();
    if (array == nullptr || array->empty()) {
      error(where, name, "expected a non-empty list of strings, e.g. [\"view-users\"]");
      return std::nullopt;
    }
    std::vector<std::string> items;
    for (const auto& item : *array) {
      if (!item.is_string()) {
        error(at(item.source()), name, "every element of the list must be a string");
        return std::nullopt;
      }
      items.emplace_back(*item.value<std::string_view>());
    }
    return items;
  }

  // Over 60 lines: one branch per key, each reading and checking its value.
  bool key(const std::string& key, const toml::node& node, const SourceLocation& where, ServiceClientSettings& client) {
    const std::string name = label(client) + " " + key;
    const SourceLocation value_where = at(node.source());
    if (key == "client_id") return true;
    if (key == "description") {
      auto value = text(node, value_where, name);
      if (value) client.description = *value;
      return value.has_value();
    }
    if (key == "preset") {
      auto value = text(node, value_where, name);
      if (!value) return false;
      if (keycloak::find_client_preset(*value) == nullptr) {
        std::string message = "\"" + *value + "\" is not a preset; use one of " + join(keycloak::client_preset_names());
        if (auto near = nearest_name(*value, keycloak::client_preset_names())) message += "; did you mean \"" + *near + "\"?";
        error(value_where, name, message);
        return false;
      }
      client.preset = *value;
      return true;
    }
    if (key == "roles") {
      auto value = list(node, value_where, name);
      if (!value) return false;
      for (const auto& role : *value) {
        const auto& known = keycloak::realm_management_roles();
        if (std::find(known.begin(), known.end(), role) == known.end()) {
          std::string message = "\"" + role + "\" is not a realm-management role; realm roles go in realm_roles";
          if (auto near = nearest_name(role, known)) message += "; did you mean \"" + *near + "\"?";
          error(value_where, name, message);
          return false;
        }
      }
      client.roles = *value;
      return true;
    }
    if (key == "realm_roles") {
      auto value = list(node, value_where, name);
      if (value) client.realm_roles = *value;
      return value.has_value();
    }
    if (key == "secret_file") {
      auto value = text(node, value_where, name);
      if (value && value->empty()) error(value_where, name, "is empty; give a path, or remove the key");
      if (!value || value->empty()) return false;
      client.secret_file = *value;
      return true;
    }
    if (key == "rotate_secret") {
      if (!node.is_boolean()) {
        error(value_where, name, "expected true or false (without quotes)");
        return false;
      }
      client.rotate_secret = *node.value<bool>();
      return true;
    }
    if (key == "kubectl_secret") return kubectl(node, value_where, name, client);
    std::vector<std::string> known;
    for (const auto& spec : client_keys()) known.push_back(spec.key);
    std::string message = "unknown key for a [[clients]] block; the keys are " + join(known);
    if (auto near = nearest_name(key, known)) message = "unknown key; did you mean '" + *near + "'?";
    error(where, name, message);
    return false;
  }

  bool kubectl(const toml::node& node, const SourceLocation& where, const std::string& name, ServiceClientSettings& client) {
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      error(where, name, "expected a table: kubectl_secret = { name = \"...\", namespace = \"...\", key = \"client-secret\" }");
      return false;
    }
    KubectlSecret secret;
    const std::regex dns_name("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    for (const auto& [key_name, value] : *table) {
      const std::string key(key_name.str());
      auto text_value = text(value, at(value.source()), name + "." + key);
      if (!text_value) return false;
      if (key == "name") secret.name = *text_value;
      else if (key == "namespace") secret.namespace_name = *text_value;
      else if (key == "key") secret.key = *text_value;
      else {
        error(at(key_name.source()), name + "." + key, "unknown key; kubectl_secret takes name, namespace and key");
        return false;
      }
      const bool ok = key == "key" ? std::regex_match(*text_value, std::regex("[-._A-Za-z0-9]{1,253}")) : std::regex_match(*text_value, dns_name);
      if (!ok) {
        error(at(value.source()), name + "." + key, "\"" + *text_value + "\" is not a valid Kubernetes " + (key == "key" ? "secret key" : "name"));
        return false;
      }
    }
    if (secret.name.empty()) {
      error(where, name, "needs name = \"...\" (the Kubernetes secret to write)");
      return false;
    }
    client.kubectl_secret = secret;
    return true;
  }

  // Exactly one of preset and roles; kubectl_secret reads secret_file, so it needs one.
  bool roles_chosen(const toml::table& table, ServiceClientSettings& client) {
    if (!client.preset.empty() && !client.roles.empty()) {
      error(at(table.get("roles")->source()), label(client), "give either preset or roles, not both");
      return false;
    }
    if (client.preset.empty() && client.roles.empty()) {
      error(client.where, label(client), "needs preset = \"...\" (one of " + join(keycloak::client_preset_names()) + ") or roles = [...]");
      return false;
    }
    if (client.kubectl_secret && client.secret_file.empty()) {
      error(at(table.get("kubectl_secret")->source()), label(client),
            "kubectl_secret needs secret_file: the kubectl command reads the secret from that file, never from the command line");
      return false;
    }
    if (!client.preset.empty()) client.roles = keycloak::role_names_of(keycloak::find_client_preset(client.preset)->roles);
    return true;
  }

  std::string path_;
  LoadResult& result_;
  std::set<std::string> ids_;
};

}  // namespace

void load_clients(const toml::node& node, const SourceLocation& where, const std::string& path, LoadResult& result) {
  const toml::array* array = node.as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    result.errors.push_back(ConfigError{where, "[[clients]]", "clients must be written as [[clients]] blocks (an array of tables), one per client"});
    return;
  }
  ClientsLoader loader(path, result);
  for (const auto& element : *array) loader.load(*element.as_table());
}

}  // namespace kcldap::config
