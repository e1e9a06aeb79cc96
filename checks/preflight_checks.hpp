// The preflight checks for what apply would otherwise find out only after writing: the restart program
// exists and may be run, the group and role mappers' DNs exist in the directory, a "delete" default-mapper
// policy still maps the username, and a renamed provider does not federate a directory another provider
// of the realm already federates. Each is a decision on values the caller gathered (the filesystem lookup
// of the restart program is the one side effect, kept in find_program).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "checks/check.hpp"
#include "keycloak/component.hpp"
#include "keycloak/federation.hpp"

namespace kcldap::checks {

inline constexpr const char* kPreflightGroup = "Preflight";

// Where execvp would find `program`: itself when it contains a '/', else the first directory of `path`
// (":"-separated; "" counts as the current directory) holding a file of that name. The bool says whether
// that file is a regular file this process may execute. nullopt: no such file anywhere.
struct FoundProgram {
  std::string path;
  bool executable = false;
};
std::optional<FoundProgram> find_program(const std::string& program, const std::string& path);

// restart.program: [restart] command and wait, each argv[0] resolved through `path` (the PATH the hook
// runs with). Skip when no command is configured.
Check restart_program_check(const std::vector<std::string>& command, const std::vector<std::string>& wait, const std::string& path);

// A group or role mapper's DN, and what a base-scope read of it found.
struct MapperDn {
  std::string mapper;  // the mapper's name
  std::string key;     // "groups_dn" or "roles_dn"
  std::string dn;
  enum class Found { yes, no, unknown } found = Found::unknown;
  std::string error;   // when unknown: why the read failed
};
// The group and role mappers of `spec` with their DN (found still unknown).
std::vector<MapperDn> membership_mapper_dns(const keycloak::FederationSpec& spec);
// mapper.groups-dn: every DN exists (skip when the spec has no group or role mapper).
Check mapper_dns_check(const std::vector<MapperDn>& dns);

// mappers.username-kept: with default_mappers = "delete", some user-attribute mapper still maps the
// username (Keycloak cannot import or look up a user without one).
Check username_kept_check(const keycloak::FederationSpec& spec);

// federation.same-directory: another LDAP provider of the realm (another name) with the same connection
// URL and users DN as `spec`, both importing users: applying would import the directory twice (as after a
// rename of [federation] name). A provider with import off (lookups only) may share a directory.
Check same_directory_check(const keycloak::FederationSpec& spec, const std::vector<keycloak::Component>& providers);

}  // namespace kcldap::checks
