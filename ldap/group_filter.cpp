#include "ldap/group_filter.hpp"

#include "ldap/dn.hpp"
#include "ldap/escape.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::ldap {

std::string member_of_filter(const std::vector<std::string>& group_dns, bool in_chain) {
  const std::string attribute = in_chain ? std::string("memberOf:") + kMatchingRuleInChainOid + ":=" : "memberOf=";
  std::string items;
  for (const auto& dn : group_dns) items += "(" + attribute + escape_filter_value(dn) + ")";
  if (group_dns.size() > 1) return "(|" + items + ")";
  return items;
}

std::string and_filters(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  return "(&" + std::string(a) + std::string(b) + ")";
}

std::string member_dn(std::string_view value) {
  // RFC 4517 NameAndOptionalUID: the DN, then '#' and a bit string. A '#' inside the DN is escaped ("\#").
  const auto hash = value.rfind('#');
  if (hash != std::string_view::npos && hash > 0 && value[hash - 1] != '\\' && value.size() > hash + 1 && value[hash + 1] == '\'') {
    return std::string(value.substr(0, hash));
  }
  return std::string(value);
}

namespace {

void note(std::size_t& count, std::vector<std::string>& examples, const std::string& dn) {
  ++count;
  if (examples.size() < 3) examples.push_back(dn);
}

}  // namespace

RequiredGroup assess_required_group(const std::string& dn, const std::vector<std::string>& members,
                                    const std::vector<GroupMember>& read, const std::string& users_dn) {
  RequiredGroup group;
  group.dn = dn;
  group.exists = true;
  group.members = members.size();
  for (const auto& member : read) {
    if (member.read) ++group.members_read;
    if (member.is_group) {
      note(group.nested_groups, group.nested_examples, member.dn);
      continue;
    }
    if (!dn_is_within(member.dn, users_dn)) note(group.outside_users_dn, group.outside_examples, member.dn);
    if (member.lists_group) ++group.listing_member_of;
  }
  return group;
}

MemberOfState member_of_state(const std::vector<RequiredGroup>& groups) {
  std::size_t user_members_read = 0;
  for (const auto& group : groups) {
    if (group.listing_member_of > 0) return MemberOfState::maintained;
    user_members_read += group.members_read - std::min(group.members_read, group.nested_groups);
  }
  return user_members_read > 0 ? MemberOfState::missing : MemberOfState::unknown;
}

std::string member_of_remedy(std::string_view keycloak_vendor, std::string_view server_vendor_name,
                             std::string_view membership_attribute) {
  const std::string attribute = membership_attribute.empty() ? "member" : std::string(membership_attribute);
  const std::string openldap = "OpenLDAP: load the memberof overlay on the database (olcOverlay=memberof, or \"overlay memberof\" in "
                               "slapd.conf) with memberof-member-ad " + attribute +
                               "; it fills memberOf only on changes made after it is loaded, so re-add the groups' members";
  const std::string ds389 = "389-DS: enable the MemberOf plugin: dsconf INSTANCE plugin memberof enable; dsconf INSTANCE plugin memberof set --groupattr " + attribute +
                            "; restart the server, then dsconf INSTANCE plugin memberof fixup " + "BASE_DN to fill memberOf on existing users";
  if (keycloak_vendor == "rhds") return ds389;
  if (server_vendor_name.find("OpenLDAP") != std::string_view::npos) return openldap;
  return openldap + ". " + ds389;
}

}  // namespace kcldap::ldap
