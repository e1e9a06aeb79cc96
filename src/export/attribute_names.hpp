// One table of how each Keycloak LDAP key is spelled by the tools kcldap exports to: the Terraform
// attribute of the keycloak/keycloak provider (and the form its value takes there), and whether the
// community.general.keycloak_user_federation module Debian 12 ships (6.6.2) accepts the key. Mapper
// resources likewise, per mapper provider. A key without a Terraform name or an Ansible option cannot be
// expressed in that tool; the renderers say so in a comment instead of dropping it silently.
#pragma once
#include <string>
#include <vector>

namespace kcldap::exports {

// How a Keycloak value (always text) is written for Terraform.
enum class Form {
  text,         // "value"
  boolean,      // true / false
  integer,      // 1000
  list,         // "a, b" -> ["a", "b"]
  duration_ms,  // "5000" -> "5000ms" (a Go duration string)
  upper,        // "ad" -> "AD"
  scope,        // "1" -> "ONE_LEVEL", "2" -> "SUBTREE"
  truststore,   // "always" -> "ALWAYS", "ldapsOnly" -> "ONLY_FOR_LDAPS"
};

struct ProviderAttribute {
  std::string keycloak;   // the provider config key
  std::string terraform;  // "" : keycloak_ldap_user_federation has no argument for it; "a.b": b in block a
  Form form = Form::text;
  bool ansible = false;   // an option of community.general.keycloak_user_federation 6.6.2's config
  bool implied = false;   // Terraform sets it from other arguments (authType from bind_dn/bind_credential)
};

const std::vector<ProviderAttribute>& provider_attributes();
const ProviderAttribute* find_provider_attribute(const std::string& keycloak_key);

struct MapperAttribute {
  std::string keycloak;
  std::string terraform;
  Form form = Form::text;
};

struct MapperResource {
  std::string provider_id;  // Keycloak's mapper provider
  std::string resource;     // the Terraform resource type
  std::vector<MapperAttribute> attributes;
};

const std::vector<MapperResource>& mapper_resources();
// nullptr: no dedicated resource (the renderer uses keycloak_ldap_custom_mapper with Keycloak's keys).
const MapperResource* find_mapper_resource(const std::string& provider_id);
const MapperAttribute* find_mapper_attribute(const MapperResource& resource, const std::string& keycloak_key);

// The value as Terraform writes it (HCL), quoted and escaped where it is a string.
std::string terraform_value(Form form, const std::string& keycloak_value);
// An HCL string literal: quotes, backslashes, control characters, and "${" / "%{" (which would start an
// interpolation or a template directive) escaped.
std::string hcl_string(const std::string& text);

}  // namespace kcldap::exports
