// `kcldap check` (preflight: no write anywhere) and `kcldap verify` (the post-checks alone, against the
// federation Keycloak holds now). Both print live progress, then text, JSON (kcldap.check/v1) or JUnit.
//   exit codes: 0 every check passed (warnings allowed), 1 a check failed (or warned, with --strict),
//               2 usage or config error
#pragma once
#include <CLI/CLI.hpp>

#include "src/cli/options.hpp"

namespace kcldap::cli {

struct CheckOptions {
  TargetOptions target;
  ReportFlags report;
};

struct VerifyOptions {
  TargetOptions target;
  ReportFlags report;
};

void register_check(CLI::App& app, CheckOptions& options);
void register_verify(CLI::App& app, VerifyOptions& options);
int run_check_command(const CheckOptions& options);
int run_verify_command(const VerifyOptions& options);

}  // namespace kcldap::cli
