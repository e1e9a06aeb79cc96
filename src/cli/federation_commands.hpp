// `kcldap plan`, `kcldap apply` and `kcldap restore`: their option structs and flags.
//   plan:    0 ok (with --detailed-exitcode: 0 no changes, 3 changes pending), 1 error, 2 usage/config
//   apply:   0 applied, post-checked and restarted (or nothing to do), 1 a stage failed (the output says
//            what was done and undone), 2 usage/config, 130 / 143 stopped by SIGINT / SIGTERM (after the report)
//   resume:  as apply; 0 also when nothing was unfinished
//   restore: 0 restored, 1 failed, 2 usage
#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "src/cli/options.hpp"

namespace kcldap::cli {

struct PlanOptions {
  TargetOptions target;
  bool detailed_exitcode = false;
  bool rotate_bind_credential = false;
};

struct ApplyOptions {
  TargetOptions target;
  bool yes = false;
  bool rotate_bind_credential = false;
  std::string backup_dir;  // default: [federation] backup_dir
  bool keep_on_failure = false;
  bool force_restart = false;
  bool no_restart = false;
  bool dry_run = false;
  std::string junit_file;
  bool verbose = false;
  bool resume = false;  // `kcldap resume`
};

struct RestoreOptions {
  TargetOptions target;
  std::string backup_file;
};

void register_plan(CLI::App& app, PlanOptions& options);
void register_apply(CLI::App& app, ApplyOptions& options);
void register_resume(CLI::App& app, ApplyOptions& options);
void register_restore(CLI::App& app, RestoreOptions& options);
int run_plan_command(const PlanOptions& options);
int run_apply_command(const ApplyOptions& options);  // apply_command.cpp (resume too)
int run_restore_command(const RestoreOptions& options);

}  // namespace kcldap::cli
