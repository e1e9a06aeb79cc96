// kcldap doctor's rules: what is wrong with an LDAP provider Keycloak holds (made by hand, not by kcldap),
// judged against facts measured in the directory it points to and against Keycloak's own view of it.
// Pure: the input is one plain value (DoctorEvidence: the provider and its mappers as stored, the counts
// taken in the directory, the answers of Keycloak's tests), the output a list of findings, each with a
// stable id, a severity, the evidence in numbers, and the fix both as a kcldap.toml change and as the
// admin console field. Gathering the evidence is checks/doctor_evidence (the edge).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "keycloak/component.hpp"

namespace kcldap::checks {

enum class Severity { fail, warn, info };
std::string to_string(Severity severity);

struct DoctorFinding {
  std::string id;        // stable, e.g. "doctor.username-attribute-missing"
  Severity severity = Severity::warn;
  std::string title;     // what is wrong, in a few words
  std::string evidence;  // what was measured, with the numbers ("312 of 400 users lack mail")
  std::string fix_toml;  // the kcldap.toml change ("[ldap] email_attribute = \"mail\"")
  std::string fix_console;  // the admin console field ("User federation > ldap > Mappers > email > LDAP attribute")
  std::vector<std::string> details;  // examples (DNs, names), at most a few
};

// One LDAP attribute over the users the provider's search finds.
struct AttributeStats {
  std::size_t present = 0;     // users carrying it
  std::size_t duplicated = 0;  // users whose value another user also has (case-insensitively)
  std::string duplicate_example;  // one such value
};

// A group or role mapper's search, run as Keycloak would run it.
struct GroupMapperFacts {
  std::string name;           // the mapper's name
  std::string kind;           // "group" or "role"
  std::string dn;             // groups.dn / roles.dn
  std::string object_classes;
  std::string membership_attribute;
  bool dn_exists = true;
  std::size_t groups = 0;              // entries of those classes below the DN
  std::size_t groups_with_members = 0; // of them, carrying the membership attribute
  std::size_t other_groups = 0;        // group entries below the DN with other classes (what the class misses)
  std::string other_membership;        // a membership attribute the other groups carry, e.g. "uniqueMember"
};

// The answer of Keycloak's testLDAPConnection for one action.
struct KeycloakTest {
  bool ran = false;
  bool passed = false;
  std::string cause;    // in words (checks/ldap_test_failure), when it failed
  std::string refused;  // Keycloak would not run it for this identity (403), in words; then ran is false
};

struct DoctorEvidence {
  keycloak::Component provider;
  std::vector<keycloak::Component> mappers;

  // The directory, read with the provider's own settings and the bind password of kcldap.toml.
  bool directory_reached = false;
  std::string directory_error;  // why not
  std::string server_product;   // detected from the root DSE ("Samba AD", "OpenLDAP", ...)
  std::string server_vendor;    // the Keycloak vendor value that fits it ("ad", "rhds", "other", ...)
  bool server_is_ad = false;
  std::vector<std::string> naming_contexts;
  bool users_dn_exists = true;
  std::string users_search_error;          // the user search failed part way ("" : it completed)
  std::size_t users = 0;                   // entries the provider's search finds (its filter, at its scope)
  std::optional<std::size_t> users_subtree;  // the same filter over the whole subtree (measured with scope one level)
  std::optional<std::size_t> unpaged_limit;  // an unpaged search stopped by the server's size limit after this many
  std::size_t references = 0;              // continuation references (referrals) the user search met
  std::size_t computers = 0;               // AD: computer accounts among the users found
  std::size_t system_accounts = 0;         // AD: critical system objects among them
  std::size_t disabled = 0;                // AD: users with ACCOUNTDISABLE set
  std::map<std::string, AttributeStats> attributes;  // lowercased attribute -> stats, for each attribute measured
  std::vector<std::string> username_examples;        // DNs of users that lack the username attribute
  std::vector<GroupMapperFacts> group_mappers;
  double slowest_ms = 0;  // the slowest single directory operation measured (connect, bind, user search)

  // Keycloak's view.
  KeycloakTest connection_test;
  KeycloakTest authentication_test;
  std::size_t lookups = 0;                  // sample users looked up through Keycloak
  std::vector<std::string> lookup_problems;  // each sample user Keycloak did not find (or not linked)

  const AttributeStats* stats(const std::string& attribute) const;
};

// Every finding id the rules can give (the README's table lists each one).
const std::vector<std::string>& doctor_finding_ids();

// Every finding, in a stable order (Keycloak's view, connection, search, attributes, mappers).
std::vector<DoctorFinding> doctor_findings(const DoctorEvidence& evidence);

// The rules by topic (doctor_rules_*.cpp); doctor_findings runs them all.
std::vector<DoctorFinding> keycloak_view_rules(const DoctorEvidence& evidence);
std::vector<DoctorFinding> connection_rules(const DoctorEvidence& evidence);
std::vector<DoctorFinding> search_rules(const DoctorEvidence& evidence);
std::vector<DoctorFinding> attribute_rules(const DoctorEvidence& evidence);
std::vector<DoctorFinding> mapper_rules(const DoctorEvidence& evidence);

// "User federation > <name> > <tab or section> > <field>"
std::string console_field(const DoctorEvidence& evidence, const std::string& section, const std::string& field);
// "312 of 400 users"
std::string of_users(std::size_t part, std::size_t whole);

// The attribute that holds a stable unique id on this server ("objectGUID" on AD, "nsUniqueId" on
// 389-DS/RHDS, "entryUUID" elsewhere).
std::string stable_id_attribute(const DoctorEvidence& evidence);

}  // namespace kcldap::checks
