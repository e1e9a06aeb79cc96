// The simulated sync of `kcldap check`: what a real sync would bring in, computed without a write. The
// directory side is accumulated from one streamed listing; the Keycloak side is the realm's users.
// The checks say how many users would come in (with a sample as Keycloak would show them) and which
// would fail or link the wrong account: local users holding the same username or email, and usernames
// or emails the directory itself repeats.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "ldap/user_listing.hpp"

namespace kcldap::checks {

// A directory user as Keycloak would import it: username lowercased, email lowercased.
struct PreviewUser {
  std::string dn;
  std::string username;
  std::string email;
  std::string first_name;
  std::string last_name;
};

class DirectoryPopulation {
 public:
  // `sources`: user field -> LDAP attribute (keycloak::user_attribute_sources).
  DirectoryPopulation(std::map<std::string, std::string> sources, std::size_t sample_size)
      : sources_(std::move(sources)), sample_size_(sample_size) {}

  void add(const ldap::ListedUser& user);
  void set_complete(bool complete) { complete_ = complete; }

  const std::map<std::string, std::string>& sources() const { return sources_; }
  std::size_t total() const { return total_; }
  bool complete() const { return complete_; }
  const std::vector<PreviewUser>& sample() const { return sample_; }
  std::size_t without_username() const { return without_username_; }
  const std::vector<std::string>& without_username_examples() const { return without_username_examples_; }
  std::size_t without_email() const { return without_email_; }
  // lowercased username / email -> the DNs that carry it (only values seen more than once matter)
  const std::map<std::string, std::vector<std::string>>& by_username() const { return by_username_; }
  const std::map<std::string, std::vector<std::string>>& by_email() const { return by_email_; }

 private:
  std::map<std::string, std::string> sources_;
  std::size_t sample_size_;
  std::size_t total_ = 0;
  bool complete_ = true;
  std::vector<PreviewUser> sample_;
  std::size_t without_username_ = 0;
  std::vector<std::string> without_username_examples_;
  std::size_t without_email_ = 0;
  std::map<std::string, std::vector<std::string>> by_username_;
  std::map<std::string, std::vector<std::string>> by_email_;
};

struct KeycloakUsers {
  std::optional<nlohmann::json> users;  // the realm's users (array); nullopt: not listed
  std::string not_listed_reason;
};

struct SyncPreviewSettings {
  std::string provider_id;  // the stored provider (its linked users are no collision), "" when none yet
  bool import_on = true;
  bool duplicate_emails_allowed = false;  // the realm's setting
};

// Checks sync.preview, sync.local-collisions, sync.duplicate-usernames, sync.duplicate-emails.
std::vector<Check> sync_preview_checks(const DirectoryPopulation& directory, const KeycloakUsers& keycloak,
                                       const SyncPreviewSettings& settings);

}  // namespace kcldap::checks
