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
  std::vector<Check> out;
  const auto& sources = directory.sources();
  const std::string username_attribute = source_of(sources, "username");
  const std::string email_attribute = source_of(sources, "email");
  const std::string verb = settings.import_on ? "would be imported" : "would be visible to Keycloak (import off: looked up at login)";

  // sync.preview
  {
    Check check = make_check("sync.preview", kGroup, "Users", Status::pass, "");
    check.show_details = true;
    const std::size_t importable = directory.total() - directory.without_username();
    check.finding = std::to_string(importable) + (directory.complete() ? "" : "+") + " directory users " + verb;
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
    if (!directory.complete()) check.details.push_back("the listing stopped early (size limit): counts are lower bounds");
    if (email_attribute.empty()) {
      check.details.push_back("no email mapper: users will have no email in Keycloak");
    } else if (directory.without_email() > 0) {
      check.details.push_back(std::to_string(directory.without_email()) + " of " + std::to_string(directory.total()) +
                              " users have no " + email_attribute + ": they will have no email in Keycloak");
    }
    check.details.push_back("as Keycloak would show them (username <email> first last), from " + username_attribute +
                            (email_attribute.empty() ? "" : ", " + email_attribute) +
                            (source_of(sources, "firstName").empty() ? "" : ", " + source_of(sources, "firstName")) +
                            (source_of(sources, "lastName").empty() ? "" : ", " + source_of(sources, "lastName")) + ":");
    for (const auto& user : directory.sample()) check.details.push_back("  " + describe(user));
    out.push_back(std::move(check));
  }

  // sync.local-collisions
  {
    Check check = make_check("sync.local-collisions", kGroup, "Local users", Status::pass, "");
    if (!keycloak.users) {
      check.status = Status::skip;
      check.finding = keycloak.not_listed_reason;
    } else {
      std::vector<std::string> username_clashes;
      std::vector<std::string> email_clashes;
      std::size_t local = 0;
      for (const auto& user : *keycloak.users) {
        const std::string link = user.value("federationLink", "");
        if (!settings.provider_id.empty() && link == settings.provider_id) continue;  // already ours
        ++local;
        const std::string username = kcldap::lowercase(user.value("username", ""));
        const std::string email = kcldap::lowercase(user.value("email", ""));
        const std::string owner = link.empty() ? "a local Keycloak user" : "a user of another provider (" + link + ")";
        if (auto hit = directory.by_username().find(username); hit != directory.by_username().end()) {
          username_clashes.push_back("username " + username + ": " + owner + " already has it; directory entry " + hit->second.front());
        }
        if (!email.empty() && !settings.duplicate_emails_allowed) {
          if (auto hit = directory.by_email().find(email); hit != directory.by_email().end()) {
            email_clashes.push_back("email " + email + ": " + owner + " (" + username + ") already has it; directory entry " + hit->second.front());
          }
        }
      }
      if (username_clashes.empty() && email_clashes.empty()) {
        check.finding = "no directory username or email belongs to any of the " + std::to_string(local) + " other Keycloak users";
      } else {
        const std::string count = std::to_string(username_clashes.size() + email_clashes.size());
        check.finding = count + " directory users collide with existing Keycloak users (" + std::to_string(username_clashes.size()) +
                        " by username, " + std::to_string(email_clashes.size()) + " by email)";
        const bool blocking = !username_clashes.empty() || settings.import_on;
        check.status = blocking ? Status::fail : Status::warn;
        check.details.push_back(settings.import_on
                                    ? "a sync fails for each of them (Keycloak will not link an existing account to the directory)"
                                    : "logins with these usernames reach the existing Keycloak account, not the directory user");
        for (std::size_t i = 0; i < username_clashes.size() && i < kExamples * 2; ++i) check.details.push_back(username_clashes[i]);
        for (std::size_t i = 0; i < email_clashes.size() && i < kExamples * 2; ++i) check.details.push_back(email_clashes[i]);
        check.remedy = "delete or rename those Keycloak users before the first sync (or exclude the directory users with [ldap] user_filter)";
      }
    }
    out.push_back(std::move(check));
  }

  // sync.duplicate-usernames and sync.duplicate-emails (within the directory)
  {
    const auto duplicates = repeated(directory.by_username());
    Check check = make_check("sync.duplicate-usernames", kGroup, "Unique usernames", Status::pass,
                             username_attribute + " is unique across the " + std::to_string(directory.total()) + " users");
    if (!duplicates.empty()) {
      check.status = Status::fail;
      check.finding = std::to_string(duplicates.size()) + " usernames (" + username_attribute +
                      ", compared without case as Keycloak does) belong to more than one directory user";
      for (std::size_t i = 0; i < duplicates.size() && i < kExamples; ++i) {
        check.details.push_back(duplicates[i].first + ": " + kcldap::join(duplicates[i].second, "; "));
      }
      check.details.push_back("Keycloak imports the first and fails the others; logins become ambiguous");
      check.remedy = "choose a unique username attribute ([ldap] username_attribute), or narrow users_dn / user_filter";
    }
    out.push_back(std::move(check));
  }
  {
    const auto duplicates = repeated(directory.by_email());
    Check check = make_check("sync.duplicate-emails", kGroup, "Unique emails", Status::pass,
                             email_attribute.empty() ? "no email mapper: nothing to compare"
                                                     : email_attribute + " is unique across the users that have one");
    if (!duplicates.empty() && !settings.duplicate_emails_allowed) {
      check.status = settings.import_on ? Status::fail : Status::warn;
      check.finding = std::to_string(duplicates.size()) + " email addresses (" + email_attribute + ") belong to more than one directory user";
      for (std::size_t i = 0; i < duplicates.size() && i < kExamples; ++i) {
        check.details.push_back(duplicates[i].first + ": " + kcldap::join(duplicates[i].second, "; "));
      }
      check.details.push_back(settings.import_on ? "the realm does not allow duplicate emails: the sync fails for all but the first"
                                                 : "the realm does not allow duplicate emails: those users may fail to log in");
      check.remedy = "fix the addresses in the directory, map email from another attribute, or allow duplicate emails in the realm's login settings";
    }
    out.push_back(std::move(check));
  }
  return out;
}

}  // namespace kcldap::checks
