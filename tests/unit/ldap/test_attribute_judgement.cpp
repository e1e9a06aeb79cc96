// ldap/attribute_judgement: which attribute each mapper role reads, judged from a sample of users.
#include <catch2/catch.hpp>

#include "ldap/attribute_judgement.hpp"

using namespace kcldap::ldap;
using kcldap::Status;

namespace {

// 10 sampled users: uid on all (unique), mail on 9, cn on all, sn on all but with duplicates.
SampleSummary sample() {
  SampleSummary s;
  s.sampled = 10;
  s.attributes = {{"uid", 10, 0, 0, false}, {"mail", 9, 0, 0, false}, {"givenName", 10, 0, 0, false},
                  {"sn", 10, 4, 0, false}, {"entryUUID", 10, 0, 0, false}};
  return s;
}

Recommendations recommended() {
  Recommendations r;
  r.username = {"uid", "uid: present on 100% of 10 sampled users, unique"};
  r.rdn = {"uid", "the DNs of 10 of 10 sampled users start with uid="};
  r.uuid = {"entryUUID", "entryUUID: present on 100% of 10 sampled users, unique"};
  r.email = {"mail", "mail on 90%"};
  r.first_name = {"givenName", "givenName on 100%"};
  r.last_name = {"sn", "sn on 100%"};
  return r;
}

}  // namespace

TEST_CASE("the recommendations pass when every identifier is on every user and unique", "[ldap][attributes]") {
  const AttributeJudgement judged = judge_attributes(sample(), recommended(), AttributeSettings{});
  CHECK(judged.status == Status::pass);
  CHECK(judged.problems.empty());
  REQUIRE(judged.checks.size() == 6);
  CHECK(judged.checks[0].role == "username");
  CHECK(judged.checks[0].attribute == "uid");
  CHECK(judged.checks[0].source == "recommended");
  CHECK(judged.summary == std::vector<std::string>{"username uid", "RDN uid", "UUID entryUUID", "email mail (90%)", "first name givenName",
                                                   "last name sn"});
}

TEST_CASE("a configured identifier nobody carries fails, with the recommendation as the fix", "[ldap][attributes]") {
  AttributeSettings configured;
  configured.username = "sAMAccountName";
  const AttributeJudgement judged = judge_attributes(sample(), recommended(), configured);
  CHECK(judged.status == Status::fail);
  REQUIRE(!judged.problems.empty());
  CHECK(judged.problems[0] == "username_attribute = \"sAMAccountName\" is carried by none of 10 sampled users; uid: present on 100% of 10 "
                              "sampled users, unique");
  CHECK(judged.remedy == "set username_attribute = \"uid\"");
  CHECK(judged.checks[0].source == "config");
}

TEST_CASE("a configured email nobody carries warns; a non-unique identifier warns; a missing identifier fails", "[ldap][attributes]") {
  AttributeSettings configured;
  configured.email = "otherMailbox";
  configured.uuid = "sn";  // present on all, but shared
  const AttributeJudgement judged = judge_attributes(sample(), recommended(), configured);
  CHECK(judged.status == Status::warn);
  REQUIRE(judged.problems.size() == 2);
  CHECK(judged.problems[0].find("UUID attribute sn is not unique: 4 sampled users share a value") == 0);
  CHECK(judged.problems[1].find("email_attribute = \"otherMailbox\" is carried by none of 10 sampled users") == 0);

  Recommendations nothing = recommended();
  nothing.uuid = {"", "no attribute is on every sampled user with unique values"};
  const AttributeJudgement missing = judge_attributes(sample(), nothing, AttributeSettings{});
  CHECK(missing.status == Status::fail);
  CHECK(missing.problems[0] == "no attribute can serve as UUID: no attribute is on every sampled user with unique values");
}
