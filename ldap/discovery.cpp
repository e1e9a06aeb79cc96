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

namespace {

Recommendation recommend_username(const SampleSummary& sample, const VendorGuess& vendor) {
  const std::vector<std::string> username_order =
      vendor.active_directory ? std::vector<std::string>{"sAMAccountName", "userPrincipalName", "cn", "uid"}
                              : std::vector<std::string>{"uid", "cn", "mail"};
  if (const auto* stat = pick_identifier(sample, username_order)) {
    return {stat->name, describe_presence(sample, stat->name)};
  }
  return {"", "no candidate (" + username_order.front() + ", ...) is unique in the sample"};
}

Recommendation recommend_rdn(const SampleSummary& sample) {
  if (sample.rdn_attributes.empty()) return {};
  const auto& [rdn, count] = sample.rdn_attributes.front();
  const std::string spelled = sample.find(rdn) != nullptr ? sample.find(rdn)->name : rdn;
  return {spelled, "the DNs of " + std::to_string(count) + " of " + std::to_string(sample.sampled) +
                       " sampled users start with " + spelled + "="};
}

std::vector<std::string> uuid_order(const VendorGuess& vendor) {
  if (vendor.keycloak_vendor == "ad") return {"objectGUID"};
  if (vendor.keycloak_vendor == "rhds") return {"nsuniqueid", "ipaUniqueID", "entryUUID"};
  if (vendor.keycloak_vendor == "tivoli") return {"uniqueIdentifier", "entryUUID"};
  if (vendor.keycloak_vendor == "edirectory") return {"GUID", "entryUUID"};
  return {"entryUUID", "nsuniqueid", "ipaUniqueID", "objectGUID"};
}

Recommendation recommend_uuid(const SampleSummary& sample, const VendorGuess& vendor) {
  const std::vector<std::string> order = uuid_order(vendor);
  if (const auto* stat = pick_identifier(sample, order); stat != nullptr && stat->present == sample.sampled) {
    return {stat->name, describe_presence(sample, stat->name) + (stat->binary ? " (binary: Keycloak decodes it)" : "")};
  }
  return {"", "no candidate (" + order.front() + ", ...) is present on every sampled user and unique"};
}

Recommendation recommend_email(const SampleSummary& sample, const VendorGuess& vendor) {
  std::vector<std::string> email_order = {"mail", "mailPrimaryAddress"};
  if (vendor.active_directory) email_order.push_back("userPrincipalName");
  if (const auto* stat = preferred_populated(sample, email_order)) {
    const AttributeStat* best = most_populated(sample, email_order);
    return {stat->name, describe_presence(sample, stat->name, false) +
                            (stat == best ? " (the best-populated email attribute)"
                                          : " (preferred to " + best->name + ", on " + std::to_string(best->present) +
                                                " of " + std::to_string(sample.sampled) + ")")};
  }
  return {"", "no user in the sample carries mail" + std::string(vendor.active_directory ? ", mailPrimaryAddress or userPrincipalName" : " or mailPrimaryAddress")};
}

// givenName or sn, when any sampled user carries it.
Recommendation recommend_name_part(const SampleSummary& sample, const std::string& attribute) {
  if (const auto* stat = most_populated(sample, {attribute})) {
    return {stat->name, describe_presence(sample, stat->name, false)};
  }
  return {"", "no user in the sample carries " + attribute};
}

Recommendation recommend_scope(const SampleSummary& sample) {
  const std::string sampled = std::to_string(sample.sampled);
  if (sample.below_users_dn > 0) {
    return {"subtree", std::to_string(sample.below_users_dn) + " of " + sampled +
                           " sampled users live below the users DN, not directly in it"};
  }
  return {"one", "all " + sampled + " sampled users live directly in the users DN"};
}

}  // namespace

Recommendations recommend(const SampleSummary& sample, const VendorGuess& vendor,
                          const std::vector<std::string>& effective_object_classes) {
  Recommendations out;
  out.vendor = {vendor.keycloak_vendor, vendor.product + (vendor.evidence.empty() ? "" : ": " + vendor.evidence.front())};
  out.username = recommend_username(sample, vendor);
  out.rdn = recommend_rdn(sample);
  out.uuid = recommend_uuid(sample, vendor);
  out.email = recommend_email(sample, vendor);
  out.first_name = recommend_name_part(sample, "givenName");
  out.last_name = recommend_name_part(sample, "sn");
  out.search_scope = recommend_scope(sample);
  out.user_object_classes = effective_object_classes;
  std::string joined;
  for (const auto& object_class : effective_object_classes) joined += (joined.empty() ? "" : ", ") + object_class;
  out.user_object_classes_reason = "every sampled user carries " + joined;
  return out;
}

}  // namespace kcldap::ldap
