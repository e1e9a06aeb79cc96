#include "src/export/terraform.hpp"

#include <set>
#include <sstream>

#include "src/export/attribute_names.hpp"
#include "src/export/comment_text.hpp"

namespace kcldap::exports {

std::string terraform_label(const std::string& name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u)) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  if (out.empty() || !std::isalpha(static_cast<unsigned char>(out.front()))) out = "m_" + out;
  return out;
}

namespace {

constexpr const char* kProviderAddress = "keycloak_ldap_user_federation.ldap";

void comment(std::ostringstream& out, const std::string& indent, const std::string& text) {
  out << indent << "# " << comment_text(text) << "\n";
}

void provider_attributes_block(std::ostringstream& out, const ExportInput& input) {
  const keycloak::CreatedFederation& federation = input.federation;
  std::string cache_policy;
  for (const auto& attribute : provider_attributes()) {
    auto value = federation.config.find(attribute.keycloak);
    if (value == federation.config.end() || attribute.implied) continue;
    if (auto reason = federation.reasons.find(attribute.keycloak); reason != federation.reasons.end()) comment(out, "  ", reason->second);
    if (attribute.terraform.empty()) {
      comment(out, "  ", "not expressible with keycloak_ldap_user_federation: " + attribute.keycloak + " = \"" + value->second +
                             "\" (set it in the admin console, or let kcldap apply manage it)");
    } else if (attribute.terraform == "cache.policy") {
      cache_policy = value->second;
    } else if ((attribute.keycloak == "fullSyncPeriod" || attribute.keycloak == "changedSyncPeriod") && value->second == "-1") {
      comment(out, "  ", attribute.terraform + " left out: periodic sync off (" + attribute.keycloak + " -1)");
    } else {
      out << "  " << attribute.terraform << " = " << terraform_value(attribute.form, value->second) << "\n";
    }
  }
  for (const auto& [key, value] : federation.config) {
    if (find_provider_attribute(key) == nullptr) comment(out, "  ", "not expressible with keycloak_ldap_user_federation: " + key);
  }
  if (federation.config.count("connectionPooling") == 0) {
    comment(out, "  ", "Keycloak's default, written out: the provider would otherwise send false");
    out << "  connection_pooling = true\n";
  }
  if (federation.has_bind_credential) out << "  bind_credential = var." << kBindCredentialVariable << "\n";
  comment(out, "  ", "Terraform declares every mapper below, Keycloak's defaults included (as kcldap apply leaves them)");
  out << "  delete_default_mappers = true\n";
  if (!cache_policy.empty()) out << "\n  cache {\n    policy = " << hcl_string(cache_policy) << "\n  }\n";
}

// Keycloak's own defaults for arguments the provider requires but the mapper's config may leave out.
std::map<std::string, std::string> required_defaults(const keycloak::MapperSpec& mapper, const keycloak::CreatedFederation& federation) {
  const auto config = federation.config;
  const bool ad = config.count("vendor") != 0 && config.at("vendor") == "ad";
  const std::string username = config.count("usernameLDAPAttribute") != 0 ? config.at("usernameLDAPAttribute") : "uid";
  if (mapper.provider_id == "full-name-ldap-mapper") return {{"ldap.full.name.attribute", "cn"}};
  if (mapper.provider_id != "group-ldap-mapper" && mapper.provider_id != "role-ldap-mapper") return {};
  const std::string kind = mapper.provider_id == "group-ldap-mapper" ? "group" : "role";
  return {{kind + ".name.ldap.attribute", "cn"},
          {kind + ".object.classes", ad ? "group" : "groupOfNames"},
          {"membership.ldap.attribute", "member"},
          {"membership.user.ldap.attribute", username}};
}

// The dedicated resource, when it can carry every key of the mapper; nullptr: the custom mapper.
const MapperResource* dedicated_resource(const keycloak::MapperSpec& mapper) {
  const MapperResource* resource = find_mapper_resource(mapper.provider_id);
  if (resource == nullptr) return nullptr;
  for (const auto& [key, value] : mapper.config) {
    if (find_mapper_attribute(*resource, key) == nullptr) return nullptr;
  }
  return resource;
}

void mapper_block(std::ostringstream& out, const keycloak::MapperSpec& mapper, const std::string& label,
                  const keycloak::CreatedFederation& federation) {
  const MapperResource* resource = dedicated_resource(mapper);
  out << "\nresource \"" << (resource ? resource->resource : "keycloak_ldap_custom_mapper") << "\" " << hcl_string(label) << " {\n";
  out << "  realm_id                = var.realm\n";
  out << "  ldap_user_federation_id = " << kProviderAddress << ".id\n";
  out << "  name                    = " << hcl_string(mapper.name) << "\n";
  if (resource == nullptr) {
    out << "  provider_id             = " << hcl_string(mapper.provider_id) << "\n";
    out << "  provider_type           = " << hcl_string(keycloak::kMapperType) << "\n";
    out << "  config = {" << (mapper.config.empty() ? "" : "\n");
    for (const auto& [key, value] : mapper.config) out << "    " << hcl_string(key) << " = " << hcl_string(value) << "\n";
    out << (mapper.config.empty() ? "" : "  ") << "}\n}\n";
    return;
  }
  std::map<std::string, std::string> config = mapper.config;
  for (const auto& [key, value] : required_defaults(mapper, federation)) {
    if (config.count(key) == 0) {
      config[key] = value;
      comment(out, "  ", find_mapper_attribute(*resource, key)->terraform + ": Keycloak's default, written out because the provider requires it");
    }
  }
  for (const auto& attribute : resource->attributes) {
    if (auto value = config.find(attribute.keycloak); value != config.end()) {
      out << "  " << attribute.terraform << " = " << terraform_value(attribute.form, value->second) << "\n";
    }
  }
  out << "}\n";
}

}  // namespace

std::string render_terraform(const ExportInput& input) {
  const keycloak::CreatedFederation& federation = input.federation;
  std::ostringstream out;
  comment(out, "", export_headline(input));
  comment(out, "", "Provider: registry.terraform.io/providers/keycloak/keycloak. Pass the bind password as TF_VAR_" +
                       std::string(kBindCredentialVariable) + ", never in a file.");
  for (const auto& note : federation.notes) comment(out, "", note);
  out << "\nterraform {\n  required_providers {\n    keycloak = {\n      source = \"keycloak/keycloak\"\n    }\n  }\n}\n";
  out << "\nvariable \"realm\" {\n  type    = string\n  default = " << hcl_string(input.realm) << "\n}\n";
  if (federation.has_bind_credential) {
    out << "\nvariable \"" << kBindCredentialVariable << "\" {\n  type      = string\n  sensitive = true\n}\n";
  }
  out << "\nresource \"keycloak_ldap_user_federation\" \"ldap\" {\n";
  out << "  realm_id = var.realm\n  name     = " << hcl_string(federation.name) << "\n";
  provider_attributes_block(out, input);
  out << "}\n";
  std::set<std::string> labels;
  for (const auto& mapper : federation.mappers) {
    std::string label = terraform_label(mapper.name);
    for (int n = 2; labels.count(label) != 0; ++n) label = terraform_label(mapper.name) + "_" + std::to_string(n);
    labels.insert(label);
    mapper_block(out, mapper, label, federation);
  }
  return out.str();
}

}  // namespace kcldap::exports
