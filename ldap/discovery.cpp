#include "ldap/discovery.hpp"

#include <algorithm>
#include <cctype>

#include "ldap/dn.hpp"
#include "ldap/vendor.hpp"

namespace kcldap::ldap {
namespace {

bool is_binary_attribute(std::string_view name) {
  return iequals(name, "objectGUID") || iequals(name, "guid") || iequals(name, "objectSid");
}

// First candidate (in order) carried by every sampled user with unique values; else the best-populated
// unique one; else the best-populated.
const AttributeStat* pick_identifier(const SampleSummary& sample, const std::vector<std::string>& order) {
  for (const auto& name : order) {
    if (const auto* stat = sample.find(name); stat != nullptr && stat->present == sample.sampled && stat->unique()) {
      return stat;
    }
  }
  const AttributeStat* best = nullptr;
  for (const auto& name : order) {
    const auto* stat = sample.find(name);
    if (stat == nullptr || !stat->unique()) continue;
    if (best == nullptr || stat->present > best->present) best = stat;
  }
  return best;
}

const AttributeStat* most_populated(const SampleSummary& sample, const std::vector<std::string>& order) {
  const AttributeStat* best = nullptr;
  for (const auto& name : order) {
    const auto* stat = sample.find(name);
    if (stat == nullptr || stat->present == 0) continue;
    if (best == nullptr || stat->present > best->present) best = stat;
  }
  return best;
}

// The first attribute in order that is nearly as populated as the best one: "mail" stays the email
// source when a few users lack it, rather than userPrincipalName (a login name that looks like one).
const AttributeStat* preferred_populated(const SampleSummary& sample, const std::vector<std::string>& order) {
  const AttributeStat* best = most_populated(sample, order);
  if (best == nullptr) return nullptr;
  for (const auto& name : order) {
    const auto* stat = sample.find(name);
    if (stat != nullptr && stat->present * 10 >= best->present * 9) return stat;
  }
  return best;
}

}  // namespace

std::vector<std::string> candidate_user_attributes() {
  return {"uid",          "cn",           "sn",           "givenName",        "displayName",   "mail",
          "mailPrimaryAddress", "userPrincipalName", "sAMAccountName", "employeeNumber", "entryUUID",
          "nsUniqueId",   "objectGUID",   "ipaUniqueID",  "GUID",             "uniqueIdentifier", "objectClass",
          "memberOf",     "userAccountControl", "krbPrincipalName"};
}

const AttributeStat* SampleSummary::find(std::string_view name) const {
  for (const auto& stat : attributes) {
    if (iequals(stat.name, name)) return &stat;
  }
  return nullptr;
}

double SampleSummary::share(std::string_view name) const {
  const auto* stat = find(name);
  if (stat == nullptr || sampled == 0) return 0.0;
  return static_cast<double>(stat->present) / static_cast<double>(sampled);
}

std::string describe_presence(const SampleSummary& sample, std::string_view attribute, bool identifier) {
  const auto* stat = sample.find(attribute);
  if (stat == nullptr || stat->present == 0) {
    return std::string(attribute) + ": present on none of " + std::to_string(sample.sampled) + " sampled users";
  }
  std::string text = stat->name + ": present on " + std::to_string(percent(stat->present, sample.sampled)) + "% of " +
                     std::to_string(sample.sampled) + " sampled users";
  if (identifier) {
    text += stat->unique() ? ", unique" : ", NOT unique (" + std::to_string(stat->duplicates) + " users share a value)";
  }
  if (stat->multi_valued > 0) text += ", multi-valued on " + std::to_string(stat->multi_valued);
  return text;
}

AttributeSampler::AttributeSampler(std::vector<std::string> attributes, std::string users_dn)
    : users_dn_(std::move(users_dn)) {
  for (auto& name : attributes) {
    const bool known = std::any_of(tallies_.begin(), tallies_.end(), [&](const Tally& t) { return iequals(t.name, name); });
    if (known || iequals(name, "objectClass") || iequals(name, "memberOf") || iequals(name, "userAccountControl")) continue;
    Tally tally;
    tally.name = std::move(name);
    tally.binary = is_binary_attribute(tally.name);
    tallies_.push_back(std::move(tally));
  }
}

void AttributeSampler::add(const Entry& entry) {
  ++totals_.sampled;
  if (totals_.example_dns.size() < 3) totals_.example_dns.push_back(entry.dn);
  for (auto& tally : tallies_) {
    const auto* values = entry.values(tally.name);
    if (values == nullptr || values->empty()) continue;
    // Keep the server's spelling of the name (e.g. nsuniqueid vs nsUniqueId).
    for (const auto& [name, unused] : entry.attributes) {
      if (iequals(name, tally.name)) tally.name = name;
    }
    ++tally.present;
    if (values->size() > 1) ++tally.multi_valued;
    const std::string key = tally.binary ? values->front() : lowercase(values->front());
    if (!tally.seen.insert(key).second) ++tally.duplicates;
  }
  if (const auto* classes = entry.values("objectClass")) {
    for (const auto& object_class : *classes) {
      auto& slot = object_classes_[lowercase(object_class)];
      if (slot.first.empty()) slot.first = object_class;
      ++slot.second;
    }
  }
  if (const auto* member_of = entry.values("memberOf"); member_of != nullptr && !member_of->empty()) {
    ++totals_.with_member_of;
  }
  if (const auto* control = entry.values("userAccountControl"); control != nullptr && !control->empty()) {
    if (ad_account_disabled(control->front()).value_or(false)) ++totals_.disabled;
  }
  const std::string rdn = first_rdn_attribute(entry.dn);
  if (!rdn.empty()) ++rdn_attributes_[rdn];
  if (!users_dn_.empty() && !iequals(normalize_dn(parent_dn(entry.dn)), normalize_dn(users_dn_))) {
    ++totals_.below_users_dn;
  }
}

SampleSummary AttributeSampler::summary() const {
  SampleSummary summary = totals_;
  for (const auto& tally : tallies_) {
    if (tally.present == 0) continue;
    summary.attributes.push_back({tally.name, tally.present, tally.duplicates, tally.multi_valued, tally.binary});
  }
  for (const auto& [unused, slot] : object_classes_) summary.object_classes.push_back(slot);
  std::stable_sort(summary.object_classes.begin(), summary.object_classes.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (const auto& entry : rdn_attributes_) summary.rdn_attributes.push_back(entry);
  std::stable_sort(summary.rdn_attributes.begin(), summary.rdn_attributes.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return summary;
}

Recommendations recommend(const SampleSummary& sample, const VendorGuess& vendor,
                          const std::vector<std::string>& effective_object_classes) {
  Recommendations out;
  out.vendor = {vendor.keycloak_vendor, vendor.product + (vendor.evidence.empty() ? "" : ": " + vendor.evidence.front())};
  const std::string sampled = std::to_string(sample.sampled);

  const std::vector<std::string> username_order =
      vendor.active_directory ? std::vector<std::string>{"sAMAccountName", "userPrincipalName", "cn", "uid"}
                              : std::vector<std::string>{"uid", "cn", "mail"};
  if (const auto* stat = pick_identifier(sample, username_order)) {
    out.username = {stat->name, describe_presence(sample, stat->name)};
  } else {
    out.username = {"", "no candidate (" + username_order.front() + ", ...) is unique in the sample"};
  }

  if (!sample.rdn_attributes.empty()) {
    const auto& [rdn, count] = sample.rdn_attributes.front();
    const std::string spelled = sample.find(rdn) != nullptr ? sample.find(rdn)->name : rdn;
    out.rdn = {spelled, "the DNs of " + std::to_string(count) + " of " + sampled + " sampled users start with " +
                            spelled + "="};
  }

  std::vector<std::string> uuid_order;
  if (vendor.keycloak_vendor == "ad") uuid_order = {"objectGUID"};
  else if (vendor.keycloak_vendor == "rhds") uuid_order = {"nsuniqueid", "ipaUniqueID", "entryUUID"};
  else if (vendor.keycloak_vendor == "tivoli") uuid_order = {"uniqueIdentifier", "entryUUID"};
  else if (vendor.keycloak_vendor == "edirectory") uuid_order = {"GUID", "entryUUID"};
  else uuid_order = {"entryUUID", "nsuniqueid", "ipaUniqueID", "objectGUID"};
  if (const auto* stat = pick_identifier(sample, uuid_order); stat != nullptr && stat->present == sample.sampled) {
    out.uuid = {stat->name, describe_presence(sample, stat->name) + (stat->binary ? " (binary: Keycloak decodes it)" : "")};
  } else {
    out.uuid = {"", "no candidate (" + uuid_order.front() + ", ...) is present on every sampled user and unique"};
  }

  std::vector<std::string> email_order = {"mail", "mailPrimaryAddress"};
  if (vendor.active_directory) email_order.push_back("userPrincipalName");
  if (const auto* stat = preferred_populated(sample, email_order)) {
    const AttributeStat* best = most_populated(sample, email_order);
    out.email = {stat->name, describe_presence(sample, stat->name, false) +
                                 (stat == best ? " (the best-populated email attribute)"
                                               : " (preferred to " + best->name + ", on " + std::to_string(best->present) +
                                                     " of " + sampled + ")")};
  } else {
    out.email = {"", "no user in the sample carries mail" + std::string(vendor.active_directory ? ", mailPrimaryAddress or userPrincipalName" : " or mailPrimaryAddress")};
  }
  if (const auto* stat = most_populated(sample, {"givenName"})) {
    out.first_name = {stat->name, describe_presence(sample, stat->name, false)};
  } else {
    out.first_name = {"", "no user in the sample carries givenName"};
  }
  if (const auto* stat = most_populated(sample, {"sn"})) {
    out.last_name = {stat->name, describe_presence(sample, stat->name, false)};
  } else {
    out.last_name = {"", "no user in the sample carries sn"};
  }

  if (sample.below_users_dn > 0) {
    out.search_scope = {"subtree", std::to_string(sample.below_users_dn) + " of " + sampled +
                                       " sampled users live below the users DN, not directly in it"};
  } else {
    out.search_scope = {"one", "all " + sampled + " sampled users live directly in the users DN"};
  }
  out.user_object_classes = effective_object_classes;
  std::string joined;
  for (const auto& object_class : effective_object_classes) joined += (joined.empty() ? "" : ", ") + object_class;
  out.user_object_classes_reason = "every sampled user carries " + joined;
  return out;
}

}  // namespace kcldap::ldap
