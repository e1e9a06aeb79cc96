#include "src/report/plan_report.hpp"

#include "common/printable.hpp"

#include <sstream>

namespace kcldap::report {

using keycloak::Action;
using nlohmann::json;

namespace {

std::string quoted(const std::optional<std::string>& value) { return value ? json(*value).dump(-1, ' ', false, json::error_handler_t::replace) : "(absent)"; }

std::string sign(Action action) {
  switch (action) {
    case Action::create: return "+";
    case Action::update: return "~";
    case Action::remove: return "-";
    case Action::none: return " ";
  }
  return " ";
}

json changes_json(const std::vector<keycloak::FieldChange>& changes) {
  json out = json::array();
  for (const auto& change : changes) {
    out.push_back({{"key", change.key},
                   {"before", change.before ? json(*change.before) : json(nullptr)},
                   {"after", change.after ? json(*change.after) : json(nullptr)},
                   {"reason", change.reason}});
  }
  return out;
}

}  // namespace

std::string plan_summary(const keycloak::Plan& plan) {
  int create = 0;
  int update = 0;
  int remove = 0;
  const auto count = [&](Action action) {
    if (action == Action::create) ++create;
    if (action == Action::update) ++update;
    if (action == Action::remove) ++remove;
  };
  count(plan.provider.action == Action::none && plan.provider_write() ? Action::update : plan.provider.action);
  for (const auto& mapper : plan.mappers) count(mapper.action);
  if (create + update + remove == 0) return "No changes: Keycloak already holds this federation.";
  return "Plan: " + std::to_string(create) + " to create, " + std::to_string(update) + " to change, " +
         std::to_string(remove) + " to delete.";
}

std::string render_plan_text(const pipeline::Planned& planned, const std::string& realm, bool color) {
  const auto paint = [&](const std::string& code, const std::string& text) {
    return color ? "\033[" + code + "m" + text + "\033[0m" : text;
  };
  const auto& plan = planned.plan;
  std::ostringstream out;
  out << "kcldap plan: realm " << realm << " at " << planned.facts.base_url << "\n";
  out << "  " << printable(planned.facts.base_path_finding) << "\n  " << printable(planned.facts.version_finding) << "\n\n";
  out << "LDAP provider \"" << printable(plan.provider.name) << "\": " << keycloak::to_string(plan.provider.action)
      << (plan.provider.id.empty() ? "" : " (id " + plan.provider.id + ")") << "\n";
  for (const auto& change : plan.provider.changes) {
    const std::string line = plan.provider.action == Action::create
                                 ? "  + " + printable(change.key) + " = " + quoted(change.after)
                                 : "  ~ " + printable(change.key) + ": " + quoted(change.before) + " -> " + quoted(change.after);
    out << paint(plan.provider.action == Action::create ? "32" : "33", line);
    if (!change.reason.empty()) out << "   # " << printable(change.reason);
    out << "\n";
  }
  if (plan.secret != keycloak::SecretAction::none) {
    out << "  bind credential: " << keycloak::to_string(plan.secret) << " (" << plan.secret_reason << ")\n";
  }
  if (!plan.mappers.empty()) out << "\nMappers:\n";
  for (const auto& mapper : plan.mappers) {
    if (mapper.action == Action::none) {
      out << "    \"" << printable(mapper.name) << "\": unchanged\n";
      continue;
    }
    const std::string code = mapper.action == Action::create ? "32" : mapper.action == Action::remove ? "31" : "33";
    out << paint(code, "  " + sign(mapper.action) + " \"" + printable(mapper.name) + "\" (" + mapper.provider_id + "): " +
                           (mapper.after_create ? "correct the default Keycloak creates" : keycloak::to_string(mapper.action)))
        << "\n";
    for (const auto& change : mapper.changes) {
      if (mapper.action == Action::create || mapper.after_create) {
        out << "      " << printable(change.key) << " = " << quoted(change.after) << "\n";
      } else {
        out << "      " << printable(change.key) << ": " << quoted(change.before) << " -> " << quoted(change.after) << "\n";
      }
    }
  }
  for (const auto& note : plan.notes) out << "\nnote: " << printable(note) << "\n";
  if (!planned.clients.empty()) out << "\nClients (after the federation):\n";
  for (const auto& client : planned.clients) {
    const bool changes = client.would.changed() || !client.error.empty();
    out << (changes ? paint(client.error.empty() ? "33" : "31", "  ~ " + printable(client.summary())) : "    " + printable(client.summary())) << "\n";
  }
  out << "\n" << plan_summary(plan) << "\n";
  return out.str();
}

json plan_to_json(const pipeline::Planned& planned, const std::string& realm) {
  const auto& plan = planned.plan;
  json mappers = json::array();
  for (const auto& mapper : plan.mappers) {
    mappers.push_back({{"name", mapper.name}, {"action", keycloak::to_string(mapper.action)}, {"id", mapper.id},
                       {"provider_id", mapper.provider_id}, {"after_create", mapper.after_create},
                       {"changes", changes_json(mapper.changes)}});
  }
  json clients = json::array();
  for (const auto& client : planned.clients) {
    clients.push_back({{"client_id", client.client_id}, {"changes", client.would.changed()}, {"created", client.would.created},
                       {"roles_granted", client.would.roles_granted}, {"extra_roles", client.would.extra_roles},
                       {"summary", client.summary()}, {"error", client.error}});
  }
  return {{"schema", "kcldap.plan/v1"},
          {"realm", realm},
          {"keycloak", {{"base_url", planned.facts.base_url}, {"legacy_auth_path", planned.facts.legacy_auth_path},
                        {"version", planned.facts.version.to_string()}, {"version_source", planned.facts.version_source}}},
          {"provider", {{"name", plan.provider.name}, {"action", keycloak::to_string(plan.provider.action)},
                        {"id", plan.provider.id}, {"changes", changes_json(plan.provider.changes)}}},
          {"bind_credential", {{"action", keycloak::to_string(plan.secret)}, {"reason", plan.secret_reason}}},
          {"mappers", mappers},
          {"notes", plan.notes},
          {"clients", clients},
          {"has_changes", plan.has_changes()},
          {"writes", plan.write_count()},
          {"summary", plan_summary(plan)}};
}

}  // namespace kcldap::report
