// Keycloak conformance: the server under test (a real Keycloak or a kc-emulator started for this run),
// a plain HTTP client for it, and the scratch realms and LDAP providers a case works in. The same cases
// run against both, through the public API only, so they pin what real Keycloak does and prove the
// emulator does the same.
//   KCLDAP_TEST_KEYCLOAK_ENV       keycloak.env of fixtures/keycloak/start.sh (URL, admin, version)
//   KCLDAP_TEST_KEYCLOAK_URL       or: any other Keycloak's base URL, with /auth on legacy servers,
//   KCLDAP_TEST_KEYCLOAK_USER      its master admin (default admin)
//   KCLDAP_TEST_KEYCLOAK_PASSWORD  and password (default admin)
//   KCLDAP_TEST_KEYCLOAK_LDAP_URL  the slapd fixture as the Keycloak server reaches it (default: the fixture's URL)
//   KCLDAP_CONFORMANCE_VERSION     neither set: the Keycloak version kc-emulator emulates (default 26.4)
#pragma once
#include <httplib.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "support/emulator_process.hpp"

namespace kcldap::conformance {

using nlohmann::json;

std::string env_or(const char* name, const std::string& fallback);

// One answer: status, headers and the body (parsed when it is JSON).
struct Answer {
  int status = 0;
  std::string text;
  std::string content_type;
  std::string location;
  json body;  // null when the body is empty or not JSON
  std::string id_from_location() const { return location.substr(location.rfind('/') + 1); }
};

class Server {
 public:
  static Server& instance();  // started (or signed in to) once per test process

  bool emulated() const { return emulator_ != nullptr; }
  const std::string& version() const { return version_; }
  int major() const { return major_; }
  int minor() const { return minor_; }
  bool at_least(int major, int minor) const { return major_ > major || (major_ == major && minor_ >= minor); }
  const std::string& base_url() const { return base_; }  // with the context path

  // Requests under the context path; `token` empty: the master admin's (refreshed as needed).
  Answer request(const std::string& method, const std::string& path, const std::string& body = "",
                 const std::string& content_type = "application/json", const std::string& token = "");
  Answer get(const std::string& path) { return request("GET", path); }
  Answer post(const std::string& path, const json& body) { return request("POST", path, body.dump()); }
  Answer put(const std::string& path, const json& body) { return request("PUT", path, body.dump()); }
  Answer del(const std::string& path) { return request("DELETE", path); }
  // A form POST without Authorization (token endpoint), optionally with HTTP Basic client credentials.
  Answer form(const std::string& path, const httplib::Params& fields, const std::string& basic_user = "",
              const std::string& basic_password = "");
  std::string admin_token();

 private:
  Server();
  std::unique_ptr<kcldap::test::EmulatorProcess> emulator_;
  std::string base_, host_, context_, admin_user_, admin_password_, version_;
  int major_ = 0, minor_ = 0;
  std::string token_;
  std::chrono::steady_clock::time_point token_time_;
};

// A realm of its own for one test case (conf-<pid>-<n>), created through the admin API and deleted at
// the end: the same Keycloak may be serving other suites at the same time.
class ScratchRealm {
 public:
  ScratchRealm();
  explicit ScratchRealm(const json& extra_settings);
  ~ScratchRealm();
  ScratchRealm(const ScratchRealm&) = delete;
  ScratchRealm& operator=(const ScratchRealm&) = delete;

  const std::string& name() const { return name_; }
  std::string path(const std::string& tail = "") const { return "/admin/realms/" + name_ + tail; }
  Answer get(const std::string& tail) const { return Server::instance().get(path(tail)); }
  Answer post(const std::string& tail, const json& body) const { return Server::instance().post(path(tail), body); }
  Answer put(const std::string& tail, const json& body) const { return Server::instance().put(path(tail), body); }
  Answer del(const std::string& tail) const { return Server::instance().del(path(tail)); }

 private:
  std::string name_;
};

// An LDAP provider's representation aimed at the slapd fixture (uid usernames, entryUUID, import on).
json ldap_provider(const std::string& name);

// An LDAP provider for the duration of a test case; removed with the realm.
class Provider {
 public:
  Provider(const ScratchRealm& realm, const json& representation);
  Provider(const ScratchRealm& realm, const char* name) : Provider(realm, ldap_provider(name)) {}
  const std::string& id() const { return id_; }
  std::string mapper_id(const std::string& name) const;

 private:
  const ScratchRealm& realm_;
  std::string id_;
};

// The slapd fixture's facts as the cases need them.
std::string ldap_url();          // as the Keycloak server reaches it
std::string users_dn();
std::string bind_dn();
std::string bind_password();
int directory_user_count();      // users under usersDn matching the provider's object classes

}  // namespace kcldap::conformance
