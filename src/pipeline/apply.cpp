#include "src/pipeline/apply.hpp"

#include <algorithm>

#include "keycloak/components_api.hpp"
#include "src/config/secret.hpp"
#include "src/hook/restart.hpp"

namespace kcldap::pipeline {

using keycloak::Action;
using keycloak::Component;

namespace {

std::string describe(const keycloak::ComponentPlan& mapper) {
  return (mapper.after_create ? std::string("correct") : keycloak::to_string(mapper.action)) + " mapper \"" + mapper.name + "\"";
}

keycloak::ComponentConfig changed_config(const std::vector<keycloak::FieldChange>& changes) {
  keycloak::ComponentConfig config;
  for (const auto& change : changes) {
    config[change.key] = change.after ? std::vector<std::string>{*change.after} : std::vector<std::string>{};
  }
  return config;
}

// Every step, in order, and how far the apply got: steps not reached are reported as not done.
class Steps {
 public:
  Steps(std::vector<std::string> steps, const WriteHooks& hooks) : steps_(std::move(steps)), hooks_(hooks) {}
  void done(const std::string& detail = "") {
    result.done.push_back(steps_[next_] + detail);
    ++next_;
    if (hooks_.progress) hooks_.progress(result);
  }
  // Why to stop before the next write ("" to go on).
  std::string stop_reason() const { return hooks_.stop ? hooks_.stop() : ""; }
  // A step found only while applying (a default mapper to delete); returns its description.
  const std::string& add(std::string step) {
    steps_.push_back(std::move(step));
    return steps_.back();
  }
  ApplyResult& stop(const std::string& error) {
    result.error = error;
    for (std::size_t i = next_; i < steps_.size(); ++i) result.not_done.push_back(steps_[i]);
    return result;
  }
  ApplyResult result;

 private:
  std::vector<std::string> steps_;
  const WriteHooks& hooks_;
  std::size_t next_ = 0;
};

}  // namespace

std::vector<std::string> planned_steps(const keycloak::Plan& plan) {
  std::vector<std::string> steps;
  if (plan.provider_write()) {
    steps.push_back(keycloak::to_string(plan.provider.action == Action::none ? Action::update : plan.provider.action) +
                    " provider \"" + plan.provider.name + "\"");
  }
  for (const auto& mapper : plan.mappers) {
    if (mapper.action != Action::none) steps.push_back(describe(mapper));
  }
  return steps;
}

namespace {

// Creates or updates the provider; its id, or the error that stopped the apply.
Expected<std::string, std::string> write_provider(keycloak::AdminClient& client, const Planned& planned, Backup& backup, Steps& steps) {
  const keycloak::Plan& plan = planned.plan;
  if (const std::string reason = steps.stop_reason(); !reason.empty()) return unexpected(reason);
  if (plan.provider.action == Action::create) {
    const Component payload = keycloak::provider_create_payload(planned.spec, planned.facts.version,
                                                                planned.facts.realm_id_visible ? planned.facts.realm_id : "");
    auto created = keycloak::create_component(client, payload, "create the LDAP provider \"" + plan.provider.name + "\"");
    if (!created) return unexpected(created.error().to_string());
    backup.created_provider_id = *created;
    (void)rewrite_backup(backup, steps.result.backup_path);
    steps.done(" (id " + *created + ")");
    return *created;
  }
  if (plan.provider_write()) {
    keycloak::ComponentConfig config = changed_config(plan.provider.changes);
    if (plan.secret == keycloak::SecretAction::rotate || plan.secret == keycloak::SecretAction::resend) {
      config["bindCredential"] = {*planned.spec.bind_credential};
    }
    auto updated = keycloak::update_component(client, *planned.current_provider, config,
                                              "update the LDAP provider \"" + plan.provider.name + "\"");
    if (!updated) return unexpected(updated.error().to_string());
    steps.done();
  }
  return plan.provider.id;
}

// One mapper step of the plan (not a no-op): delete, correct or update an existing one, or create it.
Expected<Done, std::string> write_mapper(keycloak::AdminClient& client, const keycloak::ComponentPlan& mapper,
                                         const std::vector<Component>& mappers, const std::string& provider_id, Steps& steps) {
  if (const std::string reason = steps.stop_reason(); !reason.empty()) return unexpected(reason);
  if (mapper.action == Action::remove) {
    auto removed = keycloak::delete_component(client, mapper.id, describe(mapper));
    if (!removed) return unexpected(removed.error().to_string());
    steps.done();
    return Done{};
  }
  const Component* existing = nullptr;
  for (const auto& candidate : mappers) {
    if (candidate.name == mapper.name) existing = &candidate;
  }
  if (mapper.after_create && existing == nullptr) {
    steps.done(" (Keycloak created no such default mapper here; nothing to correct)");
    return Done{};
  }
  if (existing != nullptr) {
    const keycloak::ComponentConfig config = changed_config(mapper.changes);
    if (!keycloak::changes_config(*existing, config)) {
      steps.done(" (already as wanted)");
      return Done{};
    }
    auto updated = keycloak::update_component(client, *existing, config, describe(mapper));
    if (!updated) return unexpected(updated.error().to_string());
    steps.done();
    return Done{};
  }
  keycloak::MapperSpec spec{mapper.name, mapper.provider_id, {}, false};
  for (const auto& change : mapper.changes) spec.config[change.key] = *change.after;
  auto created = keycloak::create_component(client, keycloak::mapper_payload(spec, provider_id), describe(mapper));
  if (!created) return unexpected(created.error().to_string());
  steps.done();
  return Done{};
}

// default_mappers = "delete": the defaults Keycloak just created go too, so one apply converges.
Expected<Done, std::string> delete_unlisted_defaults(keycloak::AdminClient& client, const Planned& planned,
                                                     const std::vector<Component>& mappers, Steps& steps) {
  for (const auto& mapper : mappers) {
    const bool listed = std::any_of(planned.spec.mappers.begin(), planned.spec.mappers.end(),
                                    [&](const keycloak::MapperSpec& wanted) { return wanted.name == mapper.name; });
    if (listed) continue;
    if (const std::string reason = steps.stop_reason(); !reason.empty()) return unexpected(reason);
    const std::string& step = steps.add("delete default mapper \"" + mapper.name + "\" (default_mappers = \"delete\")");
    auto removed = keycloak::delete_component(client, mapper.id, step);
    if (!removed) return unexpected(removed.error().to_string());
    steps.done();
  }
  return Done{};
}

}  // namespace

ApplyResult execute_plan(keycloak::AdminClient& client, const Planned& planned, const std::string& realm,
                         const std::string& backup_dir, const WriteHooks& hooks) {
  const keycloak::Plan& plan = planned.plan;
  if (!plan.has_changes()) return ApplyResult{};
  Steps steps(planned_steps(plan), hooks);

  Backup backup{realm, plan.provider.name, planned.current_provider, planned.current_mappers, ""};
  auto written = write_backup(backup, backup_dir);
  if (!written) return steps.stop(written.error() + " (nothing was changed)");
  steps.result.backup_path = *written;
  if (hooks.progress) hooks.progress(steps.result);

  auto provider_id = write_provider(client, planned, backup, steps);
  if (!provider_id) return steps.stop(provider_id.error());
  steps.result.provider_id = *provider_id;

  // Mappers are identified by parent id + name; after a create, read back what Keycloak made.
  std::vector<Component> mappers = planned.current_mappers;
  if (plan.provider.action == Action::create) {
    auto fresh = keycloak::child_components(client, *provider_id, keycloak::kMapperType, "read the default mappers Keycloak created");
    if (!fresh) return steps.stop(fresh.error().to_string());
    mappers = std::move(*fresh);
  }
  for (const auto& mapper : plan.mappers) {
    if (mapper.action == Action::none) continue;
    if (auto written_mapper = write_mapper(client, mapper, mappers, *provider_id, steps); !written_mapper) {
      return steps.stop(written_mapper.error());
    }
  }
  if (plan.provider.action == Action::create && planned.spec.default_mappers == "delete") {
    if (auto deleted = delete_unlisted_defaults(client, planned, mappers, steps); !deleted) return steps.stop(deleted.error());
  }
  return steps.result;
}

// What --dry-run would have done: the writes, and the restart hook (its secrets masked).
std::string dry_run_text(const config::Config& config, const keycloak::Plan& plan) {
  std::string would = "\nDry run: nothing was changed.";
  would += plan.has_changes() ? "\n  apply would send " + std::to_string(plan.write_count()) + " requests, then run the post-checks"
                              : "\n  nothing to apply";
  if (!config.restart.command.empty()) {
    would += "\n  restart command: " + hook::redact(hook::command_line(config.restart.command), config::secret_values(config));
    if (!config.restart.wait.empty()) {
      would += "\n  then wait with:  " + hook::redact(hook::command_line(config.restart.wait), config::secret_values(config));
    }
    would += "\n  (within " + std::to_string(config.restart.timeout_s) + " s, only after every post-check passed)";
  }
  return would;
}

}  // namespace kcldap::pipeline
