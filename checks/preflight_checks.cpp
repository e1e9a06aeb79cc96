#include "checks/preflight_checks.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "common/text.hpp"
#include "ldap/dn.hpp"

namespace kcldap::checks {
namespace {

std::optional<FoundProgram> look_at(const std::string& file) {
  struct stat status {};
  if (::stat(file.c_str(), &status) != 0) return std::nullopt;
  return FoundProgram{file, S_ISREG(status.st_mode) && ::access(file.c_str(), X_OK) == 0};
}

// One argv[0]: "" when fine, else what is wrong.
std::string program_problem(const std::string& key, const std::string& program, const std::string& path) {
  if (program.empty()) return "[restart] " + key + " starts with an empty program name";
  const auto found = find_program(program, path);
  if (!found) {
    return "[restart] " + key + ": \"" + program + "\" " +
           (program.find('/') != std::string::npos ? "does not exist" : "is not found in PATH (" + path + ")");
  }
  if (!found->executable) return "[restart] " + key + ": " + found->path + " is not an executable file";
  return "";
}

std::vector<std::string> urls_of(const std::string& connection_url) {
  std::vector<std::string> out;
  std::istringstream words(connection_url);
  for (std::string url; words >> url;) {
    while (url.size() > 1 && url.back() == '/') url.pop_back();
    out.push_back(lowercase(url));
  }
  return out;
}

std::string value_of(const std::map<std::string, std::string>& config, const std::string& key) {
  const auto found = config.find(key);
  return found == config.end() ? "" : found->second;
}

}  // namespace

std::optional<FoundProgram> find_program(const std::string& program, const std::string& path) {
  if (program.find('/') != std::string::npos) return look_at(program);
  std::optional<FoundProgram> first_seen;
  std::size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find(':', start), path.size());
    const std::string dir = path.substr(start, end - start);
    auto found = look_at((dir.empty() ? "." : dir) + "/" + program);
    if (found && found->executable) return found;  // execvp goes on past a file it may not run
    if (found && !first_seen) first_seen = found;
    start = end + 1;
  }
  return first_seen;
}

Check restart_program_check(const std::vector<std::string>& command, const std::vector<std::string>& wait, const std::string& path) {
  if (command.empty()) return make_check("restart.program", kPreflightGroup, "Restart program", Status::skip, "no [restart] command configured");
  std::vector<std::string> problems;
  if (auto problem = program_problem("command", command.front(), path); !problem.empty()) problems.push_back(problem);
  if (!wait.empty()) {
    if (auto problem = program_problem("wait", wait.front(), path); !problem.empty()) problems.push_back(problem);
  }
  if (problems.empty()) {
    return make_check("restart.program", kPreflightGroup, "Restart program", Status::pass,
                      "\"" + command.front() + "\"" + (wait.empty() ? "" : " and \"" + wait.front() + "\"") + " can be run");
  }
  return make_check("restart.program", kPreflightGroup, "Restart program", Status::fail, problems.front(),
                    "install the program, or give its full path in [restart] command / wait (e.g. [\"/usr/bin/systemctl\", ...])",
                    problems);
}

std::vector<MapperDn> membership_mapper_dns(const keycloak::FederationSpec& spec) {
  std::vector<MapperDn> out;
  for (const auto& mapper : spec.mappers) {
    if (mapper.provider_id == "group-ldap-mapper") out.push_back({mapper.name, "groups_dn", value_of(mapper.config, "groups.dn"), MapperDn::Found::unknown, ""});
    if (mapper.provider_id == "role-ldap-mapper") out.push_back({mapper.name, "roles_dn", value_of(mapper.config, "roles.dn"), MapperDn::Found::unknown, ""});
  }
  return out;
}

Check mapper_dns_check(const std::vector<MapperDn>& dns) {
  if (dns.empty()) return make_check("mapper.groups-dn", kPreflightGroup, "Mapper DNs", Status::skip, "no group or role mapper configured");
  std::vector<std::string> missing;
  std::vector<std::string> unknown;
  for (const auto& dn : dns) {
    const std::string what = "mapper \"" + dn.mapper + "\" " + dn.key + " = \"" + dn.dn + "\"";
    if (dn.found == MapperDn::Found::no) missing.push_back(what + " does not exist in the directory");
    if (dn.found == MapperDn::Found::unknown) unknown.push_back(what + " could not be read: " + dn.error);
  }
  if (!missing.empty()) {
    missing.insert(missing.end(), unknown.begin(), unknown.end());
    return make_check("mapper.groups-dn", kPreflightGroup, "Mapper DNs", Status::fail, missing.front(),
                      "fix " + dns.front().key + " in the [[mappers]] entry (kcldap probe proposes groups_dn), or create the entry",
                      missing);
  }
  if (!unknown.empty()) {
    return make_check("mapper.groups-dn", kPreflightGroup, "Mapper DNs", Status::warn, unknown.front(),
                      "check that the bind identity may read the entry", unknown);
  }
  return make_check("mapper.groups-dn", kPreflightGroup, "Mapper DNs", Status::pass,
                    std::to_string(dns.size()) + (dns.size() == 1 ? " mapper DN exists" : " mapper DNs exist"));
}

Check username_kept_check(const keycloak::FederationSpec& spec) {
  if (spec.default_mappers != "delete") {
    return make_check("mappers.username-kept", kPreflightGroup, "Username mapper", Status::skip,
                      "default_mappers = \"" + spec.default_mappers + "\" keeps Keycloak's username mapper");
  }
  const bool kept = std::any_of(spec.mappers.begin(), spec.mappers.end(), [](const keycloak::MapperSpec& mapper) {
    return mapper.provider_id == "user-attribute-ldap-mapper" && value_of(mapper.config, "user.model.attribute") == "username";
  });
  if (kept) return make_check("mappers.username-kept", kPreflightGroup, "Username mapper", Status::pass, "a [[mappers]] entry maps the username");
  return make_check("mappers.username-kept", kPreflightGroup, "Username mapper", Status::fail,
                    "default_mappers = \"delete\" removes Keycloak's username mapper and no [[mappers]] entry maps the username: "
                    "Keycloak could not import or find any user",
                    "add [[mappers]] name = \"username\", type = \"user-attribute\", user_attribute = \"username\", ldap_attribute = "
                    "\"<the username attribute, e.g. uid>\"; or set default_mappers = \"adopt\"");
}

Check same_directory_check(const keycloak::FederationSpec& spec, const std::vector<keycloak::Component>& providers) {
  const auto planned_urls = urls_of(value_of(spec.config, "connectionUrl"));
  const std::string planned_dn = ldap::normalize_dn(value_of(spec.config, "usersDn"));
  // A provider that does not import (lookups at login only) may share a directory with one that does.
  if (value_of(spec.config, "importEnabled") == "false") {
    return make_check("federation.same-directory", kPreflightGroup, "Same directory", Status::pass,
                      "import is off: this provider may share its directory with another");
  }
  for (const auto& provider : providers) {
    if (provider.provider_id != "ldap" || provider.name == spec.name || provider.value("importEnabled") == "false") continue;
    const auto urls = urls_of(provider.value("connectionUrl"));
    const bool same_url = std::any_of(urls.begin(), urls.end(), [&](const std::string& url) {
      return std::find(planned_urls.begin(), planned_urls.end(), url) != planned_urls.end();
    });
    if (!same_url || ldap::normalize_dn(provider.value("usersDn")) != planned_dn) continue;
    return make_check("federation.same-directory", kPreflightGroup, "Same directory", Status::fail,
                      "LDAP provider \"" + provider.name + "\" (id " + provider.id + ") already federates " + provider.value("connectionUrl") +
                          " " + provider.value("usersDn") + "; a provider named \"" + spec.name + "\" would federate it a second time",
                      "set [federation] name = \"" + provider.name + "\" to take it over, or delete it first");
  }
  return make_check("federation.same-directory", kPreflightGroup, "Same directory", Status::pass,
                    "no other LDAP provider of the realm federates this directory");
}

}  // namespace kcldap::checks
