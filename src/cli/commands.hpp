// Every kcldap command's options, registered on one CLI11 app, and the dispatch to the command the
// command line chose. main() parses; the tests parse the same way.
#pragma once
#include <CLI/CLI.hpp>

#include "src/cli/bootstrap_command.hpp"
#include "src/cli/check_commands.hpp"
#include "src/cli/doctor_command.hpp"
#include "src/cli/export_command.hpp"
#include "src/cli/federation_commands.hpp"
#include "src/cli/import_command.hpp"
#include "src/cli/probe_command.hpp"
#include "src/cli/setup_command.hpp"

namespace kcldap::cli {

struct Commands {
  ProbeOptions probe;
  PlanOptions plan;
  ApplyOptions apply;
  ApplyOptions resume;
  RestoreOptions restore;
  CheckOptions check;
  VerifyOptions verify;
  SetupOptions setup;
  BootstrapOptions bootstrap;
  DoctorOptions doctor;
  ExportOptions export_;
  ImportOptions import_federation;
};

// Adds every subcommand, in the order --help lists them, bound to `commands`.
void register_commands(CLI::App& app, Commands& commands);
// Runs the subcommand `app` parsed; its exit code (2 when none was chosen).
int run_chosen_command(const CLI::App& app, const Commands& commands);

}  // namespace kcldap::cli
