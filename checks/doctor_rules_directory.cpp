// The doctor's rules on how the provider reaches and searches the directory: transport and bind, pool,
// timeouts against the measured response time, vendor, users DN, filter, scope, pagination, referrals,
// and the mappers that must find something there (groups, roles) or must exist (MSAD account controls).
#include <algorithm>
#include <cmath>

#include "checks/doctor_rules.hpp"
#include "common/text.hpp"
#include "ldap/dn.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::checks {

namespace {

constexpr const char* kConnection = "Settings > Connection and authentication settings";
constexpr const char* kSearching = "Settings > LDAP searching and updating";

DoctorFinding finding(std::string id, Severity severity, std::string title, std::string evidence, std::string fix_toml,
                      std::string fix_console) {
  return DoctorFinding{std::move(id), severity, std::move(title), std::move(evidence), std::move(fix_toml), std::move(fix_console), {}};
}

// Whether every URL of a space-separated connectionUrl is ldap:// (none ldaps://).
bool plain_urls_only(const std::string& urls) {
  bool any = false;
  std::size_t start = 0;
  while (start < urls.size()) {
    const std::size_t end = std::min(urls.find(' ', start), urls.size());
    const std::string url = kcldap::lowercase(urls.substr(start, end - start));
    start = end + 1;
    if (url.empty()) continue;
    any = true;
    if (url.rfind("ldap://", 0) != 0) return false;
  }
  return any;
}

// A timeout that gives the measured operation room: ten times the slowest, at least 5 s, in whole seconds.
long suggested_timeout_ms(double slowest_ms) {
  const double wanted = std::max(5000.0, slowest_ms * 10);
  return static_cast<long>(std::ceil(wanted / 1000.0)) * 1000;
}

void timeout_rule(const DoctorEvidence& e, const std::string& key, const std::string& toml_key, const std::string& field,
                  const std::string& section, std::vector<DoctorFinding>& out) {
  const std::string text = e.provider.value(key);
  const std::string measured = e.directory_reached ? "; the slowest directory operation measured here took " +
                                                         std::to_string(static_cast<long>(std::ceil(e.slowest_ms))) + " ms"
                                                   : std::string();
  const std::string toml = "[ldap] " + toml_key + " = " + std::to_string(suggested_timeout_ms(e.slowest_ms));
  const std::string id = key == "readTimeout" ? "doctor.read-timeout" : "doctor.connection-timeout";
  if (text.empty()) {
    const std::string effect = key == "readTimeout" ? "a directory that stops answering holds sign-ins and syncs indefinitely"
                                                    : "Keycloak falls back to the JVM's default";
    out.push_back(finding(id, Severity::warn, field + " unset", key + " is not set: " + effect + measured, toml,
                          console_field(e, section, field)));
    return;
  }
  char* end = nullptr;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (end == text.c_str() || *end != '\0' || value <= 0) {
    out.push_back(finding(id, Severity::warn, field + " unusable", key + " is \"" + text + "\", not a positive number of milliseconds" + measured,
                          toml, console_field(e, section, field)));
  } else if (e.directory_reached && static_cast<double>(value) < e.slowest_ms * 3) {
    out.push_back(finding(id, Severity::warn, field + " too short", key + " is " + text + " ms" + measured +
                              ": a slightly slower moment makes Keycloak give up",
                          toml, console_field(e, section, field)));
  }
}

std::vector<DoctorFinding> transport_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  const bool start_tls = e.provider.value("startTls") == "true";
  // Absent, connectionPooling is off at runtime (Keycloak passes no pool setting to JNDI): only "true" counts.
  if (start_tls && e.provider.value("connectionPooling") == "true") {
    out.push_back(finding("doctor.starttls-with-pooling", Severity::warn, "StartTLS with connection pooling",
                          "startTls and connectionPooling are both true: Keycloak never pools StartTLS connections, and 26.1+ refuses "
                          "to save the provider so (any edit fails with \"Can not enable both StartTLS and connection pooling\")",
                          "[federation] connection_pooling = false", console_field(e, kConnection, "Connection pooling")));
  }
  const bool binds = e.provider.value("authType") != "none" && !e.provider.value("bindDn").empty();
  if (binds && !start_tls && plain_urls_only(e.provider.value("connectionUrl"))) {
    out.push_back(finding("doctor.plain-simple-bind", Severity::fail, "simple bind over plain ldap://",
                          "the bind password of " + e.provider.value("bindDn") + " (and every user's password at sign-in) crosses " +
                              e.provider.value("connectionUrl") + " unencrypted",
                          "[ldap] url = \"ldaps://<host>:636\" (or start_tls = true)",
                          console_field(e, kConnection, "Connection URL (ldaps://) or Enable StartTLS")));
  }
  return out;
}

std::vector<DoctorFinding> vendor_rules(const DoctorEvidence& e) {
  if (!e.directory_reached || e.server_vendor.empty()) return {};
  const std::string configured = e.provider.value("vendor");
  if (configured == e.server_vendor) return {};
  const bool ad_differs = (configured == "ad") != e.server_is_ad;
  return {finding("doctor.vendor-mismatch", ad_differs ? Severity::fail : Severity::warn, "vendor does not match the server",
                  "vendor is " + (configured.empty() ? std::string("unset") : "\"" + configured + "\"") + " but the server is " +
                      e.server_product + " (vendor \"" + e.server_vendor + "\")" +
                      (ad_differs ? ": Active Directory's rules (objectGUID, account controls, password changes) apply only with \"ad\"" : ""),
                  "[ldap] vendor = \"" + e.server_vendor + "\"", console_field(e, "Settings > General options", "Vendor"))};
}

std::vector<DoctorFinding> users_dn_rules(const DoctorEvidence& e) {
  const std::string dn = e.provider.value("usersDn");
  if (!e.users_dn_exists) {
    return {finding("doctor.users-dn-missing", Severity::fail, "users DN does not exist",
                    "the directory has no entry " + dn + ": Keycloak finds no user", "[ldap] users_dn = \"<the container of the users>\"",
                    console_field(e, kSearching, "Users DN"))};
  }
  if (!e.users_search_error.empty()) {
    return {finding("doctor.user-search-fails", Severity::fail, "the user search fails",
                    "the search below " + dn + " with the provider's object classes, filter and scope failed " + e.users_search_error +
                        ": Keycloak's syncs and searches fail the same way (the user rules were not run)",
                    "[ldap] users_dn, user_filter, or the bind account's limits on the server",
                    console_field(e, kSearching, "Users DN / User LDAP filter"))};
  }
  if (e.users == 0) {
    std::string evidence = "the search below " + dn + " with the provider's object classes and filter finds 0 users";
    if (e.users_subtree && *e.users_subtree > 0) evidence += " (" + std::to_string(*e.users_subtree) + " over the whole subtree)";
    return {finding("doctor.users-match-nobody", Severity::fail, "the user search finds nobody", evidence,
                    "[ldap] users_dn, user_object_classes and user_filter",
                    console_field(e, kSearching, "Users DN / User object classes / User LDAP filter"))};
  }
  return {};
}

std::vector<DoctorFinding> scope_and_filter_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  if (e.users_subtree && *e.users_subtree > e.users && e.users > 0) {
    out.push_back(finding("doctor.search-scope-one-level", Severity::fail, "search scope one level while users live deeper",
                          std::to_string(*e.users_subtree - e.users) + " of " + std::to_string(*e.users_subtree) + " users below " +
                              e.provider.value("usersDn") + " live deeper than its direct children, where a one-level search never looks",
                          "[ldap] search_scope = \"subtree\"", console_field(e, kSearching, "Search scope (Subtree)")));
  }
  if (e.server_is_ad && e.computers + e.system_accounts > 0) {
    out.push_back(finding("doctor.ad-filter-admits-computers", Severity::warn, "the user search lets computers and system accounts in",
                          "of " + std::to_string(e.users) + " entries the search finds, " + std::to_string(e.computers) +
                              " are computer accounts and " + std::to_string(e.system_accounts) +
                              " are system accounts (Administrator, Guest, krbtgt): Keycloak imports them as users",
                          std::string("[ldap] user_filter = \"auto\" (kcldap's default on AD: ") + ldap::kAdUserFilter + ")",
                          console_field(e, kSearching, "User LDAP filter")));
  }
  return out;
}

std::vector<DoctorFinding> paging_and_referral_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  const std::string pagination = e.provider.value("pagination");
  constexpr std::size_t kPage = 1000;  // AD's MaxPageSize, and a common server size limit
  if (pagination != "true" && (e.unpaged_limit ? e.users > *e.unpaged_limit : e.users > kPage)) {
    out.push_back(finding("doctor.pagination-off", Severity::fail, "pagination off with more users than a page",
                          "pagination is " + (pagination.empty() ? std::string("unset (off)") : pagination) + " and the search finds " +
                              std::to_string(e.users) + " users, but " +
                              (e.unpaged_limit  ? "the server answers an unpaged search with at most " + std::to_string(*e.unpaged_limit)
                               : e.server_is_ad ? "Active Directory's MaxPageSize stops an unpaged search at " + std::to_string(kPage)
                                                : "servers commonly stop an unpaged search at " + std::to_string(kPage)) +
                              ": a sync misses the rest",
                          "[federation] pagination = true", console_field(e, kSearching, "Pagination")));
  }
  const std::string users_dn = ldap::normalize_dn(e.provider.value("usersDn"));
  const bool at_root = std::any_of(e.naming_contexts.begin(), e.naming_contexts.end(),
                                   [&](const std::string& context) { return ldap::normalize_dn(context) == users_dn; });
  const std::string referral = e.provider.value("referral");
  if (e.server_is_ad && at_root && referral != "ignore") {
    out.push_back(finding("doctor.referrals-at-domain-root", Severity::warn, "referrals at the AD domain root",
                          "the users DN is the domain root " + e.provider.value("usersDn") + " and referral is " +
                              (referral.empty() ? std::string("unset") : referral) + "; the user search there met " +
                              std::to_string(e.references) + (e.references == 1 ? " referral" : " referrals") +
                              " (to the other partitions, e.g. DomainDnsZones): followed, each costs another connection and bind; "
                              "unset, a full search can fail with \"Unprocessed Continuation Reference(s)\"",
                          "[ldap] users_dn = \"CN=Users," + e.provider.value("usersDn") + "\" (or the OU that holds the users)",
                          console_field(e, kSearching, "Users DN, or Referral = ignore")));
  }
  return out;
}

bool has_mapper(const DoctorEvidence& e, std::initializer_list<const char*> providers) {
  return std::any_of(e.mappers.begin(), e.mappers.end(), [&](const keycloak::Component& mapper) {
    return std::any_of(providers.begin(), providers.end(), [&](const char* id) { return mapper.provider_id == id; });
  });
}

void group_mapper_rule(const DoctorEvidence& e, const GroupMapperFacts& g, std::vector<DoctorFinding>& out) {
  const std::string console = console_field(e, "Mappers > " + g.name, g.kind == "group" ? "LDAP Groups DN / Group object classes / Membership LDAP attribute"
                                                                                     : "LDAP Roles DN / Role object classes / Membership LDAP attribute");
  const std::string toml = "[[mappers]] name = \"" + g.name + "\": " + g.kind + "s_dn, object_classes, membership_attribute";
  if (!g.dn_exists || g.groups == 0) {
    std::string evidence = !g.dn_exists ? "the directory has no entry " + g.dn
                                        : "no entry of class " + g.object_classes + " below " + g.dn;
    if (g.dn_exists && g.other_groups > 0) evidence += " (" + std::to_string(g.other_groups) + " groups of other classes are there)";
    out.push_back(finding("doctor." + g.kind + "-mapper-finds-no-" + g.kind, Severity::fail, g.kind + " mapper finds no " + g.kind,
                          "mapper \"" + g.name + "\": " + evidence, toml, console));
  } else if (g.groups_with_members == 0) {
    out.push_back(finding("doctor." + g.kind + "-mapper-finds-no-member", Severity::fail, g.kind + " mapper finds no member",
                          "mapper \"" + g.name + "\": none of the " + std::to_string(g.groups) + " " + g.kind + "s below " + g.dn +
                              " carries " + g.membership_attribute +
                              (g.other_membership.empty() ? std::string() : "; they list members in " + g.other_membership),
                          toml, console));
  }
}

}  // namespace

std::vector<DoctorFinding> connection_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  if (!e.directory_reached) {
    out.push_back(finding("doctor.directory-unreachable", Severity::fail, "kcldap cannot read the directory",
                          "with the provider's URL and bind DN and [ldap] bind_password: " + e.directory_error +
                              " (the directory rules were not run)",
                          "[ldap] bind_password, ca_file, tls_verify", console_field(e, kConnection, "Connection URL / Bind DN")));
  }
  for (auto& f : transport_rules(e)) out.push_back(std::move(f));
  timeout_rule(e, "connectionTimeout", "connect_timeout_ms", "Connection timeout", kConnection, out);
  timeout_rule(e, "readTimeout", "read_timeout_ms", "Read timeout", kSearching, out);
  for (auto& f : vendor_rules(e)) out.push_back(std::move(f));
  return out;
}

std::vector<DoctorFinding> search_rules(const DoctorEvidence& e) {
  if (!e.directory_reached) return {};
  std::vector<DoctorFinding> out = users_dn_rules(e);
  for (auto& f : scope_and_filter_rules(e)) out.push_back(std::move(f));
  for (auto& f : paging_and_referral_rules(e)) out.push_back(std::move(f));
  return out;
}

std::vector<DoctorFinding> mapper_rules(const DoctorEvidence& e) {
  std::vector<DoctorFinding> out;
  if (!e.directory_reached) return out;
  if (e.server_is_ad && !has_mapper(e, {"msad-user-account-control-mapper", "msad-lds-user-account-control-mapper"})) {
    out.push_back(finding("doctor.ad-account-controls-mapper-missing", Severity::fail, "AD without the MSAD account controls mapper",
                          of_users(e.disabled, e.users) + " are disabled in Active Directory, yet without an MSAD account controls "
                                                          "mapper Keycloak treats them as enabled",
                          "[[mappers]] type = \"msad-account-controls\" (or [federation] default_mappers = \"adopt\")",
                          console_field(e, "Mappers > Add mapper", "msad-user-account-control-mapper")));
  }
  for (const auto& g : e.group_mappers) group_mapper_rule(e, g, out);
  return out;
}

}  // namespace kcldap::checks
