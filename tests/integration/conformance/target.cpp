// Keycloak conformance: the server under test, its HTTP client and the scratch realms (see target.hpp).
#include "integration/conformance/target.hpp"

#include <unistd.h>

#include <atomic>
#include <stdexcept>

#include "support/fixture_env.hpp"

namespace kcldap::conformance {

using kcldap::test::read_env_file;
using kcldap::test::slapd;

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

namespace {

Answer answer_of(const httplib::Result& result, const std::string& what) {
  if (!result) throw std::runtime_error(what + ": no answer (" + httplib::to_string(result.error()) + ")");
  Answer out;
  out.status = result->status;
  out.text = result->body;
  out.content_type = result->get_header_value("Content-Type");
  out.location = result->get_header_value("Location");
  out.body = json::parse(out.text, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

}  // namespace

Server& Server::instance() {
  static Server server;
  return server;
}

Server::Server() {
  const std::string env_file = env_or("KCLDAP_TEST_KEYCLOAK_ENV", "");
  std::string real = env_or("KCLDAP_TEST_KEYCLOAK_URL", "");
  admin_user_ = env_or("KCLDAP_TEST_KEYCLOAK_USER", "admin");
  admin_password_ = env_or("KCLDAP_TEST_KEYCLOAK_PASSWORD", "admin");
  if (!env_file.empty()) {
    const auto values = read_env_file(env_file);
    real = values.at("KCLDAP_KEYCLOAK_URL");
    admin_user_ = values.at("KCLDAP_KEYCLOAK_ADMIN_USER");
    admin_password_ = values.at("KCLDAP_KEYCLOAK_ADMIN_PASSWORD");
  }
  if (real.empty()) {
    emulator_ = std::make_unique<kcldap::test::EmulatorProcess>(std::vector<std::string>{
        "--port", "0", "--version", env_or("KCLDAP_CONFORMANCE_VERSION", "26.4"), "--admin-user", admin_user_,
        "--admin-password", admin_password_, "--truststore", slapd().at("KCLDAP_SLAPD_CA_FILE")});
    real = emulator_->url();
  }
  base_ = real;
  if (base_.back() == '/') base_.pop_back();
  const auto slash = base_.find('/', base_.find("://") + 3);
  host_ = slash == std::string::npos ? base_ : base_.substr(0, slash);
  context_ = slash == std::string::npos ? "" : base_.substr(slash);
  const Answer info = get("/admin/serverinfo");
  if (info.status != 200) throw std::runtime_error("serverinfo of " + base_ + " answered " + std::to_string(info.status));
  version_ = info.body["systemInfo"]["version"];
  major_ = std::stoi(version_);
  minor_ = std::stoi(version_.substr(version_.find('.') + 1));
}

std::string Server::admin_token() {
  // Master-realm access tokens live 60 s by default: sign in again well before that.
  if (!token_.empty() && std::chrono::steady_clock::now() - token_time_ < std::chrono::seconds(30)) return token_;
  const Answer signed_in = form("/realms/master/protocol/openid-connect/token",
                                {{"grant_type", "password"}, {"client_id", "admin-cli"},
                                 {"username", admin_user_}, {"password", admin_password_}});
  if (signed_in.status != 200) throw std::runtime_error("cannot sign in to " + base_ + " as the master admin: " + signed_in.text);
  token_ = signed_in.body["access_token"];
  token_time_ = std::chrono::steady_clock::now();
  return token_;
}

Answer Server::request(const std::string& method, const std::string& path, const std::string& body,
                       const std::string& content_type, const std::string& token) {
  httplib::Client client(host_);
  client.set_read_timeout(120, 0);
  httplib::Headers headers = {{"Authorization", "Bearer " + (token.empty() ? admin_token() : token)}};
  const std::string url = context_ + path;
  httplib::Result result = method == "GET"    ? client.Get(url, headers)
                           : method == "POST" ? client.Post(url, headers, body, content_type)
                           : method == "PUT"  ? client.Put(url, headers, body, content_type)
                                              : client.Delete(url, headers);
  return answer_of(result, method + " " + path);
}

Answer Server::form(const std::string& path, const httplib::Params& fields, const std::string& basic_user,
                    const std::string& basic_password) {
  httplib::Client client(host_);
  client.set_read_timeout(60, 0);
  httplib::Headers headers;
  if (!basic_user.empty()) headers.insert(httplib::make_basic_authentication_header(basic_user, basic_password));
  return answer_of(client.Post(context_ + path, headers, fields), "POST " + path);
}

ScratchRealm::ScratchRealm() : ScratchRealm(json::object()) {}

ScratchRealm::ScratchRealm(const json& extra_settings) {
  static std::atomic<int> counter{0};
  name_ = "conf-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  json representation = extra_settings;
  representation["realm"] = name_;
  representation["enabled"] = true;
  const Answer created = Server::instance().post("/admin/realms", representation);
  if (created.status != 201) throw std::runtime_error("cannot create realm " + name_ + ": " + std::to_string(created.status) + " " + created.text);
}

ScratchRealm::~ScratchRealm() {
  try {
    Server::instance().del("/admin/realms/" + name_);
  } catch (...) {  // a destructor must not throw; a left-over realm is visible by its conf- prefix
  }
}

json ldap_provider(const std::string& name) {
  return {{"name", name},
          {"providerId", "ldap"},
          {"providerType", "org.keycloak.storage.UserStorageProvider"},
          {"config",
           {{"enabled", {"true"}}, {"editMode", {"READ_ONLY"}}, {"vendor", {"other"}},
            {"connectionUrl", {ldap_url()}}, {"usersDn", {users_dn()}}, {"bindDn", {bind_dn()}},
            {"bindCredential", {bind_password()}}, {"usernameLDAPAttribute", {"uid"}},
            {"rdnLDAPAttribute", {"uid"}}, {"uuidLDAPAttribute", {"entryUUID"}},
            {"userObjectClasses", {"inetOrgPerson, organizationalPerson"}}, {"searchScope", {"2"}},
            {"importEnabled", {"true"}}, {"authType", {"simple"}}}}};
}

Provider::Provider(const ScratchRealm& realm, const json& representation) : realm_(realm) {
  const Answer created = realm.post("/components", representation);
  if (created.status != 201) throw std::runtime_error("cannot create the LDAP provider: " + std::to_string(created.status) + " " + created.text);
  id_ = created.id_from_location();
}

std::string Provider::mapper_id(const std::string& name) const {
  const Answer found = realm_.get("/components?parent=" + id_ + "&name=" + httplib::detail::encode_query_param(name));
  if (found.status != 200 || found.body.size() != 1) throw std::runtime_error("no single mapper named " + name);
  return found.body[0]["id"];
}

std::string ldap_url() { return env_or("KCLDAP_TEST_KEYCLOAK_LDAP_URL", slapd().at("KCLDAP_SLAPD_URL")); }
std::string users_dn() { return slapd().at("KCLDAP_SLAPD_USERS_DN"); }
std::string bind_dn() { return slapd().at("KCLDAP_SLAPD_BIND_DN"); }
std::string bind_password() { return slapd().at("KCLDAP_SLAPD_BIND_PASSWORD"); }
int directory_user_count() { return 50; }  // fixtures/slapd seeds 50 inetOrgPerson users under ou=people

}  // namespace kcldap::conformance
