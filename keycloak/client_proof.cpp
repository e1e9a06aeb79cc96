#include "keycloak/client_proof.hpp"

#include <algorithm>
#include <random>

#include "keycloak/http.hpp"

namespace kcldap::keycloak {

using nlohmann::json;

bool ClientProof::passed() const {
  return std::all_of(steps.begin(), steps.end(), [](const ProofStep& step) { return step.passed; });
}

std::vector<std::string> ClientProof::missing_roles() const {
  std::vector<std::string> roles;
  for (const auto& step : steps) {
    if (!step.missing_role.empty() && std::find(roles.begin(), roles.end(), step.missing_role) == roles.end()) roles.push_back(step.missing_role);
  }
  return roles;
}

std::string throwaway_username() {
  std::random_device device;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string name = "kcldap-proof-";
  for (int i = 0; i < 12; ++i) name += "0123456789abcdef"[digit(device)];
  return name;
}

namespace {

class Prover {
 public:
  Prover(AdminClient& client, const ProofRequest& request) : client_(client), request_(request) {}

  ClientProof run() {
    read_users();
    find_federated_user();
    read_groups();
    read_user_groups();
    if (request_.writes) write_throwaway();
    return std::move(proof_);
  }

 private:
  // A refusal names the role; any other failure says what Keycloak answered.
  void refused(const std::string& call, const ApiError& error, const std::string& role) {
    ProofStep step{call, false, "", ""};
    if (error.status == 403 || error.status == 401) {
      step.missing_role = role;
      step.finding = "refused (HTTP " + std::to_string(error.status) + "): client " + request_.client_id + " lacks realm-management role " + role +
                     "; grant it (add it to the client's roles in kcldap.toml and run kcldap apply)";
    } else {
      step.finding = error.to_string();
    }
    proof_.steps.push_back(step);
  }
  void passed(const std::string& call, const std::string& finding) { proof_.steps.push_back({call, true, finding, ""}); }

  void read_users() {
    const std::string count_call = "count users (GET /users/count)";
    auto count = client_.get_json("/users/count", "count users as client " + request_.client_id);
    if (!count) return refused(count_call, count.error(), "view-users");
    proof_.preview.count = count->is_number() ? count->get<long long>() : -1;
    passed(count_call, std::to_string(proof_.preview.count) + " users");
    const std::string list_call = "list users (GET /users)";
    auto listed = client_.get_json("/users?first=0&max=100&briefRepresentation=false", "list users as client " + request_.client_id);
    if (!listed) return refused(list_call, listed.error(), "view-users");
    users_ = listed->is_array() ? *listed : json::array();
    if (users_.empty() && proof_.preview.count > 0) {
      proof_.steps.push_back({list_call, false,
                              "Keycloak counts " + std::to_string(proof_.preview.count) + " users but lists none to client " + request_.client_id +
                                  ": query-users alone counts, only view-users lets it see them; grant view-users",
                              "view-users"});
      return;
    }
    preview_of_listed();
    passed(list_call, std::to_string(users_.size()) + " listed, " + std::to_string(proof_.preview.federated) + " of them federated");
  }

  void preview_of_listed() {
    UserPreview& preview = proof_.preview;
    preview.listed = users_.size();
    for (const auto& user : users_) {
      if (user.value("email", "").empty()) ++preview.without_email;
      if (!user.value("federationLink", "").empty()) ++preview.federated;
      if (preview.sample.size() < 3) {
        const std::string email = user.value("email", "");
        preview.sample.push_back(user.value("username", "") + " <" + (email.empty() ? "no email" : email) + "> " +
                                 user.value("firstName", "") + " " + user.value("lastName", ""));
      }
    }
  }

  // A federated user looked up by username, as a consumer resolving a sign-in does (Keycloak asks the provider).
  void find_federated_user() {
    const auto federated = std::find_if(users_.begin(), users_.end(), [](const json& u) { return !u.value("federationLink", "").empty(); });
    if (federated == users_.end()) return;
    const std::string username = federated->value("username", "");
    const std::string call = "find federated user " + username + " (GET /users?username=...&exact=true)";
    auto found = client_.get_json("/users?exact=true&username=" + url_escape(username), "look up user " + username + " as client " + request_.client_id);
    if (!found) return refused(call, found.error(), "view-users");
    if (!found->is_array() || found->empty() || (*found)[0].value("federationLink", "").empty()) {
      proof_.steps.push_back({call, false, "user " + username + " was not found, or not as a federated user", ""});
      return;
    }
    passed(call, "found, federation link " + (*found)[0].value("federationLink", ""));
  }

  void read_groups() {
    const std::string call = "list groups (GET /groups)";
    auto groups = client_.get_json("/groups?first=0&max=20", "list groups as client " + request_.client_id);
    if (!groups) return refused(call, groups.error(), "view-users");
    const std::size_t count = groups->is_array() ? groups->size() : 0;
    passed(call, std::to_string(count) + " top-level groups");
    if (count == 0) return;
    const json& group = (*groups)[0];
    const std::string members_call = "list members of group " + group.value("name", "") + " (GET /groups/{id}/members)";
    auto members = client_.get_json("/groups/" + group.value("id", "") + "/members?first=0&max=20", "list group members as client " + request_.client_id);
    if (!members) return refused(members_call, members.error(), "view-users");
    passed(members_call, std::to_string(members->is_array() ? members->size() : 0) + " members");
  }

  void read_user_groups() {
    if (users_.empty()) return;
    const std::string username = users_[0].value("username", "");
    const std::string call = "read the groups of user " + username + " (GET /users/{id}/groups)";
    auto groups = client_.get_json("/users/" + users_[0].value("id", "") + "/groups", "read a user's groups as client " + request_.client_id);
    if (!groups) return refused(call, groups.error(), "view-users");
    passed(call, std::to_string(groups->is_array() ? groups->size() : 0) + " groups");
  }

  // Create (disabled), change and delete a uniquely named user; deleted at once even when the change fails.
  void write_throwaway() {
    const std::string& name = request_.throwaway_name;
    const std::string call = "create, change and delete throwaway user " + name + " (POST, PUT, DELETE /users)";
    auto created = client_.call("POST", "/users", "create throwaway user " + name, json{{"username", name}, {"enabled", false}});
    if (!created) return refused(call, created.error(), "manage-users");
    const std::string location = created->header("location");
    const std::string id = location.substr(location.find_last_of('/') + 1);
    auto changed = client_.call("PUT", "/users/" + id, "change throwaway user " + name, json{{"firstName", "kcldap proof"}});
    auto removed = client_.call("DELETE", "/users/" + id, "delete throwaway user " + name);
    if (!removed) {
      proof_.steps.push_back({call, false, "created " + name + " but could not delete it (" + removed.error().to_string() +
                                               "); delete user " + id + " by hand", removed.error().status == 403 ? "manage-users" : ""});
      return;
    }
    if (!changed) return refused(call, changed.error(), "manage-users");
    passed(call, "created, changed and deleted " + name);
  }

  AdminClient& client_;
  const ProofRequest& request_;
  ClientProof proof_;
  json users_ = json::array();
};

}  // namespace

ClientProof prove_client(AdminClient& as_client, const ProofRequest& request) { return Prover(as_client, request).run(); }

}  // namespace kcldap::keycloak
