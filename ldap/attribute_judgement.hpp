// Judges, from a sample of users, the attribute each role of Keycloak's mappers will read (username,
// RDN, UUID, email, first and last name): the configured one or the recommendation, how many sampled
// users carry it, and whether an identifier is unique. Pure: no I/O.
#pragma once
#include <string>
#include <vector>

#include "ldap/discovery.hpp"
#include "ldap/probe.hpp"

namespace kcldap::ldap {

struct AttributeJudgement {
  Status status = Status::pass;        // the worst problem's
  std::vector<AttributeCheck> checks;  // one per role, in role order
  std::vector<std::string> problems;   // in words, in role order
  std::string remedy;                  // what to do about the first problem
  std::vector<std::string> summary;    // e.g. "username uid", "email mail (94%)"
};

AttributeJudgement judge_attributes(const SampleSummary& sample, const Recommendations& recommended, const AttributeSettings& configured);

}  // namespace kcldap::ldap
