#include "src/cli/setup_command.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "src/config/secret.hpp"
#include "src/pipeline/planning.hpp"
#include "src/report/plan_report.hpp"
#include "src/prompts/setup_session.hpp"

namespace kcldap::cli {

namespace {

// A secret named by a flag (--bind-password-env NAME or --bind-password-file PATH), read now through the
// config's own resolver; nullopt with `error` set when it is missing or empty.
std::optional<std::string> secret_from_flag(const std::optional<std::string>& target, const std::string& kind, const std::string& flag,
                                            std::string& error) {
  if (!target) return std::nullopt;
  auto secret = config::resolve_text("${" + kind + ":" + *target + "}", flag, {});
  if (!secret) {
    error = secret.error();
    return std::nullopt;
  }
  if (secret->empty()) {
    error = flag + " " + *target + ": the secret is empty";
    return std::nullopt;
  }
  return *secret;
}

int ended(const prompts::SessionEnded& end, const std::string& output, bool written) {
  const std::string what = written ? output + " was written; nothing was applied." : "nothing was written.";
  switch (end.why) {
    case prompts::SessionEnded::Why::cancelled:
      std::cout << "\nCancelled: " << what << "\n";
      return 130;
    case prompts::SessionEnded::Why::end_of_input:
      std::cout << "\nThe input ended: " << what << "\n";
      return 1;
    case prompts::SessionEnded::Why::no_default:
      std::cerr << "error: " << end.what() << "; " << what << "\n";
      return 2;
  }
  return 1;
}

// The answers the flags give already; nullopt (the error printed) when a secret they name is missing.
std::optional<prompts::SetupPrefill> prefill_from_flags(const SetupOptions& command) {
  prompts::SetupPrefill prefill;
  std::string error;
  prefill.ldap_urls = command.ldap.urls;
  prefill.bind_dn = command.ldap.bind_dn;
  prefill.bind_password = command.ldap.bind_password_file
                              ? secret_from_flag(command.ldap.bind_password_file, "file", "--bind-password-file", error)
                              : secret_from_flag(command.ldap.bind_password_env, "env", "--bind-password-env", error);
  prefill.bind_password_env = command.ldap.bind_password_env.value_or("");
  prefill.users_dn = command.ldap.users_dn;
  prefill.ca_file = command.ldap.ca_file;
  prefill.start_tls = command.ldap.start_tls;
  prefill.keycloak_url = command.keycloak.url;
  prefill.realm = command.keycloak.realm;
  prefill.auth_realm = command.keycloak.auth_realm;
  prefill.client_id = command.keycloak.client_id;
  prefill.client_secret = secret_from_flag(command.keycloak.client_secret_env, "env", "--client-secret-env", error);
  prefill.client_secret_env = command.keycloak.client_secret_env.value_or("");
  prefill.username = command.keycloak.username;
  prefill.password = secret_from_flag(command.keycloak.password_env, "env", "--password-env", error);
  prefill.password_env = command.keycloak.password_env.value_or("");
  if (!error.empty()) {
    std::cerr << "error: " << error << "\n";
    return std::nullopt;
  }
  return prefill;
}

// Writes the secret files, then the config (0600 when it holds a secret). False: the error is printed.
bool write_setup_files(const prompts::Asker& ask, const prompts::SetupSession& session, const std::string& output) {
  for (const auto& [path, secret] : session.secret_files) {
    if (auto saved = prompts::write_file_atomically(path, secret + "\n", 0600); !saved) {
      std::cerr << "error: " << saved.error() << "; nothing was written.\n";
      return false;
    }
    ask.say("    wrote " + path + " (mode 0600)");
  }
  const bool inline_secret = prompts::has_inline_secret(session.answers);
  if (auto saved = prompts::write_file_atomically(output, prompts::render_toml(session.answers), inline_secret ? 0600 : 0644); !saved) {
    std::cerr << "error: " << saved.error() << "; nothing was written.\n";
    return false;
  }
  ask.say("    wrote " + output + (inline_secret ? " (mode 0600: it holds a secret)" : ""));
  return true;
}

// The plan of the file as written (the secrets of this session standing in for the environment); then
// the offer to apply it, and the command line that replays it unattended.
int plan_and_offer_apply(const SetupOptions& command, const prompts::Asker& ask, const prompts::SetupSession& session,
                         const std::string& output) {
  for (const auto& [variable, secret] : session.secret_env) ::setenv(variable.c_str(), secret.c_str(), 1);
  config::LoadResult loaded = config::load_config_file(output);
  if (!loaded.ok()) {
    for (const auto& problem : loaded.errors) std::cerr << "error: " << problem.to_string() << "\n";
    return 1;
  }
  auto settings = pipeline::make_client_settings(loaded.config);
  if (!settings) {
    std::cerr << "error: " << settings.error().message << "\n";
    return 1;
  }
  auto client = keycloak::AdminClient::connect(*settings);
  if (!client) {
    std::cerr << "error: " << client.error().to_string() << "\n";
    return 1;
  }
  auto planned = pipeline::plan_federation(loaded.config, *client, false);
  if (!planned) {
    std::cerr << "error: " << planned.error().message << "\n";
    return 1;
  }
  std::cout << "\n" << report::render_plan_text(*planned, loaded.config.keycloak.realm, color_wanted(STDOUT_FILENO)) << std::flush;
  std::string environment;
  for (const auto& [variable, secret] : session.secret_env) environment += (environment.empty() ? "" : " ") + variable;
  const std::string replay = "kcldap apply --config " + output + " --yes";
  if (command.no_apply || !ask.yes_no("\nApply it to realm " + loaded.config.keycloak.realm + " now?", false)) {
    ask.say("\nNot applied. Later, or unattended" + (environment.empty() ? std::string() : " (with " + environment + " set)") + ": " + replay);
    return 0;
  }
  ApplyOptions apply;
  apply.target.common.config_path = output;
  apply.yes = true;
  const int status = run_apply_command(apply);
  ask.say("\nReplay unattended" + (environment.empty() ? std::string() : " (with " + environment + " set)") + ": " + replay);
  return status;
}

}  // namespace

void register_setup_command(CLI::App& app, SetupOptions& command) {
  CLI::App* sub = app.add_subcommand("setup", "Guided setup: asks, probing as it goes, writes kcldap.toml, shows the plan, offers to apply");
  add_ldap_flags(*sub, command.ldap);
  add_keycloak_flags(*sub, command.keycloak);
  sub->add_option("--output,-o", command.output, "where to write the config (default kcldap.toml)");
  sub->add_flag("--defaults", command.defaults, "accept every default without asking (the probes still run)");
  sub->add_flag("--no-apply", command.no_apply, "stop after writing the config and showing the plan");
}

int run_setup_command(const SetupOptions& command) {
  if (!command.defaults && !prompts::Terminal::is_terminal(STDIN_FILENO)) {
    std::cerr << "error: kcldap setup asks questions and needs a terminal. For unattended runs write the config once and use "
                 "kcldap apply --config kcldap.toml --yes (or pass --defaults with the answers as flags)\n";
    return 2;
  }
  if (command.ldap.insecure_skip_tls_verify) {
    std::cerr << "error: kcldap setup keeps TLS verification on: give the directory's CA with --ca-file (turning verification off "
                 "stays an explicit edit of tls_verify in the written file)\n";
    return 2;
  }
  if (!command.ldap.required_groups.empty()) {
    std::cerr << "error: kcldap setup does not ask for required groups: write the config, then add required_groups = [\"DN\"] "
                 "to its [ldap] section (kcldap probe --required-group DN shows what each group brings first)\n";
    return 2;
  }
  const auto prefill = prefill_from_flags(command);
  if (!prefill) return 2;
  const prompts::Terminal terminal(STDIN_FILENO, STDOUT_FILENO);
  const prompts::Asker ask(terminal, command.defaults);
  ask.say("kcldap setup: connect a Keycloak realm to your directory.");
  ask.say("Each question shows its default in [brackets]: press Enter to take it. Ctrl-C quits; nothing is written until the end.");
  std::string output = command.output;
  bool written = false;
  try {
    const prompts::SetupSession session = prompts::run_setup_questions(ask, *prefill, output);
    ask.say("\nConfig");
    while (std::filesystem::exists(output) && !ask.yes_no(output + " exists. Replace it?", false)) {
      output = ask.text("Write the config to", output + ".new");
    }
    if (!write_setup_files(ask, session, output)) return 1;
    written = true;
    return plan_and_offer_apply(command, ask, session, output);
  } catch (const prompts::SessionEnded& end) {
    return ended(end, output, written);
  }
}

}  // namespace kcldap::cli
