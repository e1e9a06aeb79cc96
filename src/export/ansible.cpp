#include "src/export/ansible.hpp"

#include <cstdio>
#include <sstream>

#include "common/text.hpp"
#include "src/export/attribute_names.hpp"
#include "src/export/comment_text.hpp"

namespace kcldap::exports {

std::string yaml_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

namespace {

// A literal value: never templated by Ansible.
std::string literal(const std::string& text) {
  const bool template_like = text.find("{{") != std::string::npos || text.find("{%") != std::string::npos ||
                             text.find("{#") != std::string::npos;
  return (template_like ? "!unsafe " : "") + yaml_string(text);
}

// A single-quoted Jinja string literal.
std::string jinja_string(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

void comment(std::ostringstream& out, const std::string& indent, const std::string& text) {
  out << indent << "# " << comment_text(text) << "\n";
}

void provider_config(std::ostringstream& out, const ExportInput& input) {
  const keycloak::CreatedFederation& federation = input.federation;
  out << "    config:\n";
  for (const auto& [key, value] : federation.config) {
    if (auto reason = federation.reasons.find(key); reason != federation.reasons.end()) comment(out, "      ", reason->second);
    const ProviderAttribute* attribute = find_provider_attribute(key);
    if (attribute == nullptr || !attribute->ansible) {
      comment(out, "      ", "not accepted by community.general.keycloak_user_federation 6.6.2: " + key + " = \"" + value +
                                 "\" (set it in the admin console, or let kcldap apply manage it)");
      continue;
    }
    out << "      " << key << ": " << literal(value) << "\n";
  }
  // Left out, the module would send its own default (ldapsOnly), not Keycloak's.
  if (federation.config.count("useTruststoreSpi") == 0 && !(input.version < keycloak::Version{24, 0, 0})) {
    comment(out, "      ", "Keycloak's default, written out: the module would otherwise send ldapsOnly");
    out << "      useTruststoreSpi: \"always\"\n";
  }
  if (federation.has_bind_credential) out << "      bindCredential: \"{{ " << kBindCredentialVariable << " }}\"\n";
}

void mappers(std::ostringstream& out, const keycloak::CreatedFederation& federation) {
  if (federation.mappers.empty()) return;
  out << "    mappers:\n";
  for (const auto& mapper : federation.mappers) {
    out << "      - name: " << literal(mapper.name) << "\n";
    out << "        providerId: " << literal(mapper.provider_id) << "\n";
    if (mapper.config.empty()) continue;
    out << "        config:\n";
    for (const auto& [key, value] : mapper.config) out << "          " << yaml_string(key) << ": " << literal(value) << "\n";
  }
}

}  // namespace

std::string render_ansible(const ExportInput& input) {
  const keycloak::CreatedFederation& federation = input.federation;
  std::ostringstream out;
  comment(out, "", export_headline(input));
  comment(out, "", "A task list for community.general.keycloak_user_federation. Variables it needs (keep the secrets in a vault):");
  comment(out, "", "  keycloak_admin_username, keycloak_admin_password, " + std::string(kBindCredentialVariable) +
                       "; keycloak_url and keycloak_auth_realm default to the config's.");
  for (const auto& note : federation.notes) comment(out, "", note);
  if (!federation.defaults_to_delete.empty()) {
    comment(out, "", "default_mappers = \"delete\": kcldap apply deletes the mappers Keycloak creates on its own; this module cannot.");
    comment(out, "", "  Delete them after this task (admin console, or kcldap apply): " + join(federation.defaults_to_delete));
  }
  out << "- name: " << literal("LDAP federation " + federation.name + " in realm " + input.realm) << "\n";
  out << "  community.general.keycloak_user_federation:\n";
  out << "    auth_keycloak_url: " << yaml_string("{{ keycloak_url | default(" + jinja_string(input.keycloak_url) + ") }}") << "\n";
  out << "    auth_realm: " << yaml_string("{{ keycloak_auth_realm | default(" + jinja_string(input.auth_realm) + ") }}") << "\n";
  out << "    auth_username: \"{{ keycloak_admin_username }}\"\n";
  out << "    auth_password: \"{{ keycloak_admin_password }}\"\n";
  out << "    realm: " << literal(input.realm) << "\n";
  out << "    name: " << literal(federation.name) << "\n";
  out << "    provider_id: \"ldap\"\n";
  out << "    provider_type: \"org.keycloak.storage.UserStorageProvider\"\n";
  out << "    state: \"present\"\n";
  provider_config(out, input);
  mappers(out, federation);
  return out.str();
}

}  // namespace kcldap::exports
