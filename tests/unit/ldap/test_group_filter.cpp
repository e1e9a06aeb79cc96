// [ldap] required_groups: the memberOf filter for each server, and the per-group evidence the probe shows.
#include <catch2/catch.hpp>

#include "ldap/filter.hpp"
#include "ldap/group_filter.hpp"

using namespace kcldap::ldap;

TEST_CASE("one required group: memberOf equality, or the in-chain rule on Active Directory", "[group-filter]") {
  CHECK(member_of_filter({"cn=staff,ou=groups,dc=example,dc=org"}, false) == "(memberOf=cn=staff,ou=groups,dc=example,dc=org)");
  CHECK(member_of_filter({"CN=engineering,OU=Groups,DC=kcldap,DC=test"}, true) ==
        "(memberOf:1.2.840.113556.1.4.1941:=CN=engineering,OU=Groups,DC=kcldap,DC=test)");
  CHECK(member_of_filter({}, true).empty());
}

TEST_CASE("several required groups: any of them", "[group-filter]") {
  const auto filter = member_of_filter({"cn=a,dc=x", "cn=b,dc=x"}, false);
  CHECK(filter == "(|(memberOf=cn=a,dc=x)(memberOf=cn=b,dc=x))");
  CHECK_FALSE(check_filter_syntax(filter));
}

TEST_CASE("a group DN with filter specials is escaped per RFC 4515", "[group-filter]") {
  const auto filter = member_of_filter({"cn=R&D (lab)*,ou=groups,dc=x", "cn=back\\,slash,dc=x"}, false);
  CHECK(filter == "(|(memberOf=cn=R&D \\28lab\\29\\2a,ou=groups,dc=x)(memberOf=cn=back\\5c,slash,dc=x))");
  CHECK_FALSE(check_filter_syntax(filter));
}

TEST_CASE("the group filter is ANDed with the user filter kcldap already builds", "[group-filter]") {
  const std::string ad = "(&(!(objectClass=computer))(!(isCriticalSystemObject=TRUE)))";
  const std::string group = "(memberOf:1.2.840.113556.1.4.1941:=CN=g,DC=x)";
  CHECK(and_filters(ad, group) == "(&" + ad + group + ")");
  CHECK(and_filters("", group) == group);
  CHECK(and_filters(ad, "") == ad);
  CHECK_FALSE(check_filter_syntax(and_filters(ad, group)));
  // And Keycloak's object classes around it: what the probe counts with.
  CHECK(effective_user_filter({"inetOrgPerson"}, group) == "(&" + group + "(objectclass=inetOrgPerson))");
}

TEST_CASE("uniqueMember values lose their optional unique identifier", "[group-filter]") {
  CHECK(member_dn("uid=ada,ou=People,dc=x#'0101'B") == "uid=ada,ou=People,dc=x");
  CHECK(member_dn("uid=ada,ou=People,dc=x") == "uid=ada,ou=People,dc=x");
  CHECK(member_dn("cn=a\\#b,dc=x") == "cn=a\\#b,dc=x");
}

namespace {
GroupMember member(const std::string& dn, bool is_group, bool lists_group, bool read = true) {
  GroupMember m;
  m.dn = dn;
  m.read = read;
  m.is_group = is_group;
  m.lists_group = lists_group;
  return m;
}
}  // namespace

TEST_CASE("per-group evidence: members outside the users DN, nested groups, memberOf on members", "[group-filter]") {
  const std::vector<std::string> values = {"uid=a,ou=people,dc=x", "uid=b,ou=contractors,ou=people,dc=x", "cn=svc,ou=services,dc=x",
                                           "cn=sub,ou=groups,dc=x", "uid=gone,ou=people,dc=x"};
  const std::vector<GroupMember> read = {member(values[0], false, true), member(values[1], false, true), member(values[2], false, false),
                                         member(values[3], true, true), member(values[4], false, false, false)};
  const auto group = assess_required_group("cn=g,ou=groups,dc=x", values, read, "ou=People,dc=x");
  CHECK(group.exists);
  CHECK(group.members == 5);
  CHECK(group.members_read == 4);
  CHECK(group.outside_users_dn == 1);  // only the service account: the contractor is below ou=people
  CHECK(group.outside_examples == std::vector<std::string>{"cn=svc,ou=services,dc=x"});
  CHECK(group.nested_groups == 1);
  CHECK(group.nested_examples == std::vector<std::string>{"cn=sub,ou=groups,dc=x"});
  CHECK(group.listing_member_of == 2);  // the nested group's own memberOf is not a user's
  CHECK(member_of_state({group}) == MemberOfState::maintained);
}

TEST_CASE("examples stop at three, counts do not", "[group-filter]") {
  std::vector<std::string> values;
  std::vector<GroupMember> read;
  for (int i = 0; i < 5; ++i) {
    values.push_back("uid=u" + std::to_string(i) + ",ou=elsewhere,dc=x");
    read.push_back(member(values.back(), false, false));
  }
  const auto group = assess_required_group("cn=g,dc=x", values, read, "ou=people,dc=x");
  CHECK(group.outside_users_dn == 5);
  CHECK(group.outside_examples.size() == 3);
}

TEST_CASE("memberOf is missing when user members were read and none lists its group", "[group-filter]") {
  const std::vector<std::string> values = {"uid=a,ou=people,dc=x", "cn=sub,dc=x"};
  const auto group = assess_required_group("cn=g,dc=x", values, {member(values[0], false, false), member(values[1], true, false)}, "ou=people,dc=x");
  CHECK(member_of_state({group}) == MemberOfState::missing);
  // Only a nested group read, or nothing readable: no evidence either way.
  const auto only_groups = assess_required_group("cn=g,dc=x", {values[1]}, {member(values[1], true, false)}, "ou=people,dc=x");
  CHECK(member_of_state({only_groups}) == MemberOfState::unknown);
  CHECK(member_of_state({}) == MemberOfState::unknown);
  // One group with evidence is enough: the server maintains it.
  const auto listed = assess_required_group("cn=h,dc=x", {values[0]}, {member(values[0], false, true)}, "ou=people,dc=x");
  CHECK(member_of_state({group, listed}) == MemberOfState::maintained);
}

TEST_CASE("what to enable names the overlay on OpenLDAP and the plugin on 389-DS", "[group-filter]") {
  const auto openldap = member_of_remedy("other", "OpenLDAP", "member");
  CHECK(openldap.find("memberof overlay") != std::string::npos);
  CHECK(openldap.find("memberof-member-ad member") != std::string::npos);
  CHECK(openldap.find("389-DS") == std::string::npos);
  const auto ds = member_of_remedy("rhds", "389 Directory Server", "uniqueMember");
  CHECK(ds.find("dsconf INSTANCE plugin memberof enable") != std::string::npos);
  CHECK(ds.find("--groupattr uniqueMember") != std::string::npos);
  CHECK(ds.find("fixup") != std::string::npos);
  const auto unknown = member_of_remedy("other", "unknown LDAP server", "");
  CHECK(unknown.find("memberof overlay") != std::string::npos);
  CHECK(unknown.find("MemberOf plugin") != std::string::npos);
  CHECK(ds.find("MemberOf plugin") != std::string::npos);
}
