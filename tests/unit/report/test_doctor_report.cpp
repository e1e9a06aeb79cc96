// kcldap doctor's report as people and CI read it: fails first, each finding with its evidence and both
// fixes; JUnit counts only the fails as failures; nothing found says so.
#include <catch2/catch.hpp>

#include "src/report/doctor_report.hpp"

using namespace kcldap;
using checks::Severity;

namespace {

report::DoctorReport two_findings() {
  report::DoctorReport doctor;
  doctor.realm = "example";
  doctor.provider_name = "corp";
  doctor.provider_id = "id-1";
  doctor.connection_url = "ldap://ldap.example.org";
  doctor.directory_reached = true;
  doctor.server_product = "OpenLDAP";
  doctor.users = 400;
  doctor.findings.push_back({"doctor.read-timeout", Severity::warn, "Read timeout unset", "readTimeout is not set", "[ldap] read_timeout_ms = 5000",
                             "User federation > corp > Settings > LDAP searching and updating > Read timeout", {}});
  doctor.findings.push_back({"doctor.plain-simple-bind", Severity::fail, "simple bind over plain ldap://", "the bind password <crosses> unencrypted",
                             "[ldap] url = \"ldaps://<host>:636\"", "User federation > corp > Settings > Connection URL", {}});
  return doctor;
}

}  // namespace

TEST_CASE("doctor report: text lists fails first, each with evidence and both fixes", "[report][doctor]") {
  const std::string text = report::render_doctor_text(two_findings(), {});
  const auto fail_at = text.find("FAIL  doctor.plain-simple-bind");
  const auto warn_at = text.find("WARN  doctor.read-timeout");
  REQUIRE(fail_at != std::string::npos);
  REQUIRE(warn_at != std::string::npos);
  CHECK(fail_at < warn_at);
  CHECK(text.find("fix in kcldap.toml:    [ldap] read_timeout_ms = 5000") != std::string::npos);
  CHECK(text.find("fix in the console:    User federation > corp > Settings > Connection URL") != std::string::npos);
  CHECK(text.find("Result: FAILED (1 failed, 1 warnings, 0 notes)") != std::string::npos);
}

TEST_CASE("doctor report: no finding is said plainly and passes", "[report][doctor]") {
  report::DoctorReport clean = two_findings();
  clean.findings.clear();
  CHECK(clean.passed());
  CHECK(report::render_doctor_text(clean, {}).find("No finding") != std::string::npos);
  CHECK(report::render_doctor_junit(clean).find("failures=\"0\"") != std::string::npos);
}

TEST_CASE("doctor report: JUnit fails only the fails, escaped", "[report][doctor]") {
  const std::string xml = report::render_doctor_junit(two_findings());
  CHECK(xml.find("<testsuites name=\"kcldap doctor\" tests=\"2\" failures=\"1\"") != std::string::npos);
  CHECK(xml.find("<failure message=\"the bind password &lt;crosses&gt; unencrypted\" type=\"fail\">") != std::string::npos);
  CHECK(xml.find("<system-out>warn: readTimeout is not set") != std::string::npos);
}
