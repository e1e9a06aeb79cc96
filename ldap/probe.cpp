#include "ldap/probe.hpp"

#include <sstream>

#include "ldap/probe_run.hpp"
#include "ldap/result_codes.hpp"
#include "ldap/tcp.hpp"
#include "ldap/tls_findings.hpp"

namespace kcldap::ldap {

bool ProbeReport::failed() const {
  for (const auto& stage : stages) {
    if (stage.status == Status::fail) return true;
  }
  return false;
}

const StageResult* ProbeReport::stage(std::string_view id) const {
  for (const auto& stage : stages) {
    if (stage.id == id) return &stage;
  }
  return nullptr;
}

ProbeReport run_probe(const ProbeOptions& options, const StageObserver& observer) {
  return detail::ProbeRun(options, observer).run();
}

namespace detail {
namespace {

const std::vector<std::pair<std::string, std::string>> kStages = {
    {"ldap.connect", "Connect"},         {"ldap.tls", "TLS"},
    {"ldap.bind", "Bind"},               {"ldap.root-dse", "Root DSE"},
    {"ldap.vendor", "Vendor"},           {"ldap.users-dn", "Users DN"},
    {"ldap.required-groups", "Required groups"},
    {"ldap.user-count", "User count"},   {"ldap.attributes", "Attributes"},
    {"ldap.groups", "Groups"}};

std::vector<std::pair<std::string, std::string>> stages_after(const std::string& id) {
  std::vector<std::pair<std::string, std::string>> rest;
  bool found = false;
  for (const auto& stage : kStages) {
    if (found) rest.push_back(stage);
    if (stage.first == id) found = true;
  }
  return rest;
}

std::string format_millis(double millis) {
  std::ostringstream out;
  out.precision(millis < 10 ? 2 : 0);
  out << std::fixed << millis << " ms";
  return out.str();
}

void add_server_words(StageResult& stage, const LdapFailure& failure) {
  if (!failure.diagnostic.empty()) stage.details.push_back("server said: " + failure.diagnostic);
  stage.details.push_back("LDAP result: " + std::to_string(failure.code) + " " + result_code_name(failure.code));
}

}  // namespace

void ProbeRun::finish(StageResult stage) {
  if (observer_) observer_(stage);
  report_.stages.push_back(std::move(stage));
}

void ProbeRun::skip_remaining(const std::vector<std::pair<std::string, std::string>>& stages, const std::string& why) {
  for (const auto& [id, title] : stages) {
    if (id == "ldap.required-groups" && options_.required_groups.empty()) continue;  // a stage only with required_groups
    StageResult stage{id, title, Status::skip, "skipped: " + why, {}, ""};
    finish(std::move(stage));
  }
}

ProbeReport ProbeRun::run() {
  report_.active_directory = active_directory();  // the config's word until the server has been read
  if (!connect()) {
    skip_remaining(stages_after("ldap.connect"), "no server could be reached");
    return std::move(report_);
  }
  if (!secure_channel()) {
    skip_remaining(stages_after("ldap.tls"), "no usable connection");
    return std::move(report_);
  }
  if (!bind()) {
    skip_remaining(stages_after("ldap.bind"), "the bind failed");
    return std::move(report_);
  }
  read_root_dse();
  detect_vendor_stage();
  if (!locate_users()) {
    skip_remaining(stages_after("ldap.users-dn"), "no usable users DN");
    return std::move(report_);
  }
  if (!options_.required_groups.empty() && !check_required_groups()) {
    skip_remaining({{"ldap.user-count", "User count"}, {"ldap.attributes", "Attributes"}}, "a required group is not usable");
    discover_groups();
    return std::move(report_);
  }
  if (!count_users()) {
    skip_remaining({{"ldap.attributes", "Attributes"}}, report_.users.count ? "no user matches the filter" : "the users could not be counted");
  } else {
    discover_attributes();
  }
  discover_groups();
  return std::move(report_);
}

bool ProbeRun::connect() {
  StageResult stage{"ldap.connect", "Connect", Status::fail, "", {}, ""};
  std::size_t unreachable = 0;
  std::string first_problem;
  for (const auto& url : options_.urls) {
    TcpProbe probe = tcp_connect(url.host, url.port, options_.connect_timeout_ms);
    std::string line = url.to_string() + ": ";
    if (!probe.resolved) {
      line += "unknown host (" + probe.resolve_error + ")";
    } else {
      for (const auto& attempt : probe.attempts) {
        line += attempt.address + " " + describe(attempt.error) + " in " + format_millis(attempt.millis) + "; ";
      }
      line.resize(line.size() - 2);
    }
    stage.details.push_back(line);
    if (probe.connected()) {
      if (!chosen_url_) chosen_url_ = url;
      continue;
    }
    ++unreachable;
    if (first_problem.empty()) first_problem = line;
  }
  if (!chosen_url_) {
    stage.message = options_.urls.size() == 1 ? "cannot reach " + first_problem
                                               : "none of the " + std::to_string(options_.urls.size()) +
                                                     " LDAP servers is reachable";
    stage.remedy = "check the host name and port (LDAP usually 389, LDAPS 636), that the server runs, and that no "
                   "firewall blocks this machine; connect_timeout_ms is " +
                   std::to_string(options_.connect_timeout_ms);
    finish(std::move(stage));
    return false;
  }
  report_.server = ServerInfo{};
  report_.server->url = chosen_url_->to_string();
  if (unreachable > 0) {
    stage.status = Status::warn;
    stage.message = "using " + chosen_url_->to_string() + "; " + std::to_string(unreachable) +
                    " other URL(s) in the failover list are unreachable";
    stage.remedy = "remove or fix the unreachable URLs: Keycloak tries them in order and waits for each to time out";
  } else {
    stage.status = Status::pass;
    stage.message = "reached " + chosen_url_->to_string();
  }
  finish(std::move(stage));
  return true;
}

bool ProbeRun::secure_channel() {
  const LdapUrl& url = *chosen_url_;
  const bool uses_tls = url.secure || options_.start_tls;
  StageResult stage = uses_tls ? inspect_channel(url) : judge_plain_channel(options_);
  if (stage.status == Status::fail) {
    finish(std::move(stage));
    return false;
  }
  return open_connection(std::move(stage), uses_tls);
}

// kcldap's own handshake shows the certificate even when verification fails; libldap's would not.
StageResult ProbeRun::inspect_channel(const LdapUrl& url) {
  TlsInspection tls = inspect_tls(url, options_.start_tls, options_.ca_file, options_.connect_timeout_ms);
  StageResult stage = judge_tls(tls, url, options_);
  report_.tls = std::move(tls);
  return stage;
}

bool ProbeRun::open_connection(StageResult stage, bool uses_tls) {
  ConnectOptions connect_options{*chosen_url_, options_.start_tls, options_.tls_verify, options_.ca_file,
                                 options_.connect_timeout_ms, options_.read_timeout_ms};
  auto opened = Connection::open(connect_options);
  if (!opened) {
    const auto& failure = opened.error();
    const Explanation why = explain_failure(failure.operation, failure.code, failure.diagnostic);
    stage.status = Status::fail;
    stage.message = failure.operation + " with libldap failed: " + why.cause;
    stage.remedy = why.remedy;
    add_server_words(stage, failure);
    finish(std::move(stage));
    return false;
  }
  connection_ = std::move(*opened);
  if (uses_tls) {
    const std::string negotiated = connection_->tls_protocol();
    if (!negotiated.empty()) stage.details.push_back("libldap negotiated " + negotiated + " " + connection_->tls_cipher());
  }
  finish(std::move(stage));
  return true;
}

bool ProbeRun::bind() {
  StageResult stage{"ldap.bind", "Bind", Status::pass, "", {}, ""};
  const bool anonymous = options_.bind_dn.empty();
  auto bound = anonymous ? connection_->bind_anonymous() : connection_->bind_simple(options_.bind_dn, options_.bind_password);
  if (!bound) {
    const auto& failure = bound.error();
    const Explanation why = explain_failure("bind", failure.code, failure.diagnostic);
    stage.status = Status::fail;
    stage.message = (anonymous ? "anonymous bind failed: " : "bind as " + options_.bind_dn + " failed: ") + why.cause;
    stage.remedy = why.remedy;
    add_server_words(stage, failure);
    finish(std::move(stage));
    return false;
  }
  stage.message = anonymous ? "anonymous bind accepted (Keycloak authType \"none\")" : "bound as " + options_.bind_dn;
  finish(std::move(stage));
  return true;
}

}  // namespace detail
}  // namespace kcldap::ldap
