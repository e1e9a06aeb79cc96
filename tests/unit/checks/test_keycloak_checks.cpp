// checks/keycloak_checks: keycloak.roles from the roles an identity holds, wherever they were read
// (the token's claims, or its role mappings when Keycloak issues lightweight tokens).
#include <catch2/catch.hpp>

#include "checks/keycloak_checks.hpp"

using namespace kcldap;

TEST_CASE("keycloak.roles passes with every needed role and says where it read them", "[checks][roles]") {
  const keycloak::HeldRoles held{std::set<std::string>{"view-realm", "manage-realm", "manage-users", "view-users"},
                                 "its role mappings (its token carries no role claims)"};
  const checks::Check check = checks::roles_check(held, "demo", "master", "user admin", {true, true});
  CHECK(check.status == checks::Status::pass);
  CHECK(check.finding == "user admin holds every role this run needs (view-realm, manage-realm, manage-users, query-users, view-users)");
  CHECK(check.details == std::vector<std::string>{"read from its role mappings (its token carries no role claims)"});
}

TEST_CASE("keycloak.roles names each missing role with where to assign it", "[checks][roles]") {
  const keycloak::HeldRoles held{std::set<std::string>{"view-realm"}, "its access token"};
  const checks::Check own = checks::roles_check(held, "demo", "demo", "the service account of client kcldap", {true, false});
  CHECK(own.status == checks::Status::fail);
  CHECK(own.finding == "the service account of client kcldap lacks manage-realm, manage-users (realm-management roles)");
  CHECK(own.remedy.find("of client realm-management in realm demo") != std::string::npos);
  const checks::Check master = checks::roles_check(held, "demo", "master", "user ops", {false, false}, "kcldap bootstrap-client ...");
  CHECK(master.finding == "user ops lacks manage-realm (roles of the master client demo-realm)");
  CHECK(master.remedy.find("; or run: kcldap bootstrap-client ...") != std::string::npos);
}

TEST_CASE("keycloak.roles warns with the reason when the roles cannot be told", "[checks][roles]") {
  const keycloak::HeldRoles held{std::nullopt, "its token carries no role claims, and its role mappings cannot be read (403)"};
  const checks::Check check = checks::roles_check(held, "demo", "demo", "the service account of client kcldap", {true, true});
  CHECK(check.status == checks::Status::warn);
  CHECK(check.finding == "cannot tell the roles of the service account of client kcldap: its token carries no role claims, and its role "
                         "mappings cannot be read (403)");
  CHECK(check.remedy.find("view-realm, manage-realm, manage-users, query-users, view-users") != std::string::npos);
}
