#include "checks/user_lookup.hpp"

#include "common/text.hpp"
#include "keycloak/realm_api.hpp"
#include "ldap/guid.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::checks {

using nlohmann::json;

namespace {

std::string field_label(const std::string& field) {
  if (field == "firstName") return "first name";
  if (field == "lastName") return "last name";
  return field;
}

std::string source_of(const std::map<std::string, std::string>& sources, const std::string& field) {
  auto found = sources.find(field);
  return found == sources.end() ? "" : found->second;
}

// What the lookups found, over all sample users.
struct Findings {
  std::vector<std::string> problems;
  std::vector<std::string> warnings;
  std::vector<std::string> found_lines;
  bool missing_users = false;      // not found, or not linked: a sync/collision matter
  bool empty_fields = false;       // found, but a mapped field is wrong: a mapper matter
  bool identity_problems = false;  // LDAP_ID or the enabled state differ from the entry
};

// The directory entry's own id and state, as Keycloak should mirror them: LDAP_ID (objectGUID decoded
// on AD) and, on AD, a disabled account (userAccountControl) disabled in Keycloak too.
void compare_identity(const json& user, const ldap::ListedUser& directory_user, const std::string& username,
                      const LookupContext& context, std::vector<std::string>& problems, std::vector<std::string>& warnings,
                      std::string& line) {
  const std::string raw_id = context.uuid_attribute.empty() ? "" : directory_user.value(context.uuid_attribute);
  if (!raw_id.empty() && user.contains("attributes") && user["attributes"].contains("LDAP_ID")) {
    const json& ids = user["attributes"]["LDAP_ID"];
    const std::string stored = ids.is_array() && !ids.empty() && ids.front().is_string() ? ids.front().get<std::string>() : "";
    const std::string expected = ldap::directory_id_text(context.uuid_attribute, raw_id);
    if (!stored.empty() && !kcldap::iequals(stored, expected)) {
      problems.push_back(username + ": LDAP_ID is \"" + stored + "\" in Keycloak but the entry's " + context.uuid_attribute + " is \"" +
                         expected + "\"");
    }
  }
  const std::string control = directory_user.value("userAccountControl");
  if (!ldap::ad_account_disabled(control).value_or(false)) return;
  if (!user.value("enabled", true)) {
    line += " (disabled, as in Active Directory)";
  } else if (context.account_controls_mapper) {
    problems.push_back(username + ": disabled in Active Directory (userAccountControl " + control +
                       ") but enabled in Keycloak, though an MSAD account controls mapper exists");
  } else {
    warnings.push_back(username + ": disabled in Active Directory but enabled in Keycloak: no MSAD account controls mapper " +
                       "(default_mappers = \"keep\" or \"adopt\" keeps Keycloak's, or add [[mappers]] type = \"msad-account-controls\")");
  }
}

// The user's email and names in Keycloak against the directory entry's mapped attributes (and, where no
// mapper reads one, the attribute the probe found users carry). Adds each value to `line`.
void compare_fields(const json& user, const ldap::ListedUser& directory_user, const std::string& username, const PostCheckInputs& inputs,
                    const std::map<std::string, std::string>& sources, Findings& findings, std::string& line) {
  auto& problems = findings.problems;
  for (const std::string field : {"email", "firstName", "lastName"}) {
    const std::string mapped_attribute = source_of(sources, field);
    const std::string in_keycloak = user.value(field, "");
    const std::string in_directory = mapped_attribute.empty() ? "" : directory_user.value(mapped_attribute);
    const std::string evidence_attribute = source_of(inputs.evidence, field);
    const std::string evidence_value = evidence_attribute.empty() ? "" : directory_user.value(evidence_attribute);
    const bool email = field == "email";
    const auto same = [&](const std::string& a, const std::string& b) { return email ? kcldap::iequals(a, b) : a == b; };
    const std::size_t before = problems.size();
    if (!in_keycloak.empty()) {
      if (!in_directory.empty() && !same(in_keycloak, in_directory)) {
        problems.push_back(username + ": " + field_label(field) + " is \"" + in_keycloak + "\" in Keycloak but " + mapped_attribute +
                           " is \"" + in_directory + "\" in the directory");
      }
      line += email ? " <" + in_keycloak + ">" : " " + in_keycloak;
    } else if (!in_directory.empty()) {
      problems.push_back(username + ": " + field_label(field) + " is empty in Keycloak though " + mapped_attribute + " is \"" +
                         in_directory + "\" in the directory");
    } else if (!evidence_value.empty() && mapped_attribute.empty()) {
      // No mapper at all is a choice (e.g. default_mappers = "delete"): worth a warning, not a failure.
      findings.warnings.push_back(username + ": " + field_label(field) + " stays empty: no mapper fills it, though the user has " +
                                  evidence_attribute + " = \"" + evidence_value + "\"");
    } else if (!evidence_value.empty()) {
      problems.push_back(username + ": " + field_label(field) + " is empty: the " + field_label(field) + " mapper reads " + mapped_attribute +
                         ", which this user lacks, but the user has " + evidence_attribute + " = \"" + evidence_value + "\"");
    }
    findings.empty_fields = findings.empty_fields || problems.size() > before;
  }
}

// One sample user: found through Keycloak, linked to this provider, fields and identity as in the directory.
void look_up(keycloak::AdminClient& client, const std::string& provider_id, const ldap::ListedUser& directory_user,
             const std::string& username, const PostCheckInputs& inputs, const std::map<std::string, std::string>& sources,
             const LookupContext& context, Findings& findings) {
  auto answer = keycloak::find_users_by_username(client, username);
  if (!answer) {
    findings.problems.push_back(username + ": " + answer.error().cause);
    return;
  }
  // Several providers over one directory can each list the user: prefer the one linked to this provider.
  const json* user = nullptr;
  for (const auto& candidate : *answer) {
    if (candidate.value("username", "") != username) continue;
    if (user == nullptr || candidate.value("federationLink", "") == provider_id) user = &candidate;
  }
  if (user == nullptr) {
    findings.problems.push_back(username + " (" + directory_user.dn + "): Keycloak does not find this user");
    findings.missing_users = true;
    return;
  }
  const std::string link = user->value("federationLink", "");
  if (link != provider_id) {
    findings.problems.push_back(username + ": found, but " +
                                (link.empty() ? "as a local user, not linked to the provider" : "linked to another provider (" + link + ")"));
    findings.missing_users = true;
    return;
  }
  std::string line = username;
  compare_fields(*user, directory_user, username, inputs, sources, findings, line);
  const std::size_t before_identity = findings.problems.size();
  compare_identity(*user, directory_user, username, context, findings.problems, findings.warnings, line);
  findings.identity_problems = findings.identity_problems || findings.problems.size() > before_identity;
  findings.found_lines.push_back(line);
}

Check verdict(Findings findings) {
  if (findings.problems.empty() && findings.warnings.empty()) {
    return make_check("", "", "", Status::pass,
                      std::to_string(findings.found_lines.size()) + " sample users found through Keycloak, linked to the provider, attributes filled",
                      "", findings.found_lines);
  }
  if (findings.problems.empty()) {
    findings.warnings.insert(findings.warnings.end(), findings.found_lines.begin(), findings.found_lines.end());
    return make_check("", "", "", Status::warn,
                      std::to_string(findings.found_lines.size()) + " sample users found and linked, but some fields stay empty for lack of a mapper",
                      "add a [[mappers]] entry for the field (or use default_mappers = \"adopt\") if Keycloak should show it", findings.warnings);
  }
  std::string remedy;
  if (findings.missing_users) {
    remedy = "a directory user is missing or held by another account in Keycloak: kcldap check (sync.local-collisions) names the "
             "accounts that block it";
  }
  if (findings.empty_fields) {
    remedy += std::string(remedy.empty() ? "" : "; ") +
              "for an empty or wrong field, fix the mapper's LDAP attribute ([ldap] email_attribute / first_name_attribute / "
              "last_name_attribute, or [[mappers]]) and apply again";
  }
  if (findings.identity_problems) {
    remedy += std::string(remedy.empty() ? "" : "; ") +
              "for LDAP_ID, check [ldap] uuid_attribute (objectGUID on Active Directory); for a disabled account, check the "
              "MSAD account controls mapper";
  }
  return make_check("", "", "", Status::fail, findings.problems.front(), remedy, findings.problems);
}

}  // namespace

Check lookup_check(keycloak::AdminClient& client, const std::string& provider_id, const PostCheckInputs& inputs,
                   const std::map<std::string, std::string>& sources, const LookupContext& context) {
  const std::string username_attribute = source_of(sources, "username");
  Findings findings;
  for (const auto& directory_user : inputs.sample_users) {
    const std::string username = kcldap::lowercase(directory_user.value(username_attribute));
    if (!username.empty()) look_up(client, provider_id, directory_user, username, inputs, sources, context, findings);
  }
  if (inputs.sample_users.empty()) return make_check("", "", "", Status::skip, "no directory user to look up");
  return verdict(std::move(findings));
}

}  // namespace kcldap::checks
