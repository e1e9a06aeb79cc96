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

namespace {

// The attributes to read: the candidates for each role plus any configured one.
std::vector<std::string> wanted_attributes(const AttributeSettings& configured) {
  std::vector<std::string> wanted = candidate_user_attributes();
  for (const auto* name : {&configured.username, &configured.rdn, &configured.uuid, &configured.email,
                           &configured.first_name, &configured.last_name}) {
    if (*name != "auto") wanted.push_back(*name);
  }
  return wanted;
}

// An explicitly configured vendor decides the recommendation rules (e.g. sAMAccountName for "ad").
VendorGuess vendor_for_rules(VendorGuess vendor, const std::string& configured) {
  if (configured != "auto" && configured != vendor.keycloak_vendor) {
    vendor.keycloak_vendor = configured;
    vendor.active_directory = configured == "ad";
    vendor.evidence.insert(vendor.evidence.begin(), "vendor set to \"" + configured + "\" in the config");
  }
  return vendor;
}

void describe_sample(StageResult& stage, const SampleSummary& sample) {
  std::string classes;
  for (const auto& [name, n] : sample.object_classes) {
    classes += (classes.empty() ? "" : ", ") + name + " " + std::to_string(percent(n, sample.sampled)) + "%";
  }
  stage.details.push_back("object classes seen: " + classes);
  stage.details.push_back("memberOf on " + std::to_string(percent(sample.with_member_of, sample.sampled)) + "% of sampled users");
  if (sample.disabled > 0) {
    stage.details.push_back(std::to_string(sample.disabled) + " sampled users are disabled in Active Directory (userAccountControl)");
  }
}

}  // namespace

void ProbeRun::discover_attributes() {
  StageResult stage{"ldap.attributes", "Attributes", Status::pass, "", {}, ""};
  const auto sample = sample_users(stage);
  if (!sample) {
    finish(std::move(stage));
    return;
  }
  const Recommendations recommended =
      recommend(*sample, vendor_for_rules(report_.server->vendor, options_.vendor), report_.users.object_classes);
  const AttributeJudgement judged = judge_attributes(*sample, recommended, options_.attributes);
  stage.status = judged.status;
  for (const auto& problem : judged.problems) stage.details.push_back("problem: " + problem);
  stage.remedy = judged.remedy;
  if (values_cut_ > 0 && stage.status == Status::pass) {
    stage.status = Status::warn;
    stage.remedy = "a value that large is no name or mail address: check the attribute mapping, and the entry in the directory";
  }
  report_.attribute_checks.insert(report_.attribute_checks.end(), judged.checks.begin(), judged.checks.end());
  for (const auto& check : report_.attribute_checks) {
    stage.details.push_back(check.role + " <- " + (check.attribute.empty() ? "(none)" : check.attribute) + " [" +
                            check.source + "]: " + check.finding);
  }
  describe_sample(stage, *sample);
  stage.message = "sampled " + std::to_string(sample->sampled) + " users: " + join(judged.summary);
  report_.sample = *sample;
  report_.recommended = recommended;
  finish(std::move(stage));
}

// Up to sample_size users with the attributes to judge; nothing (and the stage failed) when none could be read.
std::optional<SampleSummary> ProbeRun::sample_users(StageResult& stage) {
  const std::vector<std::string> wanted = wanted_attributes(options_.attributes);
  AttributeSampler sampler(wanted, report_.users.dn);
  SearchRequest request;
  request.base = report_.users.dn;
  request.scope = scope_;
  request.filter = report_.users.filter;
  request.attributes = wanted;
  request.max_value_bytes = options_.max_value_bytes;
  request.page_size = std::min(options_.page_size, options_.sample_size);
  if (!report_.server->paged_results && !report_.server->supported_controls.empty()) request.page_size = 0;
  std::size_t taken = 0;
  const auto limit = static_cast<std::size_t>(options_.sample_size);
  auto searched = connection_->search(request, [&](const Entry& entry) {
    sampler.add(entry);
    return ++taken < limit;
  });
  if (searched && searched->values_cut > 0) {
    values_cut_ = searched->values_cut;
    stage.details.push_back("problem: " + std::to_string(searched->values_cut) + " attribute value(s) longer than " +
                            std::to_string(request.max_value_bytes) + " bytes were cut to that size, not kept or shown whole (first: " +
                            searched->first_cut + ")");
  }
  if (!searched && taken == 0) {
    stage.status = Status::fail;
    stage.message = "sampling users failed: " + result_code_name(searched.error().code);
    stage.remedy = explain_failure("search", searched.error().code, searched.error().diagnostic).remedy;
    return std::nullopt;
  }
  return sampler.summary();
}

}  // namespace kcldap::ldap::detail
