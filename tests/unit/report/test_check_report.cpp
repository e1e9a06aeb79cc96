// src/report/check_report: the text, JSON and JUnit shapes of a check report.
#include <catch2/catch.hpp>

#include "src/report/check_report.hpp"

using namespace kcldap::checks;
using namespace kcldap::report;

namespace {

Report sample_report() {
  Report report{"check", {}};
  report.add(make_check("ldap.bind", "Directory", "Bind", Status::pass, "bound as cn=reader"));
  report.add(make_check("ldap.users-dn", "Directory", "Users DN", Status::warn, "users_dn is not set", "set users_dn", {"candidate: ou=people"}));
  report.add(make_check("keycloak.roles", "Keycloak", "Roles", Status::fail, "lacks <manage-users> & \"view-users\"", "assign them", {"manage-users: sync"}));
  report.add(make_check("post.test-login", "Post-checks", "Test login", Status::skip, "no [checks] test_user configured"));
  return report;
}

}  // namespace

TEST_CASE("report: JSON has the documented shape", "[checks][report]") {
  const auto json = report_to_json(sample_report(), false);
  CHECK(json["schema"] == "kcldap.check/v1");
  CHECK(json["command"] == "check");
  CHECK(json["result"] == "failed");
  CHECK(json["summary"] == nlohmann::json{{"pass", 1}, {"warn", 1}, {"fail", 1}, {"skip", 1}});
  const auto& roles = json["checks"][2];
  CHECK(roles["id"] == "keycloak.roles");
  CHECK(roles["group"] == "Keycloak");
  CHECK(roles["status"] == "fail");
  CHECK(roles["remedy"] == "assign them");
  CHECK(roles["details"] == nlohmann::json::array({"manage-users: sync"}));
  CHECK_FALSE(json["checks"][0].contains("remedy"));
}

TEST_CASE("report: JUnit has a suite per stage, escapes text, and counts warnings only when strict", "[checks][report]") {
  const std::string lenient = render_junit(sample_report(), false);
  CHECK(lenient.find("<testsuites name=\"kcldap check\" tests=\"4\" failures=\"1\" skipped=\"1\"") != std::string::npos);
  CHECK(lenient.find("<testsuite name=\"Directory\" tests=\"2\" failures=\"0\"") != std::string::npos);
  CHECK(lenient.find("<failure message=\"lacks &lt;manage-users&gt; &amp; &quot;view-users&quot;\" type=\"fail\">") != std::string::npos);
  CHECK(lenient.find("<skipped message=\"no [checks] test_user configured\"/>") != std::string::npos);
  CHECK(lenient.find("<system-out>warn: users_dn is not set\ncandidate: ou=people\nRemedy: set users_dn</system-out>") != std::string::npos);
  const std::string strict = render_junit(sample_report(), true);
  CHECK(strict.find("<testsuite name=\"Directory\" tests=\"2\" failures=\"1\"") != std::string::npos);
  CHECK(strict.find("type=\"warn\"") != std::string::npos);
}

TEST_CASE("report: text groups checks by stage, with details and remedy under problems only", "[checks][report]") {
  const std::string text = render_report_text(sample_report(), TextStyle{false, false});
  CHECK(text.find("Directory\n  PASS  ldap.bind") == 0);
  CHECK(text.find("\nKeycloak\n  FAIL  keycloak.roles") != std::string::npos);
  CHECK(text.find("        -> assign them\n") != std::string::npos);
  CHECK(text.find("candidate: ou=people") != std::string::npos);
  CHECK(text.find("\033[") == std::string::npos);  // no colour unless asked
  CHECK(render_report_text(sample_report(), TextStyle{true, false}).find("\033[31;1mFAIL\033[0m") != std::string::npos);
}
