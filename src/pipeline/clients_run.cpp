#include "src/pipeline/clients_run.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "common/file.hpp"
#include "keycloak/client_presets.hpp"
#include "keycloak/client_proof.hpp"
#include "keycloak/held_roles.hpp"
#include "src/pipeline/backup.hpp"
#include "src/prompts/config_writer.hpp"

namespace kcldap::pipeline {

using checks::Status;
using nlohmann::json;

namespace {

std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string check_id(const std::string& client_id) { return "client." + client_id; }

}  // namespace

keycloak::ServiceClientRequest client_request(const config::ServiceClientSettings& client) {
  keycloak::ServiceClientRequest request;
  request.client_id = client.client_id;
  const keycloak::ClientPreset* preset = client.preset.empty() ? nullptr : keycloak::find_client_preset(client.preset);
  request.roles = preset != nullptr ? preset->roles : keycloak::needs_for_roles(client.roles);
  request.description = !client.description.empty() ? client.description
                        : preset != nullptr          ? "kcldap preset " + preset->name + ": " + preset->purpose
                                                     : "kcldap: service account with roles " + listed(client.roles);
  request.realm_roles = client.realm_roles;
  request.rotate_secret = client.rotate_secret;
  return request;
}

std::string ClientPlan::summary() const {
  if (!error.empty()) return "client " + client_id + ": cannot tell (" + error + ")";
  std::vector<std::string> parts;
  if (would.created) parts.push_back("create");
  if (!would.settings_changed.empty()) parts.push_back("update " + listed(would.settings_changed));
  if (!would.roles_granted.empty()) parts.push_back("grant roles " + listed(would.roles_granted));
  if (!would.realm_roles_granted.empty()) parts.push_back("grant realm roles " + listed(would.realm_roles_granted));
  if (would.secret_rotated) parts.push_back("rotate the secret");
  std::string text = "client " + client_id + ": " + (parts.empty() ? "unchanged" : listed(parts));
  if (!would.extra_roles.empty()) text += " (keeps roles kcldap does not manage: " + listed(would.extra_roles) + ")";
  return text;
}

std::vector<ClientPlan> plan_clients(keycloak::AdminClient& admin, const config::Config& config) {
  std::vector<ClientPlan> plans;
  for (const auto& client : config.clients) {
    keycloak::ServiceClientRequest request = client_request(client);
    request.read_only = true;
    ClientPlan plan{client.client_id, {}, ""};
    auto would = keycloak::ensure_service_client(admin, request);
    if (would) {
      plan.would = std::move(*would);
    } else {
      plan.error = would.error().to_string();
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

std::vector<checks::Check> client_plan_checks(const std::vector<ClientPlan>& plans) {
  std::vector<checks::Check> out;
  for (const auto& plan : plans) {
    const std::string id = check_id(plan.client_id);
    if (!plan.error.empty()) {
      out.push_back(checks::make_check(id, "Clients", "Client " + plan.client_id, Status::fail, plan.summary(),
                                       "the identity kcldap signs in with needs manage-clients and manage-users, and must itself hold "
                                       "the realm-management roles it grants"));
      continue;
    }
    const bool changes = plan.would.changed();
    out.push_back(checks::make_check(id, "Clients", "Client " + plan.client_id, changes ? Status::warn : Status::pass, plan.summary(),
                                     changes ? "run kcldap apply to bring the client to its [[clients]] entry" : ""));
  }
  return out;
}

checks::Check clients_admin_roles_check(const std::vector<ClientPlan>& plans, const std::optional<std::set<std::string>>& held) {
  std::set<std::string> needed;
  for (const auto& plan : plans) {
    const auto& w = plan.would;
    if (w.created || !w.settings_changed.empty() || w.secret_rotated) needed.insert("manage-clients");
    if (!w.roles_granted.empty() || !w.realm_roles_granted.empty() || w.created) needed.insert("manage-users");
    needed.insert(w.roles_granted.begin(), w.roles_granted.end());
  }
  const std::string id = "clients.admin-roles";
  for (const auto& plan : plans) {
    if (!plan.error.empty()) {
      return checks::make_check(id, "Clients", "Admin roles for the clients", Status::fail, plan.summary(),
                                "the identity kcldap signs in with needs view-clients and view-users to read the clients, manage-clients "
                                "and manage-users to change them");
    }
  }
  if (needed.empty()) return checks::make_check(id, "Clients", "Admin roles for the clients", Status::pass, "no client changes: no admin role needed");
  if (!held) {
    return checks::make_check(id, "Clients", "Admin roles for the clients", Status::warn,
                              "could not read the identity's roles; the client changes need " + listed({needed.begin(), needed.end()}));
  }
  std::vector<std::string> missing;
  for (const auto& role : needed) {
    if (held->count(role) == 0 && held->count("realm-admin") == 0) missing.push_back(role);
  }
  if (missing.empty()) return checks::make_check(id, "Clients", "Admin roles for the clients", Status::pass, "holds " + listed({needed.begin(), needed.end()}));
  return checks::make_check(id, "Clients", "Admin roles for the clients", Status::fail,
                            "the identity kcldap signs in with lacks realm-management roles the client changes need: " + listed(missing),
                            "grant them to that identity (or run apply as a realm admin once)");
}

std::string kubectl_secret_command(const config::KubectlSecret& secret, const std::string& file) {
  std::string line = "kubectl create secret generic " + secret.name;
  if (!secret.namespace_name.empty()) line += " --namespace " + secret.namespace_name;
  return line + " --from-file=" + secret.key + "=" + file + " --dry-run=client -o yaml | kubectl apply -f -";
}

Expected<std::string, std::string> write_secret_file(const std::string& path, const std::string& secret) {
  if (auto existing = read_file(path); existing && *existing == secret) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && (info.st_mode & 0777) == 0600) return std::string("unchanged");
  }
  if (auto written = prompts::write_file_atomically(path, secret, 0600); !written) {
    return unexpected("cannot write the secret to " + path + ": " + written.error());
  }
  return std::string("written");
}

bool ClientsApplied::ok() const {
  for (const auto& check : checks) {
    if (check.status == Status::fail) return false;
  }
  return true;
}

namespace {

json clients_backup_json(const std::string& realm, const std::vector<keycloak::ClientSnapshot>& snapshots) {
  json clients = json::array();
  for (const auto& snapshot : snapshots) clients.push_back(keycloak::snapshot_to_json(snapshot));
  return {{"schema", "kcldap.clients-backup/v1"}, {"realm", realm}, {"clients", clients},
          {"note", "client secrets are never stored here; Keycloak keeps the current ones"}};
}

// DIR/<realm>-clients-<UTC>.json, mode 0600, never overwriting an earlier one.
Expected<std::string, std::string> write_clients_backup(const std::string& realm, const std::vector<keycloak::ClientSnapshot>& snapshots,
                                                        const std::string& directory) {
  ::mkdir(directory.c_str(), 0700);
  const std::string stem = directory + "/" + file_name_part(realm) + "-clients-" + utc_stamp();
  for (int attempt = 1; attempt < 1000; ++attempt) {
    const std::string path = stem + (attempt == 1 ? "" : "-" + std::to_string(attempt)) + ".json";
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0) continue;
    auto written = prompts::write_file_atomically(path, clients_backup_json(realm, snapshots).dump(2) + "\n", 0600);
    if (!written) return unexpected("cannot write the clients backup " + path + ": " + written.error());
    return path;
  }
  return unexpected("cannot find a free backup file name under " + directory);
}

// One client ensured, its secret handed over; the check says what happened (never the secret).
checks::Check ensure_one(keycloak::AdminClient& admin, const config::ServiceClientSettings& client, bool& changed, std::string& secret) {
  const std::string id = check_id(client.client_id);
  const std::string title = "Client " + client.client_id;
  auto ensured = keycloak::ensure_service_client(admin, client_request(client));
  if (!ensured) {
    return checks::make_check(id, "Clients", title, Status::fail, "client " + client.client_id + ": " + ensured.error().to_string(),
                              "the identity kcldap signs in with needs manage-clients and manage-users, and must itself hold the roles it grants");
  }
  ClientPlan done{client.client_id, *ensured, ""};
  changed = changed || ensured->changed();
  secret = ensured->secret;
  std::vector<std::string> details;
  if (!client.secret_file.empty()) {
    auto written = write_secret_file(client.secret_file, ensured->secret);
    if (!written) return checks::make_check(id, "Clients", title, Status::fail, written.error(), "fix the path or its folder's permissions");
    details.push_back("secret: " + client.secret_file + " (" + *written + ", mode 0600)");
    changed = changed || *written == "written";
    if (client.kubectl_secret) details.push_back("store it in Kubernetes with: " + kubectl_secret_command(*client.kubectl_secret, client.secret_file));
  } else {
    details.push_back("secret: not written (no secret_file); read it in the admin console under Credentials");
  }
  if (!ensured->extra_roles.empty()) details.push_back("kept roles kcldap does not manage: " + listed(ensured->extra_roles));
  checks::Check check = checks::make_check(id, "Clients", title, Status::pass,
                                           ensured->changed() ? "done: " + done.summary() : done.summary(), "", details);
  check.show_details = true;
  return check;
}

}  // namespace

ClientsApplied apply_clients(keycloak::AdminClient& admin, const config::Config& config, const std::string& backup_dir,
                             const keycloak::ClientSettings& base) {
  ClientsApplied applied;
  const auto plans = plan_clients(admin, config);
  std::vector<keycloak::ClientSnapshot> snapshots;
  for (const auto& plan : plans) {
    const auto& w = plan.would;  // a new secret alone is not backed up: a backup never holds one
    const bool writes = w.created || !w.settings_changed.empty() || !w.roles_granted.empty() || !w.realm_roles_granted.empty();
    if (!plan.error.empty() || !writes) continue;
    auto snapshot = keycloak::snapshot_client(admin, plan.client_id);
    if (!snapshot) {
      applied.checks.push_back(checks::make_check("client.backup", "Clients", "Clients backup", Status::fail,
                                                  "could not back up client " + plan.client_id + ": " + snapshot.error().to_string(),
                                                  "nothing was changed in the clients; fix the cause and apply again"));
      return applied;
    }
    snapshots.push_back(std::move(*snapshot));
  }
  if (!snapshots.empty()) {
    auto path = write_clients_backup(config.keycloak.realm, snapshots, backup_dir);
    if (!path) {
      applied.checks.push_back(checks::make_check("client.backup", "Clients", "Clients backup", Status::fail, path.error(),
                                                  "nothing was changed in the clients; fix the backup folder and apply again"));
      return applied;
    }
    applied.backup_path = *path;
  }
  for (const auto& client : config.clients) {
    std::string secret;
    applied.checks.push_back(ensure_one(admin, client, applied.changed, secret));
    if (applied.checks.back().status == Status::pass) applied.checks.push_back(proof_check(config, client, base, secret));
  }
  if (!applied.backup_path.empty()) {
    applied.checks.push_back(checks::make_check("client.backup", "Clients", "Clients backup", Status::pass,
                                                "backup of the clients before this apply: " + applied.backup_path,
                                                "", {"undo with: kcldap restore " + applied.backup_path}));
  }
  return applied;
}

checks::Check proof_check(const config::Config& config, const config::ServiceClientSettings& client, const keycloak::ClientSettings& base,
                          const std::string& secret, const std::vector<std::string>& missing) {
  const std::string id = "client." + client.client_id + ".proof";
  const std::string title = "Client " + client.client_id + " does its app's calls";
  keycloak::ClientSettings as_client = base;
  as_client.username.clear();
  as_client.password.clear();
  as_client.client_id = client.client_id;
  as_client.client_secret = secret;
  as_client.auth_realm = config.keycloak.realm;
  keycloak::ConnectProgress progress;
  auto signed_in = keycloak::AdminClient::connect(as_client, &progress);
  if (!signed_in && progress.reached == keycloak::ConnectStep::realm && signed_in.error().status == 403) {
    const std::vector<std::string>& lacking = missing.empty() ? client.roles : missing;
    return checks::make_check(id, "Clients", title, Status::fail,
                              "client " + client.client_id + " lacks realm-management role(s) " + listed(lacking) +
                                  ": signed in, but Keycloak refuses it even the realm (it holds no admin role that lets its app's calls through)",
                              "add " + listed(lacking) + " to its roles in kcldap.toml (or use the preset that has them) and run kcldap apply");
  }
  if (!signed_in) {
    return checks::make_check(id, "Clients", title, Status::fail, "signing in as client " + client.client_id + " failed: " + signed_in.error().to_string(),
                              "check that the secret is the client's current one (kcldap apply writes it to secret_file)");
  }
  const keycloak::ClientPreset* preset = client.preset.empty() ? nullptr : keycloak::find_client_preset(client.preset);
  const bool writes = preset != nullptr ? preset->writes_users
                                        : std::find(client.roles.begin(), client.roles.end(), "manage-users") != client.roles.end();
  const bool write_proof = writes && !config.federation.sync_registrations;  // else the throwaway user would land in the directory
  const keycloak::ClientProof proof = keycloak::prove_client(*signed_in, {client.client_id, write_proof, keycloak::throwaway_username()});
  std::vector<std::string> details;
  for (const auto& step : proof.steps) details.push_back(std::string(step.passed ? "ok: " : "FAILED: ") + step.call + ": " + step.finding);
  if (writes && !write_proof) details.push_back("not tried: creating a throwaway user ([federation] sync_registrations would write it to the directory)");
  const auto& preview = proof.preview;
  details.push_back("what the app gets now: " + std::to_string(preview.count) + " users; of the first " + std::to_string(preview.listed) +
                    " listed, " + std::to_string(preview.without_email) + " without email, " + std::to_string(preview.federated) + " federated");
  for (const auto& row : preview.sample) details.push_back("  e.g. " + row);
  if (proof.passed()) {
    checks::Check check = checks::make_check(id, "Clients", title, Status::pass, std::to_string(proof.steps.size()) + " calls made as the client, all allowed",
                                             "", details);
    check.show_details = true;
    return check;
  }
  const auto refused = proof.missing_roles();
  return checks::make_check(id, "Clients", title, Status::fail,
                            refused.empty() ? "a call the app makes failed" : "client " + client.client_id + " lacks realm-management role(s) " + listed(refused),
                            refused.empty() ? "see the failed call below" : "add " + listed(refused) + " to its roles in kcldap.toml (or use the preset that has them) and run kcldap apply",
                            details);
}

namespace {

// The secret to sign in with: secret_file's when it is there, else Keycloak's.
Expected<std::string, std::string> current_secret(keycloak::AdminClient& admin, const config::ServiceClientSettings& client, const std::string& uuid) {
  if (!client.secret_file.empty()) {
    if (auto text = read_file(client.secret_file)) return *text;
  }
  auto secret = admin.get_json("/clients/" + uuid + "/client-secret", "read the secret of client " + client.client_id);
  if (!secret) return unexpected(secret.error().to_string());
  return secret->value("value", "");
}

}  // namespace

std::vector<checks::Check> client_proof_checks(keycloak::AdminClient& admin, const config::Config& config, const std::vector<ClientPlan>& plans,
                                               const keycloak::ClientSettings& base) {
  std::vector<checks::Check> out;
  for (std::size_t i = 0; i < plans.size() && i < config.clients.size(); ++i) {
    const auto& client = config.clients[i];
    if (!plans[i].error.empty() || plans[i].would.created) continue;
    auto secret = current_secret(admin, client, plans[i].would.client_uuid);
    if (!secret) {
      out.push_back(checks::make_check("client." + client.client_id + ".proof", "Clients", "Client " + client.client_id + " does its app's calls",
                                       Status::fail, "could not read its secret: " + secret.error(),
                                       "give secret_file, or let kcldap's identity read client secrets (view-clients)"));
      continue;
    }
    out.push_back(proof_check(config, client, base, *secret, plans[i].would.roles_granted));
  }
  return out;
}

Expected<std::optional<ClientsBackup>, std::string> read_clients_backup(const std::string& path) {
  const auto content = read_file(path);
  if (!content) return unexpected("cannot read the backup " + path);
  const json document = json::parse(*content, nullptr, false);
  if (!document.is_object() || document.value("schema", "") != "kcldap.clients-backup/v1") return std::optional<ClientsBackup>();
  ClientsBackup backup;
  backup.realm = document.value("realm", "");
  for (const auto& entry : document.value("clients", json::array())) {
    auto snapshot = keycloak::snapshot_from_json(entry);
    if (!snapshot) return unexpected(path + " is a damaged clients backup: " + snapshot.error());
    backup.clients.push_back(std::move(*snapshot));
  }
  return std::optional<ClientsBackup>(std::move(backup));
}

std::pair<std::vector<std::string>, std::string> restore_clients(keycloak::AdminClient& admin, const ClientsBackup& backup) {
  std::vector<std::string> done;
  for (const auto& snapshot : backup.clients) {
    auto restored = keycloak::restore_client(admin, snapshot);
    if (!restored) return {done, restored.error().to_string()};
    if (restored->empty()) done.push_back("client " + snapshot.client_id + " is as backed up");
    done.insert(done.end(), restored->begin(), restored->end());
  }
  return {done, ""};
}

}  // namespace kcldap::pipeline
