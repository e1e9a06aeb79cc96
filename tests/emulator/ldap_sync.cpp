// Keycloak emulator (test-only): the LDAP provider's sync as Keycloak runs it: full and changed-users
// sync through the provider's mappers (users indexed once per run, so a sync grows linearly with the
// directory), a group mapper's sync, and importing one directory user into the realm's store.
#include <algorithm>
#include <chrono>

#include "emulator/ldap_bridge.hpp"
#include "emulator/user_filter.hpp"
#include "emulator/util.hpp"

namespace kcldap::emulator {

using nlohmann::json;

namespace {

long long now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string ldap_timestamp(long long epoch_seconds) {
  const std::time_t time = static_cast<std::time_t>(epoch_seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y%m%d%H%M%S.0Z", &utc);
  return buffer;
}

std::string ldap_id_of(const User& user) {
  const auto id = user.attributes.find("LDAP_ID");
  return id == user.attributes.end() || id->second.empty() ? "" : id->second.front();
}

}  // namespace

LdapBridge::UserIndex LdapBridge::index_users() const {
  UserIndex index;
  for (std::size_t i = 0; i < realm_.users.size(); ++i) {
    const User& user = realm_.users[i];
    index.by_username[user.username] = i;
    if (!user.federation_link.empty()) index.by_link[user.federation_link + "|" + ldap_id_of(user)] = i;
    if (!user.email.empty()) index.emails.insert(user.email);
  }
  return index;
}

std::string LdapBridge::import(const Component& provider, const MappedUser& mapped, User** stored, UserIndex& index) {
  if (mapped.username.empty()) return "failed";  // "User returned from LDAP has null username!"
  // The user this entry was imported as (same provider, same LDAP_ID), else one of the same name.
  const auto linked_at = index.by_link.find(provider.id + "|" + mapped.ldap_id);
  const auto named_at = index.by_username.find(mapped.username);
  User* existing = linked_at != index.by_link.end()   ? &realm_.users[linked_at->second]
                   : named_at != index.by_username.end() ? &realm_.users[named_at->second]
                                                         : nullptr;
  if (existing != nullptr) {
    if (existing->federation_link != provider.id || ldap_id_of(*existing) != mapped.ldap_id) return "failed";  // a same-named local user
  } else {
    if (!mapped.email.empty() && index.emails.count(mapped.email) != 0) return "failed";  // duplicate email
    realm_.users.push_back(User{});
    existing = &realm_.users.back();
    existing->id = emulator_.new_id(false);
    existing->created_ms = now_ms();
    existing->federation_link = provider.id;
    index.by_link[provider.id + "|" + mapped.ldap_id] = realm_.users.size() - 1;
  }
  const bool added = existing->username.empty();
  if (existing->username != mapped.username) {
    index.by_username.erase(existing->username);
    index.by_username[mapped.username] = static_cast<std::size_t>(existing - realm_.users.data());
  }
  existing->username = mapped.username;
  existing->email = mapped.email;
  if (!mapped.email.empty()) index.emails.insert(mapped.email);
  existing->first_name = mapped.first_name;
  existing->last_name = mapped.last_name;
  existing->enabled = !mapped.disabled;
  existing->email_verified = config_value(provider, "trustEmail") == "true" && !mapped.email.empty();
  existing->attributes = mapped.attributes;
  existing->attributes["LDAP_ID"] = {mapped.ldap_id};
  existing->attributes["LDAP_ENTRY_DN"] = {mapped.dn};
  if (stored != nullptr) *stored = existing;
  return added ? "added" : "updated";
}

Reply LdapBridge::sync(Component& provider, bool changed_only) {
  const Profile& profile = emulator_.state_.profile;
  const auto ignored = Reply::json(200, {{"ignored", true}, {"added", 0}, {"updated", 0}, {"removed", 0}, {"failed", 0},
                                         {"status", "Synchronization ignored as it's already in progress"}});
  if (config_value(provider, "enabled", "true") == "false" || config_value(provider, "importEnabled", "true") == "false") return ignored;
  const std::string previous = config_value(provider, "lastSync");
  const long long started = now_ms() / 1000;
  provider.config["lastSync"] = {std::to_string(started)};
  const auto failure = [&](const ldap::LdapFailure& f) {
    if (!profile.sync_errors_are_400()) return Reply::error(500, "unknown_error");
    return Reply::error_message(400, error_code(f));
  };
  Settings s = settings_of(provider);
  auto connection = connect(s, true);
  if (!connection) return failure(connection.error());
  // Group mappers read their subtree first, as Keycloak's full sync does.
  for (const auto& mapper : realm_.components) {
    if (mapper.parent_id == provider.id && mapper.provider_id == "group-ldap-mapper") {
      (void)sync_groups(provider, mapper, "fedToKeycloak");
    }
  }
  std::string extra;
  if (changed_only && !previous.empty()) {
    const bool ad = config_value(provider, "vendor") == "ad";
    const std::string t = ldap_timestamp(std::atoll(previous.c_str()));
    extra = "(|(" + std::string(ad ? "whenCreated" : "createTimestamp") + ">=" + t + ")(" +
            (ad ? "whenChanged" : "modifyTimestamp") + ">=" + t + "))";
  }
  ldap::SearchRequest request;
  request.base = config_value(provider, "usersDn");
  request.scope = config_value(provider, "searchScope", "2") == "1" ? ldap::Scope::one_level : ldap::Scope::subtree;
  request.filter = user_filter(provider, extra);
  request.attributes = attributes_to_read(provider);
  request.page_size = config_value(provider, "pagination", "true") == "true" ? std::atoi(config_value(provider, "batchSizeForSync", "1000").c_str()) : 0;
  int added = 0;
  int updated = 0;
  int failed = 0;
  UserIndex index = index_users();
  auto searched = connection->search(request, [&](const ldap::Entry& entry) {
    const std::string outcome = import(provider, map_entry(provider, entry), nullptr, index);
    if (outcome == "added") ++added;
    else if (outcome == "updated") ++updated;
    else ++failed;
    return true;
  });
  if (!searched) return failure(searched.error());
  std::string status = std::to_string(added) + " imported users, " + std::to_string(updated) + " updated users";
  if (failed != 0) status += ", " + std::to_string(failed) + " users failed sync! See server log for more details";
  return Reply::json(200, {{"ignored", false}, {"added", added}, {"updated", updated}, {"removed", 0}, {"failed", failed},
                           {"status", status}});
}

Reply LdapBridge::sync_groups(const Component& provider, const Component& mapper, const std::string& direction) {
  const auto zero = [](const std::string& status) {
    return Reply::json(200, {{"ignored", false}, {"added", 0}, {"updated", 0}, {"removed", 0}, {"failed", 0}, {"status", status}});
  };
  if (mapper.provider_id != "group-ldap-mapper") return zero("0 imported users, 0 updated users");
  if (direction == "keycloakToFed") {
    if (config_value(mapper, "mode") != "LDAP_ONLY") return zero("0 imported groups, 0 updated groups, 0 removed groups");
    return zero("0 groups imported to LDAP, 0 groups updated to LDAP, 0 groups removed from LDAP");
  }
  auto connection = connect(settings_of(provider), true);
  if (!connection) {
    if (!emulator_.state_.profile.sync_errors_are_400()) return Reply::error(500, "unknown_error");
    return Reply::error_message(400, error_code(connection.error()));
  }
  ldap::SearchRequest request;
  request.base = config_value(mapper, "groups.dn");
  request.scope = ldap::Scope::subtree;
  const auto classes = split_trimmed(config_value(mapper, "group.object.classes", "groupOfNames"), ',');
  request.filter = keycloak_search_filter(classes, config_value(mapper, "groups.ldap.filter"), "");
  const std::string name_attribute = config_value(mapper, "group.name.ldap.attribute", "cn");
  const std::string membership = config_value(mapper, "membership.ldap.attribute", "member");
  request.attributes = {name_attribute, membership};
  int added = 0;
  int updated = 0;
  auto searched = connection->search(request, [&](const ldap::Entry& entry) {
    const std::string name = first_value(entry, name_attribute);
    if (name.empty()) return true;
    auto group = std::find_if(realm_.groups.begin(), realm_.groups.end(), [&](const Group& g) { return g.name == name; });
    const bool existed = group != realm_.groups.end() && !group->ldap_dn.empty();
    if (group == realm_.groups.end()) {
      realm_.groups.push_back(Group{random_uuid(), name, {}, "", {}});
      group = std::prev(realm_.groups.end());
    }
    group->ldap_dn = entry.dn;
    group->ldap_members.clear();
    if (const auto* values = entry.values(membership)) group->ldap_members.insert(values->begin(), values->end());
    existed ? ++updated : ++added;
    return true;
  });
  if (!searched) return Reply::error_message(400, error_code(searched.error()));
  return Reply::json(200, {{"ignored", false}, {"added", added}, {"updated", updated}, {"removed", 0}, {"failed", 0},
                           {"status", std::to_string(added) + " imported groups, " + std::to_string(updated) +
                                          " updated groups, 0 removed groups"}});
}


}  // namespace kcldap::emulator
