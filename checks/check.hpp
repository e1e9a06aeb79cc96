// A check as a plain value: a stable id, a status, a one-line finding, details and a remedy when it is not
// a pass. Every stage of the pipeline (directory probe, Keycloak preflight, simulated sync, post-checks,
// restart hook) reports through these, and one Report carries them to the text/JSON/JUnit renderers.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "ldap/probe.hpp"

namespace kcldap::checks {

using Status = kcldap::Status;

struct Check {
  std::string id;       // stable, e.g. "ldap.bind", "keycloak.roles", "post.user-lookup"
  std::string group;    // the stage it belongs to, e.g. "Directory", "Post-checks"
  std::string title;    // short human name
  Status status = Status::skip;
  std::string finding;  // one line
  std::vector<std::string> details;
  std::string remedy;   // what to do, when not a pass
  double seconds = 0;   // how long it took
  bool show_details = false;  // details matter even on a pass (e.g. the simulated sync's sample users)
};

struct Counts {
  int pass = 0;
  int warn = 0;
  int fail = 0;
  int skip = 0;
};

struct Report {
  std::string command;  // "check", "verify", "apply"
  std::vector<Check> checks;

  Counts counts() const;
  // No failure (and, with `strict`, no warning either).
  bool passed(bool strict = false) const;
  const Check* find(const std::string& id) const;
  std::vector<std::string> groups() const;  // the stages, in the order they first appear
  void add(Check check) { checks.push_back(std::move(check)); }
  void append(const std::vector<Check>& more) { checks.insert(checks.end(), more.begin(), more.end()); }
};

// Live progress: told when a long step starts (with what it is doing) and when each check is done.
struct Observer {
  std::function<void(const std::string& id, const std::string& activity)> started;
  std::function<void(const Check& check)> finished;
  void start(const std::string& id, const std::string& activity) const {
    if (started) started(id, activity);
  }
  void finish(const Check& check) const {
    if (finished) finished(check);
  }
};

Check check_from_stage(const ldap::StageResult& stage);
// The probe's stages as checks of the "Directory" group (same ids: ldap.connect, ldap.tls, ...).
std::vector<Check> checks_from_probe(const ldap::ProbeReport& probe);

Check make_check(std::string id, std::string group, std::string title, Status status, std::string finding,
                 std::string remedy = "", std::vector<std::string> details = {});

}  // namespace kcldap::checks
