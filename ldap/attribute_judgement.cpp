#include "ldap/attribute_judgement.hpp"

#include "common/text.hpp"

namespace kcldap::ldap {

namespace {

struct Role {
  const char* role;
  const char* label;
  const std::string& configured;
  const Recommendation& recommendation;
  bool identifier;  // must be on every user and unique
};

// Adds a problem: the worst status wins, the first remedy is kept.
void raise(AttributeJudgement& out, Status status, const std::string& message, const std::string& remedy) {
  if (status == Status::fail) {
    out.status = Status::fail;
  } else if (status == Status::warn && out.status == Status::pass) {
    out.status = Status::warn;
  }
  out.problems.push_back(message);
  if (out.remedy.empty()) out.remedy = remedy;
}

// No attribute for the role: a failure for an identifier, a warning for email, else only the reason.
void judge_missing(const Role& role, AttributeCheck& check, AttributeJudgement& out) {
  check.finding = role.recommendation.reason;
  if (role.identifier) {
    raise(out, Status::fail, std::string("no attribute can serve as ") + role.label + ": " + role.recommendation.reason,
          std::string("set ") + role.role + "_attribute to an attribute every user carries with unique values");
  } else if (std::string(role.role) == "email") {
    raise(out, Status::warn, "users carry no email attribute: Keycloak users will have no email",
          "add mail to the users, or set email_attribute if the address lives elsewhere");
  }
}

// A configured attribute that few or no sampled users carry.
void judge_configured_presence(const Role& role, const std::string& attribute, const SampleSummary& sample,
                               AttributeJudgement& out) {
  const double share = sample.share(attribute);
  const AttributeStat* stat = sample.find(attribute);
  if (share == 0.0) {
    const std::string better = role.recommendation.value.empty() ? "" : "; " + role.recommendation.reason;
    raise(out, role.identifier ? Status::fail : Status::warn,
          std::string(role.role) + "_attribute = \"" + attribute + "\" is carried by none of " +
              std::to_string(sample.sampled) + " sampled users" + better,
          std::string("set ") + role.role + "_attribute = \"" +
              (role.recommendation.value.empty() ? std::string("auto") : role.recommendation.value) + "\"");
  } else if (role.identifier && share < 1.0) {
    raise(out, Status::warn,
          std::string(role.role) + "_attribute = \"" + attribute + "\" is missing on " +
              std::to_string(100 - percent(stat->present, sample.sampled)) + "% of sampled users; Keycloak cannot import them",
          "choose an attribute every user carries");
  }
}

void judge_role(const Role& role, const SampleSummary& sample, AttributeJudgement& out) {
  const bool from_config = role.configured != "auto";
  const std::string attribute = from_config ? role.configured : role.recommendation.value;
  AttributeCheck check{role.role, attribute, from_config ? "config" : "recommended", ""};
  if (attribute.empty()) {
    judge_missing(role, check, out);
    out.checks.push_back(check);
    return;
  }
  const AttributeStat* stat = sample.find(attribute);
  check.finding = std::string(role.role) == "rdn" && !from_config ? role.recommendation.reason
                                                                   : describe_presence(sample, attribute, role.identifier);
  if (from_config && std::string(role.role) != "rdn") judge_configured_presence(role, attribute, sample, out);
  if (role.identifier && stat != nullptr && !stat->unique()) {
    raise(out, Status::warn,
          std::string(role.label) + " attribute " + attribute + " is not unique: " + std::to_string(stat->duplicates) +
              " sampled users share a value with another (Keycloak compares usernames case-insensitively)",
          "choose a unique attribute, or fix the duplicates in the directory");
  }
  out.summary.push_back(std::string(role.label) + " " + attribute +
                        (std::string(role.role) == "email" ? " (" + std::to_string(percent(stat ? stat->present : 0, sample.sampled)) + "%)" : ""));
  out.checks.push_back(check);
}

}  // namespace

AttributeJudgement judge_attributes(const SampleSummary& sample, const Recommendations& recommended, const AttributeSettings& configured) {
  const Role roles[] = {{"username", "username", configured.username, recommended.username, true},
                        {"rdn", "RDN", configured.rdn, recommended.rdn, false},
                        {"uuid", "UUID", configured.uuid, recommended.uuid, true},
                        {"email", "email", configured.email, recommended.email, false},
                        {"first_name", "first name", configured.first_name, recommended.first_name, false},
                        {"last_name", "last name", configured.last_name, recommended.last_name, false}};
  AttributeJudgement out;
  for (const auto& role : roles) judge_role(role, sample, out);
  return out;
}

}  // namespace kcldap::ldap
