// The post-checks' runner: runs checks one after another within one time budget ([checks] timeout_s). A
// check that starts after the budget ran out fails as not run, and each request's timeout is cut to what
// is left. Restores the client's own timeout when done.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/post_checks.hpp"
#include "keycloak/admin_client.hpp"

namespace kcldap::checks {

inline constexpr const char* kPostCheckGroup = "Post-checks";

class PostCheckRunner {
 public:
  using Clock = std::chrono::steady_clock;
  PostCheckRunner(keycloak::AdminClient& client, const PostCheckSettings& settings, const Observer& observer);
  ~PostCheckRunner();
  PostCheckRunner(const PostCheckRunner&) = delete;
  PostCheckRunner& operator=(const PostCheckRunner&) = delete;

  // Runs `body` (which fills status, finding, details, remedy) unless the budget is spent.
  void run(const std::string& id, const std::string& title, const std::string& activity, const std::function<Check()>& body);
  void skip(const std::string& id, const std::string& title, const std::string& why);
  std::vector<Check> take() { return std::move(checks_); }
  bool last_failed() const { return !checks_.empty() && checks_.back().status == Status::fail; }

 private:
  void add(Check check);
  keycloak::AdminClient& client_;
  const PostCheckSettings& settings_;
  const Observer& observer_;
  int original_timeout_ms_;
  Clock::time_point deadline_;
  std::vector<Check> checks_;
};

}  // namespace kcldap::checks
