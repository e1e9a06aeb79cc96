#include "src/config/import_config.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

#include "keycloak/federation.hpp"
#include "keycloak/mapper_types.hpp"
#include "keycloak/provider_keys.hpp"
#include "src/config/schema.hpp"
#include "src/config/value_checks.hpp"

namespace kcldap::config {

namespace {

using keycloak::Component;

// Text from Keycloak in a comment: one line, no control characters.
std::string one_line(const std::string& text) {
  std::string out = text;
  std::replace_if(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }, '?');
  return out;
}

// A comma-separated list of names as a list value (one name: a string).
Value names_value(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    const auto first = item.find_first_not_of(" \t");
    if (first != std::string::npos) items.push_back(item.substr(first, item.find_last_not_of(" \t") - first + 1));
  }
  if (items.size() == 1) return Value{items.front()};
  return Value{items};
}

// Keycloak's run-time fallbacks for the attribute keys it may not store (LDAPConfig): what the provider
// does today, which kcldap then writes explicitly.
std::string runtime_fallback(const Component& provider, const std::string& key) {
  const std::string vendor = provider.value("vendor");
  if (key == "vendor") return "other";
  if (key == "usernameLDAPAttribute") return vendor == "ad" ? "cn" : "uid";
  if (key == "rdnLDAPAttribute") {
    const std::string username = provider.first("usernameLDAPAttribute").value_or(runtime_fallback(provider, "usernameLDAPAttribute"));
    return username == "sAMAccountName" ? "cn" : username;
  }
  if (key == "uuidLDAPAttribute") {
    if (vendor == "rhds") return "nsuniqueid";
    if (vendor == "tivoli") return "uniqueidentifier";
    if (vendor == "edirectory") return "guid";
    return vendor == "ad" ? "objectGUID" : "entryUUID";
  }
  return "";
}

class Writer {
 public:
  Writer(const ImportSource& source, const Config& input) : s_(source), p_(source.provider), input_(input) {}

  ImportedConfig write() {
    keycloak_section();
    ldap_section();
    federation_section();
    kept_provider_keys();
    kcldap_only_sections();
    mappers();
    result_.toml = header() + out_.str();
    return std::move(result_);
  }

 private:
  std::string origin() const {
    return "provider \"" + one_line(p_.name) + "\" (id " + one_line(p_.id) + ") of realm " + one_line(input_.keycloak.realm) + " at " +
           one_line(input_.keycloak.url) + ", read " + one_line(s_.read_at);
  }

  // Written last, when the notes are known: the plan finds nothing to change but what they name.
  std::string header() const {
    std::string text = "# kcldap.toml written by kcldap import from the LDAP " + origin() + " (Keycloak " + one_line(s_.keycloak_version) +
                       ").\n# `kcldap plan --detailed-exitcode --config <this file>` finds nothing to change against that Keycloak";
    if (result_.notes.empty()) return text + ".\n";
    text += " except:\n";
    for (const auto& note : result_.notes) text += "#   " + one_line(note) + "\n";
    return text;
  }

  void line(const KeySpec& spec, const Value& value, const std::string& comment = "") {
    out_ << spec.key << " = " << toml_text(value) << (comment.empty() ? "" : "  # " + comment) << "\n";
  }

  // A key of the input config, as written: a ${env:}/${file:} reference stays a reference.
  void copy_from_input(const KeySpec& spec) {
    if (!input_.is_set(spec.dotted())) return;
    if (spec.kind == Kind::secret) {
      secret_from_input(spec);
      return;
    }
    auto value = spec.read(input_);
    if (!value) return;
    if (const auto* text = std::get_if<std::string>(&*value)) {
      for (const auto& [resolved, written] : input_.references) {
        if (resolved == *text) value = Value{written};
      }
    }
    line(spec, *value);
  }

  void secret_from_input(const KeySpec& spec) {
    const SecretRef ref{std::get<std::string>(*spec.read(input_)), spec.label(), {}};
    if (ref.is_reference()) {
      line(spec, Value{ref.text});
      return;
    }
    std::string variable = "KCLDAP_" + spec.section + "_" + spec.key;  // KCLDAP_KEYCLOAK_PASSWORD
    std::transform(variable.begin(), variable.end(), variable.begin(), [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    out_ << "# The config import read has this secret written into it; kcldap import never copies a secret: set " << variable
         << ".\n";
    line(spec, Value{"${env:" + variable + "}"});
    result_.notes.push_back(spec.label() + " refers to ${env:" + variable + "}: the input config had the secret written into it");
  }

  void keycloak_section() {
    out_ << "\n# [keycloak]: as written in " << (input_.path.empty() ? std::string("the command line") : one_line(input_.path))
         << " (secrets stay references).\n[keycloak]\n";
    for (const auto& spec : config_schema()) {
      if (spec.section == "keycloak") copy_from_input(spec);
    }
  }

  // [checks] and [restart] as the input has them, when it sets any of their keys.
  void kcldap_only_sections() {
    for (const std::string section : {"checks", "restart"}) {
      bool any = false;
      for (const auto& spec : config_schema()) any = any || (spec.section == section && input_.is_set(spec.dotted()));
      if (!any) continue;
      out_ << "\n# [" << section << "]: as written in " << one_line(input_.path) << ".\n[" << section << "]\n";
      for (const auto& spec : config_schema()) {
        if (spec.section == section) copy_from_input(spec);
      }
    }
  }

  // The stored text of a provider key; when absent, what Keycloak uses then (the key table's default).
  std::optional<std::string> stored_or_default(const std::string& key, std::string& comment) const {
    if (auto stored = p_.first(key)) return stored;
    const keycloak::ProviderKey* definition = keycloak::find_provider_key(key);
    if (definition != nullptr && !definition->keycloak_default.empty()) {
      comment = "Keycloak stores no " + key + " and uses " + definition->keycloak_default + " then";
      return definition->keycloak_default;
    }
    return std::nullopt;
  }

  // A provider key through the key table (a comment, and listed in `kept`, when kcldap.toml cannot hold it).
  void provider_key(const KeySpec& spec) {
    const std::string& key = spec.keycloak.name;
    std::string comment;
    auto text = stored_or_default(key, comment);
    if (!text && key == "customUserSearchFilter") text = "";
    if (!text && spec.keycloak.zero_unsets) {
      // 0 keeps Keycloak's key unset; kcldap doctor warns about a directory Keycloak would wait on forever.
      line(spec, Value{0LL}, "Keycloak stores no " + key + ": no time limit; 0 keeps it unset (kcldap doctor warns about it)");
      return;
    }
    if (!text && !runtime_fallback(p_, key).empty()) {
      text = runtime_fallback(p_, key);
      comment = "Keycloak stores no " + key + " and uses " + *text + " then; plan writes it";
      result_.notes.push_back(key + ": Keycloak stores none and uses " + *text + "; kcldap writes it");
    }
    if (!text) return;
    const std::optional<Value> value = key == "userObjectClasses" ? std::optional<Value>(names_value(*text)) : from_keycloak_text(spec, *text);
    const std::optional<std::string> problem =
        value ? value_problem(*value, spec.check, spec.choices, spec.min, spec.max) : std::optional<std::string>("not a valid value");
    if (problem) {
      out_ << "# " << spec.key << ": Keycloak holds " << key << " = \"" << one_line(*text) << "\", which kcldap.toml cannot hold ("
           << one_line(*problem) << ")\n";
      result_.kept.push_back(key + " = \"" + one_line(*text) + "\" (" + one_line(*problem) + ")");
      return;
    }
    line(spec, *value, comment);
  }

  void ldap_section() {
    out_ << "\n# [ldap]: the connection keys of " << origin()
         << ";\n# email/first/last name attributes from its user-attribute mappers.\n[ldap]\n";
    const bool binds = p_.value("authType") != "none" && p_.first("bindDn");
    for (const auto& spec : config_schema()) {
      if (spec.section != "ldap") continue;
      if (spec.key == "bind_dn" && !binds) continue;
      if (spec.key == "bind_password") {
        if (binds) bind_password(spec);
      } else if (!spec.keycloak.name.empty()) {
        provider_key(spec);
      } else if (spec.key != "email_attribute" && spec.key != "first_name_attribute" && spec.key != "last_name_attribute") {
        copy_from_input(spec);
      }
    }
    const auto sources = keycloak::user_attribute_sources(p_, s_.mappers);
    using Field = std::pair<std::string, std::string>;
    for (const auto& [field, key] : {Field{"email", "email_attribute"}, Field{"firstName", "first_name_attribute"}, Field{"lastName", "last_name_attribute"}}) {
      auto found = sources.find(field);
      if (found != sources.end() && !value_problem(Value{found->second}, Check::attribute, {}, 0, 0)) line(*find_key("ldap", key), Value{found->second});
    }
  }

  void bind_password(const KeySpec& spec) {
    out_ << "# Keycloak never returns the bind secret: set " << kImportedBindPasswordVariable
         << " to the bind password before plan or apply.\n";
    line(spec, Value{std::string("${env:") + kImportedBindPasswordVariable + "}"});
  }

  void federation_section() {
    out_ << "\n# [federation]: every setting of " << origin() << ", pinned (nothing left to kcldap's defaults);\n"
         << "# default_mappers = \"keep\": kcldap neither corrects nor deletes a mapper the config does not list.\n[federation]\n";
    line(*find_key("federation", "name"), Value{p_.name});
    for (const auto& spec : config_schema()) {
      if (spec.section == "federation" && !spec.keycloak.name.empty()) provider_key(spec);
    }
    line(*find_key("federation", "default_mappers"), Value{std::string("keep")});
    copy_from_input(*find_key("federation", "backup_dir"));
  }

  // Provider keys kcldap.toml has no key for: named in the file, kept by apply (it sends the whole stored
  // representation back, changing only the keys of the plan).
  void kept_provider_keys() {
    std::vector<std::string> kept;
    for (const auto& [key, values] : p_.config) {
      if (key == "bindCredential" || key == "authType" || find_key_for_keycloak(key) != nullptr) continue;
      std::string text;
      for (const auto& value : values) text += (text.empty() ? "" : "\", \"") + one_line(value);
      kept.push_back(key + " = \"" + text + "\"");
    }
    if (kept.empty()) return;
    out_ << "\n# Provider keys kcldap.toml has no key for, kept as Keycloak holds them (apply sends the whole stored\n"
         << "# representation and changes only the keys of its plan):\n";
    for (const auto& entry : kept) {
      out_ << "#   " << entry << "\n";
      result_.kept.push_back("provider key " + entry);
    }
  }

  void mappers();
  void mapper(const Component& component, const keycloak::MapperType& type, std::set<std::string>& names);
  void unmodelled_mapper(const Component& component, const std::string& why);
  std::optional<std::string> mapper_value(const Component& component, const keycloak::MapperKey& key, std::string& comment) const;

  const ImportSource& s_;
  const Component& p_;
  const Config& input_;
  std::ostringstream out_;
  ImportedConfig result_;
};

void Writer::mappers() {
  std::vector<const Component*> sorted;
  for (const auto& component : s_.mappers) sorted.push_back(&component);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Component* a, const Component* b) { return a->name < b->name; });
  out_ << "\n# [[mappers]]: the " << sorted.size() << " mapper(s) of " << origin() << ".\n";
  std::set<std::string> names;
  for (const Component* component : sorted) {
    const keycloak::MapperType* type = keycloak::find_mapper_type_by_provider(component->provider_id);
    if (type == nullptr) {
      unmodelled_mapper(*component, "kcldap has no mapper type for provider " + one_line(component->provider_id));
    } else if (!names.insert(component->name).second || component->name.empty()) {
      unmodelled_mapper(*component, "another mapper has the same name (kcldap identifies mappers by name)");
    } else {
      mapper(*component, *type, names);
    }
  }
}

void Writer::unmodelled_mapper(const Component& component, const std::string& why) {
  out_ << "\n# Mapper \"" << one_line(component.name) << "\" (" << one_line(component.provider_id) << ", id " << one_line(component.id)
       << "): " << why << ";\n# kcldap leaves it as Keycloak holds it:\n";
  for (const auto& [key, values] : component.config) out_ << "#   " << one_line(key) << " = \"" << one_line(values.empty() ? "" : values.front()) << "\"\n";
  result_.kept.push_back("mapper \"" + one_line(component.name) + "\" (" + one_line(component.provider_id) + "): " + why);
}

// The value to write for a mapper key: stored, or Keycloak's run-time default (which the config must
// name, or kcldap would fill it from the probe).
std::optional<std::string> Writer::mapper_value(const Component& component, const keycloak::MapperKey& key, std::string& comment) const {
  if (auto stored = component.first(key.keycloak_key)) return stored;
  auto fallback = keycloak::mapper_runtime_default(component.provider_id, key.keycloak_key, p_.value("vendor") == "ad");
  if (fallback) comment = "Keycloak stores no " + key.keycloak_key + " and uses " + *fallback + " then";
  return fallback;
}

void Writer::mapper(const Component& component, const keycloak::MapperType& type, std::set<std::string>& names) {
  std::ostringstream keys;
  std::vector<std::string> problems;
  const auto& schema = mapper_schema();
  const auto spec = std::find_if(schema.begin(), schema.end(), [&](const MapperTypeSpec& s) { return s.type == type.type; });
  for (std::size_t i = 0; i < type.keys.size(); ++i) {
    const keycloak::MapperKey& key = type.keys[i];
    const MapperKeySpec& key_spec = spec->keys[i];
    std::string comment;
    const auto text = mapper_value(component, key, comment);
    if (!text) {
      if (key.required) problems.push_back("it holds no " + key.keycloak_key + ", which kcldap requires");
      continue;
    }
    Value value = key.value == keycloak::MapperValue::attribute_list ? names_value(*text) : Value{*text};
    if (key.value == keycloak::MapperValue::boolean && (*text == "true" || *text == "false")) value = Value{*text == "true"};
    auto problem = value_problem(value, key_spec.check, key_spec.choices, 0, 0);
    if (!problem && key.value == keycloak::MapperValue::boolean && !std::holds_alternative<bool>(value)) problem = "not true or false";
    if (problem) {
      const std::string entry = key.keycloak_key + " = \"" + one_line(*text) + "\" cannot be written (" + one_line(*problem) + ")";
      if (key.required) problems.push_back(entry);
      if (key.required) continue;
      keys << "# kept as Keycloak holds it: " << entry << "\n";
      result_.kept.push_back("mapper \"" + one_line(component.name) + "\" key " + entry);
      continue;
    }
    keys << key.key << " = " << toml_text(value) << (comment.empty() ? "" : "  # " + comment) << "\n";
  }
  if (!problems.empty()) {
    names.erase(component.name);
    std::string why;
    for (const auto& problem : problems) why += (why.empty() ? "" : "; ") + problem;
    unmodelled_mapper(component, why);
    return;
  }
  out_ << "\n[[mappers]]\nname = " << toml_text(Value{component.name}) << "\ntype = " << toml_text(Value{type.type}) << "\n" << keys.str();
  for (const auto& [key, values] : component.config) {
    if (type.find_keycloak_key(key) != nullptr && values.size() <= 1) continue;
    const std::string entry = one_line(key) + " = \"" + one_line(values.empty() ? "" : values.front()) + "\"";
    out_ << "# kept as Keycloak holds it (no [[mappers]] key for it): " << entry << "\n";
    result_.kept.push_back("mapper \"" + one_line(component.name) + "\" key " + entry);
  }
}

}  // namespace

ImportedConfig import_config(const ImportSource& source, const Config& input) { return Writer(source, input).write(); }

}  // namespace kcldap::config
