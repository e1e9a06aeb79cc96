// The doctor's shared helpers, the rules on Keycloak's own view (its tests, the sample lookups) and the
// rules on the users' attributes (username, email, UUID). The connection, search and mapper rules are in
// doctor_rules_directory.cpp.
#include "checks/doctor_rules.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace kcldap::checks {

namespace {

constexpr const char* kSearching = "Settings > LDAP searching and updating";

DoctorFinding finding(std::string id, Severity severity, std::string title, std::string evidence, std::string fix_toml,
                      std::string fix_console) {
  return DoctorFinding{std::move(id), severity, std::move(title), std::move(evidence), std::move(fix_toml), std::move(fix_console), {}};
}

bool is_ad(const DoctorEvidence& e) { return e.server_is_ad || e.provider.value("vendor") == "ad"; }

// The LDAP attribute Keycloak reads usernames from (its own fallback when the key is absent).
std::string username_attribute(const DoctorEvidence& e) {
  const std::string configured = e.provider.value("usernameLDAPAttribute");
  if (!configured.empty()) return configured;
  return e.provider.value("vendor") == "ad" ? "cn" : "uid";
}

std::string uuid_attribute(const DoctorEvidence& e) {
  const std::string configured = e.provider.value("uuidLDAPAttribute");
  if (!configured.empty()) return configured;
  const std::string vendor = e.provider.value("vendor");
  if (vendor == "ad") return "objectGUID";
  if (vendor == "rhds") return "nsuniqueid";
  if (vendor == "tivoli") return "uniqueidentifier";
  if (vendor == "edirectory") return "guid";
  return "entryUUID";
}

// The email mapper (a user-attribute mapper of the model attribute "email"), or nullptr.
const keycloak::Component* email_mapper(const DoctorEvidence& e) {
  for (const auto& mapper : e.mappers) {
    if (mapper.provider_id == "user-attribute-ldap-mapper" && mapper.value("user.model.attribute") == "email") return &mapper;
  }
  return nullptr;
}

bool complete_and_unique(const DoctorEvidence& e, const std::string& attribute) {
  const AttributeStats* stats = e.stats(attribute);
  return stats != nullptr && e.users > 0 && stats->present == e.users && stats->duplicated == 0;
}

// A username attribute every user has, once: the server's usual one first.
std::string username_candidate(const DoctorEvidence& e) {
  const std::vector<std::string> candidates = is_ad(e) ? std::vector<std::string>{"sAMAccountName", "userPrincipalName", "cn"}
                                                       : std::vector<std::string>{"uid", "cn", "mail"};
  for (const auto& candidate : candidates) {
    if (complete_and_unique(e, candidate)) return candidate;
  }
  return "";
}

std::vector<DoctorFinding> username_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  const std::string attribute = username_attribute(e);
  const AttributeStats none;
  const AttributeStats* stats = e.stats(attribute) != nullptr ? e.stats(attribute) : &none;
  const std::string candidate = username_candidate(e);
  const std::string toml = "[ldap] username_attribute = \"" + (candidate.empty() ? std::string("<an attribute every user has once>") : candidate) + "\"";
  const std::string console = console_field(e, kSearching, "Username LDAP attribute") + " (and the \"username\" mapper's LDAP attribute)";
  if (stats->present < e.users) {
    DoctorFinding f = finding("doctor.username-attribute-missing", Severity::fail, "username attribute missing on users",
                              of_users(e.users - stats->present, e.users) + " lack " + attribute +
                                  ", the username attribute: Keycloak cannot list or sign them in",
                              toml, console);
    f.details = e.username_examples;
    if (!candidate.empty()) f.details.push_back(candidate + " is set on every user, once");
    out.push_back(std::move(f));
  }
  if (stats->duplicated > 0) {
    out.push_back(finding("doctor.username-not-unique", Severity::fail, "username attribute not unique",
                          of_users(stats->duplicated, e.users) + " share their " + attribute + " with another user (e.g. \"" +
                              stats->duplicate_example + "\"): Keycloak imports only one of each name and signs the wrong one in",
                          toml, console));
  }
  return out;
}

std::vector<DoctorFinding> email_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  const keycloak::Component* mapper = email_mapper(e);
  if (mapper == nullptr || e.users == 0) return out;
  const std::string attribute = mapper->value("ldap.attribute");
  const AttributeStats none;
  const AttributeStats* stats = e.stats(attribute) != nullptr ? e.stats(attribute) : &none;
  const AttributeStats* mail = e.stats("mail");
  const std::size_t with_mail = mail != nullptr ? mail->present : 0;
  const std::string console = console_field(e, "Mappers > " + mapper->name, "LDAP attribute");
  if (kcldap::iequals(attribute, "userPrincipalName") && with_mail * 2 > e.users) {
    out.push_back(finding("doctor.email-from-login-name", Severity::warn, "email mapper reads a login name",
                          "the email mapper reads userPrincipalName, a login name that need not receive mail, while mail is set on " +
                              of_users(with_mail, e.users),
                          "[ldap] email_attribute = \"mail\"", console));
  } else if (stats->present * 2 < e.users) {
    const bool mail_better = !kcldap::iequals(attribute, "mail") && with_mail > stats->present;
    out.push_back(finding("doctor.email-attribute-sparse", Severity::warn, "email mapper reads an attribute most users lack",
                          of_users(e.users - stats->present, e.users) + " lack " + attribute + ", which the email mapper reads" +
                              (mail_better ? "; mail is set on " + of_users(with_mail, e.users) : std::string()),
                          "[ldap] email_attribute = \"" + (mail_better ? std::string("mail") : std::string("<the attribute that holds addresses>")) + "\"",
                          console));
  }
  return out;
}

bool is_stable_id(const std::string& attribute) {
  for (const char* id : {"objectGUID", "entryUUID", "nsUniqueId", "guid", "uniqueidentifier", "ipaUniqueID"}) {
    if (kcldap::iequals(attribute, id)) return true;
  }
  return false;
}

std::vector<DoctorFinding> uuid_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  if (e.users == 0) return out;
  const std::string attribute = uuid_attribute(e);
  const std::string stable = stable_id_attribute(e);
  const AttributeStats* stable_stats = e.stats(stable);
  const std::string toml = "[ldap] uuid_attribute = \"" + stable + "\"";
  const std::string console = console_field(e, kSearching, "UUID LDAP attribute");
  if (!is_stable_id(attribute)) {
    out.push_back(finding("doctor.uuid-attribute-unstable", Severity::fail, "UUID attribute is not a stable unique id",
                          attribute + " is a name that changes when the user is renamed (Keycloak then loses the link to the account)" +
                              (stable_stats != nullptr ? "; " + stable + " is set on " + of_users(stable_stats->present, e.users) : std::string()),
                          toml, console));
    return out;
  }
  const AttributeStats none;
  const AttributeStats* stats = e.stats(attribute) != nullptr ? e.stats(attribute) : &none;
  if (stats->present < e.users || stats->duplicated > 0) {
    out.push_back(finding("doctor.uuid-attribute-missing", Severity::fail, "UUID attribute missing or repeated",
                          of_users(e.users - stats->present, e.users) + " lack " + attribute + " and " + std::to_string(stats->duplicated) +
                              " share a value: it is not readable as an id here (operational attributes must be asked for by name and "
                              "readable by the bind identity)",
                          toml, console));
  }
  return out;
}

}  // namespace

std::string to_string(Severity severity) {
  switch (severity) {
    case Severity::fail: return "fail";
    case Severity::warn: return "warn";
    case Severity::info: return "info";
  }
  return "info";
}

const AttributeStats* DoctorEvidence::stats(const std::string& attribute) const {
  auto found = attributes.find(kcldap::lowercase(attribute));
  return found == attributes.end() ? nullptr : &found->second;
}

std::string console_field(const DoctorEvidence& e, const std::string& section, const std::string& field) {
  return "User federation > " + e.provider.name + " > " + section + " > " + field;
}

std::string of_users(std::size_t part, std::size_t whole) {
  return std::to_string(part) + " of " + std::to_string(whole) + (whole == 1 ? " user" : " users");
}

std::string stable_id_attribute(const DoctorEvidence& e) {
  if (e.server_is_ad) return "objectGUID";
  if (e.server_vendor == "rhds") return "nsUniqueId";
  if (e.server_vendor == "edirectory") return "guid";
  if (e.server_vendor == "tivoli") return "uniqueidentifier";
  return "entryUUID";
}

std::vector<DoctorFinding> keycloak_view_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  const std::string connection = "Settings > Connection and authentication settings";
  if (e.connection_test.ran && !e.connection_test.passed) {
    out.push_back(finding("doctor.keycloak-connection-test", Severity::fail, "Keycloak's connection test fails",
                          "Keycloak's own \"Test connection\" of " + e.provider.value("connectionUrl") + " failed: " + e.connection_test.cause,
                          "[ldap] url = \"<a URL Keycloak's host reaches>\"", console_field(e, connection, "Connection URL (Test connection)")));
  }
  if (e.authentication_test.ran && !e.authentication_test.passed) {
    out.push_back(finding("doctor.keycloak-authentication-test", Severity::fail, "Keycloak's authentication test fails",
                          "Keycloak's own \"Test authentication\" as " + e.provider.value("bindDn") + " with the stored password failed: " +
                              e.authentication_test.cause,
                          "[ldap] bind_dn and bind_password (then kcldap apply --rotate-bind-credential)",
                          console_field(e, connection, "Bind DN / Bind credentials (Test authentication)")));
  }
  if (!e.connection_test.refused.empty() || !e.authentication_test.refused.empty()) {
    const std::string& why = e.connection_test.refused.empty() ? e.authentication_test.refused : e.connection_test.refused;
    out.push_back(finding("doctor.keycloak-tests-not-run", Severity::warn, "Keycloak's own tests were not run (they need manage-realm)",
                          "Keycloak refused its LDAP connection and authentication tests to this identity (403: " + why +
                              "): its own view of the provider is unchecked",
                          "[keycloak]: sign in as an identity holding manage-realm (kcldap bootstrap-client grants it)",
                          "Clients > <the client> > Service account roles > Assign role > manage-realm"));
  }
  if (!e.provider.value("enabled").empty() && e.provider.value("enabled") != "true") {
    out.push_back(finding("doctor.provider-disabled", Severity::info, "the provider is disabled",
                          "enabled is " + e.provider.value("enabled") +
                              ": Keycloak neither searches nor syncs it and its users cannot sign in (no user was looked up through it)",
                          "[federation] enabled = true", console_field(e, "Settings > General options", "Enabled (the switch at the top)")));
  }
  if (!e.lookup_problems.empty()) {
    DoctorFinding f = finding("doctor.sample-users-not-found", Severity::fail, "directory users not found through Keycloak",
                              "looking up " + std::to_string(e.lookups) + " sample directory users through Keycloak: " +
                                  std::to_string(e.lookup_problems.size()) + (e.lookup_problems.size() == 1 ? " problem" : " problems") +
                                  " (not found, held by an account not linked to this provider, or a field unlike the directory), e.g. " +
                                  e.lookup_problems.front(),
                              "see the other findings; kcldap check names local accounts that hold the same usernames",
                              "Users > search by username");
    f.details = e.lookup_problems;
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<DoctorFinding> attribute_rules(const DoctorEvidence& e) {
  if (!e.directory_reached || e.users == 0 || !e.users_search_error.empty()) return {};
  std::vector<DoctorFinding> out = username_rules(e);
  for (auto& f : email_rules(e)) out.push_back(std::move(f));
  for (auto& f : uuid_rules(e)) out.push_back(std::move(f));
  return out;
}

const std::vector<std::string>& doctor_finding_ids() {
  static const std::vector<std::string> ids = {
      "doctor.keycloak-connection-test", "doctor.keycloak-authentication-test", "doctor.keycloak-tests-not-run", "doctor.provider-disabled",
      "doctor.sample-users-not-found", "doctor.directory-unreachable", "doctor.starttls-with-pooling", "doctor.plain-simple-bind",
      "doctor.connection-timeout", "doctor.read-timeout", "doctor.vendor-mismatch", "doctor.users-dn-missing",
      "doctor.users-match-nobody", "doctor.user-search-fails", "doctor.search-scope-one-level", "doctor.ad-filter-admits-computers", "doctor.pagination-off",
      "doctor.referrals-at-domain-root", "doctor.ad-account-controls-mapper-missing", "doctor.group-mapper-finds-no-group",
      "doctor.group-mapper-finds-no-member", "doctor.role-mapper-finds-no-role", "doctor.role-mapper-finds-no-member",
      "doctor.username-attribute-missing", "doctor.username-not-unique", "doctor.email-from-login-name",
      "doctor.email-attribute-sparse", "doctor.uuid-attribute-unstable", "doctor.uuid-attribute-missing"};
  return ids;
}

std::vector<DoctorFinding> doctor_findings(const DoctorEvidence& evidence) {
  std::vector<DoctorFinding> out;
  for (auto* rules : {&keycloak_view_rules, &connection_rules, &search_rules, &attribute_rules, &mapper_rules}) {
    for (auto& f : rules(evidence)) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace kcldap::checks
