// Internal to the probe: the state one probe run carries from stage to stage. Not part of the API.
#pragma once
#include <optional>

#include "ldap/probe.hpp"

namespace kcldap::ldap::detail {

class ProbeRun {
 public:
  ProbeRun(const ProbeOptions& options, const StageObserver& observer) : options_(options), observer_(observer) {}
  ProbeReport run();

 private:
  // probe.cpp: reaching and binding; the TLS verdict itself is tls_findings.cpp
  bool connect();
  bool secure_channel();
  StageResult inspect_channel(const LdapUrl& url);
  bool open_connection(StageResult stage, bool uses_tls);
  bool bind();
  // Reading the directory, one file a stage: probe_server.cpp (root DSE, vendor), probe_users.cpp
  // (users DN), probe_user_count.cpp (user count), probe_attributes.cpp (attributes), probe_groups.cpp (groups).
  void read_root_dse();
  void detect_vendor_stage();
  bool locate_users();
  bool count_users();
  void discover_attributes();
  void discover_groups();
  // probe_required_groups.cpp: [ldap] required_groups
  bool check_required_groups();
  RequiredGroup read_required_group(const std::string& dn, std::string& membership_attribute);
  std::optional<Entry> read_entry(const std::string& dn, const std::vector<std::string>& attributes);
  std::optional<SampleSummary> sample_users(StageResult& stage);
  std::string groups_base() const;
  void describe_groups(StageResult& stage, const GroupSummary& summary, bool truncated) const;

  void finish(StageResult stage);
  void skip_remaining(const std::vector<std::pair<std::string, std::string>>& stages, const std::string& why);
  std::vector<std::string> default_object_classes() const;
  bool active_directory() const;         // configured vendor "ad", or detected
  bool server_is_active_directory() const;  // detected from the root DSE, whatever the config says
  void resolve_user_filter();
  void count_active_directory_accounts(StageResult& stage);
  // probe_user_count.cpp: the steps of count_users
  void choose_user_search();
  void try_other_object_classes(StageResult& stage, std::optional<std::size_t>& count, bool& complete);
  void explain_failed_count(StageResult& stage);
  void explain_empty_count(StageResult& stage);
  void describe_count(StageResult& stage, std::size_t count, bool complete);
  void count_locked_389ds_accounts(StageResult& stage);
  std::vector<UsersDnCandidate> propose_users_dns(const std::vector<std::string>& object_classes);
  bool check_users_dn(const std::vector<std::string>& object_classes);
  void explain_unreadable_users_dn(StageResult& stage, const std::optional<LdapFailure>& failure);
  bool propose_users_dn(const std::vector<std::string>& object_classes);
  std::optional<std::size_t> count_matching(const std::string& filter, Scope scope, bool* complete);

  const ProbeOptions& options_;
  const StageObserver& observer_;
  ProbeReport report_;
  std::optional<LdapUrl> chosen_url_;
  std::optional<Connection> connection_;
  Entry root_dse_;
  Scope scope_ = Scope::subtree;
  std::string user_filter_;  // options_.user_filter with "auto" resolved for the vendor
  std::optional<LdapFailure> count_failure_;  // why the last count_matching failed
  std::size_t count_references_ = 0;          // continuation references the last count_matching met
  std::size_t values_cut_ = 0;  // sampled attribute values longer than the limit (cut, not kept whole)
};

}  // namespace kcldap::ldap::detail
