// Proof that a service client can do what its app does, by doing it: signed in as the client, count and
// list users, find a federated user by username, list groups and one group's members, read one user's
// groups; for a client that manages users, create, change and delete a throwaway user (uniquely named,
// disabled, removed at once). Each refused call names the missing realm-management role and the fix. Also
// a preview of what a sync connector listing users gets now (count, a sample, users without email).
#pragma once
#include <string>
#include <vector>

#include "keycloak/admin_client.hpp"

namespace kcldap::keycloak {

struct ProofStep {
  std::string call;          // "count users (GET /users/count)"
  bool passed = false;
  std::string finding;
  std::string missing_role;  // the role whose absence explains a refusal ("" when passed)
};

struct UserPreview {
  long long count = -1;                 // GET /users/count; -1: unknown
  std::size_t listed = 0;               // users in the first page read
  std::size_t without_email = 0;        // of those
  std::size_t federated = 0;            // of those, with a federation link
  std::vector<std::string> sample;      // "username <email> First Last", at most 3
};

struct ClientProof {
  std::vector<ProofStep> steps;
  UserPreview preview;
  bool passed() const;
  std::vector<std::string> missing_roles() const;  // each once, in the order found
};

struct ProofRequest {
  std::string client_id;
  bool writes = false;          // also create, change and delete a throwaway user
  std::string throwaway_name;   // unique name for it, e.g. "kcldap-proof-<random>"
};

// `as_client`: signed in with the client's own credentials in the realm.
ClientProof prove_client(AdminClient& as_client, const ProofRequest& request);

// "kcldap-proof-" + 12 random hex digits.
std::string throwaway_username();

}  // namespace kcldap::keycloak
