#include <catch2/catch.hpp>

#include "keycloak/admin_client.hpp"

using namespace kcldap::keycloak;

TEST_CASE("the version is inferred from the LDAP provider's properties", "[keycloak][version]") {
  const std::set<std::string> base = {"connectionPooling", "connectionPoolingDebug", "editMode"};
  CHECK(infer_version(base, false) == Version{12, 0, 0});
  auto with = [&](std::initializer_list<const char*> extra) {
    std::set<std::string> keys = base;
    keys.insert(extra.begin(), extra.end());
    return keys;
  };
  CHECK(infer_version(with({"krbPrincipalAttribute"}), false) == Version{23, 0, 0});
  CHECK(infer_version(with({"krbPrincipalAttribute", "referral"}), false) == Version{24, 0, 0});
  std::set<std::string> without_pool_keys = {"connectionPooling", "krbPrincipalAttribute", "referral", "connectionTrace"};
  CHECK(infer_version(without_pool_keys, false) == Version{26, 1, 0});
  CHECK(infer_version(without_pool_keys, true) == Version{26, 4, 0});
  without_pool_keys.insert("enableLdapPasswordPolicy");
  CHECK(infer_version(without_pool_keys, true) == Version{26, 6, 0});
}

TEST_CASE("each endpoint names the realm-management role it needs", "[keycloak][roles]") {
  CHECK(required_role("GET", "/components?type=x") == "view-realm");
  CHECK(required_role("PUT", "/components/abc") == "manage-realm");
  CHECK(required_role("POST", "/testLDAPConnection") == "manage-realm");
  CHECK(required_role("POST", "/user-storage/abc/sync?action=triggerFullSync") == "manage-users");
  CHECK(required_role("GET", "/users?username=x") == "query-users (or view-users)");
  CHECK(required_role("GET", "") == "view-realm");
}
