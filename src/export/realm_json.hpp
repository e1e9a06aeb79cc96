// `kcldap export --format realm-json`: the federation as the "components" of a realm representation, the
// provider with its mappers as subComponents, config values as lists of strings. Keycloak's realm import
// (kc.sh import, --import-realm, POST /admin/realms) creates components from it as given: it runs no
// default-mapper creation, so every mapper apply would leave is in the fragment. The partial-import API
// (POST /admin/realms/{realm}/partialImport) ignores components (checked on Keycloak 26.4.7), and realm
// import refuses unknown fields, so the probe's reasons cannot ride along as a note. Pure.
#pragma once
#include <string>

#include "src/export/export_input.hpp"

namespace kcldap::exports {

std::string render_realm_json(const ExportInput& input);

}  // namespace kcldap::exports
