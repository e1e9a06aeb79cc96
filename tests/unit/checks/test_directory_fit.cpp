#include <catch2/catch.hpp>

#include "checks/directory_fit.hpp"

using namespace kcldap;

namespace {

keycloak::FederationSpec spec_with(const std::string& vendor, const std::string& pagination) {
  keycloak::FederationSpec spec;
  spec.config["vendor"] = vendor;
  spec.config["pagination"] = pagination;
  return spec;
}

// The probe decides "Active Directory" once; the spec's vendor comes from the same decision.
ldap::ProbeReport probe_with_users(std::size_t users, bool active_directory = true) {
  ldap::ProbeReport probe;
  probe.users.count = users;
  probe.active_directory = active_directory;
  return probe;
}

}  // namespace

TEST_CASE("federation.paging: pagination off fails on AD past one 1000-entry page", "[checks][paging]") {
  const auto check = checks::paging_check(spec_with("ad", "false"), probe_with_users(1111));
  CHECK(check.id == "federation.paging");
  CHECK(check.status == kcldap::Status::fail);
  CHECK(check.finding.find("1111 users") != std::string::npos);
  CHECK(check.finding.find("Sizelimit Exceeded") != std::string::npos);
  CHECK(check.remedy.find("pagination = false") != std::string::npos);
}

TEST_CASE("federation.paging: passes with pagination on, with few users, and off AD", "[checks][paging]") {
  CHECK(checks::paging_check(spec_with("ad", "true"), probe_with_users(5000)).status == kcldap::Status::pass);
  CHECK(checks::paging_check(spec_with("ad", "false"), probe_with_users(1000)).status == kcldap::Status::pass);
  CHECK(checks::paging_check(spec_with("rhds", "false"), probe_with_users(5000, false)).status == kcldap::Status::pass);
  CHECK(checks::paging_check(spec_with("ad", "false"), ldap::ProbeReport{}).status == kcldap::Status::pass);
}
