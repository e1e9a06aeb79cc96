#include "ldap/result_codes.hpp"

#include <ldap.h>

#include <cctype>

#include "common/text.hpp"

namespace kcldap::ldap {
std::optional<std::string> ad_bind_subcode(std::string_view message) {
  const std::string lower = lowercase(message);
  const auto at = lower.find(", data ");
  if (at == std::string::npos) return std::nullopt;
  std::string code;
  for (std::size_t i = at + 7; i < lower.size() && std::isxdigit(static_cast<unsigned char>(lower[i])) != 0; ++i) {
    code.push_back(lower[i]);
  }
  if (code.empty()) return std::nullopt;
  return code;
}

std::optional<Explanation> explain_ad_subcode(std::string_view subcode) {
  const std::string code = lowercase(subcode);
  if (code == "525") return Explanation{"Active Directory: the bind account does not exist (sub-code 525)",
                                        "check bind_dn; AD also accepts user@domain (userPrincipalName) as the bind DN"};
  if (code == "52e") return Explanation{"Active Directory: the password is wrong for an existing account (sub-code 52e)",
                                        "check bind_password (and that the secret reference points to the current password)"};
  if (code == "530") return Explanation{"Active Directory: the account may not log on at this time (sub-code 530)",
                                        "ask the AD admin to lift the logon-hours restriction on the bind account"};
  if (code == "531") return Explanation{"Active Directory: the account may not log on from this workstation (sub-code 531)",
                                        "ask the AD admin to remove the 'Log On To' workstation restriction of the bind account"};
  if (code == "532") return Explanation{"Active Directory: the account's password has expired (sub-code 532)",
                                        "set a new password for the bind account, and mark it 'password never expires' for a service account"};
  if (code == "533") return Explanation{"Active Directory: the account is disabled (sub-code 533)",
                                        "ask the AD admin to enable the bind account"};
  if (code == "534") return Explanation{"Active Directory: the account has not been granted this logon type (sub-code 534)",
                                        "ask the AD admin to allow network logon for the bind account"};
  if (code == "568") return Explanation{"Active Directory: the account is in too many groups to build its token (sub-code 568)",
                                        "use a bind account that belongs to fewer groups"};
  if (code == "701") return Explanation{"Active Directory: the account has expired (sub-code 701)",
                                        "ask the AD admin to extend the account's expiry date"};
  if (code == "773") return Explanation{"Active Directory: the account must change its password at next logon (sub-code 773)",
                                        "log on once with the account and change its password, or clear 'must change password'"};
  if (code == "775") return Explanation{"Active Directory: the account is locked out (sub-code 775)",
                                        "wait for the lockout to expire or ask the AD admin to unlock it; fix whatever keeps using an old password"};
  return std::nullopt;
}

std::string result_code_name(int code) {
  switch (code) {
    case LDAP_SUCCESS: return "success";
    case LDAP_OPERATIONS_ERROR: return "operationsError";
    case LDAP_PROTOCOL_ERROR: return "protocolError";
    case LDAP_TIMELIMIT_EXCEEDED: return "timeLimitExceeded";
    case LDAP_SIZELIMIT_EXCEEDED: return "sizeLimitExceeded";
    case LDAP_AUTH_METHOD_NOT_SUPPORTED: return "authMethodNotSupported";
    case LDAP_STRONG_AUTH_REQUIRED: return "strongerAuthRequired";
    case LDAP_REFERRAL: return "referral";
    case LDAP_ADMINLIMIT_EXCEEDED: return "adminLimitExceeded";
    case LDAP_UNAVAILABLE_CRITICAL_EXTENSION: return "unavailableCriticalExtension";
    case LDAP_CONFIDENTIALITY_REQUIRED: return "confidentialityRequired";
    case LDAP_NO_SUCH_ATTRIBUTE: return "noSuchAttribute";
    case LDAP_NO_SUCH_OBJECT: return "noSuchObject";
    case LDAP_INVALID_DN_SYNTAX: return "invalidDNSyntax";
    case LDAP_INAPPROPRIATE_AUTH: return "inappropriateAuthentication";
    case LDAP_INVALID_CREDENTIALS: return "invalidCredentials";
    case LDAP_INSUFFICIENT_ACCESS: return "insufficientAccessRights";
    case LDAP_BUSY: return "busy";
    case LDAP_UNAVAILABLE: return "unavailable";
    case LDAP_UNWILLING_TO_PERFORM: return "unwillingToPerform";
    default: break;
  }
  const char* text = ldap_err2string(code);
  return text != nullptr ? std::string(text) : "code " + std::to_string(code);
}

Explanation explain_failure(std::string_view operation, int code, std::string_view message) {
  const std::string op(operation);
  if (op == "bind") {
    if (auto subcode = ad_bind_subcode(message)) {
      if (auto explained = explain_ad_subcode(*subcode)) return *explained;
    }
  }
  switch (code) {
    case LDAP_INVALID_CREDENTIALS:
      return {"the server rejected the bind DN or password (invalidCredentials)",
              "check bind_dn and bind_password; many servers answer this also when the DN does not exist"};
    case LDAP_INAPPROPRIATE_AUTH:
      return {"the server refuses this kind of bind (inappropriateAuthentication), usually an anonymous bind or an empty password",
              "set bind_dn and bind_password to a read-only service account"};
    case LDAP_UNWILLING_TO_PERFORM:
      if (contains_nocase(message, "inactivated") || contains_nocase(message, "locked")) {
        return {"the server says the account is locked or inactivated (unwillingToPerform)",
                "unlock or activate the bind account (389-DS: nsAccountLock, or the password policy lockout)"};
      }
      if (contains_nocase(message, "unauthenticated")) {
        return {"a bind DN was given with an empty password, which the server refuses as an unauthenticated bind",
                "set bind_password (or remove bind_dn for an anonymous bind)"};
      }
      return {"the server is unwilling to perform the " + op + " (unwillingToPerform)", "read the server's message above"};
    case LDAP_CONFIDENTIALITY_REQUIRED:
    case LDAP_STRONG_AUTH_REQUIRED:
      return {"the server requires an encrypted connection for this " + op,
              "use ldaps:// or set start_tls = true (Active Directory and Samba refuse simple binds over plain LDAP)"};
    case LDAP_INSUFFICIENT_ACCESS:
      return {"the bind identity may not do this " + op + " (insufficientAccessRights)",
              "grant the bind account read access to the users (and groups), or bind with another account"};
    case LDAP_NO_SUCH_OBJECT:
      return {"the entry does not exist (noSuchObject)", "check the DN for typos; the probe lists the naming contexts it found"};
    case LDAP_INVALID_DN_SYNTAX:
      return {"the server says the DN is not valid (invalidDNSyntax)", "write the DN as attr=value pairs separated by commas"};
    case LDAP_SIZELIMIT_EXCEEDED:
      return {"the server stopped the search at its size limit (sizeLimitExceeded)",
              "enable paged results on the server or raise the bind account's size limit"};
    case LDAP_TIMELIMIT_EXCEEDED:
    case LDAP_TIMEOUT:
      return {"the " + op + " took longer than allowed", "raise read_timeout_ms, or narrow users_dn / user_filter"};
    case LDAP_ADMINLIMIT_EXCEEDED:
      return {"the server stopped the search at an administrative limit (adminLimitExceeded)",
              "on 389-DS raise nsPagedLookThroughLimit (or nsLookThroughLimit) on the bind account; on others raise the look-through limit"};
    case LDAP_SERVER_DOWN:
      return {"the server could not be reached or closed the connection", "check the host, port, and that the scheme (ldap:// or ldaps://) matches the port"};
    case LDAP_CONNECT_ERROR:
      return {"the connection failed during " + op, "check TLS settings: ca_file, the certificate's names, and start_tls"};
    case LDAP_BUSY:
    case LDAP_UNAVAILABLE:
      return {"the server is busy or unavailable", "retry later, or list a second server in url"};
    default:
      break;
  }
  return {"the " + op + " failed: " + result_code_name(code), "read the server's message above"};
}

}  // namespace kcldap::ldap
