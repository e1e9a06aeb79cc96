// The probe stage that finds the groups: where they live, their classes, membership and nesting.
#include <algorithm>
#include <map>
#include "ldap/dn.hpp"
#include "ldap/filter.hpp"
#include "ldap/probe_run.hpp"
#include "ldap/probe_helpers.hpp"
#include "ldap/result_codes.hpp"

namespace kcldap::ldap::detail {

void ProbeRun::discover_groups() {
  StageResult stage{"ldap.groups", "Groups", Status::pass, "", {}, ""};
  const std::string base = groups_base();
  report_.groups_base = base;
  SearchRequest request;
  request.base = base;
  request.scope = Scope::subtree;
  request.max_value_bytes = options_.max_value_bytes;
  // AD's built-in groups (CN=Builtin, Domain Admins, ...) are critical system objects, not the site's groups.
  request.filter = server_is_active_directory() ? "(&" + group_filter() + "(!(isCriticalSystemObject=TRUE)))" : group_filter();
  request.attributes = group_attributes();
  request.page_size = report_.server && report_.server->paged_results ? std::min(options_.page_size, 500) : 0;
  GroupSampler sampler;
  std::size_t taken = 0;
  auto searched = connection_->search(request, [&](const Entry& entry) {
    sampler.add(entry);
    return ++taken < 500;
  });
  if (!searched && taken == 0) {
    stage.status = Status::warn;
    stage.message = "searching groups under " + base + " failed: " + result_code_name(searched.error().code);
    stage.remedy = "set groups_dn to where the groups live, or grant the bind account read access to them";
    finish(std::move(stage));
    return;
  }
  GroupSummary summary = sampler.summary();
  if (summary.sampled == 0) {
    stage.message = "no groups found under " + base + " (nothing to map; set groups_dn if they live elsewhere)";
  } else {
    describe_groups(stage, summary, taken >= 500);
  }
  report_.groups = summary;
  finish(std::move(stage));
}

// groups_dn, else the naming context holding the users DN, else the server's default one.
std::string ProbeRun::groups_base() const {
  std::string base = options_.groups_dn;
  if (base.empty() && report_.server) {
    for (const auto& context : report_.server->naming_contexts) {
      if (dn_is_within(report_.users.dn, context)) base = context;
    }
    if (base.empty()) base = report_.server->default_naming_context;
  }
  if (base.empty()) base = parent_dn(report_.users.dn);
  return base;
}

void ProbeRun::describe_groups(StageResult& stage, const GroupSummary& summary, bool truncated) const {
  std::string classes;
  for (const auto& [name, n] : summary.object_classes) classes += (classes.empty() ? "" : ", ") + name + " " + std::to_string(n);
  const std::string counted = (truncated ? "at least " : "") + std::to_string(summary.sampled);
  stage.message = counted + " groups under " + summary.recommended_dn() + " (" + classes + "); membership attribute " +
                  summary.recommended_membership_attribute() + " (" + summary.membership_type() + ")" +
                  (summary.nested_examples.empty() ? "" : "; groups nest");
  for (const auto& [container, n] : summary.containers) stage.details.push_back("container: " + container + " (" + std::to_string(n) + " groups)");
  for (const auto& [attribute, n] : summary.membership_attributes) {
    stage.details.push_back("membership: " + attribute + " on " + std::to_string(n) + " groups");
  }
  for (const auto& nested : summary.nested_examples) stage.details.push_back("nested: " + nested);
  if (report_.sample) {
    stage.details.push_back("memberOf on " + std::to_string(percent(report_.sample->with_member_of, report_.sample->sampled)) +
                            "% of sampled users");
  }
  if (active_directory() && !summary.nested_examples.empty()) {
    stage.details.push_back(std::string("nested groups on Active Directory: the group mapper's LOAD_GROUPS_BY_MEMBER_ATTRIBUTE_RECURSIVELY ") +
                            "strategy resolves them (matching rule " + kMatchingRuleInChainOid + "); kcldap sets it");
  }
  if (summary.membership_attributes.size() > 1) {
    stage.details.push_back("groups use more than one membership attribute; one Keycloak group mapper handles one of them");
  }
}

}  // namespace kcldap::ldap::detail
