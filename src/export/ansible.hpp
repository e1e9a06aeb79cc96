// `kcldap export --format ansible`: the federation as an Ansible task list for the
// community.general.keycloak_user_federation module (the 6.6.2 Debian 12 ships): the provider's config
// with every key that module accepts, the mappers apply would leave in its `mappers` option (the module
// updates the defaults Keycloak creates by name and creates the rest). Admin sign-in and the bind
// credential are variables, never values; the probe's reasons are # comments; keys the module does not
// accept are named in comments. Every string is YAML-quoted, and marked !unsafe where Ansible would
// otherwise read "{{" or "{%" in a directory value as a template. Pure.
#pragma once
#include <string>

#include "src/export/export_input.hpp"

namespace kcldap::exports {

std::string render_ansible(const ExportInput& input);

// A YAML double-quoted scalar: backslash, quote and control characters escaped.
std::string yaml_string(const std::string& text);

}  // namespace kcldap::exports
