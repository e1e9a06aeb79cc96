#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "common/file.hpp"
#include "src/config/config.hpp"
#include "src/config/load_clients.hpp"
#include "src/config/schema.hpp"
#include "src/config/secret.hpp"
#include "src/config/suggest.hpp"
#include "src/config/toml_guard.hpp"
#include "src/config/value_checks.hpp"

namespace kcldap::config {

std::string SourceLocation::to_string() const {
  if (!flag.empty()) return "flag " + flag;
  if (file.empty()) return "(default)";
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string ConfigError::to_string() const {
  return where.to_string() + ": " + (key.empty() ? "" : key + ": ") + message;
}

std::vector<std::string> section_names() { return {"ldap", "keycloak", "federation", "mappers", "checks", "restart", "clients"}; }

std::vector<std::string> keys_of_section(const std::string& section) {
  std::vector<std::string> keys;
  for (const auto& spec : config_schema()) {
    if (spec.section == section) keys.push_back(spec.key);
  }
  return keys;
}

std::vector<std::string> mapper_types() {
  std::vector<std::string> types;
  for (const auto& spec : mapper_schema()) types.push_back(spec.type);
  return types;
}

namespace {

class Loader {
 public:
  Loader(std::string path, LoadResult& result) : path_(std::move(path)), result_(result) {}

  void load(const toml::table& root) {
    result_.config.path = path_;
    for (const auto& [key, node] : root) {
      const std::string section(key.str());
      const SourceLocation where = at(key.source());
      if (section == "mappers" || section == "clients") {  // arrays of tables
        section == "mappers" ? load_mappers(node, where) : load_clients(node, where, path_, result_);
        continue;
      }
      const auto known = section_names();
      if (std::find(known.begin(), known.end(), section) == known.end()) {
        unknown_section(section, where, node);
        continue;
      }
      const toml::table* table = node.as_table();
      if (table == nullptr) {
        error(where, "[" + section + "]", "must be a table: write [" + section + "] on a line of its own, keys below it");
        continue;
      }
      load_section(section, *table);
    }
    cross_checks();
  }

 private:
  SourceLocation at(const toml::source_region& region) const {
    return SourceLocation{path_, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column), ""};
  }

  void error(const SourceLocation& where, const std::string& key, const std::string& message) {
    result_.errors.push_back(ConfigError{where, key, message});
  }

  void unknown_section(const std::string& section, const SourceLocation& where, const toml::node& node) {
    std::string message = "unknown section";
    if (auto near = nearest_name(section, section_names())) {
      message += "; did you mean [" + *near + "]" + (*near == "mappers" || *near == "clients" ? " (written [[" + *near + "]])" : "") + "?";
    } else if (node.is_value()) {
      // A top-level key: say which section it belongs to, if any.
      for (const auto& candidate : section_names()) {
        const auto keys = keys_of_section(candidate);
        if (std::find(keys.begin(), keys.end(), section) != keys.end()) {
          error(where, shown_name(section), "this key belongs in the [" + candidate + "] section; move it below [" + candidate + "]");
          return;
        }
      }
      message = "unknown key outside any section; keys go below a section header such as [ldap]";
    } else {
      message += "; the sections are [ldap], [keycloak], [federation], [[mappers]], [checks], [restart] and [[clients]]";
    }
    error(where, "[" + shown_name(section) + "]", message);
  }

  std::optional<Value> read_value(const toml::node& node, Kind kind, const SourceLocation& where, const std::string& label) {
    const auto wrong_type = [&]() {
      std::string got = node.is_string() ? "a string" : node.is_boolean() ? "a boolean" : node.is_integer() ? "an integer"
                        : node.is_floating_point() ? "a number" : node.is_array() ? "a list" : node.is_table() ? "a table"
                        : "another type";
      std::string hint;
      if (kind == Kind::boolean && node.is_string()) hint = " (write true or false without quotes)";
      if (kind == Kind::integer && node.is_string()) hint = " (write the number without quotes)";
      error(where, label, "expected " + kind_name(kind) + ", got " + got + hint);
      return std::nullopt;
    };
    switch (kind) {
      case Kind::boolean:
        if (auto v = node.value<bool>(); v && node.is_boolean()) return Value{*v};
        return wrong_type();
      case Kind::integer:
        if (node.is_integer()) return Value{static_cast<long long>(*node.value<int64_t>())};
        return wrong_type();
      case Kind::string:
      case Kind::secret:
        if (node.is_string()) return Value{std::string(*node.value<std::string_view>())};
        return wrong_type();
      case Kind::string_list:
      case Kind::string_or_list: {
        if (node.is_string() && kind == Kind::string_or_list) return Value{std::string(*node.value<std::string_view>())};
        const toml::array* array = node.as_array();
        if (array == nullptr) return wrong_type();
        std::vector<std::string> items;
        for (const auto& item : *array) {
          if (!item.is_string()) {
            error(at(item.source()), label, "every element of the list must be a string");
            return std::nullopt;
          }
          items.emplace_back(*item.value<std::string_view>());
        }
        if (items.empty()) {
          error(where, label, "the list is empty; remove the key to use the default");
          return std::nullopt;
        }
        return Value{std::move(items)};
      }
    }
    return std::nullopt;
  }

  // Resolves ${env:...}/${file:...} in non-secret strings; checks the syntax of references in secrets.
  bool resolve_references(Value& value, Kind kind, const SourceLocation& where, const std::string& label) {
    const auto resolve_one = [&](std::string& text) {
      if (kind == Kind::secret) {
        std::string problem;
        parse_reference(text, &problem);
        if (!problem.empty()) {
          error(where, label, problem);
          return false;
        }
        if (!text.empty() && problem.empty() && !SecretRef{text, "", {}}.is_reference()) {
          result_.config.warnings.push_back(where.to_string() + ": " + label +
                                            " is written into the file; prefer \"${env:NAME}\" or \"${file:/path}\" "
                                            "and keep the file out of version control");
        }
        return true;
      }
      auto resolved = resolve_text(text, label, where);
      if (!resolved) {
        result_.errors.push_back(ConfigError{where, "", resolved.error().substr(where.to_string().size() + 2)});
        return false;
      }
      if (*resolved != text && !resolved->empty()) result_.config.references.emplace_back(*resolved, text);
      text = *resolved;
      return true;
    };
    if (auto* text = std::get_if<std::string>(&value)) return resolve_one(*text);
    if (auto* list = std::get_if<std::vector<std::string>>(&value)) {
      for (auto& item : *list) {
        if (!resolve_one(item)) return false;
      }
    }
    return true;
  }

  bool check_value(const Value& value, Check check, const std::vector<std::string>& choices, const SourceLocation& where,
                   const std::string& label) {
    if (auto problem = value_problem(value, check, choices, 0, 0)) {
      error(where, label, *problem);
      return false;
    }
    return true;
  }

  void load_section(const std::string& section, const toml::table& table) {
    for (const auto& [key_name, node] : table) {
      const std::string key(key_name.str());
      const std::string label = "[" + section + "] " + shown_name(key);
      const SourceLocation where = at(key_name.source());
      const KeySpec* spec = find_key(section, key);
      if (spec == nullptr) {
        std::string message = "unknown key";
        if (auto near = nearest_name(key, keys_of_section(section))) {
          message += "; did you mean '" + *near + "'?";
        } else {
          for (const auto& other : section_names()) {
            const auto keys = keys_of_section(other);
            if (other != section && std::find(keys.begin(), keys.end(), key) != keys.end()) {
              message += "; '" + key + "' belongs in [" + other + "]";
              break;
            }
          }
        }
        error(where, label, message + " (the README's configuration reference lists the keys of [" + section + "])");
        continue;
      }
      const SourceLocation value_where = at(node.source());
      auto value = read_value(node, spec->kind, value_where, label);
      if (!value) continue;
      if (!resolve_references(*value, spec->kind, value_where, label)) continue;
      if (auto problem = set_key(result_.config, *spec, *value, value_where)) result_.errors.push_back(*problem);
    }
  }

  void load_mappers(const toml::node& node, const SourceLocation& where) {
    const toml::array* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables()) {
      error(where, "[[mappers]]", "mappers must be written as [[mappers]] blocks (an array of tables), one per mapper");
      return;
    }
    std::set<std::string> names;
    for (const auto& element : *array) {
      const toml::table& table = *element.as_table();
      MapperSettings mapper;
      mapper.where = at(table.source());
      const MapperTypeSpec* spec = mapper_header(table, names, mapper);
      if (spec == nullptr) continue;
      if (mapper_options(table, *spec, mapper)) result_.config.mappers.push_back(std::move(mapper));
    }
  }

  // A mapper's name (unique) and type; nullptr when either is missing or wrong (reported).
  const MapperTypeSpec* mapper_header(const toml::table& table, std::set<std::string>& names, MapperSettings& mapper) {
    const auto* name = table.get("name");
    const auto* type = table.get("type");
    if (name == nullptr || !name->is_string() || name->value<std::string_view>()->empty()) {
      error(mapper.where, "[[mappers]]", "every mapper needs name = \"...\" (the mapper's name in Keycloak)");
      return nullptr;
    }
    mapper.name = std::string(*name->value<std::string_view>());
    const std::string label = mapper_label(mapper);
    if (!names.insert(mapper.name).second) {
      error(at(name->source()), label, "two mappers share this name; Keycloak identifies a provider's mappers by name");
      return nullptr;
    }
    if (type == nullptr || !type->is_string()) {
      error(mapper.where, label, "needs type = \"...\", one of " + join_types());
      return nullptr;
    }
    mapper.type = std::string(*type->value<std::string_view>());
    const auto& schema = mapper_schema();
    const auto spec = std::find_if(schema.begin(), schema.end(), [&](const MapperTypeSpec& s) { return s.type == mapper.type; });
    if (spec == schema.end()) {
      std::string message = "type \"" + mapper.type + "\" is not a mapper type; use one of " + join_types();
      if (auto near = nearest_name(mapper.type, mapper_types())) message += "; did you mean \"" + *near + "\"?";
      error(at(type->source()), label, message);
      return nullptr;
    }
    return &*spec;
  }

  static std::string mapper_label(const MapperSettings& mapper) { return "[[mappers]] \"" + shown_name(mapper.name) + "\""; }
  // The type's own keys, each checked like a section's; false when any is wrong or a required one is missing.
  bool mapper_options(const toml::table& table, const MapperTypeSpec& spec, MapperSettings& mapper) {
    bool ok = true;
    for (const auto& [key_name, value_node] : table) {
      const std::string key(key_name.str());
      if (key == "name" || key == "type") continue;
      const auto key_spec = std::find_if(spec.keys.begin(), spec.keys.end(), [&](const MapperKeySpec& k) { return k.key == key; });
      const std::string key_label = mapper_label(mapper) + " " + shown_name(key);
      if (key_spec == spec.keys.end()) {
        std::vector<std::string> known;
        for (const auto& k : spec.keys) known.push_back(k.key);
        std::string message = "unknown key for a mapper of type \"" + mapper.type + "\"";
        if (auto near = nearest_name(key, known)) message += "; did you mean '" + *near + "'?";
        error(at(key_name.source()), key_label, message);
        ok = false;
        continue;
      }
      const SourceLocation value_where = at(value_node.source());
      auto value = read_value(value_node, key_spec->kind, value_where, key_label);
      if (!value || !resolve_references(*value, key_spec->kind, value_where, key_label) ||
          !check_value(*value, key_spec->check, key_spec->choices, value_where, key_label)) {
        ok = false;
        continue;
      }
      mapper.options[key] = option_text(*value);
    }
    for (const auto& key_spec : spec.keys) {
      if (key_spec.required && mapper.options.count(key_spec.key) == 0) {
        error(mapper.where, mapper_label(mapper), "a mapper of type \"" + mapper.type + "\" needs " + key_spec.key);
        ok = false;
      }
    }
    return ok;
  }

  // Mapper options are held as Keycloak holds them: text, lists joined with ",".
  static std::string option_text(const Value& value) {
    if (const auto* b = std::get_if<bool>(&value)) return *b ? "true" : "false";
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    std::string text;
    if (const auto* l = std::get_if<std::vector<std::string>>(&value)) {
      for (const auto& item : *l) text += (text.empty() ? "" : ",") + item;
    }
    return text;
  }

  static std::string join_types() {
    std::string out;
    for (const auto& type : mapper_types()) out += (out.empty() ? "" : ", ") + type;
    return out;
  }

  void cross_checks() {
    Config& c = result_.config;
    const auto where = [&](const std::string& key) {
      auto found = c.locations.find(key);
      return found != c.locations.end() ? found->second : SourceLocation{path_, 0, 0, ""};
    };
    if (c.is_set("ldap.bind_password") && !c.is_set("ldap.bind_dn")) {
      error(where("ldap.bind_password"), "[ldap] bind_password", "is set but bind_dn is not; add bind_dn or remove the password");
    }
    if (c.is_set("keycloak.client_secret") && !c.is_set("keycloak.client_id")) {
      error(where("keycloak.client_secret"), "[keycloak] client_secret", "is set but client_id is not");
    }
    if (c.is_set("keycloak.client_id") && c.is_set("keycloak.username")) {
      error(where("keycloak.username"), "[keycloak] username",
            "give either client_id + client_secret (a service account) or username + password, not both");
    }
    if (!c.federation.import_users && c.federation.edit_mode == "UNSYNCED") {
      error(where("federation.edit_mode"), "[federation] edit_mode",
            "UNSYNCED needs import_users = true (Keycloak rejects this combination)");
    }
    if (c.ldap.start_tls) {
      for (const auto& url : c.ldap.urls) {
        if (url.rfind("ldaps://", 0) == 0) {
          error(where("ldap.start_tls"), "[ldap] start_tls", "StartTLS runs over ldap://, but " + url +
                                                                 " is already TLS; remove start_tls or use ldap://");
          break;
        }
      }
    }
    if (c.is_set("checks.test_password") && !c.is_set("checks.test_user")) {
      error(where("checks.test_password"), "[checks] test_password", "is set but test_user is not");
    }
  }

  std::string path_;
  LoadResult& result_;
};

}  // namespace

LoadResult load_config_text(const std::string& text, const std::string& display_path) {
  LoadResult result;
  if (auto deep = overly_dotted_key(text)) {
    result.errors.push_back(ConfigError{SourceLocation{display_path, deep->line, deep->column, ""}, "", deep->message});
    return result;
  }
  toml::table root;
  try {
    root = toml::parse(text, display_path);
  } catch (const toml::parse_error& failure) {
    const auto& begin = failure.source().begin;
    result.errors.push_back(ConfigError{
        SourceLocation{display_path, static_cast<int>(begin.line), static_cast<int>(begin.column), ""}, "",
        "not valid TOML: " + std::string(failure.description())});
    return result;
  }
  Loader(display_path, result).load(root);
  // toml++ iterates keys in sorted order; report problems in the order they appear in the file.
  std::stable_sort(result.errors.begin(), result.errors.end(), [](const ConfigError& a, const ConfigError& b) {
    return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
  });
  return result;
}

LoadResult load_config_file(const std::string& path) {
  const auto text = read_regular_file(path, kMaxConfigBytes);
  if (!text) {
    LoadResult result;
    result.errors.push_back(ConfigError{SourceLocation{path, 0, 0, ""}, "", "cannot read the config file: it " + text.error()});
    return result;
  }
  return load_config_text(*text, path);
}

}  // namespace kcldap::config
