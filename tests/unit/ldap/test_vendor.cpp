#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ldap/vendor.hpp"

using namespace kcldap::ldap;

namespace {

Entry captured(const std::string& name) {
  std::ifstream file(std::string(KCLDAP_SOURCE_DIR) + "/fixtures/rootdse/" + name);
  REQUIRE(file);
  const auto json = nlohmann::json::parse(file);
  Entry entry;
  for (const auto& [key, values] : json.items()) {
    if (key.front() == '_') continue;
    entry.attributes.emplace_back(key, values.get<std::vector<std::string>>());
  }
  return entry;
}

}  // namespace

TEST_CASE("OpenLDAP is recognised by its root DSE object class", "[vendor]") {
  const auto guess = detect_vendor(captured("openldap-2.5.json"));
  CHECK(guess.keycloak_vendor == "other");
  CHECK(guess.product == "OpenLDAP");
  CHECK_FALSE(guess.active_directory);
}

TEST_CASE("389 Directory Server maps to Keycloak's rhds", "[vendor]") {
  const auto guess = detect_vendor(captured("389ds-2.3.json"));
  CHECK(guess.keycloak_vendor == "rhds");
  CHECK(guess.product == "389 Directory Server");
  CHECK(guess.version.find("389-Directory/2.3.1") != std::string::npos);
}

TEST_CASE("FreeIPA is 389-DS with the ipaca naming context", "[vendor]") {
  const auto guess = detect_vendor(captured("freeipa-4.10.json"));
  CHECK(guess.keycloak_vendor == "rhds");
  CHECK(guess.product.find("FreeIPA") != std::string::npos);
}

TEST_CASE("Active Directory is recognised by its capability OID", "[vendor]") {
  const auto guess = detect_vendor(captured("active-directory-2019.json"));
  CHECK(guess.keycloak_vendor == "ad");
  CHECK(guess.product == "Active Directory");
  CHECK(guess.active_directory);
  CHECK(guess.version.find("Windows Server 2016") != std::string::npos);
  CHECK_FALSE(guess.evidence.empty());
}

TEST_CASE("Samba AD is AD for Keycloak, and named as Samba", "[vendor]") {
  const auto guess = detect_vendor(captured("samba-4.17.json"));
  CHECK(guess.keycloak_vendor == "ad");
  CHECK(guess.product == "Samba AD");
  CHECK(guess.version == "4.17.12-Debian");
}

TEST_CASE("an empty root DSE is an unknown server with vendor other", "[vendor]") {
  const auto guess = detect_vendor(Entry{});
  CHECK(guess.keycloak_vendor == "other");
  CHECK(guess.product == "unknown LDAP server");
}

TEST_CASE("userAccountControl: ACCOUNTDISABLE read from the number, anything else not judged", "[vendor]") {
  CHECK(kcldap::ldap::ad_account_disabled("514") == true);    // NORMAL_ACCOUNT | ACCOUNTDISABLE
  CHECK(kcldap::ldap::ad_account_disabled("512") == false);
  CHECK(kcldap::ldap::ad_account_disabled("66050") == true);  // ... | DONT_EXPIRE_PASSWORD
  CHECK_FALSE(kcldap::ldap::ad_account_disabled(""));
  CHECK_FALSE(kcldap::ldap::ad_account_disabled("disabled"));
  CHECK_FALSE(kcldap::ldap::ad_account_disabled("514x"));
  CHECK_FALSE(kcldap::ldap::ad_account_disabled("99999999999999999999999"));
}
