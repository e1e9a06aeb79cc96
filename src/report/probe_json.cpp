// The probe report as JSON (schema kcldap.probe/v1): one small function per part of the report.
#include <cmath>

#include "src/report/probe_report.hpp"

namespace kcldap::report {

using nlohmann::json;

namespace {

json or_null(const std::string& value) { return value.empty() ? json(nullptr) : json(value); }

json stages_json(const std::vector<ldap::StageResult>& stages) {
  json out = json::array();
  for (const auto& stage : stages) {
    out.push_back({{"id", stage.id}, {"title", stage.title}, {"status", kcldap::to_string(stage.status)},
                   {"message", stage.message}, {"details", stage.details}, {"remedy", stage.remedy}});
  }
  return out;
}

json server_json(const ldap::ServerInfo& s) {
  return {{"url", s.url},
          {"vendor", s.vendor.keycloak_vendor},
          {"product", s.vendor.product},
          {"version", s.vendor.version},
          {"active_directory", s.vendor.active_directory},
          {"evidence", s.vendor.evidence},
          {"naming_contexts", s.naming_contexts},
          {"default_naming_context", s.default_naming_context},
          {"vendor_name", s.vendor_name},
          {"vendor_version", s.vendor_version},
          {"paged_results", s.paged_results},
          {"password_modify", s.password_modify},
          {"start_tls_extension", s.start_tls_extension},
          {"supported_controls", s.supported_controls},
          {"supported_extensions", s.supported_extensions}};
}

json tls_json(const ldap::TlsInspection& t) {
  json chain = json::array();
  for (const auto& cert : t.chain) {
    chain.push_back({{"subject", cert.subject}, {"issuer", cert.issuer}, {"names", cert.names}, {"not_before", cert.not_before},
                     {"not_after", cert.not_after}, {"days_left", cert.days_left}, {"self_signed", cert.self_signed}});
  }
  return {{"start_tls", t.start_tls_attempted}, {"handshake_ok", t.handshake_ok}, {"protocol", t.protocol},
          {"cipher", t.cipher},                   {"chain", chain},                  {"trust_source", t.trust_source},
          {"chain_trusted", t.chain_trusted},     {"chain_error", t.chain_error},    {"name_checked", t.checked_name},
          {"name_matches", t.name_matches}};
}

json users_json(const ldap::UsersInfo& users) {
  json candidates = json::array();
  for (const auto& candidate : users.candidates) {
    candidates.push_back({{"dn", candidate.dn}, {"users", candidate.users}, {"scope", candidate.scope}});
  }
  return {{"dn", or_null(users.dn)},
          {"dn_source", users.dn_source},
          {"candidates", candidates},
          {"scope", users.scope},
          {"filter", users.filter},
          {"object_classes", users.object_classes},
          {"count", users.count ? json(*users.count) : json(nullptr)},
          {"count_complete", users.count_complete},
          {"custom_filter", users.custom_filter},
          {"disabled", users.disabled ? json(*users.disabled) : json(nullptr)},
          {"computers_excluded", users.computers_excluded},
          {"system_accounts_excluded", users.system_excluded}};
}

json attributes_json(const std::optional<ldap::SampleSummary>& sample) {
  json out = json::array();
  if (!sample) return out;
  for (const auto& stat : sample->attributes) {
    const double share = sample->sampled == 0 ? 0.0 : static_cast<double>(stat.present) / static_cast<double>(sample->sampled);
    out.push_back({{"name", stat.name},
                   {"present", stat.present},
                   {"sampled", sample->sampled},
                   {"share", std::round(share * 1000.0) / 1000.0},
                   {"unique", stat.unique()},
                   {"multi_valued", stat.multi_valued},
                   {"binary", stat.binary}});
  }
  return out;
}

json sample_json(const ldap::SampleSummary& sample) {
  json classes = json::array();
  for (const auto& [name, count] : sample.object_classes) classes.push_back({{"name", name}, {"present", count}});
  return {{"size", sample.sampled},
          {"object_classes", classes},
          {"with_member_of", sample.with_member_of},
          {"disabled", sample.disabled},
          {"example_dns", sample.example_dns}};
}

json recommended_json(const ldap::Recommendations& r, const std::string& users_dn) {
  const auto value = [](const ldap::Recommendation& rec) { return or_null(rec.value); };
  return {{"vendor", value(r.vendor)},         {"users_dn", users_dn},
          {"search_scope", value(r.search_scope)}, {"username", value(r.username)},
          {"rdn", value(r.rdn)},               {"uuid", value(r.uuid)},
          {"email", value(r.email)},           {"first_name", value(r.first_name)},
          {"last_name", value(r.last_name)},   {"user_object_classes", r.user_object_classes}};
}

json reasons_json(const ldap::Recommendations& r) {
  return {{"vendor", r.vendor.reason},         {"search_scope", r.search_scope.reason},
          {"username", r.username.reason},     {"rdn", r.rdn.reason},
          {"uuid", r.uuid.reason},             {"email", r.email.reason},
          {"first_name", r.first_name.reason}, {"last_name", r.last_name.reason},
          {"user_object_classes", r.user_object_classes_reason}};
}

json attribute_checks_json(const std::vector<ldap::AttributeCheck>& checks) {
  json out = json::array();
  for (const auto& check : checks) {
    out.push_back({{"role", check.role}, {"attribute", check.attribute}, {"source", check.source}, {"finding", check.finding}});
  }
  return out;
}

// Name/count pairs as [{"<name_key>": name, "<count_key>": n}, ...].
json counted(const std::vector<std::pair<std::string, std::size_t>>& pairs, const std::string& name_key, const std::string& count_key) {
  json out = json::array();
  for (const auto& [name, n] : pairs) out.push_back({{name_key, name}, {count_key, n}});
  return out;
}

json groups_json(const ldap::GroupSummary& g, const ldap::ProbeReport& report) {
  return {{"base", report.groups_base},
          {"count", g.sampled},
          {"dn", or_null(g.recommended_dn())},
          {"containers", counted(g.containers, "dn", "groups")},
          {"object_classes", counted(g.object_classes, "name", "groups")},
          {"membership_attribute", or_null(g.recommended_membership_attribute())},
          {"membership_type", g.membership_type()},
          {"membership_attributes", counted(g.membership_attributes, "name", "groups")},
          {"nested", !g.nested_examples.empty()},
          {"nested_examples", g.nested_examples},
          {"users_have_member_of", report.sample ? json(report.sample->with_member_of > 0) : json(nullptr)},
          {"examples", g.example_names}};
}

// [ldap] required_groups, per group: [] when none is set.
json required_groups_json(const std::vector<ldap::RequiredGroup>& groups) {
  json out = json::array();
  for (const auto& g : groups) {
    out.push_back({{"dn", g.dn},
                   {"exists", g.exists},
                   {"members", g.members},
                   {"users", g.users ? json(*g.users) : json(nullptr)},
                   {"outside_users_dn", g.outside_users_dn},
                   {"outside_examples", g.outside_examples},
                   {"nested", g.nested_groups > 0},
                   {"nested_groups", g.nested_groups},
                   {"nested_examples", g.nested_examples},
                   {"members_read", g.members_read},
                   {"members_with_member_of", g.listing_member_of}});
  }
  return out;
}

}  // namespace

json probe_to_json(const ldap::ProbeReport& report) {
  return {{"schema", "kcldap.probe/v1"},
          {"result", report.failed() ? "fail" : "pass"},
          {"exit_code", probe_exit_code(report)},
          {"stages", stages_json(report.stages)},
          {"server", report.server ? server_json(*report.server) : json(nullptr)},
          {"tls", report.tls ? tls_json(*report.tls) : json(nullptr)},
          {"users", users_json(report.users)},
          {"attributes", attributes_json(report.sample)},
          {"sample", report.sample ? sample_json(*report.sample) : json(nullptr)},
          {"recommended", report.recommended ? recommended_json(*report.recommended, report.users.dn) : json(nullptr)},
          {"recommendation_reasons", report.recommended ? reasons_json(*report.recommended) : json(nullptr)},
          {"attribute_checks", attribute_checks_json(report.attribute_checks)},
          {"groups", report.groups ? groups_json(*report.groups, report) : json(nullptr)},
          {"required_groups", required_groups_json(report.required_groups)}};
}

}  // namespace kcldap::report
