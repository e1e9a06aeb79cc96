// kcldap doctor's edge: measures the facts its rules (checks/doctor_rules) judge. The directory is read
// with the settings of the provider Keycloak holds (URL, StartTLS, bind DN, users DN, object classes,
// filter, scope, the mappers' DNs) and only the bind password, CA file and TLS verification of
// kcldap.toml; Keycloak's view comes from its own connection and authentication tests of the stored
// provider and from looking sample users up through it. Reads only: no write to the directory or to
// Keycloak (beyond what Keycloak itself does when a lookup finds a user it imports).
#pragma once
#include <string>
#include <vector>

#include "checks/doctor_rules.hpp"
#include "keycloak/admin_client.hpp"
#include "ldap/user_listing.hpp"

namespace kcldap::checks {

// What kcldap.toml adds to the stored provider to reach the directory itself.
struct DirectoryAccess {
  std::string bind_password;  // revealed; never reported
  std::string ca_file;        // "" : the system trust store
  bool tls_verify = true;
  int sample_users = 3;       // users looked up through Keycloak
};

struct DirectoryReading {
  DoctorEvidence evidence;               // the directory facts filled in, Keycloak's view not yet
  std::vector<ldap::ListedUser> sample;  // the first users listed, with the attributes the mappers read
};

// Reads the directory the stored provider points to. Never fails: a directory it cannot read is
// recorded (directory_reached false, directory_error) and the rules say so.
DirectoryReading read_directory(const keycloak::Component& provider, const std::vector<keycloak::Component>& mappers,
                                const DirectoryAccess& access);

// Runs Keycloak's testConnection and testAuthentication of the stored provider (its stored secret) and
// looks the sample users up through Keycloak, into `reading.evidence`.
void read_keycloak_view(keycloak::AdminClient& client, DirectoryReading& reading);

}  // namespace kcldap::checks
