#include "checks/post_check_runner.hpp"

#include <algorithm>

namespace kcldap::checks {

PostCheckRunner::PostCheckRunner(keycloak::AdminClient& client, const PostCheckSettings& settings, const Observer& observer)
    : client_(client), settings_(settings), observer_(observer), original_timeout_ms_(client.timeout_ms()),
      deadline_(Clock::now() + std::chrono::seconds(settings.timeout_s)) {}

PostCheckRunner::~PostCheckRunner() { client_.set_timeout_ms(original_timeout_ms_); }

void PostCheckRunner::run(const std::string& id, const std::string& title, const std::string& activity, const std::function<Check()>& body) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
  if (left <= 0) {
    add(make_check(id, kPostCheckGroup, title, Status::fail,
                   "not run: the post-check time budget ([checks] timeout_s = " + std::to_string(settings_.timeout_s) + ") ran out",
                   "raise [checks] timeout_s (a full sync of a large directory takes a while)"));
    return;
  }
  // The budget bounds each request instead of [keycloak] timeout_ms: a full sync may need all of it.
  client_.set_timeout_ms(static_cast<int>(std::min<long long>(left, 24LL * 3600 * 1000)));
  observer_.start(id, activity);
  const auto start = Clock::now();
  Check check = body();
  check.id = id;
  check.group = kPostCheckGroup;
  check.title = title;
  check.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  add(std::move(check));
}

void PostCheckRunner::skip(const std::string& id, const std::string& title, const std::string& why) {
  add(make_check(id, kPostCheckGroup, title, Status::skip, why));
}

void PostCheckRunner::add(Check check) {
  observer_.finish(check);
  checks_.push_back(std::move(check));
}

}  // namespace kcldap::checks
