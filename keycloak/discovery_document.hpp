// Is this server Keycloak? Judges the answer to GET <base>/realms/<realm>/.well-known/openid-configuration
// before any credential is sent: only a 200 with Keycloak's discovery JSON for that realm counts; HTML (a
// proxy's login page), other JSON, redirects and 5xx are refused in words. Pure: tests feed it answers.
#pragma once
#include <string>

namespace kcldap::keycloak {

enum class DiscoveryVerdict {
  keycloak,      // the realm's discovery document: safe to sign in here
  not_found,     // 404: no such realm at this base path (try the other layout)
  server_error,  // 5xx: the server (or its proxy) failed; not a wrong URL
  not_keycloak,  // HTML, not JSON, another JSON, a redirect, 401/403...
};

struct DiscoveryJudgement {
  DiscoveryVerdict verdict = DiscoveryVerdict::not_keycloak;
  std::string cause;   // in words; empty for keycloak
  std::string remedy;
};

// `url` is the discovery URL asked; `realm` the realm it names. The issuer's host may differ from the
// URL's (Keycloak's hostname setting), its path must end in /realms/<realm>; kcldap never follows the
// document's URLs, it posts to the configured base only.
DiscoveryJudgement judge_discovery(long status, const std::string& content_type, const std::string& body, const std::string& realm,
                                   const std::string& url);

}  // namespace kcldap::keycloak
