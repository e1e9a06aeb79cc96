#include "src/cli/import_command.hpp"

#include <sys/stat.h>

#include <ctime>
#include <iostream>

#include "common/printable.hpp"
#include "keycloak/provider_choice.hpp"
#include "src/config/import_config.hpp"
#include "src/prompts/config_writer.hpp"

namespace kcldap::cli {

namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// The output file may be written: not there yet, or there and --force given. The problem in words, or "".
std::string output_refused(const ImportOptions& command) {
  if (command.output.empty()) return "";
  struct stat info {};
  if (::stat(command.output.c_str(), &info) == 0 && !command.force) {
    return command.output + " already exists; kcldap import does not replace it without --force";
  }
  return output_file_problem(command.output);
}

}  // namespace

void register_import(CLI::App& app, ImportOptions& options) {
  CLI::App* sub = app.add_subcommand("import", "Write the kcldap.toml that reproduces the realm's LDAP provider and its mappers (reads only)");
  sub->add_option("--config", options.target.common.config_path, "kcldap.toml to read; only [keycloak] is needed");
  add_keycloak_flags(*sub, options.target.keycloak);
  sub->add_option("--provider", options.provider, "the LDAP provider's name in the realm (needed when the realm has several)");
  sub->add_option("--output,-o", options.output, "write the config to this file (mode 0600) instead of stdout");
  sub->add_flag("--force", options.force, "replace --output when it exists");
}

int run_import_command(const ImportOptions& command) {
  if (auto refused = output_refused(command); !refused.empty()) {
    std::cerr << "error: --output: " << refused << "\n";
    return 2;
  }
  int exit_code = 0;
  auto session = open_session(command.target, exit_code);
  if (!session) return exit_code;
  auto chosen = keycloak::choose_ldap_provider(*session->client, command.provider);
  if (!chosen) {
    std::cerr << "error: " << printable(chosen.error().message) << "\n";
    return chosen.error().usage ? 2 : 1;
  }
  const config::ImportSource source{chosen->provider, chosen->mappers, session->client->facts().version.to_string(), utc_now()};
  const config::ImportedConfig imported = config::import_config(source, session->config);
  for (const auto& note : imported.notes) std::cerr << "note: " << printable(note) << "\n";
  for (const auto& kept : imported.kept) std::cerr << "kept as Keycloak holds it: " << printable(kept) << "\n";
  if (command.output.empty()) {
    std::cout << imported.toml;
    return 0;
  }
  if (auto written = prompts::write_file_atomically(command.output, imported.toml, 0600); !written) {
    std::cerr << "error: " << written.error() << "\n";
    return 1;
  }
  std::cerr << "Wrote " << command.output << " from provider \"" << printable(chosen->provider.name) << "\" (" << chosen->mappers.size()
            << " mappers); check it with: kcldap plan --detailed-exitcode --config " << command.output << "\n";
  return 0;
}

}  // namespace kcldap::cli
