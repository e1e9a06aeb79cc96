#include "keycloak/client_snapshot.hpp"

#include <set>

#include "keycloak/http.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

namespace {

std::vector<std::string> names_of(const json& roles) {
  std::vector<std::string> names;
  for (const auto& role : roles) names.push_back(role.value("name", ""));
  return names;
}

// The client's full representation (`full`), or the list's entry (its id is all the caller needs).
Expected<std::optional<json>, ApiError> find_client(AdminClient& admin, const std::string& client_id, bool full = true) {
  auto found = admin.get_json("/clients?clientId=" + url_escape(client_id), "look up client " + client_id);
  if (!found) return unexpected(found.error());
  for (const auto& client : *found) {
    if (client.value("clientId", "") != client_id) continue;
    if (!full) return std::optional<json>(client);
    auto representation = admin.get_json("/clients/" + client.value("id", ""), "read client " + client_id);
    if (!representation) return unexpected(representation.error());
    return std::optional<json>(*representation);
  }
  return std::optional<json>();
}

struct Mappings {
  std::string client_path;  // the service account's realm-management mappings
  std::string realm_path;
  std::string management_uuid;
};

Expected<Mappings, ApiError> mappings_of(AdminClient& admin, const std::string& client_uuid, const std::string& client_id) {
  auto account = admin.get_json("/clients/" + client_uuid + "/service-account-user", "read the service-account user of client " + client_id);
  if (!account) return unexpected(account.error());
  auto management = find_client(admin, "realm-management", false);
  if (!management) return unexpected(management.error());
  const std::string user = "/users/" + account->value("id", "") + "/role-mappings/";
  const std::string uuid = *management ? (**management).value("id", "") : "";
  return Mappings{user + "clients/" + uuid, user + "realm", uuid};
}

// The roles held now that the snapshot did not hold, as Keycloak's representations (for a DELETE).
json added_since(const json& now, const std::vector<std::string>& before) {
  const std::set<std::string> kept(before.begin(), before.end());
  json added = json::array();
  for (const auto& role : now) {
    if (kept.count(role.value("name", "")) == 0) added.push_back(role);
  }
  return added;
}

}  // namespace

json snapshot_to_json(const ClientSnapshot& snapshot) {
  return {{"client_id", snapshot.client_id},
          {"representation", snapshot.representation ? *snapshot.representation : json(nullptr)},
          {"roles", snapshot.roles},
          {"realm_roles", snapshot.realm_roles}};
}

Expected<ClientSnapshot, std::string> snapshot_from_json(const json& document) {
  if (!document.is_object() || !document.contains("client_id") || !document["client_id"].is_string()) {
    return unexpected(std::string("a client entry without client_id"));
  }
  ClientSnapshot snapshot;
  snapshot.client_id = document["client_id"].get<std::string>();
  if (document.contains("representation") && document["representation"].is_object()) snapshot.representation = document["representation"];
  const auto list = [&](const char* key) {
    std::vector<std::string> out;
    for (const auto& item : document.value(key, json::array())) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
    return out;
  };
  snapshot.roles = list("roles");
  snapshot.realm_roles = list("realm_roles");
  return snapshot;
}

Expected<ClientSnapshot, ApiError> snapshot_client(AdminClient& admin, const std::string& client_id) {
  ClientSnapshot snapshot{client_id, std::nullopt, {}, {}};
  auto client = find_client(admin, client_id);
  if (!client) return unexpected(client.error());
  if (!*client) return snapshot;
  json representation = **client;
  representation.erase("secret");
  snapshot.representation = representation;
  if (!representation.value("serviceAccountsEnabled", false)) return snapshot;
  auto paths = mappings_of(admin, representation.value("id", ""), client_id);
  if (!paths) return unexpected(paths.error());
  auto roles = admin.get_json(paths->client_path, "read the realm-management roles of client " + client_id);
  if (!roles) return unexpected(roles.error());
  auto realm_roles = admin.get_json(paths->realm_path, "read the realm roles of client " + client_id);
  if (!realm_roles) return unexpected(realm_roles.error());
  snapshot.roles = names_of(*roles);
  snapshot.realm_roles = names_of(*realm_roles);
  return snapshot;
}

// Over 60 lines: delete, or settings then the two kinds of role mappings, each only when it differs.
Expected<std::vector<std::string>, ApiError> restore_client(AdminClient& admin, const ClientSnapshot& snapshot) {
  std::vector<std::string> done;
  auto now = find_client(admin, snapshot.client_id);
  if (!now) return unexpected(now.error());
  if (!snapshot.representation) {
    if (!*now) return done;
    auto removed = admin.call("DELETE", "/clients/" + (**now).value("id", ""), "delete client " + snapshot.client_id + " (created by the apply)");
    if (!removed) return unexpected(removed.error());
    done.push_back("deleted client " + snapshot.client_id + " (created by the apply)");
    return done;
  }
  if (!*now) {
    return unexpected(ApiError{"restore client " + snapshot.client_id, "GET", "/clients", 404, "", "the client is gone",
                               "re-create it with kcldap apply; a backup holds no secret to restore it with"});
  }
  json current = **now;
  current.erase("secret");
  const std::string uuid = current.value("id", "");
  if (current != *snapshot.representation) {
    json wanted = *snapshot.representation;
    auto put = admin.call("PUT", "/clients/" + uuid, "restore the settings of client " + snapshot.client_id, wanted);
    if (!put) return unexpected(put.error());
    done.push_back("restored the settings of client " + snapshot.client_id);
  }
  if (!snapshot.representation->value("serviceAccountsEnabled", false)) return done;
  auto paths = mappings_of(admin, uuid, snapshot.client_id);
  if (!paths) return unexpected(paths.error());
  for (const auto& [path, before, kind] : {std::tuple{paths->client_path, snapshot.roles, std::string("realm-management roles")},
                                           std::tuple{paths->realm_path, snapshot.realm_roles, std::string("realm roles")}}) {
    auto held = admin.get_json(path, "read the " + kind + " of client " + snapshot.client_id);
    if (!held) return unexpected(held.error());
    const json added = added_since(*held, before);
    if (added.empty()) continue;
    auto removed = admin.call("DELETE", path, "take back the " + kind + " the apply granted to client " + snapshot.client_id, added);
    if (!removed) return unexpected(removed.error());
    done.push_back("took back " + kind + " " + json(names_of(added)).dump() + " from client " + snapshot.client_id);
  }
  return done;
}

}  // namespace kcldap::keycloak
