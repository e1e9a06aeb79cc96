#include "ldap/groups.hpp"

#include <algorithm>

#include "ldap/dn.hpp"

namespace kcldap::ldap {
namespace {

const std::vector<std::string>& group_classes() {
  static const std::vector<std::string> classes = {"groupOfNames", "groupOfUniqueNames", "posixGroup", "group"};
  return classes;
}

template <class Map>
std::vector<std::pair<std::string, std::size_t>> by_count(const Map& counts) {
  std::vector<std::pair<std::string, std::size_t>> out(counts.begin(), counts.end());
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace

std::string group_filter() {
  std::string filter = "(|";
  for (const auto& object_class : group_classes()) filter += "(objectClass=" + object_class + ")";
  return filter + ")";
}

std::vector<std::string> group_attributes() { return {"objectClass", "cn", "member", "uniqueMember", "memberUid"}; }

void GroupSampler::add(const Entry& entry) {
  ++sampled_;
  const std::string parent = parent_dn(entry.dn);
  auto& container = containers_[normalize_dn(parent)];
  if (container.first.empty()) container.first = parent;
  ++container.second;
  group_dns_.insert(normalize_dn(entry.dn));
  if (const auto* classes = entry.values("objectClass")) {
    for (const auto& known : group_classes()) {
      if (std::any_of(classes->begin(), classes->end(), [&](const std::string& c) { return iequals(c, known); })) {
        ++classes_[known];
      }
    }
  }
  for (const char* attribute : {"member", "uniqueMember", "memberUid"}) {
    const auto* values = entry.values(attribute);
    if (values == nullptr || values->empty()) continue;
    ++membership_[attribute];
    if (std::string_view(attribute) == "memberUid") continue;
    for (const auto& member : *values) {
      if (member_links_.size() >= kMaxRememberedMembers) break;
      member_links_.emplace_back(entry.dn, member);
    }
  }
  if (names_.size() < 10) {
    const auto* cn = entry.values("cn");
    names_.push_back(cn != nullptr && !cn->empty() ? cn->front() : entry.dn);
  }
}

GroupSummary GroupSampler::summary() const {
  GroupSummary summary;
  summary.sampled = sampled_;
  for (const auto& [unused, slot] : containers_) summary.containers.push_back(slot);
  std::stable_sort(summary.containers.begin(), summary.containers.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  summary.object_classes = by_count(classes_);
  summary.membership_attributes = by_count(membership_);
  for (const auto& [group, member] : member_links_) {
    if (group_dns_.count(normalize_dn(member)) != 0 && summary.nested_examples.size() < 5) {
      summary.nested_examples.push_back(group + " contains " + member);
    }
  }
  summary.example_names = names_;
  return summary;
}

}  // namespace kcldap::ldap
