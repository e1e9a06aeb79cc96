// src/cli/options and the commands' option structs: what each command's flags parse into, with the
// documented defaults, and the usage errors CLI11 reports for flags that do not fit.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "src/cli/commands.hpp"
#include "src/cli/options.hpp"

using namespace kcldap::cli;

namespace {

// Every command registered, as main() does; parse() takes the arguments after "kcldap".
struct Parsed : Commands {
  CLI::App app{"kcldap"};

  Parsed() {
    app.require_subcommand(1);
    register_commands(app, *this);
  }

  void parse(std::vector<std::string> args) {
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    app.parse(args);
  }
};

}  // namespace

TEST_CASE("options: probe reads --config, --format, --sample-size, --verbose and the [ldap] flags", "[cli][options]") {
  Parsed c;
  c.parse({"probe", "--config", "k.toml", "--format", "json", "--sample-size", "50", "-v", "--ldap-url", "ldaps://a", "--ldap-url",
           "ldaps://b", "--bind-dn", "cn=reader", "--bind-password-env", "PW", "--start-tls"});
  CHECK(c.probe.common.config_path == "k.toml");
  CHECK(c.probe.common.format == "json");
  CHECK(c.probe.overrides.sample_size == 50);
  CHECK(c.probe.verbose);
  CHECK(c.probe.overrides.urls == std::vector<std::string>{"ldaps://a", "ldaps://b"});
  CHECK(c.probe.overrides.bind_dn == "cn=reader");
  CHECK(c.probe.overrides.bind_password_env == "PW");
  CHECK(c.probe.overrides.start_tls);
  CHECK_FALSE(c.probe.overrides.insecure_skip_tls_verify);
}

TEST_CASE("options: the format defaults to text and only the command's formats are accepted", "[cli][options]") {
  Parsed c;
  c.parse({"plan"});
  CHECK(c.plan.target.common.format == "text");
  CHECK_FALSE(c.plan.detailed_exitcode);
  Parsed junit_plan;
  CHECK_THROWS_AS(junit_plan.parse({"plan", "--format", "junit"}), CLI::ValidationError);
  Parsed junit_check;
  junit_check.parse({"check", "--format", "junit"});
  CHECK(junit_check.check.target.common.format == "junit");
}

TEST_CASE("options: plan and apply read the [keycloak] overrides and their own flags", "[cli][options]") {
  Parsed c;
  c.parse({"apply", "--keycloak-url", "https://kc", "--realm", "corp", "--client-id", "kcldap", "--client-secret-env", "SECRET", "-y",
           "--dry-run", "--backup-dir", "/var/backups", "--keep-on-failure", "--no-restart", "--junit-file", "out.xml",
           "--rotate-bind-credential"});
  CHECK(c.apply.target.keycloak.url == "https://kc");
  CHECK(c.apply.target.keycloak.realm == "corp");
  CHECK(c.apply.target.keycloak.client_id == "kcldap");
  CHECK(c.apply.target.keycloak.client_secret_env == "SECRET");
  CHECK((c.apply.yes && c.apply.dry_run && c.apply.keep_on_failure && c.apply.no_restart && c.apply.rotate_bind_credential));
  CHECK_FALSE(c.apply.force_restart);
  CHECK(c.apply.backup_dir == "/var/backups");
  CHECK(c.apply.junit_file == "out.xml");
  Parsed p;
  p.parse({"plan", "--detailed-exitcode", "--username", "admin", "--password-env", "PW"});
  CHECK(p.plan.detailed_exitcode);
  CHECK(p.plan.target.keycloak.username == "admin");
  CHECK(p.plan.target.keycloak.password_env == "PW");
}

TEST_CASE("options: apply refuses --no-restart with --force-restart", "[cli][options]") {
  Parsed c;
  CHECK_THROWS_AS(c.parse({"apply", "--no-restart", "--force-restart"}), CLI::ExcludesError);
}

TEST_CASE("options: restore needs the backup file", "[cli][options]") {
  Parsed c;
  c.parse({"restore", "backup.json", "--config", "k.toml"});
  CHECK(c.restore.backup_file == "backup.json");
  CHECK(c.restore.target.common.config_path == "k.toml");
  Parsed missing;
  CHECK_THROWS_AS(missing.parse({"restore"}), CLI::RequiredError);
}

TEST_CASE("options: check and verify read the report flags", "[cli][options]") {
  Parsed c;
  c.parse({"check", "--strict", "--junit-file", "checks.xml", "--verbose"});
  CHECK((c.check.report.strict && c.check.report.verbose));
  CHECK(c.check.report.junit_file == "checks.xml");
  Parsed v;
  v.parse({"verify", "--format", "json"});
  CHECK(v.verify.target.common.format == "json");
  CHECK_FALSE(v.verify.report.strict);
}

TEST_CASE("options: setup reads the [ldap] and [keycloak] flags and its own", "[cli][options]") {
  Parsed c;
  c.parse({"setup", "-o", "out.toml", "--defaults", "--no-apply", "--users-dn", "ou=people", "--realm", "corp"});
  CHECK(c.setup.output == "out.toml");
  CHECK((c.setup.defaults && c.setup.no_apply));
  CHECK(c.setup.ldap.users_dn == "ou=people");
  CHECK(c.setup.keycloak.realm == "corp");
  Parsed d;
  d.parse({"setup"});
  CHECK(d.setup.output == "kcldap.toml");
}

TEST_CASE("options: bootstrap-client reads its flags, and names the ones that do not fit together", "[cli][options]") {
  Parsed c;
  c.parse({"bootstrap-client", "--config", "k.toml", "--admin-username", "admin", "--admin-password-env", "PW", "--secret-file", "s",
           "--write-config", "--kubectl-secret", "kcldap", "--namespace", "idm"});
  CHECK(c.bootstrap.client_id == "kcldap");  // the default
  CHECK(c.bootstrap.admin_username == "admin");
  CHECK(c.bootstrap.admin_password_env == "PW");
  CHECK((c.bootstrap.write_config && !c.bootstrap.print_secret && !c.bootstrap.rotate_secret));
  CHECK(c.bootstrap.kubectl_namespace == "idm");
  CHECK_FALSE(bootstrap_flag_problem(c.bootstrap));

  BootstrapOptions kubectl_without_file;
  kubectl_without_file.kubectl_secret = "kcldap";
  CHECK(bootstrap_flag_problem(kubectl_without_file) ==
        "flag --kubectl-secret: the kubectl command reads the secret from a file; add --secret-file PATH");
  BootstrapOptions write_without_config;
  write_without_config.write_config = true;
  CHECK(bootstrap_flag_problem(write_without_config) == "flag --write-config: there is no config file to update; add --config FILE");
  BootstrapOptions env_without_write;
  env_without_write.secret_env = "KCLDAP_SECRET";
  CHECK(bootstrap_flag_problem(env_without_write) == "flag --secret-env only names the reference --write-config writes");
  BootstrapOptions empty_id;
  empty_id.client_id.clear();
  CHECK(bootstrap_flag_problem(empty_id) == "flag --client-id: the client id is empty");
}

TEST_CASE("an output file that cannot be written is refused before any work", "[cli][input]") {
  using kcldap::cli::output_file_problem;
  CHECK(output_file_problem("/tmp/kcldap-junit-check.xml").empty());
  CHECK(output_file_problem("/nonexistent-folder/report.xml") == "the folder /nonexistent-folder does not exist");
  CHECK(output_file_problem("/tmp") == "/tmp is a folder; give a file path");
  CHECK(output_file_problem("").find("empty") != std::string::npos);
}
