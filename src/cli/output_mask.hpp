// Keeps the values of ${env:}/${file:} references in non-secret keys (bind_dn, realm, a URL...) out of
// everything kcldap prints: once installed, stdout and stderr show the reference as written
// ("${env:LDAP_BIND_DN}") wherever the resolved value would appear, in text and in JSON alike. One filter
// at the edge, so no renderer can forget it. (Secrets are never printed at all: src/config/secret.hpp.)
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace kcldap::cli {

// Pure: `text` with each value replaced by its reference where it stands as a whole token (the
// characters around it are not letters, digits or '_'); longer values first. JSON-escaped forms of a
// value are replaced too.
std::string mask_references(const std::string& text, const std::vector<std::pair<std::string, std::string>>& references);

// Filters std::cout and std::cerr through mask_references from now until the process exits. Calling it
// again adds to the references.
void install_output_mask(const std::vector<std::pair<std::string, std::string>>& references);

// `text` masked with the references installed so far (for output that goes to a file, e.g. --junit-file).
std::string mask_installed(const std::string& text);

}  // namespace kcldap::cli
