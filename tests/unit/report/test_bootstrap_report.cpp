// src/report/bootstrap_report: what bootstrap-client tells a person and a program, from the report value
// the pipeline fills in: each part appears once its step ran, a failure names its stage, and the secret
// is never in it.
#include <catch2/catch.hpp>

#include "src/report/bootstrap_report.hpp"

using namespace kcldap::report;

namespace {

BootstrapReport created_report() {
  BootstrapReport report;
  report.realm = "corp";
  report.client_id = "kcldap";
  report.admin_identity = "user admin (admin-cli)";
  report.client = BootstrapClient{"uuid-1", "service-account-kcldap", true, {}, {"view-realm", "manage-users"}, {}, {"manage-clients"}};
  report.secret = BootstrapSecret{false, "/etc/kcldap/secret", true, false};
  report.verify = BootstrapVerify{"pass", "holds view-realm, manage-users"};
  report.changed = true;
  return report;
}

}  // namespace

TEST_CASE("bootstrap report: a created client, its roles, the secret file and the verification", "[report][bootstrap]") {
  const std::string text = render_bootstrap_text(created_report());
  CHECK(text ==
        "kcldap bootstrap-client: realm corp, client kcldap (as user admin (admin-cli))\n"
        "  client   created: confidential, service account on, standard flow, implicit flow and direct access grants off\n"
        "  roles    granted view-realm, manage-users to service-account-kcldap\n"
        "  WARN     service-account-kcldap also holds manage-clients, which kcldap does not need; left as is (remove it in Keycloak "
        "if nothing else relies on it)\n"
        "  secret   kept in Keycloak; written to /etc/kcldap/secret (mode 0600)\n"
        "  verify   holds view-realm, manage-users\n"
        "Result: OK, changed\n");
  const auto json = bootstrap_to_json(created_report());
  CHECK(json["result"] == "ok");
  CHECK(json["changed"] == true);
  CHECK(json["secret"] == nlohmann::json{{"rotated", false}, {"file", "/etc/kcldap/secret"}, {"file_changed", true}});
  CHECK_FALSE(json.contains("failed_stage"));
}

TEST_CASE("bootstrap report: a failure shows what was done before it and names the stage", "[report][bootstrap]") {
  BootstrapReport report = created_report();
  report.secret.reset();
  report.verify.reset();
  report.failure = BootstrapFailure{"secret", "cannot write the secret to /etc/kcldap/secret: Permission denied"};
  const std::string text = render_bootstrap_text(report);
  CHECK(text.find("  roles    granted") != std::string::npos);
  CHECK(text.find("  secret") == std::string::npos);
  CHECK(text.substr(text.find("error:")) ==
        "error: cannot write the secret to /etc/kcldap/secret: Permission denied\nResult: FAILED at secret\n");
  const auto json = bootstrap_to_json(report);
  CHECK(json["result"] == "failed");
  CHECK(json["failed_stage"] == "secret");
  CHECK_FALSE(json.contains("secret"));
  CHECK_FALSE(json.contains("changed"));
}

TEST_CASE("bootstrap report: nothing to change, the secret not shown, and the config pointed at the client", "[report][bootstrap]") {
  BootstrapReport report = created_report();
  report.client = BootstrapClient{"uuid-1", "service-account-kcldap", false, {}, {}, {"view-realm"}, {}};
  report.secret = BootstrapSecret{};
  report.config = BootstrapConfig{"kcldap.toml", false, "${env:KCLDAP_SECRET}", "KCLDAP_SECRET"};
  report.changed = false;
  const std::string text = render_bootstrap_text(report);
  CHECK(text.find("  client   up to date\n  roles    already held: view-realm\n") != std::string::npos);
  CHECK(text.find("  secret   kept in Keycloak (not shown: --secret-file PATH writes it, --print-secret prints it)\n") != std::string::npos);
  CHECK(text.find("  config   kcldap.toml: [keycloak] already signs in as client kcldap with ${env:KCLDAP_SECRET}\n"
                  "           export KCLDAP_SECRET with the secret before the next kcldap run\n") != std::string::npos);
  CHECK(text.ends_with("Result: OK, nothing to change\n"));
  CHECK(bootstrap_to_json(report)["config"] ==
        nlohmann::json{{"file", "kcldap.toml"}, {"changed", false}, {"secret_reference", "${env:KCLDAP_SECRET}"}});
}

TEST_CASE("bootstrap report: control characters from Keycloak's answers are shown escaped", "[report][bootstrap]") {
  BootstrapReport report = created_report();
  report.verify = BootstrapVerify{"fail", "role \x1b[2Jmanage-users\x07 missing"};
  const std::string text = render_bootstrap_text(report);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("role \\x1b[2Jmanage-users\\x07 missing") != std::string::npos);
  CHECK(text.find("\n  verify   ") != std::string::npos);  // line breaks stay line breaks
}
