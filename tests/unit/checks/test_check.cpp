// checks/check: a check report's counts and verdict, strict mode, and a pass carrying no remedy.
#include <catch2/catch.hpp>

#include "checks/check.hpp"

using namespace kcldap::checks;

namespace {

// One check of each status; the failure third.
Report sample_report() {
  return Report{"check",
                {make_check("ldap.bind", "Directory", "Bind", Status::pass, "bound"),
                 make_check("ldap.users-dn", "Directory", "Users DN", Status::warn, "not set", "set it"),
                 make_check("keycloak.roles", "Keycloak", "Roles", Status::fail, "lacks roles", "assign them"),
                 make_check("post.test-login", "Post-checks", "Test login", Status::skip, "no test user")}};
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
