// The probe stages that find the users: the users DN (proposed from where users live when unset) and the
// user count with the filter Keycloak will use, with what it cannot show on Active Directory.
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

// What the user count cannot show on AD: disabled accounts among the users, and the computers and
// system accounts the user filter leaves out (or lets in, when the configured filter does not exclude them).
void ProbeRun::count_active_directory_accounts(StageResult& stage) {
  UsersInfo& users = report_.users;
  const std::string classes_only = effective_user_filter(users.object_classes, "");
  bool complete = true;
  if (auto disabled = count_matching("(&" + users.filter + kAdDisabledFilter + ")", scope_, &complete)) {
    users.disabled = *disabled;
    if (*disabled > 0) {
      stage.details.push_back("disabled in Active Directory (userAccountControl ACCOUNTDISABLE): " + std::to_string(*disabled) +
                              " of these users; Keycloak imports them, and its \"MSAD account controls\" mapper keeps them disabled");
    }
  }
  const auto count_kind = [&](const std::string& kind_filter) -> std::pair<std::size_t, std::size_t> {
    bool unused = true;
    const auto all = count_matching("(&" + classes_only + kind_filter + ")", scope_, &unused).value_or(0);
    const auto counted = count_matching("(&" + users.filter + kind_filter + ")", scope_, &unused).value_or(0);
    return {std::max(all, counted), counted};  // a failed count reads as none, never as a negative difference
  };
  const auto [computers, computers_counted] = count_kind("(objectClass=computer)");
  const auto [system, system_counted] = count_kind("(isCriticalSystemObject=TRUE)");
  users.computers_excluded = computers - computers_counted;
  users.system_excluded = system - system_counted;
  if (users.computers_excluded + users.system_excluded > 0) {
    stage.details.push_back("left out by the user filter " + users.custom_filter + ": computers " + std::to_string(users.computers_excluded) +
                            ", system accounts " + std::to_string(users.system_excluded));
  }
  if (computers_counted + system_counted > 0) {
    stage.status = Status::warn;
    stage.details.push_back("the users counted include computers (" + std::to_string(computers_counted) + ") and system accounts (" +
                            std::to_string(system_counted) + "): they are objectClass user too");
    stage.remedy = std::string("Keycloak would import them as users: set user_filter = \"auto\" or add ") + kAdUserFilter +
                   " to your user_filter";
  }
}

std::vector<UsersDnCandidate> ProbeRun::propose_users_dns(const std::vector<std::string>& object_classes) {
  const ServerInfo& server = *report_.server;
  std::vector<std::string> contexts;
  if (!server.default_naming_context.empty()) contexts.push_back(server.default_naming_context);
  for (const auto& context : server.naming_contexts) {
    if (!is_system_context(context) &&
        std::none_of(contexts.begin(), contexts.end(), [&](const std::string& c) { return iequals(c, context); })) {
      contexts.push_back(context);
    }
  }
  // Tally the parent container of each user (bounded), then find the deepest DN holding nearly all of them.
  std::map<std::string, std::pair<std::string, std::size_t>> containers;
  std::size_t total = 0;
  std::string context_of_users;
  for (const auto& context : contexts) {
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
  std::map<std::string, std::pair<std::string, std::size_t>> subtree_counts;
  for (const auto& [normalized, slot] : containers) {
    for (std::string dn = slot.first; !dn.empty(); dn = parent_dn(dn)) {
      auto& counted = subtree_counts[normalize_dn(dn)];
      if (counted.first.empty()) counted.first = dn;
      counted.second += slot.second;
      if (!context_of_users.empty() && iequals(normalize_dn(dn), normalize_dn(context_of_users))) break;
    }
  }
  std::vector<UsersDnCandidate> candidates;
  const UsersDnCandidate* best = nullptr;
  UsersDnCandidate deepest;
  for (const auto& [normalized, slot] : subtree_counts) {
    if (slot.second * 100 < total * 95) continue;
    if (best == nullptr || slot.first.size() > deepest.dn.size()) {
      const auto direct = containers.find(normalized);
      const bool all_direct = direct != containers.end() && direct->second.second == slot.second;
      deepest = {slot.first, slot.second, all_direct ? "one" : "subtree"};
      best = &deepest;
    }
  }
  if (best != nullptr) candidates.push_back(deepest);
  std::vector<std::pair<std::string, std::size_t>> direct;
  for (const auto& [normalized, slot] : containers) direct.push_back(slot);
  std::stable_sort(direct.begin(), direct.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& [dn, count] : direct) {
    if (candidates.size() >= 5) break;
    if (std::any_of(candidates.begin(), candidates.end(), [&](const auto& c) { return iequals(c.dn, dn); })) continue;
    candidates.push_back({dn, count, "one"});
  }
  return candidates;
}

bool ProbeRun::locate_users() {
  StageResult stage{"ldap.users-dn", "Users DN", Status::pass, "", {}, ""};
  UsersInfo& users = report_.users;
  resolve_user_filter();
  const auto object_classes = default_object_classes();
  const bool anonymous = options_.bind_dn.empty();
  if (!options_.users_dn.empty()) {
    users.dn = options_.users_dn;
    users.dn_source = "config";
    SearchRequest request;
    request.base = options_.users_dn;
    request.scope = Scope::base;
    request.page_size = 0;
    auto searched = connection_->search(request, [](const Entry&) { return true; });
    if (searched && searched->entries == 1) {
      stage.message = users.dn + " exists and is readable by " + (anonymous ? "anonymous" : options_.bind_dn);
      finish(std::move(stage));
      return true;
    }
    stage.status = Status::fail;
    const int code = searched ? 32 : searched.error().code;
    users.candidates = propose_users_dns(object_classes);
    const std::string suggestion =
        users.candidates.empty() ? "" : "; users were found under " + users.candidates.front().dn;
    if (anonymous && (code == 50 || code == 32)) {
      stage.message = "anonymous access to " + users.dn + " is denied (or the entry does not exist)";
      stage.remedy = "set bind_dn and bind_password to a read-only service account";
    } else if (code == 32) {
      stage.message = "the users DN " + users.dn + " does not exist";
      if (!searched && !searched.error().matched_dn.empty()) {
        stage.details.push_back("the closest entry that exists is " + searched.error().matched_dn);
      }
      stage.remedy = "check users_dn for typos" + suggestion;
    } else if (code == 50) {
      stage.message = "the bind identity may not read " + users.dn;
      stage.remedy = "grant " + options_.bind_dn + " read access to " + users.dn;
    } else {
      const Explanation why = explain_failure("search", code, searched ? "" : searched.error().diagnostic);
      stage.message = "reading " + users.dn + " failed: " + why.cause;
      stage.remedy = why.remedy;
    }
    for (const auto& candidate : users.candidates) {
      stage.details.push_back("candidate: " + candidate.dn + " (" + std::to_string(candidate.users) + " users, scope " +
                              candidate.scope + ")");
    }
    finish(std::move(stage));
    return false;
  }
  users.dn_source = "proposed";
  users.candidates = propose_users_dns(object_classes);
  if (users.candidates.empty()) {
    stage.status = Status::fail;
    stage.message = "users_dn is not set and no users matching " + effective_user_filter(object_classes, user_filter_) +
                    " were found under the naming contexts";
    stage.remedy = anonymous ? "anonymous reads may be refused: set bind_dn and bind_password"
                             : "set users_dn (and user_object_classes if your users are not " + join(object_classes) + ")";
    finish(std::move(stage));
    return false;
  }
  users.dn = users.candidates.front().dn;
  stage.status = Status::warn;
  stage.message = "users_dn is not set; proposing " + users.dn + " (" + std::to_string(users.candidates.front().users) +
                  " users, scope " + users.candidates.front().scope + ")";
  stage.remedy = "set users_dn = \"" + users.dn + "\" in [ldap] (Keycloak needs it)";
  for (const auto& candidate : users.candidates) {
    stage.details.push_back("candidate: " + candidate.dn + " (" + std::to_string(candidate.users) + " users, scope " +
                            candidate.scope + ")");
  }
  finish(std::move(stage));
  return true;
}

std::optional<std::size_t> ProbeRun::count_matching(const std::string& filter, Scope scope, bool* complete) {
  SearchRequest request;
  request.base = report_.users.dn;
  request.scope = scope;
  request.filter = filter;
  request.page_size = report_.server->paged_results || report_.server->supported_controls.empty() ? options_.page_size : 0;
  auto searched = connection_->search(request, [](const Entry&) { return true; });
  if (!searched) {
    count_failure_ = searched.error();
    return std::nullopt;
  }
  *complete = searched->complete;
  count_references_ = searched->references;
  return searched->entries;
}

bool ProbeRun::count_users() {
  StageResult stage{"ldap.user-count", "User count", Status::pass, "", {}, ""};
  UsersInfo& users = report_.users;
  scope_ = options_.search_scope.value_or(Scope::subtree);
  if (!options_.search_scope && !users.candidates.empty() && users.dn_source == "proposed") {
    scope_ = users.candidates.front().scope == "one" ? Scope::one_level : Scope::subtree;
  }
  users.scope = scope_name(scope_);
  users.object_classes = default_object_classes();
  users.filter = effective_user_filter(users.object_classes, user_filter_);
  bool complete = true;
  auto count = count_matching(users.filter, scope_, &complete);
  if (count && *count == 0 && options_.user_object_classes.empty()) {
    // The vendor's default classes match nobody: try the common alternatives before giving up.
    for (const std::vector<std::string>& alternative :
         {std::vector<std::string>{"person"}, std::vector<std::string>{"posixAccount"}, std::vector<std::string>{"account"}}) {
      const std::string filter = effective_user_filter(alternative, user_filter_);
      bool alternative_complete = true;
      auto alternative_count = count_matching(filter, scope_, &alternative_complete);
      if (alternative_count && *alternative_count > 0) {
        stage.status = Status::warn;
        stage.details.push_back("the default object classes " + join(users.object_classes) + " match no user; " +
                                join(alternative) + " matches " + std::to_string(*alternative_count));
        stage.remedy = "set user_object_classes = [\"" + join(alternative, "\", \"") + "\"] (kcldap uses it for now)";
        users.object_classes = alternative;
        users.filter = filter;
        count = alternative_count;
        complete = alternative_complete;
        break;
      }
    }
  }
  if (!count) {
    stage.status = Status::fail;
    stage.message = "counting users under " + users.dn + " failed";
    stage.remedy = "check user_filter and that the bind identity may search " + users.dn;
    if (count_failure_) {
      const Explanation why = explain_failure("search", count_failure_->code, count_failure_->diagnostic);
      stage.message += ": " + why.cause;
      stage.remedy = why.remedy;
      if (count_failure_->code == 11 && report_.server->vendor.keycloak_vendor == "rhds" && !options_.bind_dn.empty()) {
        // Keycloak pages its searches, so the paged limit is the one that matters (-1: none).
        stage.remedy = "raise the look-through limit of the bind account, as Directory Manager: dn: " + options_.bind_dn +
                       " / changetype: modify / replace: nsPagedLookThroughLimit / nsPagedLookThroughLimit: -1 (and nsLookThroughLimit for "
                       "searches without paging)";
      }
      if (!count_failure_->diagnostic.empty()) stage.details.push_back("server said: " + count_failure_->diagnostic);
      stage.details.push_back("LDAP result: " + std::to_string(count_failure_->code) + " " + result_code_name(count_failure_->code));
    }
    finish(std::move(stage));
    return false;
  }
  users.count = *count;
  users.count_complete = complete;
  if (*count == 0) {
    stage.status = Status::fail;
    stage.message = "the filter " + users.filter + " matches nobody under " + users.dn + " (scope " + users.scope + ")";
    // Say what the entries there do look like, so the fix is obvious.
    SearchRequest look;
    look.base = users.dn;
    look.scope = scope_;
    look.attributes = {"objectClass"};
    look.page_size = 0;
    look.size_limit = 50;
    std::map<std::string, std::size_t> seen;
    (void)connection_->search(look, [&](const Entry& entry) {
      for (const auto& object_class : values_of(entry, "objectClass")) ++seen[object_class];
      return true;
    });
    if (!seen.empty()) {
      std::string classes;
      for (const auto& [name, n] : seen) classes += (classes.empty() ? "" : ", ") + name + " (" + std::to_string(n) + ")";
      stage.details.push_back("entries under " + users.dn + " carry: " + classes);
    } else {
      stage.details.push_back("there are no readable entries under " + users.dn + " at scope " + users.scope);
    }
    stage.remedy = "check user_filter" + std::string(user_filter_.empty() ? "" : " (" + user_filter_ + ")") +
                   ", user_object_classes and search_scope";
    finish(std::move(stage));
    return false;
  }
  const std::string counted = (complete ? "" : "at least ") + std::to_string(*count);
  if (stage.status == Status::pass) {
    stage.message = counted + " users match " + users.filter + " under " + users.dn + " (scope " + users.scope + ")";
  } else {
    stage.message = counted + " users match " + users.filter + " under " + users.dn;
  }
  if (!complete) {
    stage.status = Status::warn;
    stage.remedy = "the server stopped the count at its size limit; enable paged results for the bind account";
  }
  if (count_references_ > 0) {
    // AD answers a search from the domain root with references to its other partitions; Keycloak's
    // default (referral "ignore") turns them into "PartialResultException: Unprocessed Continuation Reference(s)".
    stage.status = Status::warn;
    stage.details.push_back("the search met " + std::to_string(count_references_) +
                            " continuation references (referrals to other directory partitions), which kcldap does not follow");
    stage.remedy = "Keycloak's user searches would fail with \"Unprocessed Continuation Reference(s)\": set users_dn to the "
                   "container that holds the users" + std::string(active_directory() ? ", or use the Global Catalog (port 3268)" : "");
  }
  if (server_is_active_directory()) {
    if (*count > 1000) stage.details.push_back("more than 1000 users: Active Directory returns at most 1000 entries per page (MaxPageSize); keep pagination on");
    count_active_directory_accounts(stage);
  } else if (report_.server->vendor.keycloak_vendor == "rhds") {
    bool unused = true;
    if (auto locked = count_matching("(&" + users.filter + "(nsAccountLock=true))", scope_, &unused); locked && *locked > 0) {
      users.disabled = *locked;
      stage.details.push_back("locked in 389-DS (nsAccountLock): " + std::to_string(*locked) +
                              " of these users; Keycloak imports them, and the directory refuses their sign-in (result 53)");
    }
  }
  finish(std::move(stage));
  return true;
}

}  // namespace kcldap::ldap::detail
