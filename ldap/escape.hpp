// Escaping of values that come from users or directories before they go into LDAP filters (RFC 4515)
// or distinguished names (RFC 4514).
#pragma once
#include <string>
#include <string_view>

namespace kcldap::ldap {

// Escapes a value for use inside a filter assertion, e.g. (uid=<value>): *, (, ), \ and NUL become \2a,
// \28, \29, \5c and \00. Bytes outside printable ASCII are escaped too, so binary values survive.
std::string escape_filter_value(std::string_view value);

// Escapes an attribute value for use inside an RDN, e.g. uid=<value>,ou=people: the RFC 4514 specials
// (",+\"\\<>;=" and a leading '#' or space, a trailing space) are backslash-escaped; NUL becomes \00.
std::string escape_dn_value(std::string_view value);

}  // namespace kcldap::ldap
