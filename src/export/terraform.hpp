// `kcldap export --format terraform`: the federation as resources of the keycloak/keycloak Terraform
// provider: one keycloak_ldap_user_federation (with delete_default_mappers, so that Terraform owns every
// mapper) and one keycloak_ldap_*_mapper per mapper apply would leave, keycloak_ldap_custom_mapper where
// the provider has no dedicated resource or lacks an argument. The realm and the bind credential are
// variables (the credential sensitive, never a value); the probe's reasons are # comments; a key the
// provider cannot express is named in a comment. Attribute names come from src/export/attribute_names.
// Pure.
#pragma once
#include <string>

#include "src/export/export_input.hpp"

namespace kcldap::exports {

std::string render_terraform(const ExportInput& input);

// A Terraform resource label from a mapper name: lower-case letters, digits and "_", starting with a
// letter ("first name" -> "first_name", "1st" -> "m_1st").
std::string terraform_label(const std::string& name);

}  // namespace kcldap::exports
