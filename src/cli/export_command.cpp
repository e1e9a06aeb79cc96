#include "src/cli/export_command.hpp"

#include <sys/stat.h>

#include <iostream>

#include "keycloak/created_federation.hpp"
#include "src/cli/output_mask.hpp"
#include "src/export/ansible.hpp"
#include "src/export/realm_json.hpp"
#include "src/export/terraform.hpp"
#include "src/pipeline/planning.hpp"
#include "src/prompts/config_writer.hpp"

namespace kcldap::cli {

namespace {

bool exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// Why the output file cannot be written ("" when it can); checked before any work and again before the write.
std::string output_refusal(const ExportOptions& command) {
  if (command.output.empty()) return "";
  if (exists(command.output) && !command.force) return command.output + " exists; pass --force to overwrite it";
  return output_file_problem(command.output);
}

// Values the config takes from ${env:}/${file:} references (a bind DN, a URL) stay references, as on the
// terminal: replaced before rendering, so each format quotes and escapes the reference like any text.
void keep_references(keycloak::CreatedFederation& federation) {
  bool replaced = false;
  const auto mask = [&](std::string& value) {
    std::string masked = mask_installed(value);
    replaced = replaced || masked != value;
    value = std::move(masked);
  };
  for (auto& [key, value] : federation.config) mask(value);
  for (auto& mapper : federation.mappers) {
    for (auto& [key, value] : mapper.config) mask(value);
  }
  if (replaced) {
    federation.notes.push_back("values the config takes from ${env:...} or ${file:...} references are written as those references: put the values in");
  }
}

std::string render(const std::string& format, const exports::ExportInput& input) {
  if (format == "terraform") return exports::render_terraform(input);
  if (format == "ansible") return exports::render_ansible(input);
  return exports::render_realm_json(input);
}

}  // namespace

void register_export(CLI::App& app, ExportOptions& command) {
  CLI::App* sub = add_target_command(app, "export",
                                     "Write the federation kcldap would apply as a realm import, Terraform or Ansible (reads only)",
                                     command.target, {"realm-json", "terraform", "ansible"});
  sub->get_option("--format")->required()->description("realm-json (realm import components), terraform (keycloak/keycloak provider) or ansible (community.general)");
  sub->add_option("--output,-o", command.output, "write to this file (atomically) instead of stdout");
  sub->add_flag("--force", command.force, "overwrite the --output file if it exists");
}

int run_export_command(const ExportOptions& command) {
  if (const std::string refusal = output_refusal(command); !refusal.empty()) {
    std::cerr << "error: --output: " << refusal << "; nothing was done\n";
    return 2;
  }
  int exit_code = 0;
  auto session = open_session(command.target, exit_code);
  if (!session) return exit_code;
  auto planned = pipeline::plan_federation(session->config, *session->client, false);
  if (!planned) {
    std::cerr << "error: " << planned.error().message << "\n";
    return planned.error().exit_code;
  }
  const config::KeycloakSettings& k = session->config.keycloak;
  exports::ExportInput input{keycloak::created_federation(planned->spec, planned->facts.version), planned->facts.version,
                             k.realm, k.url, k.auth_realm.empty() ? "master" : k.auth_realm};
  keep_references(input.federation);
  input.realm = mask_installed(input.realm);
  input.keycloak_url = mask_installed(input.keycloak_url);
  const std::string text = render(command.target.common.format, input);
  if (command.output.empty()) {
    std::cout << text;
    return 0;
  }
  if (const std::string refusal = output_refusal(command); !refusal.empty()) {
    std::cerr << "error: --output: " << refusal << "\n";
    return 2;
  }
  if (auto written = prompts::write_file_atomically(command.output, text, 0644); !written) {
    std::cerr << "error: " << written.error() << "\n";
    return 1;
  }
  std::cerr << "Wrote the " << command.target.common.format << " export of \"" << input.federation.name << "\" to " << command.output << ".\n";
  return 0;
}

}  // namespace kcldap::cli
