// The directory half of the doctor's edge: one connection as the stored provider makes it (its URLs in
// failover order, StartTLS, bind DN; kcldap.toml's password and CA), then the root DSE (vendor, naming
// contexts), one paged pass over the users as Keycloak searches them, the counts the rules compare with
// (subtree against one level, an unpaged search against the server's size limit) and each group or role
// mapper's search. Every operation is timed for the timeout rules. Reads only.
#include "checks/doctor_evidence.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>

#include "common/text.hpp"
#include "keycloak/federation.hpp"
#include "ldap/filter.hpp"
#include "ldap/groups.hpp"
#include "ldap/result_codes.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::checks {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kPageSizeCount = 500;
constexpr int kPageSize = static_cast<int>(kPageSizeCount);
constexpr int kNoSuchObject = 32;

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

std::vector<std::string> split_list(const std::string& text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    std::string item = text.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

std::string failure_text(const ldap::LdapFailure& failure) {
  std::string text = failure.operation + " failed: " + ldap::result_code_name(failure.code);
  if (!failure.diagnostic.empty()) text += " (" + failure.diagnostic + ")";
  return text;
}

// Each user's value of an attribute, for presence and uniqueness over all users listed.
struct ValueTally {
  std::size_t present = 0;
  std::map<std::string, std::size_t> values;  // lowercased value -> users carrying it
};

AttributeStats stats_of(const ValueTally& tally) {
  AttributeStats stats;
  stats.present = tally.present;
  for (const auto& [value, count] : tally.values) {
    if (count < 2) continue;
    stats.duplicated += count;
    if (stats.duplicate_example.empty()) stats.duplicate_example = value;
  }
  return stats;
}

class DirectoryReader {
 public:
  DirectoryReader(const keycloak::Component& provider, const std::vector<keycloak::Component>& mappers, const DirectoryAccess& access)
      : provider_(provider), access_(access) {
    reading_.evidence.provider = provider;
    reading_.evidence.mappers = mappers;
  }

  DirectoryReading run() {
    if (!connect()) return std::move(reading_);
    reading_.evidence.directory_reached = true;
    read_root_dse();
    list_users();
    if (evidence().users_dn_exists) {
      count_subtree();
      measure_unpaged_limit();
    }
    for (const auto& mapper : evidence().mappers) read_group_mapper(mapper);
    return std::move(reading_);
  }

 private:
  DoctorEvidence& evidence() { return reading_.evidence; }
  void measured(double ms) { evidence().slowest_ms = std::max(evidence().slowest_ms, ms); }

  bool connect();
  void read_root_dse();
  std::vector<std::string> user_attributes() const;
  void list_users();
  void tally_user(const ldap::Entry& entry, const std::vector<std::string>& attributes);
  void count_subtree();
  void measure_unpaged_limit();
  void read_group_mapper(const keycloak::Component& mapper);
  std::optional<bool> exists(const std::string& dn);

  std::string user_filter() const {
    auto classes = split_list(provider_.value("userObjectClasses"), ',');
    if (classes.empty()) classes = {"inetOrgPerson", "organizationalPerson"};  // Keycloak's own fallback
    return ldap::effective_user_filter(classes, provider_.value("customUserSearchFilter"));
  }

  const keycloak::Component& provider_;
  const DirectoryAccess& access_;
  DirectoryReading reading_;
  std::optional<ldap::Connection> connection_;
  std::map<std::string, ValueTally> tallies_;  // lowercased attribute -> values
};

// Tries each URL of connectionUrl in order, as Keycloak fails over; binds as the provider does.
bool DirectoryReader::connect() {
  const auto urls = split_list(provider_.value("connectionUrl"), ' ');
  std::string last_error = urls.empty() ? "the provider has no connectionUrl" : "";
  for (const auto& text : urls) {
    std::string problem;
    auto url = ldap::parse_ldap_url(text, &problem);
    if (!url) {
      last_error = text + " is not an LDAP URL: " + problem;
      continue;
    }
    const auto start = Clock::now();
    auto opened = ldap::Connection::open({*url, provider_.value("startTls") == "true", access_.tls_verify, access_.ca_file});
    if (!opened) {
      last_error = text + ": " + failure_text(opened.error());
      continue;
    }
    const std::string bind_dn = provider_.value("bindDn");
    const bool anonymous = provider_.value("authType") == "none" || bind_dn.empty();
    if (!anonymous && access_.bind_password.empty()) {
      evidence().directory_error = "no [ldap] bind_password to bind as " + bind_dn + " (Keycloak never returns the stored one)";
      return false;
    }
    auto bound = anonymous ? opened->bind_anonymous() : opened->bind_simple(bind_dn, access_.bind_password);
    if (!bound) {
      evidence().directory_error = text + ": " + failure_text(bound.error());
      return false;
    }
    measured(ms_since(start));
    connection_ = std::move(*opened);
    return true;
  }
  evidence().directory_error = last_error;
  return false;
}

void DirectoryReader::read_root_dse() {
  ldap::SearchRequest request;
  request.base = "";
  request.scope = ldap::Scope::base;
  request.page_size = 0;
  request.attributes = {"*", "+", "namingContexts", "defaultNamingContext", "supportedControl", "supportedExtension",
                        "supportedCapabilities", "vendorName", "vendorVersion", "objectClass", "dsServiceName"};
  const auto start = Clock::now();
  auto searched = connection_->search(request, [&](const ldap::Entry& entry) {
    const ldap::VendorGuess guess = ldap::detect_vendor(entry);
    evidence().server_product = guess.product;
    evidence().server_vendor = guess.keycloak_vendor;
    evidence().server_is_ad = guess.active_directory;
    if (const auto* contexts = entry.values("namingContexts")) evidence().naming_contexts = *contexts;
    return true;
  });
  if (searched) measured(ms_since(start));
}

std::vector<std::string> DirectoryReader::user_attributes() const {
  std::set<std::string> wanted = {"mail", "userPrincipalName", "sAMAccountName", "uid", "cn", "objectGUID", "entryUUID", "nsUniqueId",
                                  "objectClass", "isCriticalSystemObject", "userAccountControl"};
  for (const auto& [field, attribute] : keycloak::user_attribute_sources(provider_, reading_.evidence.mappers)) wanted.insert(attribute);
  for (const char* key : {"usernameLDAPAttribute", "uuidLDAPAttribute"}) {
    if (!provider_.value(key).empty()) wanted.insert(provider_.value(key));
  }
  return {wanted.begin(), wanted.end()};
}

// One pass over the users as Keycloak searches them (its filter, base and scope), paged: counts, AD
// account kinds, and every measured attribute's presence and repeated values; keeps the first users as
// the sample to look up through Keycloak.
void DirectoryReader::list_users() {
  const auto exists_answer = exists(provider_.value("usersDn"));
  if (exists_answer && !*exists_answer) {
    evidence().users_dn_exists = false;
    return;
  }
  ldap::SearchRequest request;
  request.base = provider_.value("usersDn");
  request.scope = provider_.value("searchScope") == "1" ? ldap::Scope::one_level : ldap::Scope::subtree;
  request.filter = user_filter();
  request.attributes = user_attributes();
  request.page_size = kPageSize;
  const auto start = Clock::now();
  auto searched = connection_->search(request, [&](const ldap::Entry& entry) {
    tally_user(entry, request.attributes);
    return true;
  });
  const double ms = ms_since(start);
  if (!searched) {
    if (searched.error().code == kNoSuchObject) {
      evidence().users_dn_exists = false;
    } else {
      const auto& failure = searched.error();
      evidence().users_search_error = "after " + std::to_string(evidence().users) + " users with " + ldap::result_code_name(failure.code) +
                                      (failure.diagnostic.empty() ? std::string() : " (" + failure.diagnostic + ")");
    }
    return;
  }
  evidence().references = searched->references;
  // A read timeout bounds one answer: here, one page of users.
  const std::size_t pages = std::max<std::size_t>(1, (evidence().users + kPageSizeCount - 1) / kPageSizeCount);
  measured(ms / static_cast<double>(pages));
  for (const auto& [attribute, tally] : tallies_) evidence().attributes[attribute] = stats_of(tally);
}

void DirectoryReader::tally_user(const ldap::Entry& entry, const std::vector<std::string>& attributes) {
  DoctorEvidence& e = evidence();
  ++e.users;
  const bool computer = ldap::has_value(entry, "objectClass", "computer");
  e.computers += computer ? 1U : 0U;
  e.system_accounts += !computer && ldap::has_value(entry, "isCriticalSystemObject", "TRUE") ? 1U : 0U;
  if (const auto* control = entry.values("userAccountControl"); control != nullptr && !control->empty()) {
    e.disabled += ldap::ad_account_disabled(control->front()).value_or(false) ? 1U : 0U;
  }
  std::set<std::string> seen;
  for (const auto& attribute : attributes) {
    const std::string key = kcldap::lowercase(attribute);
    if (!seen.insert(key).second || key == "objectclass") continue;
    ValueTally& tally = tallies_[key];
    const auto* values = entry.values(attribute);
    if (values == nullptr || values->empty()) continue;
    ++tally.present;
    // Binary ids compare byte for byte; names and addresses as Keycloak compares them, ignoring case.
    const bool binary = key == "objectguid" || key == "guid";
    ++tally.values[binary ? values->front() : kcldap::lowercase(values->front())];
  }
  const std::string username = provider_.value("usernameLDAPAttribute");
  if (!username.empty() && !entry.has(username) && e.username_examples.size() < 3) e.username_examples.push_back(entry.dn);
  if (reading_.sample.size() < static_cast<std::size_t>(access_.sample_users) && (username.empty() || entry.has(username))) {
    ldap::ListedUser user;
    user.dn = entry.dn;
    for (const auto& [name, values] : entry.attributes) {
      if (!values.empty()) user.values.emplace(kcldap::lowercase(name), values.front());
    }
    reading_.sample.push_back(std::move(user));
  }
}

// With scope one level: how many users the same filter finds over the whole subtree.
void DirectoryReader::count_subtree() {
  if (provider_.value("searchScope") != "1") return;
  ldap::SearchRequest request;
  request.base = provider_.value("usersDn");
  request.scope = ldap::Scope::subtree;
  request.filter = user_filter();
  request.page_size = kPageSize;
  std::size_t count = 0;
  auto searched = connection_->search(request, [&](const ldap::Entry&) {
    ++count;
    return true;
  });
  if (searched) evidence().users_subtree = count;
}

// With pagination off: the users an unpaged search returns before the server's size limit stops it.
void DirectoryReader::measure_unpaged_limit() {
  if (provider_.value("pagination") == "true" || evidence().users == 0) return;
  ldap::SearchRequest request;
  request.base = provider_.value("usersDn");
  request.scope = provider_.value("searchScope") == "1" ? ldap::Scope::one_level : ldap::Scope::subtree;
  request.filter = user_filter();
  request.page_size = 0;
  std::size_t count = 0;
  auto searched = connection_->search(request, [&](const ldap::Entry&) {
    ++count;
    return true;
  });
  if (searched && searched->size_limited) evidence().unpaged_limit = count;
  if (!searched && searched.error().code == 4) evidence().unpaged_limit = count;  // sizeLimitExceeded as an error
}

// Whether an entry exists (a base search); nullopt when the directory would not say.
std::optional<bool> DirectoryReader::exists(const std::string& dn) {
  ldap::SearchRequest request;
  request.base = dn;
  request.scope = ldap::Scope::base;
  request.page_size = 0;
  const auto start = Clock::now();
  auto searched = connection_->search(request, [](const ldap::Entry&) { return true; });
  if (searched) {
    measured(ms_since(start));
    return searched->entries > 0;
  }
  if (searched.error().code == kNoSuchObject) return false;
  return std::nullopt;
}

// A group or role mapper's search: entries of its classes (and filter) below its DN, and how many carry
// its membership attribute; besides, the groups of other classes there and the membership they use.
void DirectoryReader::read_group_mapper(const keycloak::Component& mapper) {
  const bool group = mapper.provider_id == "group-ldap-mapper";
  if (!group && mapper.provider_id != "role-ldap-mapper") return;
  const std::string kind = group ? "group" : "role";
  GroupMapperFacts facts;
  facts.name = mapper.name;
  facts.kind = kind;
  facts.dn = mapper.value(kind + "s.dn");
  facts.object_classes = mapper.first(kind + ".object.classes").value_or(evidence().server_is_ad ? "group" : "groupOfNames");
  facts.membership_attribute = mapper.first("membership.ldap.attribute").value_or("member");
  const auto found = exists(facts.dn);
  facts.dn_exists = !found || *found;
  if (facts.dn_exists) {
    std::string filter = mapper.value(kind + "s.ldap.filter");
    for (const auto& object_class : split_list(facts.object_classes, ',')) filter += "(objectClass=" + object_class + ")";
    ldap::SearchRequest request{facts.dn, ldap::Scope::subtree, "(&" + filter + ")", {facts.membership_attribute}, kPageSize};
    std::set<std::string> mine;
    (void)connection_->search(request, [&](const ldap::Entry& entry) {
      ++facts.groups;
      const auto* members = entry.values(facts.membership_attribute);
      facts.groups_with_members += members != nullptr && !members->empty() ? 1U : 0U;
      mine.insert(kcldap::lowercase(entry.dn));
      return true;
    });
    ldap::SearchRequest others{facts.dn, ldap::Scope::subtree, ldap::group_filter(), {"member", "uniqueMember", "memberUid"}, kPageSize};
    (void)connection_->search(others, [&](const ldap::Entry& entry) {
      if (mine.count(kcldap::lowercase(entry.dn)) == 0) ++facts.other_groups;
      for (const char* attribute : {"member", "uniqueMember", "memberUid"}) {
        if (facts.other_membership.empty() && entry.has(attribute) && !kcldap::iequals(attribute, facts.membership_attribute)) {
          facts.other_membership = attribute;
        }
      }
      return true;
    });
  }
  evidence().group_mappers.push_back(std::move(facts));
}

}  // namespace

DirectoryReading read_directory(const keycloak::Component& provider, const std::vector<keycloak::Component>& mappers,
                                const DirectoryAccess& access) {
  return DirectoryReader(provider, mappers, access).run();
}

}  // namespace kcldap::checks
