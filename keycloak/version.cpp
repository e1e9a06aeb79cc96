#include "keycloak/version.hpp"

#include <charconv>

namespace kcldap::keycloak {

std::string Version::to_string() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

std::optional<Version> parse_version(std::string_view text) {
  Version version;
  int* parts[] = {&version.major, &version.minor, &version.patch};
  std::size_t at = 0;
  for (int index = 0; index < 3; ++index) {
    const char* begin = text.data() + at;
    const char* end = text.data() + text.size();
    const auto [stop, ec] = std::from_chars(begin, end, *parts[index]);
    if (ec != std::errc() || stop == begin || *parts[index] < 0) return std::nullopt;
    at = static_cast<std::size_t>(stop - text.data());
    if (at == text.size()) return version;
    if (text[at] != '.') {
      // A suffix like "-SNAPSHOT" is fine after at least major.minor.
      if (index >= 1 && (text[at] == '-' || text[at] == '.')) return version;
      return std::nullopt;
    }
    ++at;
    if (index == 2) return version;  // "26.4.2.redhat-00001"
  }
  return version;
}

}  // namespace kcldap::keycloak
