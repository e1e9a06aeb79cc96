// Federating only members of some groups ([ldap] required_groups): the memberOf filter kcldap adds to
// Keycloak's customUserSearchFilter, and the per-group evidence the probe shows (does the group exist,
// which members sit outside the users DN, does membership nest, does the server maintain memberOf).
// Pure: the probe reads the directory (probe_required_groups.cpp) and hands the entries here.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kcldap::ldap {

// (memberOf=DN) for one group, (|(memberOf=DN1)(memberOf=DN2)) for several; with `in_chain` (Active
// Directory) the matching rule 1.2.840.113556.1.4.1941 so that members of nested groups count too.
// Each DN is escaped per RFC 4515. "" when `group_dns` is empty.
std::string member_of_filter(const std::vector<std::string>& group_dns, bool in_chain);

// Both filters must match: "(&a b)"; either alone when the other is "".
std::string and_filters(std::string_view a, std::string_view b);

// One member of a required group, as read from the directory.
struct GroupMember {
  std::string dn;
  bool read = false;         // the entry could be read (else: dangling, or not readable by the bind account)
  bool is_group = false;     // its object classes are a group's: membership nests
  bool lists_group = false;  // its memberOf names the required group (the server maintains memberOf)
};

// What the probe found for one required group.
struct RequiredGroup {
  std::string dn;
  bool exists = false;
  std::size_t members = 0;           // member values on the group (all of them, not only those read)
  std::size_t members_read = 0;      // members whose entries were read for the evidence below
  std::optional<std::size_t> users;  // users under the users DN the group's filter finds
  std::size_t outside_users_dn = 0;  // members (not groups) whose DN is not under the users DN
  std::vector<std::string> outside_examples;
  std::size_t nested_groups = 0;     // members that are groups
  std::vector<std::string> nested_examples;
  std::size_t listing_member_of = 0;  // user members whose memberOf names the group
  bool by_uid = false;                // members named by memberUid (posixGroup): memberOf never follows them
};

// The evidence for group `dn` from its member values (`members`, all of them) and the entries read for a
// sample of them (`read`); at most three examples of each kind.
RequiredGroup assess_required_group(const std::string& dn, const std::vector<std::string>& members,
                                    const std::vector<GroupMember>& read, const std::string& users_dn);

// Whether the server maintains memberOf on users, from the groups' evidence: yes when some user member
// lists its group, no when user members were read and none does, unknown when there was nothing to read.
enum class MemberOfState { maintained, missing, unknown };
MemberOfState member_of_state(const std::vector<RequiredGroup>& groups);

// What to enable so that the server maintains memberOf: names the memberof overlay (OpenLDAP), the
// MemberOf plugin (389-DS / RHDS), or both when the vendor is not known. `membership_attribute` is
// the group's member attribute (member, uniqueMember) the overlay or plugin must follow.
std::string member_of_remedy(std::string_view keycloak_vendor, std::string_view server_vendor_name,
                             std::string_view membership_attribute);

// A member value of uniqueMember may carry an optional "#'0101'B" unique identifier after the DN.
std::string member_dn(std::string_view value);

}  // namespace kcldap::ldap
