// The probe stage for [ldap] required_groups: reads each group and a sample of its members, decides whether
// the server maintains memberOf (Active Directory always does; OpenLDAP needs the memberof overlay, 389-DS
// the MemberOf plugin), adds the memberOf filter to the user filter, and counts each group's users.
#include <algorithm>

#include "ldap/dn.hpp"
#include "ldap/filter.hpp"
#include "ldap/group_filter.hpp"
#include "ldap/groups.hpp"
#include "ldap/probe_helpers.hpp"
#include "ldap/probe_run.hpp"

namespace kcldap::ldap::detail {
namespace {

constexpr std::size_t kMembersRead = 50;  // members read per group for the evidence

bool is_group_entry(const Entry& entry) {
  for (const auto& object_class : values_of(entry, "objectClass")) {
    for (const char* group : {"groupOfNames", "groupOfUniqueNames", "group", "groupOfURLs"}) {
      if (iequals(object_class, group)) return true;
    }
  }
  return false;
}

bool lists(const Entry& entry, const std::string& group_dn) {
  const auto groups = values_of(entry, "memberOf");
  return std::any_of(groups.begin(), groups.end(), [&](const std::string& g) { return normalize_dn(g) == normalize_dn(group_dn); });
}

std::string plural(std::size_t n, const std::string& word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

std::string examples(const std::vector<std::string>& dns) {
  std::string out;
  for (const auto& dn : dns) out += (out.empty() ? "" : "; ") + dn;
  return out;
}

// Whether members of a nested group count, by how the server fills memberOf.
std::string nesting_note(bool in_chain, const std::string& keycloak_vendor) {
  if (in_chain) return " (their members count: the in-chain matching rule follows nesting)";
  if (keycloak_vendor == "rhds") return " (their members count: the MemberOf plugin follows nesting)";
  return " (their members do NOT count: OpenLDAP's memberof overlay lists direct groups only; add the nested groups to required_groups)";
}

}  // namespace

std::optional<Entry> ProbeRun::read_entry(const std::string& dn, const std::vector<std::string>& attributes) {
  SearchRequest request;
  request.base = dn;
  request.scope = Scope::base;
  request.page_size = 0;
  request.attributes = attributes;
  request.max_value_bytes = options_.max_value_bytes;
  std::optional<Entry> found;
  auto searched = connection_->search(request, [&](const Entry& entry) {
    found = entry;
    return true;
  });
  if (!searched) return std::nullopt;
  return found;
}

// One group: exists? its members, a sample of them read for nesting, place and memberOf.
RequiredGroup ProbeRun::read_required_group(const std::string& dn, std::string& membership_attribute) {
  const auto group = read_entry(dn, group_attributes());
  if (!group) {
    RequiredGroup missing;
    missing.dn = dn;
    return missing;
  }
  std::vector<std::string> members;
  for (const char* attribute : {"member", "uniqueMember"}) {
    for (const auto& value : values_of(*group, attribute)) members.push_back(member_dn(value));
    if (group->has(attribute) && membership_attribute.empty()) membership_attribute = attribute;
  }
  // Active Directory hands a large group's members out in ranges ("member;range=0-1499"): the first range
  // is enough for the evidence, and the count then reads as a lower bound.
  for (const auto& [name, values] : group->attributes) {
    if (name.size() > 13 && iequals(name.substr(0, 13), "member;range=")) members.insert(members.end(), values.begin(), values.end());
  }
  std::vector<GroupMember> read;
  for (std::size_t i = 0; i < members.size() && i < kMembersRead; ++i) {
    GroupMember member;
    member.dn = members[i];
    if (const auto entry = read_entry(members[i], {"objectClass", "memberOf"})) {
      member.read = true;
      member.is_group = is_group_entry(*entry);
      member.lists_group = lists(*entry, dn);
    }
    read.push_back(member);
  }
  RequiredGroup evidence = assess_required_group(group->dn, members, read, report_.users.dn);
  if (members.empty() && group->has("memberUid")) {
    evidence.members = values_of(*group, "memberUid").size();
    evidence.by_uid = true;
  }
  return evidence;
}

// Over 60 lines: the stage's one story (read, decide on memberOf, filter, count, describe) reads best whole.
bool ProbeRun::check_required_groups() {
  StageResult stage{"ldap.required-groups", "Required groups", Status::pass, "", {}, ""};
  choose_user_search();
  std::string membership_attribute;
  auto& groups = report_.required_groups;
  for (const auto& dn : options_.required_groups) groups.push_back(read_required_group(dn, membership_attribute));
  const bool in_chain = server_is_active_directory();
  const MemberOfState member_of = in_chain ? MemberOfState::maintained : member_of_state(groups);
  if (member_of == MemberOfState::missing) {
    stage.status = Status::fail;
    stage.message = "the server does not maintain memberOf: the groups' members carry no memberOf, so a memberOf filter would match nobody";
    stage.remedy = member_of_remedy(report_.server->vendor.keycloak_vendor, report_.server->vendor.product, membership_attribute);
  } else {
    const std::string filter = member_of_filter(options_.required_groups, in_chain);
    for (auto& group : groups) {
      bool complete = true;
      const std::string one = member_of_filter({group.dn}, in_chain);
      if (group.exists) group.users = count_matching(effective_user_filter(report_.users.object_classes, and_filters(user_filter_, one)), scope_, &complete);
    }
    user_filter_ = and_filters(user_filter_, filter);
    std::string names;
    for (const auto& dn : options_.required_groups) names += (names.empty() ? "" : ", ") + dn;
    const std::string before = report_.users.custom_filter_reason;
    report_.users.custom_filter_reason = "required_groups: members of " + names + (before.empty() ? "" : "; and the user filter: " + before);
    report_.users.custom_filter = user_filter_;
    stage.message = "only members of " + plural(groups.size(), "group") + " are federated: " + filter;
  }
  std::size_t usable = 0;
  for (const auto& group : groups) {
    if (!group.exists) {
      stage.status = Status::fail;
      stage.details.push_back(group.dn + ": does not exist (or the bind account cannot read it)");
      continue;
    }
    std::string line = group.dn + ": " + plural(group.members, "member");
    if (group.users) line += ", " + plural(*group.users, "user") + " under " + report_.users.dn + " match";
    if (group.users && *group.users > 0) ++usable;
    stage.details.push_back(line);
    if (group.outside_users_dn > 0) {
      stage.details.push_back("  outside the users DN (never federated): " + std::to_string(group.outside_users_dn) + ", e.g. " +
                              examples(group.outside_examples));
    }
    if (group.nested_groups > 0) {
      stage.details.push_back("  nested: " + plural(group.nested_groups, "member group") + ", e.g. " + examples(group.nested_examples) +
                              nesting_note(in_chain, report_.server->vendor.keycloak_vendor));
    }
    if (group.by_uid) {
      stage.details.push_back("  its members are memberUid values (a posixGroup): no server keeps memberOf for them; "
                              "require a groupOfNames or groupOfUniqueNames group instead");
    }
    if (group.members > kMembersRead) stage.details.push_back("  evidence from the first " + std::to_string(kMembersRead) + " members");
  }
  if (stage.status != Status::fail && usable < groups.size()) {
    stage.status = Status::fail;
    stage.message = "a required group matches no user under " + report_.users.dn;
  }
  if (stage.status == Status::fail && stage.remedy.empty()) {
    stage.remedy = "check required_groups: each must be the DN of an existing group with members under users_dn " + report_.users.dn;
  }
  const bool passed = stage.status != Status::fail;
  finish(std::move(stage));
  return passed;
}

}  // namespace kcldap::ldap::detail
