// Keycloak emulator (test-only): the iteration order of a java.util.HashMap's keys, so that PUT's
// "stop at the first unknown config key" loop skips exactly the keys real Keycloak would skip for the
// same JSON body (Jackson fills the map in body order; HashMap iterates by bucket).
#pragma once
#include <string>
#include <vector>

namespace kcldap::emulator {

int java_string_hash(const std::string& utf8);
std::vector<std::string> java_hashmap_order(const std::vector<std::string>& insertion_order);

}  // namespace kcldap::emulator
