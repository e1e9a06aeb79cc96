// Vendor detection from the root DSE: which product answers (Active Directory, Samba AD, 389-DS/RHDS,
// FreeIPA, OpenLDAP, ...) and which Keycloak `vendor` value fits it, with the evidence for the verdict.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "ldap/entry.hpp"

namespace kcldap::ldap {

struct VendorGuess {
  std::string keycloak_vendor = "other";  // ad | rhds | tivoli | edirectory | other
  std::string product = "unknown LDAP server";
  std::string version;                    // as the server states it, may be empty
  bool active_directory = false;          // AD or Samba AD or AD LDS: AD semantics apply
  std::vector<std::string> evidence;      // root DSE facts that led to the verdict
};

VendorGuess detect_vendor(const Entry& root_dse);

// OIDs of the root DSE worth naming in reports.
inline constexpr const char* kPagedResultsOid = "1.2.840.113556.1.4.319";
inline constexpr const char* kPasswordModifyOid = "1.3.6.1.4.1.4203.1.11.1";
inline constexpr const char* kStartTlsOid = "1.3.6.1.4.1.1466.20037";
inline constexpr const char* kMatchingRuleInChainOid = "1.2.840.113556.1.4.1941";
// On Active Directory, computers are objectClass user too and system accounts (Administrator, Guest,
// krbtgt) sit among users: this filter, kcldap's user_filter default there, leaves both out.
inline constexpr const char* kAdUserFilter = "(&(!(objectClass=computer))(!(isCriticalSystemObject=TRUE)))";
// AD's bit test (LDAP_MATCHING_RULE_BIT_AND) on userAccountControl's ACCOUNTDISABLE flag.
inline constexpr const char* kAdDisabledFilter = "(userAccountControl:1.2.840.113556.1.4.803:=2)";

bool has_value(const Entry& entry, std::string_view attribute, std::string_view value);

// Whether an AD userAccountControl value has ACCOUNTDISABLE (0x2) set; nullopt when it is not a number
// (not ours to judge).
std::optional<bool> ad_account_disabled(std::string_view user_account_control);

}  // namespace kcldap::ldap
