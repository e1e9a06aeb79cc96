#include "src/pipeline/federation_spec.hpp"

#include "keycloak/mapper_types.hpp"
#include "common/text.hpp"

namespace kcldap::pipeline {

namespace {

std::string boolean(bool value) { return value ? "true" : "false"; }

}  // namespace

Expected<keycloak::FederationSpec, std::string> build_federation_spec(const SpecInputs& inputs) {
  const config::Config& c = inputs.config;
  const ldap::ProbeReport& probe = inputs.probe;
  if (!probe.recommended) return unexpected(std::string("the probe did not get as far as attribute discovery; run kcldap probe and fix what it reports"));
  const ldap::Recommendations& r = *probe.recommended;
  keycloak::FederationSpec spec;
  spec.name = c.federation.name;
  spec.default_mappers = c.federation.default_mappers;
  spec.bind_credential = inputs.bind_secret;
  spec.rotate_bind_credential = inputs.rotate_bind_credential;
  const bool runai = c.federation.preset == "runai";
  const bool ad = probe.active_directory;

  // key <- explicit config value, else preset, else probe recommendation (each with its reason).
  const auto set = [&](const std::string& key, const std::string& value, const std::string& reason) {
    spec.config[key] = value;
    if (!reason.empty()) spec.reasons[key] = reason;
  };
  const auto pick = [&](const std::string& key, const std::string& configured, const ldap::Recommendation& recommended,
                        const std::string& config_key) -> Expected<Done, std::string> {
    if (configured != "auto") {
      set(key, configured, "set in the config ([ldap] " + config_key + ")");
    } else if (!recommended.value.empty()) {
      set(key, recommended.value, "probe: " + recommended.reason);
    } else {
      return unexpected("[ldap] " + config_key + " is \"auto\" but the probe found nothing suitable (" + recommended.reason +
                        "); set it in the config");
    }
    return Done{};
  };

  set("enabled", boolean(c.federation.enabled), "");
  set("connectionUrl", kcldap::join(c.ldap.urls, " "), "");
  set("startTls", boolean(c.ldap.start_tls), "");
  set("authType", c.ldap.bind_dn.empty() ? "none" : "simple", "");
  if (!c.ldap.bind_dn.empty()) set("bindDn", c.ldap.bind_dn, "");
  set("usersDn", probe.users.dn, probe.users.dn_source == "config" ? "" : "probe: proposed from where users live");
  const std::string vendor = c.ldap.vendor != "auto" ? c.ldap.vendor : r.vendor.value;
  set("vendor", vendor, c.ldap.vendor != "auto" ? "set in the config" : "probe: " + r.vendor.reason);

  ldap::Recommendation username = r.username;
  if (runai && ad && c.ldap.username_attribute == "auto") username = {"sAMAccountName", "preset runai: sAMAccountName on Active Directory"};
  if (auto ok = pick("usernameLDAPAttribute", c.ldap.username_attribute, username, "username_attribute"); !ok) return unexpected(ok.error());
  if (auto ok = pick("rdnLDAPAttribute", c.ldap.rdn_attribute, r.rdn, "rdn_attribute"); !ok) return unexpected(ok.error());
  if (auto ok = pick("uuidLDAPAttribute", c.ldap.uuid_attribute, r.uuid, "uuid_attribute"); !ok) return unexpected(ok.error());
  const std::vector<std::string> classes = c.ldap.user_object_classes.empty() ? r.user_object_classes : c.ldap.user_object_classes;
  set("userObjectClasses", kcldap::join(classes, ", "), c.ldap.user_object_classes.empty() ? "probe: " + r.user_object_classes_reason : "");

  std::string scope = c.ldap.search_scope;
  std::string scope_reason = "set in the config";
  if (scope == "auto" && runai && !c.is_set("ldap.search_scope")) {
    scope = "subtree";
    scope_reason = "preset runai";
  } else if (scope == "auto") {
    scope = r.search_scope.value;
    scope_reason = "probe: " + r.search_scope.reason;
  }
  set("searchScope", scope == "one" ? "1" : "2", scope_reason);
  // The probe resolved user_filter ("auto" leaves computers and system accounts out on AD).
  if (!probe.users.custom_filter.empty()) {
    set("customUserSearchFilter", probe.users.custom_filter,
        probe.users.custom_filter_reason == "set in the config" ? "" : "probe: " + probe.users.custom_filter_reason);
  }

  const auto preset_or = [&](const std::string& key, bool configured, bool preset_value, const std::string& config_key) {
    if (runai && !c.is_set("federation." + config_key)) {
      set(key, boolean(preset_value), "preset runai");
    } else {
      set(key, boolean(configured), "");
    }
  };
  if (runai && !c.is_set("federation.edit_mode")) {
    set("editMode", "READ_ONLY", "preset runai");
  } else {
    set("editMode", c.federation.edit_mode, "");
  }
  preset_or("importEnabled", c.federation.import_users, false, "import_users");
  set("syncRegistrations", boolean(c.federation.sync_registrations), "");
  set("trustEmail", boolean(c.federation.trust_email), "");
  const bool server_pages = !probe.server || probe.server->paged_results;
  if (!c.is_set("federation.pagination") && !server_pages) {
    set("pagination", "false", "probe: the server does not announce paged results");
  } else {
    set("pagination", boolean(c.federation.pagination), "");
  }
  set("batchSizeForSync", std::to_string(c.federation.batch_size), "");
  set("fullSyncPeriod", std::to_string(c.federation.full_sync_period), "");
  set("changedSyncPeriod", std::to_string(c.federation.changed_sync_period), "");
  set("cachePolicy", c.federation.cache_policy, "");
  set("useTruststoreSpi", c.federation.use_truststore_spi, "");
  if (c.federation.connection_pooling) set("connectionPooling", boolean(*c.federation.connection_pooling), "");
  set("connectionTimeout", std::to_string(c.ldap.connect_timeout_ms), "");
  set("readTimeout", std::to_string(c.ldap.read_timeout_ms), "");

  // Default mappers Keycloak creates on its own, corrected to what users really carry.
  if (spec.default_mappers == "adopt") {
    const auto adopt = [&](const std::string& name, const std::string& attribute) {
      if (attribute.empty()) return;
      spec.mappers.push_back({name, "user-attribute-ldap-mapper", {{"ldap.attribute", attribute}}, true});
    };
    adopt("username", spec.config["usernameLDAPAttribute"]);
    adopt("first name", c.ldap.first_name_attribute != "auto" ? c.ldap.first_name_attribute : r.first_name.value);
    adopt("last name", c.ldap.last_name_attribute != "auto" ? c.ldap.last_name_attribute : r.last_name.value);
    std::string email = c.ldap.email_attribute != "auto" ? c.ldap.email_attribute : r.email.value;
    if (runai && ad && c.ldap.email_attribute == "auto") email = "userPrincipalName";
    adopt("email", email);
  }
  for (const auto& mapper : c.mappers) {
    std::string error;
    auto translated = keycloak::translate_mapper(mapper.name, mapper.type, mapper.options, &error);
    if (!translated) return unexpected(mapper.where.to_string() + ": " + error);
    // Fill what Keycloak requires but the config left out, from the probe.
    if (mapper.type == "group") {
      auto& config = translated->config;
      const bool writable = spec.config["editMode"] == "WRITABLE";
      if (config.count("mode") == 0) config["mode"] = writable ? "LDAP_ONLY" : "READ_ONLY";
      if (probe.groups && probe.groups->sampled > 0) {
        if (config.count("group.object.classes") == 0) config["group.object.classes"] = probe.groups->recommended_object_class();
        if (config.count("membership.ldap.attribute") == 0) config["membership.ldap.attribute"] = probe.groups->recommended_membership_attribute();
        if (config.count("membership.attribute.type") == 0) config["membership.attribute.type"] = probe.groups->membership_type();
        // Nested AD groups: only this strategy (AD's matching rule in chain) gives users their parent groups.
        if (ad && !probe.groups->nested_examples.empty() && config.count("user.roles.retrieve.strategy") == 0) {
          config["user.roles.retrieve.strategy"] = "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE_RECURSIVELY";
        }
      }
    }
    if (mapper.type == "role" && translated->config.count("mode") == 0) {
      translated->config["mode"] = spec.config["editMode"] == "WRITABLE" ? "LDAP_ONLY" : "READ_ONLY";
    }
    // An explicit mapper with the name of an adopted default replaces the adoption.
    std::erase_if(spec.mappers, [&](const keycloak::MapperSpec& m) { return m.adopted_default && m.name == translated->name; });
    spec.mappers.push_back(std::move(*translated));
  }
  return spec;
}

}  // namespace kcldap::pipeline
