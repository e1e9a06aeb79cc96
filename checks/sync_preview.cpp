#include "checks/sync_preview.hpp"

#include "common/text.hpp"

namespace kcldap::checks {

using nlohmann::json;

namespace {

constexpr const char* kGroup = "Simulated sync";
constexpr std::size_t kExamples = 5;

std::string source_of(const std::map<std::string, std::string>& sources, const std::string& field) {
  auto found = sources.find(field);
  return found == sources.end() ? "" : found->second;
}

std::string describe(const PreviewUser& user) {
  std::string line = user.username;
  if (!user.email.empty()) line += " <" + user.email + ">";
  const std::string name = user.first_name + (user.first_name.empty() || user.last_name.empty() ? "" : " ") + user.last_name;
  line += name.empty() ? "  (no name)" : "  " + name;
  return line;
}

std::vector<std::pair<std::string, std::vector<std::string>>> repeated(const std::map<std::string, std::vector<std::string>>& index) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& [value, dns] : index) {
    if (dns.size() > 1) out.emplace_back(value, dns);
  }
  return out;
}

// The LDAP attributes the federation's mappers read, fetched once: every check names them in its text.
struct Attributes {
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
};

Attributes attributes_of(const std::map<std::string, std::string>& sources) {
  return {source_of(sources, "username"), source_of(sources, "email"), source_of(sources, "firstName"), source_of(sources, "lastName")};
}

// The sample's heading names the attributes each column comes from, so a reader can tell a wrong mapper
// from a wrong value.
std::string sample_heading(const Attributes& attributes) {
  return "as Keycloak would show them (username <email> first last), from " + attributes.username +
         (attributes.email.empty() ? "" : ", " + attributes.email) +
         (attributes.first_name.empty() ? "" : ", " + attributes.first_name) +
         (attributes.last_name.empty() ? "" : ", " + attributes.last_name) + ":";
}

// An empty listing fails (nobody could log in); entries without a username warn, since Keycloak refuses
// to import them but the others come in.
void judge_population(const DirectoryPopulation& directory, const std::string& username_attribute, Check& check) {
  if (directory.total() == 0) {
    check.status = Status::fail;
    check.finding = "no directory user matches the federation's users DN and filter: nobody could log in";
    check.remedy = "check [ldap] users_dn, user_filter and user_object_classes with kcldap probe";
  } else if (directory.without_username() > 0) {
    check.status = Status::warn;
    check.finding += "; " + std::to_string(directory.without_username()) + " entries lack " + username_attribute +
                     " and cannot be imported (\"User returned from LDAP has null username\")";
    check.remedy = "pick a username attribute every user carries ([ldap] username_attribute), or exclude those entries with user_filter";
    for (const auto& dn : directory.without_username_examples()) check.details.push_back("no " + username_attribute + ": " + dn);
  }
}

// Missing emails never block a sync, so they are details, not a status.
void note_emails(const DirectoryPopulation& directory, const std::string& email_attribute, Check& check) {
  if (email_attribute.empty()) {
    check.details.push_back("no email mapper: users will have no email in Keycloak");
  } else if (directory.without_email() > 0) {
    check.details.push_back(std::to_string(directory.without_email()) + " of " + std::to_string(directory.total()) +
                            " users have no " + email_attribute + ": they will have no email in Keycloak");
  }
}

Check preview_check(const DirectoryPopulation& directory, const Attributes& attributes, const SyncPreviewSettings& settings) {
  const std::string verb = settings.import_on ? "would be imported" : "would be visible to Keycloak (import off: looked up at login)";
  Check check = make_check("sync.preview", kGroup, "Users", Status::pass, "");
  check.show_details = true;
  const std::size_t importable = directory.total() - directory.without_username();
  check.finding = std::to_string(importable) + (directory.complete() ? "" : "+") + " directory users " + verb;
  judge_population(directory, attributes.username, check);
  if (!directory.complete()) check.details.push_back("the listing stopped early (size limit): counts are lower bounds");
  note_emails(directory, attributes.email, check);
  check.details.push_back(sample_heading(attributes));
  for (const auto& user : directory.sample()) check.details.push_back("  " + describe(user));
  return check;
}

// The Keycloak users that already hold a directory user's username or email. Users linked to our own
// provider are the directory users themselves, not collisions.
struct Collisions {
  std::vector<std::string> by_username;
  std::vector<std::string> by_email;
  std::size_t local = 0;  // the Keycloak users compared (not linked to our provider)
};

Collisions find_collisions(const DirectoryPopulation& directory, const json& users, const SyncPreviewSettings& settings) {
  Collisions found;
  for (const auto& user : users) {
    const std::string link = user.value("federationLink", "");
    if (!settings.provider_id.empty() && link == settings.provider_id) continue;  // already ours
    ++found.local;
    const std::string username = kcldap::lowercase(user.value("username", ""));
    const std::string email = kcldap::lowercase(user.value("email", ""));
    const std::string owner = link.empty() ? "a local Keycloak user" : "a user of another provider (" + link + ")";
    if (auto hit = directory.by_username().find(username); hit != directory.by_username().end()) {
      found.by_username.push_back("username " + username + ": " + owner + " already has it; directory entry " + hit->second.front());
    }
    // A realm that allows duplicate emails lets both accounts keep the address.
    if (!email.empty() && !settings.duplicate_emails_allowed) {
      if (auto hit = directory.by_email().find(email); hit != directory.by_email().end()) {
        found.by_email.push_back("email " + email + ": " + owner + " (" + username + ") already has it; directory entry " + hit->second.front());
      }
    }
  }
  return found;
}

// A username clash always blocks; an email clash blocks only a sync that imports (without import the
// login finds the existing account instead).
void report_collisions(const Collisions& found, const SyncPreviewSettings& settings, Check& check) {
  if (found.by_username.empty() && found.by_email.empty()) {
    check.finding = "no directory username or email belongs to any of the " + std::to_string(found.local) + " other Keycloak users";
    return;
  }
  const std::string count = std::to_string(found.by_username.size() + found.by_email.size());
  check.finding = count + " directory users collide with existing Keycloak users (" + std::to_string(found.by_username.size()) +
                  " by username, " + std::to_string(found.by_email.size()) + " by email)";
  const bool blocking = !found.by_username.empty() || settings.import_on;
  check.status = blocking ? Status::fail : Status::warn;
  check.details.push_back(settings.import_on
                              ? "a sync fails for each of them (Keycloak will not link an existing account to the directory)"
                              : "logins with these usernames reach the existing Keycloak account, not the directory user");
  for (std::size_t i = 0; i < found.by_username.size() && i < kExamples * 2; ++i) check.details.push_back(found.by_username[i]);
  for (std::size_t i = 0; i < found.by_email.size() && i < kExamples * 2; ++i) check.details.push_back(found.by_email[i]);
  check.remedy = "delete or rename those Keycloak users before the first sync (or exclude the directory users with [ldap] user_filter)";
}

Check local_collisions_check(const DirectoryPopulation& directory, const KeycloakUsers& keycloak, const SyncPreviewSettings& settings) {
  Check check = make_check("sync.local-collisions", kGroup, "Local users", Status::pass, "");
  if (!keycloak.users) {
    check.status = Status::skip;
    check.finding = keycloak.not_listed_reason;
  } else {
    report_collisions(find_collisions(directory, *keycloak.users, settings), settings, check);
  }
  return check;
}

// The first few repeated values, each with the DNs that share it.
void list_duplicates(const std::vector<std::pair<std::string, std::vector<std::string>>>& duplicates, Check& check) {
  for (std::size_t i = 0; i < duplicates.size() && i < kExamples; ++i) {
    check.details.push_back(duplicates[i].first + ": " + kcldap::join(duplicates[i].second, "; "));
  }
}

Check duplicate_usernames_check(const DirectoryPopulation& directory, const std::string& username_attribute) {
  const auto duplicates = repeated(directory.by_username());
  Check check = make_check("sync.duplicate-usernames", kGroup, "Unique usernames", Status::pass,
                           username_attribute + " is unique across the " + std::to_string(directory.total()) + " users");
  if (duplicates.empty()) return check;
  check.status = Status::fail;
  check.finding = std::to_string(duplicates.size()) + " usernames (" + username_attribute +
                  ", compared without case as Keycloak does) belong to more than one directory user";
  list_duplicates(duplicates, check);
  check.details.push_back("Keycloak imports the first and fails the others; logins become ambiguous");
  check.remedy = "choose a unique username attribute ([ldap] username_attribute), or narrow users_dn / user_filter";
  return check;
}

// Repeated emails matter only when the realm forbids them, and block only a sync that imports.
Check duplicate_emails_check(const DirectoryPopulation& directory, const std::string& email_attribute, const SyncPreviewSettings& settings) {
  const auto duplicates = repeated(directory.by_email());
  Check check = make_check("sync.duplicate-emails", kGroup, "Unique emails", Status::pass,
                           email_attribute.empty() ? "no email mapper: nothing to compare"
                                                   : email_attribute + " is unique across the users that have one");
  if (duplicates.empty() || settings.duplicate_emails_allowed) return check;
  check.status = settings.import_on ? Status::fail : Status::warn;
  check.finding = std::to_string(duplicates.size()) + " email addresses (" + email_attribute + ") belong to more than one directory user";
  list_duplicates(duplicates, check);
  check.details.push_back(settings.import_on ? "the realm does not allow duplicate emails: the sync fails for all but the first"
                                             : "the realm does not allow duplicate emails: those users may fail to log in");
  check.remedy = "fix the addresses in the directory, map email from another attribute, or allow duplicate emails in the realm's login settings";
  return check;
}

}  // namespace

void DirectoryPopulation::add(const ldap::ListedUser& user) {
  ++total_;
  PreviewUser preview;
  preview.dn = user.dn;
  preview.username = kcldap::lowercase(user.value(source_of(sources_, "username")));
  preview.email = kcldap::lowercase(user.value(source_of(sources_, "email")));
  preview.first_name = user.value(source_of(sources_, "firstName"));
  preview.last_name = user.value(source_of(sources_, "lastName"));
  if (preview.username.empty()) {
    ++without_username_;
    if (without_username_examples_.size() < kExamples) without_username_examples_.push_back(user.dn);
  } else {
    by_username_[preview.username].push_back(user.dn);
  }
  if (preview.email.empty()) {
    ++without_email_;
  } else {
    by_email_[preview.email].push_back(user.dn);
  }
  if (sample_.size() < sample_size_) sample_.push_back(std::move(preview));
}

std::vector<Check> sync_preview_checks(const DirectoryPopulation& directory, const KeycloakUsers& keycloak,
                                       const SyncPreviewSettings& settings) {
  const Attributes attributes = attributes_of(directory.sources());
  std::vector<Check> out;
  out.push_back(preview_check(directory, attributes, settings));
  out.push_back(local_collisions_check(directory, keycloak, settings));
  out.push_back(duplicate_usernames_check(directory, attributes.username));
  out.push_back(duplicate_emails_check(directory, attributes.email, settings));
  return out;
}

}  // namespace kcldap::checks
