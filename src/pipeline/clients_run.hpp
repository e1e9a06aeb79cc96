// The [[clients]] of kcldap.toml against a realm: what `plan` and `check` say would change (read-only),
// and what `apply` does after the federation: a backup of each client that will change (its settings and
// role mappings, never the secret), then each client created or updated, missing roles granted (none
// revoked), the secret written to secret_file (0600) and the kubectl command that stores it in Kubernetes.
// After apply (and in check and verify, for a client that exists) each client is proven by signing in as it
// and making its app's calls. Also the backup file's format and `kcldap restore` of it. Returns plain values; prints nothing.
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "common/expected.hpp"
#include "keycloak/admin_client.hpp"
#include "keycloak/client_snapshot.hpp"
#include "keycloak/service_client.hpp"
#include "src/config/config.hpp"

namespace kcldap::pipeline {

// What a [[clients]] entry asks Keycloak for (the preset's or the listed roles, the description).
keycloak::ServiceClientRequest client_request(const config::ServiceClientSettings& client);

// One client's line in a plan: "client X: create" / "grant roles [...]" / "unchanged".
struct ClientPlan {
  std::string client_id;
  keycloak::ServiceClientResult would;  // read-only: what ensuring it would do (no secret)
  std::string error;                    // reading it failed (e.g. 403: the admin identity lacks a role)
  std::string summary() const;
};

std::vector<ClientPlan> plan_clients(keycloak::AdminClient& admin, const config::Config& config);

// The checks `check` adds: one per client, a warning when apply would change it, a failure when it
// cannot be read (naming the admin roles apply needs).
std::vector<checks::Check> client_plan_checks(const std::vector<ClientPlan>& plans);

// The admin roles apply needs for the client changes planned, against `held` (the identity's
// realm-management roles; nullopt: unknown, not checked): manage-clients to create or update a client,
// manage-users to grant roles, and each realm-management role granted (Keycloak lets an identity grant only
// admin roles it holds). Pass when nothing is missing or nothing changes.
checks::Check clients_admin_roles_check(const std::vector<ClientPlan>& plans, const std::optional<std::set<std::string>>& held);

struct ClientsApplied {
  std::vector<checks::Check> checks;  // one per client, and the backup's
  std::string backup_path;            // "" when nothing changed
  bool changed = false;
  bool ok() const;
};

// `base`: how kcldap reaches Keycloak (URL, TLS, timeouts); each client's proof signs in with it and the
// client's own credentials.
ClientsApplied apply_clients(keycloak::AdminClient& admin, const config::Config& config, const std::string& backup_dir,
                             const keycloak::ClientSettings& base);

// Signs in as the client with `secret` and proves it can do what its app does (keycloak/client_proof):
// a pass listing what it did and the consumer preview, or a failure naming each missing role. `missing`: the
// roles the plan found the client lacks (Keycloak refuses even to show the realm to a client without any
// admin role, so the calls cannot say which one).
checks::Check proof_check(const config::Config& config, const config::ServiceClientSettings& client, const keycloak::ClientSettings& base,
                          const std::string& secret, const std::vector<std::string>& missing = {});

// "kubectl create secret generic NAME [--namespace NS] --from-file=KEY=FILE --dry-run=client -o yaml | kubectl apply -f -":
// the secret is read from the file, never written on the command line.
std::string kubectl_secret_command(const config::KubectlSecret& secret, const std::string& file);

// Writes the secret (mode 0600); "written" or "unchanged" (same content, already 0600), or an error.
Expected<std::string, std::string> write_secret_file(const std::string& path, const std::string& secret);

// The clients backup (schema kcldap.clients-backup/v1). read_clients_backup: nullopt for another kind
// of file (e.g. a federation backup), an error for a damaged one.
struct ClientsBackup {
  std::string realm;
  std::vector<keycloak::ClientSnapshot> clients;
};
// For `check` and `verify`: the proof of each client that exists (not of one apply would create), signed in
// with the secret from secret_file when it is there, else the one Keycloak holds (read through the Admin API).
std::vector<checks::Check> client_proof_checks(keycloak::AdminClient& admin, const config::Config& config, const std::vector<ClientPlan>& plans,
                                               const keycloak::ClientSettings& base);

Expected<std::optional<ClientsBackup>, std::string> read_clients_backup(const std::string& path);
// Restores every client; the lines of what was done, and the first error ("" when none).
std::pair<std::vector<std::string>, std::string> restore_clients(keycloak::AdminClient& admin, const ClientsBackup& backup);

}  // namespace kcldap::pipeline
