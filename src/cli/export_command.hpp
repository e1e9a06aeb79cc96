// `kcldap export`: the federation kcldap would apply (the same probe and plan as `kcldap plan`), written
// for another tool: a realm-import fragment, Terraform resources or an Ansible task list. Reads only;
// secrets are variables in the output, never values. The file write (--output) is atomic and refuses an
// existing file without --force; without --output the text goes to stdout.
//   0 written, 1 a stage failed (probe, Keycloak, the write), 2 usage/config (an existing file without --force)
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "src/cli/options.hpp"

namespace kcldap::cli {

struct ExportOptions {
  TargetOptions target;
  std::string output;  // "" : stdout
  bool force = false;
};

void register_export(CLI::App& app, ExportOptions& options);
int run_export_command(const ExportOptions& options);

}  // namespace kcldap::cli
