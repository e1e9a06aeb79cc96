// libFuzzer target: the probe's parsers of what a directory server answers. The input is read as entries
// ("dn: ...", then "attribute: value" lines, a blank line between entries; values are raw bytes, so
// binary objectGUIDs and hostile text come through). The first entry is the root DSE (vendor detection),
// the others go through the user and group samplers, the recommendations and their judgement, and the
// DN, URL, filter and GUID parsers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ldap/attribute_judgement.hpp"
#include "ldap/discovery.hpp"
#include "ldap/dn.hpp"
#include "ldap/filter.hpp"
#include "ldap/groups.hpp"
#include "ldap/guid.hpp"
#include "ldap/url.hpp"
#include "ldap/vendor.hpp"

namespace {

using kcldap::ldap::Entry;

std::vector<Entry> entries_of(const std::string& text) {
  std::vector<Entry> entries(1);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) {
      if (!entries.back().dn.empty() || !entries.back().attributes.empty()) entries.emplace_back();
      continue;
    }
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    const std::string name = line.substr(0, colon);
    const std::string value = line.substr(colon + 2);
    if (name == "dn") {
      entries.back().dn = value;
    } else {
      auto& attributes = entries.back().attributes;
      if (attributes.empty() || attributes.back().first != name) attributes.push_back({name, {}});
      attributes.back().second.push_back(value);
    }
  }
  return entries;
}

void parse_values(const Entry& entry) {
  (void)kcldap::ldap::parse_dn(entry.dn);
  (void)kcldap::ldap::normalize_dn(entry.dn);
  (void)kcldap::ldap::parent_dn(entry.dn);
  (void)kcldap::ldap::first_rdn_attribute(entry.dn);
  (void)kcldap::ldap::bind_identity_problem(entry.dn);
  for (const auto& [name, values] : entry.attributes) {
    for (const auto& value : values) {
      (void)kcldap::ldap::directory_id_text(name, value);
      (void)kcldap::ldap::object_guid_text(value);
      (void)kcldap::ldap::ad_account_disabled(value);
      (void)kcldap::ldap::check_filter_syntax(value);
      (void)kcldap::ldap::parse_ldap_url(value);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<Entry> entries = entries_of(std::string(reinterpret_cast<const char*>(data), size));
  const auto vendor = kcldap::ldap::detect_vendor(entries.front());
  kcldap::ldap::AttributeSampler users(kcldap::ldap::candidate_user_attributes(), "ou=people,dc=example,dc=org");
  kcldap::ldap::GroupSampler groups;
  for (const auto& entry : entries) {
    parse_values(entry);
    users.add(entry);
    groups.add(entry);
  }
  const auto sample = users.summary();
  const auto recommended = kcldap::ldap::recommend(sample, vendor, {"inetOrgPerson"});
  (void)kcldap::ldap::judge_attributes(sample, recommended, {});
  const auto group_summary = groups.summary();
  (void)group_summary.recommended_dn();
  (void)group_summary.membership_type();
  return 0;
}
