#include "src/config/identity_edit.hpp"

#include <set>
#include <sstream>
#include <vector>

namespace kcldap::config {

namespace {

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// "[name]" -> "name"; "" when the line is not a table header ("[[mappers]]" is one too).
std::string table_of(const std::string& line) {
  const std::string text = trimmed(line);
  if (text.size() < 2 || text.front() != '[') return "";
  const auto end = text.find(']');
  if (end == std::string::npos) return "";
  const std::string inner = text.substr(text[1] == '[' ? 2 : 1, end - (text[1] == '[' ? 2 : 1));
  return trimmed(inner);
}

std::string key_of(const std::string& line) {
  const std::string text = trimmed(line);
  const auto eq = text.find('=');
  if (text.empty() || text.front() == '#' || eq == std::string::npos) return "";
  return trimmed(text.substr(0, eq));
}

std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string with_service_account(const std::string& toml, const ServiceAccountIdentity& identity) {
  static const std::set<std::string> replaced = {"username", "password", "client_id", "client_secret", "auth_realm"};
  const std::string block = "# signs in as the service account that kcldap bootstrap-client manages\n"
                            "client_id = " + quoted(identity.client_id) + "\n"
                            "client_secret = " + quoted(identity.secret_reference) + "\n"
                            "auth_realm = " + quoted(identity.auth_realm) + "\n";
  std::istringstream in(toml);
  std::ostringstream out;
  std::string line;
  std::string table;
  bool inserted = false;
  while (std::getline(in, line)) {
    const std::string header = table_of(line);
    if (!header.empty() || trimmed(line).rfind("[", 0) == 0) table = header;
    if (table == "keycloak" && !header.empty()) {
      out << line << "\n" << block;
      inserted = true;
      continue;
    }
    if (table == "keycloak" && replaced.count(key_of(line)) != 0) continue;
    if (table == "keycloak" && trimmed(line) == "# signs in as the service account that kcldap bootstrap-client manages") continue;
    out << line << "\n";
  }
  if (!inserted) out << "\n[keycloak]\n" << block;
  return out.str();
}

}  // namespace kcldap::config
