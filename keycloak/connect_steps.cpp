#include "keycloak/connect_steps.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

// The configured URL without trailing slashes, so that "/auth" and "/realms/..." append cleanly.
std::string trimmed_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Base path: Keycloak 17+ (Quarkus) at the root, older and legacy layouts under /auth. The configured
// URL comes first, then the other layout, so a URL that works is kept as written.
BaseCandidates base_candidates(const std::string& url) {
  BaseCandidates candidates = {{url, url.ends_with("/auth")}};
  if (url.ends_with("/auth")) {
    candidates.push_back({url.substr(0, url.size() - 5), false});
  } else {
    candidates.push_back({url + "/auth", true});
  }
  return candidates;
}

// No candidate served the realm: a transport failure (curl_code > 0) means the server is unreachable;
// any other answer means the URL or the realm is wrong.
// The LDAP provider's property names in serverinfo: the features infer_version reads when the version
// itself is hidden.
std::set<std::string> ldap_properties(const json& serverinfo) {
  std::set<std::string> properties;
  if (serverinfo.is_object() && serverinfo.contains("componentTypes")) {
    for (const auto& provider : serverinfo["componentTypes"].value("org.keycloak.storage.UserStorageProvider", json::array())) {
      if (provider.value("id", "") != "ldap") continue;
      for (const auto& property : provider.value("properties", json::array())) properties.insert(property.value("name", ""));
    }
  }
  return properties;
}

// Version: serverinfo when it says; else the config's version; else a lower bound from the features.
// `serverinfo` is null when it could not be read; `facts.identity` names who it hides the version from.
void settle_version(const json& serverinfo, const std::string& configured_version, ServerFacts& facts) {
  const bool has_version = serverinfo.is_object() && serverinfo.contains("systemInfo") && serverinfo["systemInfo"].contains("version");
  std::optional<Version> parsed = has_version ? parse_version(serverinfo["systemInfo"]["version"].get<std::string>()) : std::nullopt;
  if (parsed) {
    facts.version = *parsed;
    facts.version_source = "serverinfo";
    facts.version_finding = "Keycloak " + parsed->to_string() + " (from serverinfo)";
  } else if (auto configured = parse_version(configured_version); configured) {
    facts.version = *configured;
    facts.version_source = "config";
    facts.version_finding = "Keycloak " + configured->to_string() + " (from [keycloak] version; serverinfo does not show it to " +
                            facts.identity + ")";
  } else {
    facts.version = infer_version(ldap_properties(serverinfo), serverinfo.is_object() && !serverinfo.contains("systemInfo"));
    facts.version_source = "feature probing";
    facts.version_finding = "Keycloak " + facts.version.to_string() + " or newer (inferred: serverinfo hides the version from " +
                            facts.identity + "; set [keycloak] version to pin it)";
  }
}

}  // namespace kcldap::keycloak
