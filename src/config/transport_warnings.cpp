#include "src/config/transport_warnings.hpp"

#include "common/text.hpp"

namespace kcldap::config {

bool is_loopback_host(const std::string& host) {
  const std::string h = lowercase(host);
  if (h == "localhost" || h == "::1" || h == "[::1]" || h.ends_with(".localhost")) return true;
  if (!h.starts_with("127.")) return false;
  int dots = 0;
  for (char c : h) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

std::string url_host(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  std::string authority = url.substr(scheme + 3, url.find_first_of("/?#", scheme + 3) - (scheme + 3));
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority.erase(0, at + 1);
  if (!authority.empty() && authority.front() == '[') return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

std::vector<std::string> transport_warnings(const Config& config) {
  std::vector<std::string> out;
  const auto where = [&](const std::string& key, const std::string& label) {
    const auto found = config.locations.find(key);
    return found == config.locations.end() ? label : found->second.to_string() + ": " + label;
  };
  const std::string& url = config.keycloak.url;
  if (url.starts_with("http://") && !is_loopback_host(url_host(url))) {
    out.push_back(where("keycloak.url", "[keycloak] url") + " is plain http:// to " + url_host(url) +
                  ", which is not this machine: the admin credentials, the token and the LDAP bind password cross the network "
                  "unencrypted; use https://");
  }
  if (!config.keycloak.tls_verify) {
    out.push_back(where("keycloak.tls_verify", "[keycloak] tls_verify") +
                  " = false: kcldap does not verify Keycloak's certificate, so a man in the middle could take the admin "
                  "credentials; give the CA with [keycloak] ca_file instead");
  }
  return out;
}

}  // namespace kcldap::config
