// Distinguished names (RFC 4514): parsing with positioned errors, and the few operations the probe needs
// (parent, first RDN attribute, case-insensitive comparison, "is below").
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kcldap::ldap {

struct RdnPart {
  std::string attribute;  // as written, e.g. "uid" or "OU"
  std::string value;      // unescaped
};

struct Rdn {
  std::vector<RdnPart> parts;  // more than one for multi-valued RDNs (cn=a+sn=b)
};

struct DnParseError {
  std::size_t position;  // 0-based offset into the input
  std::string message;
};

struct ParsedDn {
  std::vector<Rdn> rdns;  // leftmost (most specific) first
};

// Parses a DN. The empty string is the root DN (no RDNs). On error, says where and what was expected.
std::optional<ParsedDn> parse_dn(std::string_view text, DnParseError* error = nullptr);

// What is wrong with a bind identity, or nullopt when it is usable: a DN, or on Active Directory a
// logon name, user@domain (userPrincipalName) or DOMAIN\user, which AD accepts for simple binds.
std::optional<std::string> bind_identity_problem(std::string_view text);

// A canonical form for comparisons: attribute types lowercased, values lowercased and re-escaped,
// no spaces around separators. Returns the input lowercased when it does not parse.
std::string normalize_dn(std::string_view dn);

// The DN of the parent entry ("" for a top-level entry or an unparsable DN).
std::string parent_dn(std::string_view dn);

// The attribute type of the first RDN, lowercased ("uid" for uid=jdoe,ou=people,...), or "".
std::string first_rdn_attribute(std::string_view dn);

// True when `dn` equals `ancestor` or lies below it (case-insensitive, as DNs compare in practice).
bool dn_is_within(std::string_view dn, std::string_view ancestor);

}  // namespace kcldap::ldap
