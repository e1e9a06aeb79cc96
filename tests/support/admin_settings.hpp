// Test support for the admin-client suites: the emulator's admin, signing in to master, retrying fast.
#pragma once
#include <string>

#include "keycloak/admin_client.hpp"

namespace kcldap::test {

inline keycloak::ClientSettings admin_settings(const std::string& url) {
  keycloak::ClientSettings settings;
  settings.url = url;
  settings.realm = "demo";
  settings.username = "admin";
  settings.password = "admin";
  settings.backoff_ms = 10;
  return settings;
}

}  // namespace kcldap::test
