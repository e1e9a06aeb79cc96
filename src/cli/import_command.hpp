// `kcldap import`: reads the realm's LDAP provider and its mappers (the one named with --provider, or the
// only one) and writes the kcldap.toml that reproduces them (src/config/import_config), to stdout or to
// --output: atomically, mode 0600, and an existing file only with --force. Needs only [keycloak].
//   0 written, 1 Keycloak failed, 2 usage (several providers and none named, none at all, a file in the way)
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "src/cli/options.hpp"

namespace kcldap::cli {

struct ImportOptions {
  TargetOptions target;
  std::optional<std::string> provider;
  std::string output;  // "": stdout
  bool force = false;
};

void register_import(CLI::App& app, ImportOptions& options);
int run_import_command(const ImportOptions& options);

}  // namespace kcldap::cli
