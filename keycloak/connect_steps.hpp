// The pure steps of AdminClient::connect(): where to look for Keycloak and which version to assume
// from what serverinfo shows. Kept apart from admin_client.cpp so
// that connect() and its member steps read as a short script, with no I/O in here.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "keycloak/admin_client.hpp"
#include "keycloak/http.hpp"

namespace kcldap::keycloak {

// The configured URL without trailing slashes, so that "/auth" and "/realms/..." append cleanly.
std::string trimmed_url(std::string url);

using BaseCandidates = std::vector<std::pair<std::string, bool>>;  // base URL, whether it is the legacy /auth layout

// The configured URL first, then the other layout (root or /auth).
BaseCandidates base_candidates(const std::string& url);

// The LDAP provider's property names in serverinfo.
std::set<std::string> ldap_properties(const nlohmann::json& serverinfo);

// Fills facts.version, version_source and version_finding from serverinfo (null when unread), else the
// configured version, else the features.
void settle_version(const nlohmann::json& serverinfo, const std::string& configured_version, ServerFacts& facts);

}  // namespace kcldap::keycloak
