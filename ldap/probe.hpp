// The probe: the first stage of the pipeline. Connects, diagnoses TLS, binds, reads the root DSE, detects
// the vendor, checks the users DN, counts users, discovers their attributes and the groups, and returns
// everything as one plain value (ProbeReport) with a pass/warn/fail/skip verdict per stage.
#pragma once
#include "common/status.hpp"
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ldap/connection.hpp"
#include "ldap/discovery.hpp"
#include "ldap/group_filter.hpp"
#include "ldap/groups.hpp"
#include "ldap/tls_inspect.hpp"
#include "ldap/url.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::ldap {


struct StageResult {
  std::string id;       // stable: ldap.connect, ldap.tls, ldap.bind, ldap.root-dse, ldap.vendor,
                        // ldap.users-dn, ldap.required-groups (only with required_groups), ldap.user-count,
                        // ldap.attributes, ldap.groups
  std::string title;    // short human name
  Status status = Status::skip;
  std::string message;  // one line
  std::vector<std::string> details;
  std::string remedy;   // what to try, when not a pass
};

// Configured attribute names: "auto" (the default) means "recommend from the sample".
struct AttributeSettings {
  std::string username = "auto";
  std::string rdn = "auto";
  std::string uuid = "auto";
  std::string email = "auto";
  std::string first_name = "auto";
  std::string last_name = "auto";
};

// The default of [ldap] sample_size: users sampled for attribute discovery.
inline constexpr int kDefaultSampleSize = 500;

struct ProbeOptions {
  std::vector<LdapUrl> urls;  // failover order
  bool start_tls = false;
  bool tls_verify = true;
  std::string ca_file;
  std::string bind_dn;        // empty: anonymous
  std::string bind_password;  // never copied into the report
  std::string users_dn;       // empty: propose one
  std::optional<Scope> search_scope;      // nullopt: recommend
  std::string user_filter = "auto";       // extra filter; "" none; "auto": kAdUserFilter on AD, else none
  std::vector<std::string> user_object_classes;  // empty: auto
  std::string vendor = "auto";
  AttributeSettings attributes;
  std::string groups_dn;  // empty: the naming context of the users DN
  std::vector<std::string> required_groups;  // [ldap] required_groups: only their members are users; empty: all
  int connect_timeout_ms = kDefaultConnectTimeoutMs;
  int read_timeout_ms = kDefaultReadTimeoutMs;
  int sample_size = kDefaultSampleSize;
  int page_size = 500;
  std::size_t max_value_bytes = kDefaultMaxValueBytes;  // [ldap] max_value_bytes: longer values are cut
};

struct ServerInfo {
  std::string url;  // the URL that answered
  std::vector<std::string> naming_contexts;
  std::string default_naming_context;
  std::string vendor_name;
  std::string vendor_version;
  std::vector<std::string> supported_controls;
  std::vector<std::string> supported_extensions;
  std::vector<std::string> supported_ldap_versions;
  bool paged_results = false;
  bool password_modify = false;
  bool start_tls_extension = false;
  bool matching_rule_in_chain = false;
  VendorGuess vendor;
};

struct UsersDnCandidate {
  std::string dn;
  std::size_t users = 0;  // users found below it in the proposal search
  std::string scope;      // "one" or "subtree" to reach them
};

struct UsersInfo {
  std::string dn;
  std::string dn_source;  // "config" or "proposed"
  std::vector<UsersDnCandidate> candidates;
  std::string scope;      // "one" or "subtree" as used
  std::string filter;     // the effective filter (as Keycloak builds it)
  std::string custom_filter;         // the extra filter in effect (Keycloak's customUserSearchFilter), may be ""
  std::string custom_filter_reason;  // where it came from
  std::vector<std::string> object_classes;
  std::optional<std::size_t> count;
  bool count_complete = false;
  // Active Directory only: what the count saw besides ordinary users.
  std::optional<std::size_t> disabled;   // users with ACCOUNTDISABLE among those counted
  std::size_t computers_excluded = 0;    // computers the user filter leaves out
  std::size_t system_excluded = 0;       // critical system objects the user filter leaves out
};

struct AttributeCheck {
  std::string role;        // username, rdn, uuid, email, first_name, last_name
  std::string attribute;   // configured or recommended
  std::string source;      // "config" or "recommended"
  std::string finding;
};

struct ProbeReport {
  std::vector<StageResult> stages;
  std::optional<TlsInspection> tls;
  std::optional<ServerInfo> server;
  UsersInfo users;
  std::optional<SampleSummary> sample;
  std::optional<Recommendations> recommended;
  std::vector<AttributeCheck> attribute_checks;
  std::optional<GroupSummary> groups;
  std::string groups_base;
  std::vector<RequiredGroup> required_groups;  // per [ldap] required_groups entry, in order
  // Whether Active Directory's rules apply: the config says vendor = "ad", or (vendor "auto") the server
  // is AD. Decided once here; the federation spec and the checks read it.
  bool active_directory = false;

  bool failed() const;
  const StageResult* stage(std::string_view id) const;
};

// Called as each stage finishes, for live progress output.
using StageObserver = std::function<void(const StageResult&)>;

ProbeReport run_probe(const ProbeOptions& options, const StageObserver& observer = {});

}  // namespace kcldap::ldap
