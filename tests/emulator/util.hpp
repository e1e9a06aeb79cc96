// Keycloak emulator (test-only): small helpers its modules share.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace kcldap::emulator {

// A query or form parameter, or `fallback` when absent.
std::string param(const std::map<std::string, std::string>& params, const std::string& name,
                  const std::string& fallback = "");
// Splits on `separator`, trimming spaces and dropping empty parts ("a, b" -> {"a", "b"}).
std::vector<std::string> split_trimmed(const std::string& text, char separator);
// A random version-4 UUID, as Keycloak's ids before 26.1 and its user and realm ids.
std::string random_uuid();

}  // namespace kcldap::emulator
