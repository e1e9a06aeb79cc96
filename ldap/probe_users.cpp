// The probe stage that finds the users: the users DN, checked when configured, proposed from where users
// live when unset. The user count is in probe_user_count.cpp.
#include <algorithm>
#include <map>
#include "ldap/dn.hpp"
#include "ldap/filter.hpp"
#include "ldap/probe_run.hpp"
#include "ldap/probe_helpers.hpp"
#include "ldap/result_codes.hpp"

namespace kcldap::ldap::detail {

void ProbeRun::resolve_user_filter() {
  UsersInfo& users = report_.users;
  if (options_.user_filter != "auto") {
    user_filter_ = options_.user_filter;
    users.custom_filter_reason = user_filter_.empty() ? "" : "set in the config";
  } else if (server_is_active_directory()) {
    // Only on a server that is AD: elsewhere isCriticalSystemObject is unknown and the filter matches nobody.
    user_filter_ = kAdUserFilter;
    users.custom_filter_reason = "Active Directory: computers are objectClass user too; leave them and system accounts out";
  } else {
    user_filter_.clear();
  }
  users.custom_filter = user_filter_;
}

namespace {

// Users per parent container, keyed by normalized DN: the container's DN as written, and its count.
using ContainerTally = std::map<std::string, std::pair<std::string, std::size_t>>;

// The naming contexts to look for users in: the default one first, then the others that hold site data.
std::vector<std::string> user_search_contexts(const ServerInfo& server) {
  std::vector<std::string> contexts;
  if (!server.default_naming_context.empty()) contexts.push_back(server.default_naming_context);
  for (const auto& context : server.naming_contexts) {
    if (!is_system_context(context) &&
        std::none_of(contexts.begin(), contexts.end(), [&](const std::string& c) { return iequals(c, context); })) {
      contexts.push_back(context);
    }
  }
  return contexts;
}

// Users below each DN: each container's count added to it and to its ancestors up to the naming context.
ContainerTally subtree_tally(const ContainerTally& containers, const std::string& context_of_users) {
  ContainerTally subtree_counts;
  for (const auto& [normalized, slot] : containers) {
    for (std::string dn = slot.first; !dn.empty(); dn = parent_dn(dn)) {
      auto& counted = subtree_counts[normalize_dn(dn)];
      if (counted.first.empty()) counted.first = dn;
      counted.second += slot.second;
      if (!context_of_users.empty() && iequals(normalize_dn(dn), normalize_dn(context_of_users))) break;
    }
  }
  return subtree_counts;
}

// The deepest DN holding at least 95% of the users, if any.
std::optional<UsersDnCandidate> deepest_holding_most(const ContainerTally& containers, const ContainerTally& subtree_counts,
                                                     std::size_t total) {
  std::optional<UsersDnCandidate> deepest;
  for (const auto& [normalized, slot] : subtree_counts) {
    if (slot.second * 100 < total * 95) continue;
    if (!deepest || slot.first.size() > deepest->dn.size()) {
      const auto direct = containers.find(normalized);
      const bool all_direct = direct != containers.end() && direct->second.second == slot.second;
      deepest = UsersDnCandidate{slot.first, slot.second, all_direct ? "one" : "subtree"};
    }
  }
  return deepest;
}

// At most five candidates: the deepest DN holding nearly all users, then the fullest containers.
std::vector<UsersDnCandidate> rank_candidates(const ContainerTally& containers, std::size_t total,
                                              const std::string& context_of_users) {
  std::vector<UsersDnCandidate> candidates;
  if (auto deepest = deepest_holding_most(containers, subtree_tally(containers, context_of_users), total)) {
    candidates.push_back(*deepest);
  }
  std::vector<std::pair<std::string, std::size_t>> direct;
  for (const auto& [normalized, slot] : containers) direct.push_back(slot);
  std::stable_sort(direct.begin(), direct.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& slot : direct) {
    if (candidates.size() >= 5) break;
    if (std::any_of(candidates.begin(), candidates.end(), [&](const auto& c) { return iequals(c.dn, slot.first); })) continue;
    candidates.push_back({slot.first, slot.second, "one"});
  }
  return candidates;
}

void add_candidate_details(StageResult& stage, const std::vector<UsersDnCandidate>& candidates) {
  for (const auto& candidate : candidates) {
    stage.details.push_back("candidate: " + candidate.dn + " (" + std::to_string(candidate.users) + " users, scope " +
                            candidate.scope + ")");
  }
}

}  // namespace

std::vector<UsersDnCandidate> ProbeRun::propose_users_dns(const std::vector<std::string>& object_classes) {
  const ServerInfo& server = *report_.server;
  // Tally the parent container of each user (bounded), then find the deepest DN holding nearly all of them.
  ContainerTally containers;
  std::size_t total = 0;
  std::string context_of_users;
  for (const auto& context : user_search_contexts(server)) {
    SearchRequest request;
    request.base = context;
    request.scope = Scope::subtree;
    request.filter = effective_user_filter(object_classes, user_filter_);
    request.page_size = server.paged_results ? options_.page_size : 0;
    auto searched = connection_->search(request, [&](const Entry& entry) {
      const std::string parent = parent_dn(entry.dn);
      auto& slot = containers[normalize_dn(parent)];
      if (slot.first.empty()) slot.first = parent;
      ++slot.second;
      ++total;
      return total < 5000;
    });
    if (searched && total > 0 && context_of_users.empty()) context_of_users = context;
  }
  if (total == 0) return {};
  return rank_candidates(containers, total, context_of_users);
}

bool ProbeRun::locate_users() {
  resolve_user_filter();
  const auto object_classes = default_object_classes();
  return options_.users_dn.empty() ? propose_users_dn(object_classes) : check_users_dn(object_classes);
}

bool ProbeRun::check_users_dn(const std::vector<std::string>& object_classes) {
  StageResult stage{"ldap.users-dn", "Users DN", Status::pass, "", {}, ""};
  UsersInfo& users = report_.users;
  users.dn = options_.users_dn;
  users.dn_source = "config";
  SearchRequest request;
  request.base = options_.users_dn;
  request.scope = Scope::base;
  request.page_size = 0;
  auto searched = connection_->search(request, [](const Entry&) { return true; });
  if (searched && searched->entries == 1) {
    stage.message = users.dn + " exists and is readable by " + (options_.bind_dn.empty() ? "anonymous" : options_.bind_dn);
    finish(std::move(stage));
    return true;
  }
  stage.status = Status::fail;
  users.candidates = propose_users_dns(object_classes);
  explain_unreadable_users_dn(stage, searched ? std::nullopt : std::optional<LdapFailure>(searched.error()));
  add_candidate_details(stage, users.candidates);
  finish(std::move(stage));
  return false;
}

// `failure` is empty when the search succeeded but found no entry.
void ProbeRun::explain_unreadable_users_dn(StageResult& stage, const std::optional<LdapFailure>& failure) {
  const UsersInfo& users = report_.users;
  const bool anonymous = options_.bind_dn.empty();
  const int code = failure ? failure->code : 32;
  const std::string suggestion =
      users.candidates.empty() ? "" : "; users were found under " + users.candidates.front().dn;
  if (anonymous && (code == 50 || code == 32)) {
    stage.message = "anonymous access to " + users.dn + " is denied (or the entry does not exist)";
    stage.remedy = "set bind_dn and bind_password to a read-only service account";
  } else if (code == 32) {
    stage.message = "the users DN " + users.dn + " does not exist";
    if (failure && !failure->matched_dn.empty()) {
      stage.details.push_back("the closest entry that exists is " + failure->matched_dn);
    }
    stage.remedy = "check users_dn for typos" + suggestion;
  } else if (code == 50) {
    stage.message = "the bind identity may not read " + users.dn;
    stage.remedy = "grant " + options_.bind_dn + " read access to " + users.dn;
  } else {
    const Explanation why = explain_failure("search", code, failure ? failure->diagnostic : "");
    stage.message = "reading " + users.dn + " failed: " + why.cause;
    stage.remedy = why.remedy;
  }
}

bool ProbeRun::propose_users_dn(const std::vector<std::string>& object_classes) {
  StageResult stage{"ldap.users-dn", "Users DN", Status::pass, "", {}, ""};
  UsersInfo& users = report_.users;
  users.dn_source = "proposed";
  users.candidates = propose_users_dns(object_classes);
  if (users.candidates.empty()) {
    stage.status = Status::fail;
    stage.message = "users_dn is not set and no users matching " + effective_user_filter(object_classes, user_filter_) +
                    " were found under the naming contexts";
    stage.remedy = options_.bind_dn.empty()
                       ? "anonymous reads may be refused: set bind_dn and bind_password"
                       : "set users_dn (and user_object_classes if your users are not " + join(object_classes) + ")";
    finish(std::move(stage));
    return false;
  }
  users.dn = users.candidates.front().dn;
  stage.status = Status::warn;
  stage.message = "users_dn is not set; proposing " + users.dn + " (" + std::to_string(users.candidates.front().users) +
                  " users, scope " + users.candidates.front().scope + ")";
  stage.remedy = "set users_dn = \"" + users.dn + "\" in [ldap] (Keycloak needs it)";
  add_candidate_details(stage, users.candidates);
  finish(std::move(stage));
  return true;
}

}  // namespace kcldap::ldap::detail
