// Keycloak server versions: parsing "26.4.2" (or "26.4"), comparison, and the supported range, so that
// payloads and checks can depend on the version (see ../shared/reference/keycloak-ldap-facts.md §6).
#pragma once
#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace kcldap::keycloak {

struct Version {
  int major = 0;
  int minor = 0;
  int patch = 0;
  auto operator<=>(const Version&) const = default;
  std::string to_string() const;
};

// Accepts "26", "26.4", "26.4.2", and vendor suffixes such as "26.4.2.redhat-00001" or "21.1.2-SNAPSHOT".
std::optional<Version> parse_version(std::string_view text);

// The versions kcldap knows how to talk to.
inline constexpr Version kOldestSupported{12, 0, 0};
inline constexpr Version kNewestKnown{26, 6, 0};

}  // namespace kcldap::keycloak
