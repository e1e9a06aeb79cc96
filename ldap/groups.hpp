// Group discovery: where groups live, their object classes, the membership attribute they use (member,
// uniqueMember, memberUid) and whether groups nest, from a bounded, streamed sample.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ldap/entry.hpp"

namespace kcldap::ldap {

// (|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup)(objectClass=group))
std::string group_filter();
std::vector<std::string> group_attributes();

struct GroupSummary {
  std::size_t sampled = 0;
  std::vector<std::pair<std::string, std::size_t>> containers;      // parent DNs, most groups first
  std::vector<std::pair<std::string, std::size_t>> object_classes;   // group classes, most common first
  std::vector<std::pair<std::string, std::size_t>> membership_attributes;  // member/uniqueMember/memberUid
  std::vector<std::string> nested_examples;  // "cn=staff,... contains cn=engineering,..."
  std::vector<std::string> example_names;

  std::string recommended_dn() const { return containers.empty() ? "" : containers.front().first; }
  std::string recommended_object_class() const { return object_classes.empty() ? "" : object_classes.front().first; }
  std::string recommended_membership_attribute() const {
    return membership_attributes.empty() ? "" : membership_attributes.front().first;
  }
  // DN for member/uniqueMember, UID for memberUid (Keycloak's membership.attribute.type).
  std::string membership_type() const { return recommended_membership_attribute() == "memberUid" ? "UID" : "DN"; }
};

class GroupSampler {
 public:
  void add(const Entry& entry);
  GroupSummary summary() const;

 private:
  static constexpr std::size_t kMaxRememberedMembers = 20000;
  std::size_t sampled_ = 0;
  std::map<std::string, std::pair<std::string, std::size_t>> containers_;
  std::map<std::string, std::size_t> classes_;
  std::map<std::string, std::size_t> membership_;
  std::set<std::string> group_dns_;                        // normalized
  std::vector<std::pair<std::string, std::string>> member_links_;  // (group, member DN), bounded
  std::vector<std::string> names_;
};

}  // namespace kcldap::ldap
