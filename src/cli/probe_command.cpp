#include "src/cli/probe_command.hpp"

#include <unistd.h>

#include <iostream>

#include "ldap/probe.hpp"
#include "src/pipeline/probe_options.hpp"
#include "src/report/probe_report.hpp"

namespace kcldap::cli {

void register_probe(CLI::App& app, ProbeOptions& options) {
  CLI::App* sub = app.add_subcommand("probe", "Probe the LDAP/AD directory: connect, TLS, bind, vendor, users, attributes, groups");
  add_common_flags(*sub, options.common, {"text", "json"});
  sub->add_option("--sample-size", options.overrides.sample_size, "users to sample for attribute discovery (default 500)");
  sub->add_flag("--verbose,-v", options.verbose, "show the details of passing stages too");
  add_ldap_flags(*sub, options.overrides);
}

int run_probe_command(const ProbeOptions& command) {
  auto config = load_effective_config(command.common, command.overrides);
  if (!config) return 2;
  auto options = pipeline::make_probe_options(*config);
  if (!options) {
    std::cerr << "error: " << options.error() << "\n";
    return 2;
  }
  const bool json = command.common.format == "json";
  const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  const report::TextStyle style{color_wanted(STDOUT_FILENO), command.verbose};
  if (!options->tls_verify) {
    std::cerr << "warning: TLS certificate verification is OFF for the LDAP connection; use it for diagnosis only\n";
  }
  // On a terminal, show each stage as it finishes (stderr, so stdout stays the report).
  const bool live = !json && ::isatty(STDERR_FILENO) == 1 && terminal;
  ldap::StageObserver observer;
  if (live) {
    observer = [&](const ldap::StageResult& stage) { std::cerr << "\r\033[K  ..." << stage.title << " done" << std::flush; };
  }
  const ldap::ProbeReport probe = ldap::run_probe(*options, observer);
  if (live) std::cerr << "\r\033[K" << std::flush;
  if (json) {
    std::cout << report::probe_to_json(probe).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << report::render_probe_text(probe, options->bind_dn.empty() ? "anonymous" : options->bind_dn, style);
  }
  return report::probe_exit_code(probe);
}

}  // namespace kcldap::cli
