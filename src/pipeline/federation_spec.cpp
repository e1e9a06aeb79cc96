#include "src/pipeline/federation_spec.hpp"

#include "common/text.hpp"
#include "keycloak/mapper_types.hpp"
#include "src/config/schema.hpp"

namespace kcldap::pipeline {

namespace {

std::string boolean(bool value) { return value ? "true" : "false"; }

// Builds the spec in named steps. Keys the config sends as written come from the key table
// (src/config/schema.cpp) in one loop; the steps below decide the few values that need the probe or a
// preset, each with the reason shown in the plan.
class SpecBuilder {
 public:
  using Value = config::Value;

  explicit SpecBuilder(const SpecInputs& inputs)
      : c_(inputs.config), probe_(inputs.probe), r_(*inputs.probe.recommended),
        runai_(c_.federation.preset == "runai"), ad_(inputs.probe.active_directory) {
    spec_.name = c_.federation.name;
    spec_.default_mappers = c_.federation.default_mappers;
    spec_.bind_credential = inputs.bind_secret;
    spec_.rotate_bind_credential = inputs.rotate_bind_credential;
  }

  Expected<keycloak::FederationSpec, std::string> build() {
    keys_sent_as_written();
    connection();
    if (auto ok = user_attributes(); !ok) return unexpected(ok.error());
    search();
    sync_behaviour();
    adopt_default_mappers();
    if (auto ok = configured_mappers(); !ok) return unexpected(ok.error());
    return std::move(spec_);
  }

 private:
  void set(const std::string& key, const std::string& value, const std::string& reason) {
    spec_.config[key] = value;
    if (!reason.empty()) spec_.reasons[key] = reason;
  }

  // key <- explicit config value, else the probe's recommendation (each with its reason).
  Expected<Done, std::string> pick(const std::string& config_key, const ldap::Recommendation& recommended) {
    const config::KeySpec& key = *config::find_key("ldap", config_key);
    const std::string configured = std::get<std::string>(*key.read(c_));
    if (configured != "auto") {
      set(key.keycloak.name, configured, "set in the config ([ldap] " + config_key + ")");
    } else if (!recommended.value.empty()) {
      set(key.keycloak.name, recommended.value, "probe: " + recommended.reason);
    } else {
      return unexpected("[ldap] " + config_key + " is \"auto\" but the probe found nothing suitable (" + recommended.reason +
                        "); set it in the config");
    }
    return Done{};
  }

  void keys_sent_as_written() {
    for (const auto& key : config::config_schema()) {
      if (key.keycloak.name.empty() || key.keycloak.derived) continue;
      auto value = key.read(c_);
      if (!value) continue;
      if (key.keycloak.zero_unsets && std::get<long long>(*value) == 0) {
        spec_.unset[key.keycloak.name] = "set in the config (" + key.label() + " = 0: no time limit)";
        continue;
      }
      set(key.keycloak.name, config::to_keycloak_text(key, *value), "");
      if (!c_.is_set(key.dotted())) spec_.defaulted[key.keycloak.name] = key.label();
    }
  }

  // A value the config left to kcldap's default (the plan says so when it changes an existing provider).
  void set_default_unless_configured(const std::string& keycloak_key, const std::string& section, const std::string& key) {
    if (!c_.is_set(section + "." + key)) spec_.defaulted[keycloak_key] = "[" + section + "] " + key;
  }

  void connection() {
    set("authType", c_.ldap.bind_dn.empty() ? "none" : "simple", "");
    if (!c_.ldap.bind_dn.empty()) set("bindDn", c_.ldap.bind_dn, "");
    set("usersDn", probe_.users.dn, probe_.users.dn_source == "config" ? "" : "probe: proposed from where users live");
    const bool configured = c_.ldap.vendor != "auto";
    set("vendor", configured ? c_.ldap.vendor : r_.vendor.value, configured ? "set in the config" : "probe: " + r_.vendor.reason);
  }

  Expected<Done, std::string> user_attributes() {
    ldap::Recommendation username = r_.username;
    if (runai_ && ad_ && c_.ldap.username_attribute == "auto") {
      username = {"sAMAccountName", "preset runai: sAMAccountName on Active Directory"};
    }
    if (auto ok = pick("username_attribute", username); !ok) return ok;
    if (auto ok = pick("rdn_attribute", r_.rdn); !ok) return ok;
    if (auto ok = pick("uuid_attribute", r_.uuid); !ok) return ok;
    const bool probed = c_.ldap.user_object_classes.empty();
    const auto& classes = *config::find_key("ldap", "user_object_classes");
    set(classes.keycloak.name, config::to_keycloak_text(classes, Value(probed ? r_.user_object_classes : c_.ldap.user_object_classes)),
        probed ? "probe: " + r_.user_object_classes_reason : "");
    return Done{};
  }

  void search() {
    std::string scope = c_.ldap.search_scope;
    std::string reason = "set in the config";
    if (scope == "auto" && runai_ && !c_.is_set("ldap.search_scope")) {
      scope = "subtree";
      reason = "preset runai";
    } else if (scope == "auto") {
      scope = r_.search_scope.value;
      reason = "probe: " + r_.search_scope.reason;
    }
    const auto& key = *config::find_key("ldap", "search_scope");
    set(key.keycloak.name, config::to_keycloak_text(key, Value(scope)), reason);
    // The probe resolved user_filter ("auto" leaves computers and system accounts out on AD).
    if (!probe_.users.custom_filter.empty()) {
      set("customUserSearchFilter", probe_.users.custom_filter,
          probe_.users.custom_filter_reason == "set in the config"       ? ""
          : probe_.users.custom_filter_reason.rfind("required_groups", 0) == 0 ? probe_.users.custom_filter_reason
                                                                               : "probe: " + probe_.users.custom_filter_reason);
    }
  }

  void sync_behaviour() {
    if (runai_ && !c_.is_set("federation.edit_mode")) {
      set("editMode", "READ_ONLY", "preset runai");
    } else {
      set("editMode", c_.federation.edit_mode, "");
      set_default_unless_configured("editMode", "federation", "edit_mode");
    }
    if (runai_ && !c_.is_set("federation.import_users")) {
      set("importEnabled", "false", "preset runai");
    } else {
      set("importEnabled", boolean(c_.federation.import_users), "");
      set_default_unless_configured("importEnabled", "federation", "import_users");
    }
    const bool server_pages = !probe_.server || probe_.server->paged_results;
    if (!c_.is_set("federation.pagination") && !server_pages) {
      set("pagination", "false", "probe: the server does not announce paged results");
    } else {
      set("pagination", boolean(c_.federation.pagination), "");
      set_default_unless_configured("pagination", "federation", "pagination");
    }
  }

  // Default mappers Keycloak creates on its own, corrected to what users really carry.
  void adopt_default_mappers() {
    if (spec_.default_mappers != "adopt") return;
    const auto adopt = [&](const std::string& name, const std::string& attribute) {
      if (attribute.empty()) return;
      spec_.mappers.push_back({name, "user-attribute-ldap-mapper", {{"ldap.attribute", attribute}}, true});
    };
    adopt("username", spec_.config["usernameLDAPAttribute"]);
    adopt("first name", c_.ldap.first_name_attribute != "auto" ? c_.ldap.first_name_attribute : r_.first_name.value);
    adopt("last name", c_.ldap.last_name_attribute != "auto" ? c_.ldap.last_name_attribute : r_.last_name.value);
    std::string email = c_.ldap.email_attribute != "auto" ? c_.ldap.email_attribute : r_.email.value;
    if (runai_ && ad_ && c_.ldap.email_attribute == "auto") email = "userPrincipalName";
    adopt("email", email);
  }

  // Fills what Keycloak requires of a group or role mapper but the config left out, from the probe.
  void complete_membership_mapper(const std::string& type, std::map<std::string, std::string>& config) const {
    const bool writable = spec_.config.at("editMode") == "WRITABLE";
    if (config.count("mode") == 0) config["mode"] = writable ? "LDAP_ONLY" : "READ_ONLY";
    if (type != "group" || !probe_.groups || probe_.groups->sampled == 0) return;
    const auto& groups = *probe_.groups;
    if (config.count("group.object.classes") == 0) config["group.object.classes"] = groups.recommended_object_class();
    if (config.count("membership.ldap.attribute") == 0) config["membership.ldap.attribute"] = groups.recommended_membership_attribute();
    if (config.count("membership.attribute.type") == 0) config["membership.attribute.type"] = groups.membership_type();
    // Nested AD groups: only this strategy (AD's matching rule in chain) gives users their parent groups.
    if (ad_ && !groups.nested_examples.empty() && config.count("user.roles.retrieve.strategy") == 0) {
      config["user.roles.retrieve.strategy"] = "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE_RECURSIVELY";
    }
  }

  Expected<Done, std::string> configured_mappers() {
    for (const auto& mapper : c_.mappers) {
      std::string error;
      auto translated = keycloak::translate_mapper(mapper.name, mapper.type, mapper.options, &error);
      if (!translated) return unexpected(mapper.where.to_string() + ": " + error);
      if (mapper.type == "group" || mapper.type == "role") complete_membership_mapper(mapper.type, translated->config);
      // An explicit mapper with the name of an adopted default replaces the adoption.
      std::erase_if(spec_.mappers, [&](const keycloak::MapperSpec& m) { return m.adopted_default && m.name == translated->name; });
      spec_.mappers.push_back(std::move(*translated));
    }
    return Done{};
  }

  const config::Config& c_;
  const ldap::ProbeReport& probe_;
  const ldap::Recommendations& r_;
  const bool runai_;
  const bool ad_;
  keycloak::FederationSpec spec_;
};

}  // namespace

Expected<keycloak::FederationSpec, std::string> build_federation_spec(const SpecInputs& inputs) {
  if (!inputs.probe.recommended) {
    return unexpected(std::string("the probe did not get as far as attribute discovery; run kcldap probe and fix what it reports"));
  }
  return SpecBuilder(inputs).build();
}

}  // namespace kcldap::pipeline
