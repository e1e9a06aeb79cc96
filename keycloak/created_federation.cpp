#include "keycloak/created_federation.hpp"

#include <algorithm>

#include "common/text.hpp"

namespace kcldap::keycloak {

namespace {

std::string value_or(const std::map<std::string, std::string>& config, const std::string& key, const std::string& fallback) {
  auto found = config.find(key);
  return found == config.end() || found->second.empty() ? fallback : found->second;
}

std::map<std::string, std::string> attribute(const std::string& model, const std::string& ldap, const std::string& read_only,
                                             const std::string& always_read, const std::string& mandatory) {
  return {{"user.model.attribute", model},
          {"ldap.attribute", ldap},
          {"read.only", read_only},
          {"always.read.value.from.ldap", always_read},
          {"is.mandatory.in.ldap", mandatory}};
}

}  // namespace

std::string default_krb_principal_attribute(const std::string& vendor) {
  if (vendor == "rhds") return "krbPrincipalName";
  if (vendor == "ad") return "userPrincipalName";
  return "krb5PrincipalName";
}

// The rules of the LDAP provider's onCreate (reference §4), by edit mode, vendor and the username and
// RDN attributes.
std::vector<MapperSpec> default_mappers(const std::map<std::string, std::string>& c, const Version& version) {
  const std::string edit_mode = value_or(c, "editMode", "READ_ONLY");
  const bool ad = value_or(c, "vendor", "") == "ad";
  const std::string read_only = edit_mode == "WRITABLE" ? "false" : "true";
  const std::string always_read = edit_mode == "UNSYNCED" ? "false" : "true";
  const std::string username = value_or(c, "usernameLDAPAttribute", ad ? "cn" : "uid");
  const std::string rdn = value_or(c, "rdnLDAPAttribute", username);
  std::vector<MapperSpec> out;
  const auto add = [&](const std::string& name, const std::string& provider, std::map<std::string, std::string> config) {
    out.push_back({name, provider, std::move(config), false});
  };
  add("username", "user-attribute-ldap-mapper", attribute("username", username, read_only, "false", "true"));
  if (iequals(rdn, "cn") && iequals(username, "cn")) {
    add("first name", "user-attribute-ldap-mapper", attribute("firstName", "givenName", read_only, always_read, "true"));
  } else if (iequals(rdn, "cn") && edit_mode == "WRITABLE") {
    add("first name", "user-attribute-ldap-mapper", attribute("firstName", "givenName", read_only, always_read, "true"));
    add("username-cn", "user-attribute-ldap-mapper", attribute("username", "cn", read_only, "false", "true"));
  } else if (iequals(rdn, "cn")) {
    add("full name", "full-name-ldap-mapper", {{"ldap.full.name.attribute", "cn"}, {"read.only", read_only}, {"write.only", "false"}});
  } else {
    add("first name", "user-attribute-ldap-mapper", attribute("firstName", "cn", read_only, always_read, "true"));
  }
  add("last name", "user-attribute-ldap-mapper", attribute("lastName", "sn", read_only, always_read, "true"));
  add("email", "user-attribute-ldap-mapper", attribute("email", "mail", read_only, "false", "false"));
  add("creation date", "user-attribute-ldap-mapper",
      attribute("createTimestamp", ad ? "whenCreated" : "createTimestamp", "true", always_read, "false"));
  add("modify date", "user-attribute-ldap-mapper",
      attribute("modifyTimestamp", ad ? "whenChanged" : "modifyTimestamp", "true", always_read, "false"));
  if (ad) {
    std::map<std::string, std::string> config;
    if (!(version < Version{24, 0, 3})) config["always.read.enabled.value.from.ldap"] = always_read;
    add("MSAD account controls", "msad-user-account-control-mapper", config);
  }
  if (!(version < Version{26, 1, 0})) add("Kerberos principal attribute mapper", "kerberos-principal-attribute-mapper", {});
  if (!ad && value_or(c, "syncRegistrations", "") == "true" && value_or(c, "usePasswordModifyExtendedOp", "") == "true") {
    add("random initial password", "hardcoded-ldap-attribute-mapper", {{"ldap.attribute.name", "userpassword"}, {"ldap.attribute.value", "${RANDOM}"}});
  }
  return out;
}

CreatedFederation created_federation(const FederationSpec& spec, const Version& version) {
  CreatedFederation out;
  out.name = spec.name;
  out.reasons = spec.reasons;
  std::vector<std::string> dropped;
  out.config = known_config(spec, version, &dropped);
  for (const auto& key : dropped) out.notes.push_back("left out: " + key + " is unknown to Keycloak " + version.to_string());
  if (!(version < Version{23, 0, 0}) && out.config.count("krbPrincipalAttribute") == 0) {
    out.config["krbPrincipalAttribute"] = default_krb_principal_attribute(value_or(out.config, "vendor", ""));
    out.reasons["krbPrincipalAttribute"] = "Keycloak " + version.to_string() + " sets this vendor default on create";
  }
  out.has_bind_credential = value_or(out.config, "authType", "simple") == "simple" && out.config.count("bindDn") != 0;
  // With "delete", apply deletes the defaults the config does not name, and corrects those it names.
  for (auto& mapper : default_mappers(out.config, version)) {
    const bool declared = std::any_of(spec.mappers.begin(), spec.mappers.end(), [&](const MapperSpec& m) { return m.name == mapper.name; });
    if (spec.default_mappers != "delete" || declared) {
      out.mappers.push_back(std::move(mapper));
    } else {
      out.defaults_to_delete.push_back(mapper.name);
    }
  }
  for (const auto& wanted : spec.mappers) {
    MapperSpec* same_name = nullptr;
    for (auto& mapper : out.mappers) {
      if (mapper.name == wanted.name) same_name = &mapper;
    }
    if (same_name == nullptr) {
      // An adopted default Keycloak does not create for this config: apply has nothing to correct.
      if (wanted.adopted_default) continue;
      out.mappers.push_back(wanted);
      // Keycloak's create of a group mapper fills in the top-level group path (seen on 26.4.7); an import does not.
      if (wanted.provider_id == "group-ldap-mapper" && wanted.config.count("groups.path") == 0) out.mappers.back().config["groups.path"] = "/";
      continue;
    }
    if (same_name->provider_id != wanted.provider_id) {
      out.notes.push_back("mapper \"" + wanted.name + "\" is a " + same_name->provider_id + " Keycloak creates, not a " +
                          wanted.provider_id + ": rename one of them");
      continue;
    }
    for (const auto& [key, value] : wanted.config) same_name->config[key] = value;
  }
  return out;
}

}  // namespace kcldap::keycloak
