#include "checks/directory_fit.hpp"

#include <string>

namespace kcldap::checks {

namespace {
constexpr std::size_t kActiveDirectoryPageLimit = 1000;  // MaxPageSize, AD's default LDAP policy
}

Check paging_check(const keycloak::FederationSpec& spec, const ldap::ProbeReport& probe) {
  const auto setting = spec.config.find("pagination");
  const bool paging = setting == spec.config.end() || setting->second != "false";
  const bool ad = probe.active_directory;  // decided once, by the probe (an explicit vendor = "ad" included)
  const std::string users = probe.users.count ? std::to_string(*probe.users.count) + " users" : "an unknown number of users";
  if (paging) {
    return make_check("federation.paging", "Federation", "Paging", Status::pass, "pagination on: Keycloak pages through " + users);
  }
  if (ad && probe.users.count && *probe.users.count > kActiveDirectoryPageLimit) {
    return make_check("federation.paging", "Federation", "Paging", Status::fail,
                      "pagination is off, but Active Directory returns at most 1000 entries per search and the users DN holds " + users +
                          ": Keycloak's sync would stop with \"Sizelimit Exceeded\"",
                      "remove pagination = false from [federation] (Active Directory supports paged results)");
  }
  return make_check("federation.paging", "Federation", "Paging", Status::pass, "pagination off; " + users + " fit in one search");
}

}  // namespace kcldap::checks
