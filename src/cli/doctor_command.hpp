// `kcldap doctor`: reviews the LDAP provider Keycloak holds (made by hand or by another tool, not
// kcldap's model) against the directory it points to and against Keycloak's own view of it, and names
// each mistake with its evidence and fix. Writes nothing, neither to Keycloak nor to the directory.
//   exit codes: 0 no finding failed (warnings and notes allowed), 1 a finding failed (or Keycloak could
//               not be read), 2 usage or config error (a provider name that matches none, no bind password)
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "src/cli/options.hpp"

namespace kcldap::cli {

struct DoctorOptions {
  TargetOptions target;
  std::string provider;  // --provider NAME; "" : the realm's only LDAP provider
  std::string junit_file;
};

void register_doctor(CLI::App& app, DoctorOptions& options);
int run_doctor_command(const DoctorOptions& options);

}  // namespace kcldap::cli
