#include "keycloak/discovery_document.hpp"

#include <nlohmann/json.hpp>

#include "common/text.hpp"
#include "keycloak/http.hpp"

namespace kcldap::keycloak {

namespace {

using nlohmann::json;

bool looks_like_html(const std::string& content_type, const std::string& body) {
  if (contains_nocase(content_type, "html")) return true;
  const auto first = body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && body[first] == '<';
}

bool names_realm(const std::string& issuer, const std::string& realm) {
  for (const std::string& tail : {"/realms/" + realm, "/realms/" + url_escape(realm)}) {
    if (issuer.size() > tail.size() && issuer.ends_with(tail)) return true;
  }
  return false;
}

const char* const kRemedy = "is [keycloak] url Keycloak's base URL (not a proxy's login page, not the management port)?";

}  // namespace

DiscoveryJudgement judge_discovery(long status, const std::string& content_type, const std::string& body, const std::string& realm,
                                   const std::string& url) {
  if (status == 404) return {DiscoveryVerdict::not_found, url + " answered 404: no realm " + realm + " there", kRemedy};
  if (status >= 500) {
    return {DiscoveryVerdict::server_error, url + " answered " + std::to_string(status) + ": the server (or a proxy before it) failed",
            "look at the Keycloak server's log, and retry when it is healthy"};
  }
  if (status != 200) {
    return {DiscoveryVerdict::not_keycloak,
            url + " answered " + std::to_string(status) + " instead of Keycloak's discovery document" +
                (status >= 300 && status < 400 ? " (a redirect, which kcldap does not follow with credentials)" : ""),
            std::string(kRemedy) + " Give the URL the redirect leads to, if it is Keycloak"};
  }
  if (looks_like_html(content_type, body)) {
    return {DiscoveryVerdict::not_keycloak, url + " answered with HTML, not Keycloak's discovery document", kRemedy};
  }
  const json document = json::parse(body, nullptr, false);
  if (!document.is_object()) {
    return {DiscoveryVerdict::not_keycloak, url + " answered 200 with something that is not a JSON object (\"" + clip(body, 80) + "\")",
            kRemedy};
  }
  const std::string issuer = document.contains("issuer") && document["issuer"].is_string() ? document["issuer"].get<std::string>() : "";
  const std::string token = document.contains("token_endpoint") && document["token_endpoint"].is_string()
                                ? document["token_endpoint"].get<std::string>()
                                : "";
  if (!names_realm(issuer, realm) || token != issuer + "/protocol/openid-connect/token") {
    return {DiscoveryVerdict::not_keycloak,
            url + " answered JSON that is not Keycloak's discovery document for realm " + realm + " (issuer \"" + clip(issuer, 120) +
                "\")",
            kRemedy};
  }
  return {DiscoveryVerdict::keycloak, "", ""};
}

}  // namespace kcldap::keycloak
