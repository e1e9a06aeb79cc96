// checks/check: a check report's counts and verdict, strict mode, and a pass carrying no remedy.
#include <catch2/catch.hpp>

#include "checks/check.hpp"

using namespace kcldap::checks;

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

TEST_CASE("report: counts, and strict mode failing on warnings", "[checks][report]") {
  Report report = sample_report();
  const Counts c = report.counts();
  CHECK((c.pass == 1 && c.warn == 1 && c.fail == 1 && c.skip == 1));
  CHECK_FALSE(report.passed());
  report.checks.erase(report.checks.begin() + 2);
  CHECK(report.passed());
  CHECK_FALSE(report.passed(true));
  CHECK(report.find("ldap.bind")->title == "Bind");
  CHECK(report.find("nope") == nullptr);
  CHECK(make_check("x", "g", "t", Status::pass, "f", "a remedy").remedy.empty());  // a pass has nothing to remedy
}
