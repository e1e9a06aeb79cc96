// src/report/probe_report: what `kcldap probe` prints for people: a line per stage (details and the
// remedy under a warning or failure), the recommended [ldap] settings, the counts and the next step; and
// its exit code.
#include <catch2/catch.hpp>

#include "src/report/probe_report.hpp"

using namespace kcldap;
using namespace kcldap::report;

namespace {

ldap::ProbeReport probe_with(Status bind_status) {
  ldap::ProbeReport report;
  report.stages.push_back({"ldap.connect", "Connect", Status::pass, "reached ldaps://ldap.example.org", {"over TLS"}, ""});
  report.stages.push_back({"ldap.bind", "Bind", bind_status, "bind as cn=reader", {"invalid credentials"}, "check the password"});
  return report;
}

}  // namespace

TEST_CASE("probe report: a stage per line, details and the remedy only under problems", "[report][probe]") {
  const std::string text = render_probe_text(probe_with(Status::fail), "cn=reader", TextStyle{false, false});
  CHECK(text.find("kcldap probe: (no server reached) as cn=reader\n\n") == 0);
  CHECK(text.find("  PASS  Connect     reached ldaps://ldap.example.org\n  FAIL  Bind") != std::string::npos);
  CHECK(text.find("over TLS") == std::string::npos);  // a pass shows its details only with --verbose
  CHECK(text.find("          invalid credentials\n          -> check the password\n") != std::string::npos);
  CHECK(text.find("\nResult: 1 passed, 0 warnings, 1 failed\n") != std::string::npos);
  CHECK(text.ends_with("Next: fix the Bind stage (check the password), then run kcldap probe again.\n"));
  CHECK(probe_exit_code(probe_with(Status::fail)) == 1);
  CHECK(render_probe_text(probe_with(Status::fail), "cn=reader", TextStyle{false, true}).find("          over TLS\n") != std::string::npos);
}

TEST_CASE("probe report: the recommended settings, pasteable, with their reasons", "[report][probe]") {
  ldap::ProbeReport report = probe_with(Status::warn);
  report.users.dn = "ou=people,dc=example,dc=org";
  report.users.dn_source = "proposed";
  ldap::Recommendations recommended;
  recommended.vendor = {"other", "OpenLDAP root DSE"};
  recommended.username = {"uid", "unique on every sampled user"};
  recommended.user_object_classes = {"inetOrgPerson"};
  recommended.user_object_classes_reason = "on every sampled user";
  report.recommended = recommended;
  const std::string text = render_probe_text(report, "anonymous", TextStyle{});
  CHECK(text.find("  vendor = \"other\"") != std::string::npos);
  CHECK(text.find("# OpenLDAP root DSE\n") != std::string::npos);
  CHECK(text.find("users_dn = \"ou=people,dc=example,dc=org\"") != std::string::npos);
  CHECK(text.find("# proposed from where users live\n") != std::string::npos);
  CHECK(text.find("  # rdn_attribute: nothing suitable found (") != std::string::npos);
  CHECK(text.find("user_object_classes = [\"inetOrgPerson\"]") != std::string::npos);
  CHECK(text.find("\nResult: 1 passed, 1 warning, 0 failed\n") != std::string::npos);
  CHECK(text.find("Next: put the values above into the [ldap] section") != std::string::npos);
  CHECK(probe_exit_code(report) == 0);
}
