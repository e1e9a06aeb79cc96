// The probe stage that counts the users with the filter Keycloak will use, and says what the count cannot
// show: other object classes when the default ones match nobody, disabled, locked, computer and system accounts.
#include <algorithm>
#include <map>
#include "ldap/filter.hpp"
#include "ldap/probe_run.hpp"
#include "ldap/probe_helpers.hpp"
#include "ldap/result_codes.hpp"

namespace kcldap::ldap::detail {

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
  choose_user_search();
  bool complete = true;
  auto count = count_matching(users.filter, scope_, &complete);
  if (count && *count == 0 && options_.user_object_classes.empty()) try_other_object_classes(stage, count, complete);
  if (!count) {
    explain_failed_count(stage);
    finish(std::move(stage));
    return false;
  }
  users.count = *count;
  users.count_complete = complete;
  if (*count == 0) {
    explain_empty_count(stage);
    finish(std::move(stage));
    return false;
  }
  describe_count(stage, *count, complete);
  if (server_is_active_directory()) {
    if (*count > 1000) stage.details.push_back("more than 1000 users: Active Directory returns at most 1000 entries per page (MaxPageSize); keep pagination on");
    count_active_directory_accounts(stage);
  } else if (report_.server->vendor.keycloak_vendor == "rhds") {
    count_locked_389ds_accounts(stage);
  }
  finish(std::move(stage));
  return true;
}

// The scope (configured, else the proposal's), the object classes and the filter Keycloak will search with.
void ProbeRun::choose_user_search() {
  UsersInfo& users = report_.users;
  scope_ = options_.search_scope.value_or(Scope::subtree);
  if (!options_.search_scope && !users.candidates.empty() && users.dn_source == "proposed") {
    scope_ = users.candidates.front().scope == "one" ? Scope::one_level : Scope::subtree;
  }
  users.scope = scope_name(scope_);
  users.object_classes = default_object_classes();
  users.filter = effective_user_filter(users.object_classes, user_filter_);
}

// The vendor's default classes match nobody: try the common alternatives before giving up.
void ProbeRun::try_other_object_classes(StageResult& stage, std::optional<std::size_t>& count, bool& complete) {
  UsersInfo& users = report_.users;
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
      return;
    }
  }
}

void ProbeRun::explain_failed_count(StageResult& stage) {
  const UsersInfo& users = report_.users;
  stage.status = Status::fail;
  stage.message = "counting users under " + users.dn + " failed";
  stage.remedy = "check user_filter and that the bind identity may search " + users.dn;
  if (!count_failure_) return;
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

// The filter matches nobody: say what the entries there do look like, so the fix is obvious.
void ProbeRun::explain_empty_count(StageResult& stage) {
  const UsersInfo& users = report_.users;
  stage.status = Status::fail;
  stage.message = "the filter " + users.filter + " matches nobody under " + users.dn + " (scope " + users.scope + ")";
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
}

void ProbeRun::describe_count(StageResult& stage, std::size_t count, bool complete) {
  const UsersInfo& users = report_.users;
  const std::string counted = (complete ? "" : "at least ") + std::to_string(count);
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
}

void ProbeRun::count_locked_389ds_accounts(StageResult& stage) {
  UsersInfo& users = report_.users;
  bool unused = true;
  if (auto locked = count_matching("(&" + users.filter + "(nsAccountLock=true))", scope_, &unused); locked && *locked > 0) {
    users.disabled = *locked;
    stage.details.push_back("locked in 389-DS (nsAccountLock): " + std::to_string(*locked) +
                            " of these users; Keycloak imports them, and the directory refuses their sign-in (result 53)");
  }
}

}  // namespace kcldap::ldap::detail
