// AdminClient::connect: find Keycloak (root or legacy /auth base path) by its discovery document, and
// only then sign in, read the version and the realm. A server that does not answer like Keycloak never
// sees a credential.
#include <set>

#include "keycloak/admin_client.hpp"
#include "keycloak/connect_steps.hpp"
#include "keycloak/discovery_document.hpp"
#include "keycloak/retry.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

// "http(s)://host...": anything else (no scheme, no host) would make libcurl guess.
bool usable_url(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const std::string rest = url.substr(scheme_end + 3);
  return !rest.empty() && rest.front() != '/' && rest.front() != ':';
}

}  // namespace

Expected<Done, ApiError> AdminClient::locate(const std::string& url) {
  const std::string what = "find Keycloak at " + url;
  const std::string discovery = "/realms/" + url_escape(settings_.auth_realm) + "/.well-known/openid-configuration";
  if (!usable_url(url)) {
    return unexpected(ApiError{what, "", "", 0, "", "[keycloak] url is not an http:// or https:// URL with a host name",
                               "give Keycloak's base URL, e.g. https://keycloak.example.com"});
  }
  // Base path: Keycloak 17+ (Quarkus) at the root, older and legacy layouts under /auth.
  const BaseCandidates candidates = base_candidates(url);
  std::optional<ApiError> problem;  // the first answer that was not a 404, else the first 404
  bool problem_is_404 = false;
  for (const auto& [base, legacy] : candidates) {
    HttpRequest request;
    request.url = base + discovery;
    request.headers["Accept"] = "application/json";
    auto response = exchange(request, discovery);
    ApiError error{what, "GET", discovery, response ? response->status : 0, "", "", ""};
    bool not_found = false;
    if (!response) {
      error = transport_failure(what, "GET", discovery, request.url, response.error());
    } else {
      const auto judged = judge_discovery(response->status, response->header("content-type"), response->body, settings_.auth_realm, request.url);
      if (judged.verdict == DiscoveryVerdict::keycloak) {
        facts_.base_url = base;
        facts_.legacy_auth_path = legacy;
        facts_.base_path_finding = "Keycloak answers at " + base + (legacy ? " (legacy /auth layout)" : " (no /auth context path)") +
                                   (base == url ? "" : "; the configured " + url + " does not");
        return Done{};
      }
      not_found = judged.verdict == DiscoveryVerdict::not_found;
      error.cause = judged.cause;
      if (judged.verdict == DiscoveryVerdict::server_error && last_attempts_ > 1) {
        error.cause += " (" + attempts_text(response->status, last_attempts_, last_elapsed_ms_) + ")";
      }
      error.remedy = judged.remedy;
    }
    if (!problem || (problem_is_404 && !not_found)) {
      problem = error;
      problem_is_404 = not_found;
    }
  }
  if (problem_is_404) {
    problem->cause = "neither " + candidates[0].first + " nor " + candidates[1].first + " serves realm " + settings_.auth_realm +
                     " (both answered 404)";
    problem->remedy = "check [keycloak] url (Keycloak's base URL, not its management port) and auth_realm";
  }
  return unexpected(*problem);
}

// Version: serverinfo when it says; else the config's version; else a lower bound from the features.
void AdminClient::read_version() {
  auto info = send("GET", "/admin/serverinfo", "read the server version", "", "");
  const json serverinfo = info && info->status == 200 ? json::parse(info->body, nullptr, false) : json();
  settle_version(serverinfo.is_object() ? serverinfo : json(), settings_.configured_version, facts_);
}

// The realm's id and login settings. Without view-realm Keycloak returns only the name: the id stays unknown.
Expected<Done, ApiError> AdminClient::read_realm() {
  auto realm = get_json("", "read realm " + settings_.realm);
  if (!realm) {
    ApiError error = realm.error();
    if (error.status == 404) {
      error.cause = "realm " + settings_.realm + " does not exist";
      error.remedy = "create the realm first, or fix [keycloak] realm (names are case-sensitive)";
    }
    return unexpected(error);
  }
  facts_.duplicate_emails_allowed = realm->value("duplicateEmailsAllowed", false);
  if (realm->contains("id")) {
    facts_.realm_id = (*realm)["id"];
  } else {
    facts_.realm_id_visible = false;  // no view-realm: Keycloak returns only the name
  }
  return Done{};
}

// Locate the server by its discovery document, sign in, settle the version, read the realm; `progress`
// records how far it got and what was learned, for reports that show each step.
Expected<AdminClient, ApiError> AdminClient::connect(const ClientSettings& settings, ConnectProgress* progress) {
  AdminClient client(settings);
  ConnectProgress ignored;
  ConnectProgress& trace = progress != nullptr ? *progress : ignored;
  const auto fail_at = [&](ConnectStep step, ApiError error) {
    trace.reached = step;
    trace.facts = client.facts_;
    return unexpected(std::move(error));
  };
  if (auto located = client.locate(trimmed_url(settings.url)); !located) return fail_at(ConnectStep::locate, located.error());
  if (auto signed_in = client.sign_in(); !signed_in) return fail_at(ConnectStep::sign_in, signed_in.error());
  client.read_version();
  if (auto realm = client.read_realm(); !realm) return fail_at(ConnectStep::realm, realm.error());
  trace.reached = ConnectStep::done;
  trace.facts = client.facts_;
  return client;
}


}  // namespace kcldap::keycloak
