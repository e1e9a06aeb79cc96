#include <catch2/catch.hpp>

#include "ldap/result_codes.hpp"

using namespace kcldap::ldap;

TEST_CASE("Active Directory bind sub-codes are found in the diagnostic message", "[result-codes]") {
  const std::string message = "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563";
  REQUIRE(ad_bind_subcode(message));
  CHECK(*ad_bind_subcode(message) == "52e");
  CHECK_FALSE(ad_bind_subcode("invalid credentials"));
}

TEST_CASE("every documented AD sub-code is explained", "[result-codes]") {
  for (const char* code : {"525", "52e", "530", "531", "532", "533", "701", "773", "775"}) {
    INFO(code);
    auto explained = explain_ad_subcode(code);
    REQUIRE(explained);
    CHECK(explained->cause.find(std::string("sub-code ") + code) != std::string::npos);
    CHECK_FALSE(explained->remedy.empty());
  }
  CHECK(explain_ad_subcode("533")->cause.find("disabled") != std::string::npos);
  CHECK(explain_ad_subcode("775")->cause.find("locked out") != std::string::npos);
  CHECK(explain_ad_subcode("532")->cause.find("expired") != std::string::npos);
}

TEST_CASE("bind failures prefer the AD sub-code over the generic result", "[result-codes]") {
  auto why = explain_failure("bind", 49, "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775, v4563");
  CHECK(why.cause.find("locked out") != std::string::npos);
  auto generic = explain_failure("bind", 49, "");
  CHECK(generic.cause.find("invalidCredentials") != std::string::npos);
  auto locked = explain_failure("bind", 53, "Account inactivated. Contact system administrator.");
  CHECK(locked.cause.find("locked or inactivated") != std::string::npos);
  auto admin_limit = explain_failure("search", 11, "");
  CHECK(admin_limit.remedy.find("nsPagedLookThroughLimit") != std::string::npos);
  CHECK(explain_failure("bind", 8, "BindSimple: Transport encryption required.").remedy.find("ldaps://") != std::string::npos);
}
