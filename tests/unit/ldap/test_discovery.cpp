#include <catch2/catch.hpp>

#include "ldap/discovery.hpp"
#include "ldap/groups.hpp"

using namespace kcldap::ldap;

namespace {

Entry user(const std::string& uid, const std::string& container, bool with_mail) {
  Entry entry;
  entry.dn = "uid=" + uid + "," + container;
  entry.attributes = {{"objectClass", {"inetOrgPerson", "organizationalPerson", "person"}},
                      {"uid", {uid}},
                      {"cn", {uid + " Name"}},
                      {"sn", {"Name"}},
                      {"entryUUID", {"uuid-" + uid}}};
  if (with_mail) entry.attributes.push_back({"mail", {uid + "@example.org"}});
  return entry;
}

VendorGuess openldap() {
  VendorGuess guess;
  guess.product = "OpenLDAP";
  return guess;
}

}  // namespace

TEST_CASE("the sample measures presence and uniqueness", "[discovery]") {
  AttributeSampler sampler(candidate_user_attributes(), "ou=people,dc=x");
  for (int i = 0; i < 10; ++i) sampler.add(user("u" + std::to_string(i), "ou=people,dc=x", i != 3));
  const auto summary = sampler.summary();
  CHECK(summary.sampled == 10);
  CHECK(summary.share("mail") == Approx(0.9));
  CHECK(summary.find("uid")->unique());
  CHECK_FALSE(summary.find("sn")->unique());
  CHECK(summary.find("givenName") == nullptr);
  CHECK(summary.below_users_dn == 0);
  CHECK(summary.object_classes.front().second == 10);
}

TEST_CASE("usernames that differ only in case are duplicates, as Keycloak lowercases them", "[discovery]") {
  AttributeSampler sampler({"uid"}, "ou=people,dc=x");
  sampler.add(user("JDoe", "ou=people,dc=x", true));
  sampler.add(user("jdoe", "ou=people,dc=x", true));
  CHECK(sampler.summary().find("uid")->duplicates == 1);
}

TEST_CASE("recommendations follow the evidence", "[discovery]") {
  AttributeSampler sampler(candidate_user_attributes(), "ou=people,dc=x");
  for (int i = 0; i < 8; ++i) sampler.add(user("u" + std::to_string(i), "ou=people,dc=x", true));
  sampler.add(user("c1", "ou=contractors,ou=people,dc=x", false));
  const auto summary = sampler.summary();
  const auto recommended = recommend(summary, openldap(), {"inetOrgPerson", "organizationalPerson"});
  CHECK(recommended.username.value == "uid");
  CHECK(recommended.uuid.value == "entryUUID");
  CHECK(recommended.email.value == "mail");
  CHECK(recommended.email.reason.find("89%") != std::string::npos);
  CHECK(recommended.rdn.value == "uid");
  CHECK(recommended.search_scope.value == "subtree");
  CHECK(recommended.first_name.value.empty());
  CHECK(recommended.last_name.value == "sn");
}

TEST_CASE("Active Directory prefers sAMAccountName and objectGUID, and may take email from the UPN", "[discovery]") {
  AttributeSampler sampler(candidate_user_attributes(), "CN=Users,DC=corp");
  for (int i = 0; i < 5; ++i) {
    Entry entry;
    entry.dn = "CN=User " + std::to_string(i) + ",CN=Users,DC=corp";
    entry.attributes = {{"objectClass", {"top", "person", "organizationalPerson", "user"}},
                        {"cn", {"User " + std::to_string(i)}},
                        {"sAMAccountName", {"user" + std::to_string(i)}},
                        {"userPrincipalName", {"user" + std::to_string(i) + "@corp.example.com"}},
                        {"objectGUID", {std::string("\x01\x02\x03", 3) + static_cast<char>(i)}},
                        {"userAccountControl", {i == 0 ? "514" : "512"}}};
    sampler.add(entry);
  }
  VendorGuess ad;
  ad.keycloak_vendor = "ad";
  ad.active_directory = true;
  ad.product = "Active Directory";
  const auto summary = sampler.summary();
  CHECK(summary.disabled == 1);
  CHECK(summary.find("objectGUID")->binary);
  const auto recommended = recommend(summary, ad, {"person", "organizationalPerson", "user"});
  CHECK(recommended.username.value == "sAMAccountName");
  CHECK(recommended.uuid.value == "objectGUID");
  CHECK(recommended.email.value == "userPrincipalName");  // no user has mail
  CHECK(recommended.rdn.value == "cn");
}

TEST_CASE("on Active Directory, mail stays the email source when a few users lack it; the UPN only when mail is scarce", "[discovery]") {
  VendorGuess ad;
  ad.keycloak_vendor = "ad";
  ad.active_directory = true;
  ad.product = "Active Directory";
  const auto sample_with_mail_on = [&ad](int with_mail) {
    AttributeSampler sampler(candidate_user_attributes(), "OU=Staff,DC=corp");
    for (int i = 0; i < 10; ++i) {
      Entry entry;
      entry.dn = "CN=User " + std::to_string(i) + ",OU=Staff,DC=corp";
      entry.attributes = {{"objectClass", {"top", "person", "organizationalPerson", "user"}},
                          {"sAMAccountName", {"user" + std::to_string(i)}},
                          {"userPrincipalName", {"user" + std::to_string(i) + "@corp.example.com"}}};
      if (i < with_mail) entry.attributes.push_back({"mail", {"user" + std::to_string(i) + "@example.com"}});
      sampler.add(entry);
    }
    return recommend(sampler.summary(), ad, {"person", "organizationalPerson", "user"}).email;
  };
  const auto nine_of_ten = sample_with_mail_on(9);
  CHECK(nine_of_ten.value == "mail");
  CHECK(nine_of_ten.reason.find("preferred to userPrincipalName, on 10 of 10") != std::string::npos);
  CHECK(sample_with_mail_on(10).value == "mail");
  CHECK(sample_with_mail_on(5).value == "userPrincipalName");
}

TEST_CASE("group sampling finds containers, membership and nesting", "[discovery][groups]") {
  GroupSampler sampler;
  Entry engineering{"cn=engineering,ou=groups,dc=x", {{"objectClass", {"groupOfNames"}}, {"cn", {"engineering"}},
                                                      {"member", {"uid=a,ou=people,dc=x"}}}};
  Entry staff{"cn=staff,ou=groups,dc=x", {{"objectClass", {"groupOfNames"}}, {"cn", {"staff"}},
                                          {"member", {"CN=Engineering,ou=groups,dc=x", "uid=b,ou=people,dc=x"}}}};
  Entry posix{"cn=dev,ou=groups,dc=x", {{"objectClass", {"posixGroup"}}, {"cn", {"dev"}}, {"memberUid", {"a"}}}};
  sampler.add(staff);
  sampler.add(engineering);
  sampler.add(posix);
  const auto summary = sampler.summary();
  CHECK(summary.sampled == 3);
  CHECK(summary.recommended_dn() == "ou=groups,dc=x");
  CHECK(summary.recommended_object_class() == "groupOfNames");
  CHECK(summary.recommended_membership_attribute() == "member");
  CHECK(summary.membership_type() == "DN");
  REQUIRE(summary.nested_examples.size() == 1);
  CHECK(summary.nested_examples.front().find("cn=staff") != std::string::npos);
}
