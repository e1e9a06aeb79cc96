#include "src/pipeline/apply.hpp"

#include <algorithm>

#include "keycloak/components_api.hpp"

namespace kcldap::pipeline {

using keycloak::Action;
using nlohmann::json;

namespace {

std::string describe(const keycloak::ComponentPlan& mapper) {
  return (mapper.after_create ? std::string("correct") : keycloak::to_string(mapper.action)) + " mapper \"" + mapper.name + "\"";
}

json changed_config(const std::vector<keycloak::FieldChange>& changes) {
  json config = json::object();
  for (const auto& change : changes) config[change.key] = change.after ? json::array({*change.after}) : json::array();
  return config;
}

}  // namespace

ApplyResult execute_plan(keycloak::AdminClient& client, const Planned& planned, const std::string& realm,
                         const std::string& backup_dir) {
  ApplyResult result;
  const keycloak::Plan& plan = planned.plan;
  if (!plan.has_changes()) return result;

  // Every step, in order; steps not reached are reported as not done.
  std::vector<std::string> steps;
  if (plan.provider_write()) {
    steps.push_back(keycloak::to_string(plan.provider.action == Action::none ? Action::update : plan.provider.action) +
                    " provider \"" + plan.provider.name + "\"");
  }
  for (const auto& mapper : plan.mappers) {
    if (mapper.action != Action::none) steps.push_back(describe(mapper));
  }
  std::size_t next = 0;
  const auto step_done = [&](const std::string& detail = "") {
    result.done.push_back(steps[next] + detail);
    ++next;
  };
  const auto stop = [&](const std::string& error) {
    result.error = error;
    for (std::size_t i = next; i < steps.size(); ++i) result.not_done.push_back(steps[i]);
    return result;
  };

  Backup backup{realm, plan.provider.name, planned.current_provider, planned.current_mappers, ""};
  auto written = write_backup(backup, backup_dir);
  if (!written) return stop(written.error() + " (nothing was changed)");
  result.backup_path = *written;

  std::string provider_id = plan.provider.id;
  if (plan.provider.action == Action::create) {
    const json payload = keycloak::provider_create_payload(planned.spec, planned.facts.version,
                                                           planned.facts.realm_id_visible ? planned.facts.realm_id : "");
    auto created = keycloak::create_component(client, payload, "create the LDAP provider \"" + plan.provider.name + "\"");
    if (!created) return stop(created.error().to_string());
    provider_id = *created;
    backup.created_provider_id = provider_id;
    (void)rewrite_backup(backup, result.backup_path);
    step_done(" (id " + provider_id + ")");
  } else if (plan.provider_write()) {
    json config = changed_config(plan.provider.changes);
    if (plan.secret == keycloak::SecretAction::rotate || plan.secret == keycloak::SecretAction::resend) {
      config["bindCredential"] = json::array({*planned.spec.bind_credential});
    }
    auto updated = keycloak::update_component(client, *planned.current_provider, config,
                                              "update the LDAP provider \"" + plan.provider.name + "\"");
    if (!updated) return stop(updated.error().to_string());
    step_done();
  }
  result.provider_id = provider_id;

  // Mappers are identified by parent id + name; after a create, read back what Keycloak made.
  json mappers = planned.current_mappers;
  if (plan.provider.action == Action::create) {
    auto fresh = keycloak::child_components(client, provider_id, keycloak::kMapperType, "read the default mappers Keycloak created");
    if (!fresh) return stop(fresh.error().to_string());
    mappers = *fresh;
  }
  for (const auto& mapper : plan.mappers) {
    if (mapper.action == Action::none) continue;
    if (mapper.action == Action::remove) {
      auto removed = keycloak::delete_component(client, mapper.id, describe(mapper));
      if (!removed) return stop(removed.error().to_string());
      step_done();
      continue;
    }
    const json* existing = nullptr;
    for (const auto& candidate : mappers) {
      if (candidate.value("name", "") == mapper.name) existing = &candidate;
    }
    if (mapper.after_create && existing == nullptr) {
      step_done(" (Keycloak created no such default mapper here; nothing to correct)");
      continue;
    }
    if (existing != nullptr) {
      const json config = changed_config(mapper.changes);
      if (!keycloak::changes_config(*existing, config)) {
        step_done(" (already as wanted)");
        continue;
      }
      auto updated = keycloak::update_component(client, *existing, config, describe(mapper));
      if (!updated) return stop(updated.error().to_string());
      step_done();
      continue;
    }
    keycloak::MapperSpec spec{mapper.name, mapper.provider_id, {}, false};
    for (const auto& change : mapper.changes) spec.config[change.key] = *change.after;
    auto created = keycloak::create_component(client, keycloak::mapper_payload(spec, provider_id), describe(mapper));
    if (!created) return stop(created.error().to_string());
    step_done();
  }
  // default_mappers = "delete": the defaults Keycloak just created go too, so one apply converges.
  if (plan.provider.action == Action::create && planned.spec.default_mappers == "delete") {
    for (const auto& mapper : mappers) {
      const std::string name = mapper.value("name", "");
      const bool listed = std::any_of(planned.spec.mappers.begin(), planned.spec.mappers.end(),
                                      [&](const keycloak::MapperSpec& wanted) { return wanted.name == name; });
      if (listed) continue;
      steps.push_back("delete default mapper \"" + name + "\" (default_mappers = \"delete\")");
      auto removed = keycloak::delete_component(client, mapper.value("id", ""), steps.back());
      if (!removed) return stop(removed.error().to_string());
      step_done();
    }
  }
  return result;
}

}  // namespace kcldap::pipeline
