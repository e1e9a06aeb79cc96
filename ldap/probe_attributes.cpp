// The probe stage that samples users and judges which attributes can serve Keycloak's mappers.
#include <algorithm>
#include <map>
#include "ldap/dn.hpp"
#include "ldap/filter.hpp"
#include "ldap/attribute_judgement.hpp"
#include "ldap/probe_run.hpp"
#include "ldap/probe_helpers.hpp"
#include "ldap/result_codes.hpp"

namespace kcldap::ldap::detail {

void ProbeRun::discover_attributes() {
  StageResult stage{"ldap.attributes", "Attributes", Status::pass, "", {}, ""};
  const AttributeSettings& configured = options_.attributes;
  std::vector<std::string> wanted = candidate_user_attributes();
  for (const auto* name : {&configured.username, &configured.rdn, &configured.uuid, &configured.email,
                           &configured.first_name, &configured.last_name}) {
    if (*name != "auto") wanted.push_back(*name);
  }
  AttributeSampler sampler(wanted, report_.users.dn);
  SearchRequest request;
  request.base = report_.users.dn;
  request.scope = scope_;
  request.filter = report_.users.filter;
  request.attributes = wanted;
  request.page_size = std::min(options_.page_size, options_.sample_size);
  if (!report_.server->paged_results && !report_.server->supported_controls.empty()) request.page_size = 0;
  std::size_t taken = 0;
  const auto limit = static_cast<std::size_t>(options_.sample_size);
  auto searched = connection_->search(request, [&](const Entry& entry) {
    sampler.add(entry);
    return ++taken < limit;
  });
  if (!searched && taken == 0) {
    stage.status = Status::fail;
    stage.message = "sampling users failed: " + result_code_name(searched.error().code);
    stage.remedy = explain_failure("search", searched.error().code, searched.error().diagnostic).remedy;
    finish(std::move(stage));
    return;
  }
  const SampleSummary sample = sampler.summary();
  // An explicitly configured vendor decides the recommendation rules (e.g. sAMAccountName for "ad").
  VendorGuess vendor = report_.server->vendor;
  if (options_.vendor != "auto" && options_.vendor != vendor.keycloak_vendor) {
    vendor.keycloak_vendor = options_.vendor;
    vendor.active_directory = options_.vendor == "ad";
    vendor.evidence.insert(vendor.evidence.begin(), "vendor set to \"" + options_.vendor + "\" in the config");
  }
  const Recommendations recommended = recommend(sample, vendor, report_.users.object_classes);

  const AttributeJudgement judged = judge_attributes(sample, recommended, configured);
  stage.status = judged.status;
  for (const auto& problem : judged.problems) stage.details.push_back("problem: " + problem);
  stage.remedy = judged.remedy;
  report_.attribute_checks.insert(report_.attribute_checks.end(), judged.checks.begin(), judged.checks.end());
  for (const auto& check : report_.attribute_checks) {
    stage.details.push_back(check.role + " <- " + (check.attribute.empty() ? "(none)" : check.attribute) + " [" +
                            check.source + "]: " + check.finding);
  }
  std::string classes;
  for (const auto& [name, n] : sample.object_classes) {
    classes += (classes.empty() ? "" : ", ") + name + " " + std::to_string(percent(n, sample.sampled)) + "%";
  }
  stage.details.push_back("object classes seen: " + classes);
  stage.details.push_back("memberOf on " + std::to_string(percent(sample.with_member_of, sample.sampled)) + "% of sampled users");
  if (sample.disabled > 0) {
    stage.details.push_back(std::to_string(sample.disabled) + " sampled users are disabled in Active Directory (userAccountControl)");
  }
  stage.message = "sampled " + std::to_string(sample.sampled) + " users: " + join(judged.summary);
  report_.sample = sample;
  report_.recommended = recommended;
  finish(std::move(stage));
}

}  // namespace kcldap::ldap::detail
