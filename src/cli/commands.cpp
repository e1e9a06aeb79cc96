#include "src/cli/commands.hpp"

namespace kcldap::cli {

void register_commands(CLI::App& app, Commands& c) {
  register_probe(app, c.probe);
  register_plan(app, c.plan);
  register_apply(app, c.apply);
  register_resume(app, c.resume);
  register_restore(app, c.restore);
  register_check(app, c.check);
  register_verify(app, c.verify);
  register_doctor(app, c.doctor);
  register_setup_command(app, c.setup);
  register_bootstrap_command(app, c.bootstrap);
  register_export(app, c.export_);
  register_import(app, c.import_federation);
}

int run_chosen_command(const CLI::App& app, const Commands& c) {
  if (app.got_subcommand("probe")) return run_probe_command(c.probe);
  if (app.got_subcommand("plan")) return run_plan_command(c.plan);
  if (app.got_subcommand("apply")) return run_apply_command(c.apply);
  if (app.got_subcommand("resume")) return run_apply_command(c.resume);
  if (app.got_subcommand("restore")) return run_restore_command(c.restore);
  if (app.got_subcommand("check")) return run_check_command(c.check);
  if (app.got_subcommand("verify")) return run_verify_command(c.verify);
  if (app.got_subcommand("doctor")) return run_doctor_command(c.doctor);
  if (app.got_subcommand("setup")) return run_setup_command(c.setup);
  if (app.got_subcommand("bootstrap-client")) return run_bootstrap_command(c.bootstrap);
  if (app.got_subcommand("export")) return run_export_command(c.export_);
  if (app.got_subcommand("import")) return run_import_command(c.import_federation);
  return 2;
}

}  // namespace kcldap::cli
