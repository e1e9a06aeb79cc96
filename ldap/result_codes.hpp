// LDAP result codes and Active Directory bind sub-codes turned into words and a next step, so that a
// failed operation tells the admin what happened and what to try.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace kcldap::ldap {

struct Explanation {
  std::string cause;   // what went wrong, in words
  std::string remedy;  // what to try
};

// The AD "data XXX" sub-code of a bind failure, e.g. "52e" from
// "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563".
std::optional<std::string> ad_bind_subcode(std::string_view diagnostic_message);

// Explains an AD sub-code (525, 52e, 530, 531, 532, 533, 534, 568, 701, 773, 775).
std::optional<Explanation> explain_ad_subcode(std::string_view subcode);

// The symbolic name of a result code (e.g. 49 -> "invalidCredentials"); libldap's text for client-side codes.
std::string result_code_name(int code);

// Explains the failure of `operation` ("bind", "search", "StartTLS", "connect") with result code `code`
// and the server's diagnostic message. AD sub-codes take precedence for binds.
Explanation explain_failure(std::string_view operation, int code, std::string_view diagnostic_message);

}  // namespace kcldap::ldap
