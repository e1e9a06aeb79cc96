#include "src/prompts/config_writer.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

namespace kcldap::prompts {

namespace {

// A TOML basic string: JSON's escaping is valid TOML (\" \\ \n \t \uXXXX).
std::string quoted(const std::string& text) { return nlohmann::json(text).dump(); }

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + quoted(items[i]);
  return out + "]";
}

void key(std::ostringstream& out, const std::string& name, const std::string& value, bool keep_default = false,
         const std::string& default_value = "auto") {
  if (!keep_default && value == default_value) return;
  out << name << " = " << quoted(value) << "\n";
}

}  // namespace

std::string StoredSecret::reference() const {
  if (storage == "file") return "${file:" + file_path + "}";
  if (storage == "inline") return value;
  return "${env:" + env_name + "}";
}

bool has_inline_secret(const SetupAnswers& a) {
  return a.bind_password.storage == "inline" || a.keycloak_secret.storage == "inline";
}

std::string render_toml(const SetupAnswers& a) {
  std::ostringstream out;
  out << "# Written by kcldap setup. Replay unattended with: kcldap apply --config <this file> --yes\n";
  if (a.bind_password.storage == "env" || a.keycloak_secret.storage == "env") {
    out << "# Secrets come from the environment:";
    if (!a.bind_dn.empty() && a.bind_password.storage == "env") out << " " << a.bind_password.env_name;
    if (a.keycloak_secret.storage == "env") out << " " << a.keycloak_secret.env_name;
    out << "\n";
  }
  out << "\n[ldap]\n";
  out << "url = " << quoted(a.ldap_url) << "\n";
  if (a.start_tls) out << "start_tls = true\n";
  if (!a.ca_file.empty()) out << "ca_file = " << quoted(a.ca_file) << "\n";
  if (!a.bind_dn.empty()) {
    out << "bind_dn = " << quoted(a.bind_dn) << "\n";
    out << "bind_password = " << quoted(a.bind_password.reference()) << "\n";
  }
  key(out, "users_dn", a.users_dn, false, "");
  key(out, "user_filter", a.user_filter);
  key(out, "vendor", a.vendor);
  key(out, "username_attribute", a.username_attribute);
  key(out, "uuid_attribute", a.uuid_attribute);
  key(out, "email_attribute", a.email_attribute);
  key(out, "first_name_attribute", a.first_name_attribute);
  key(out, "last_name_attribute", a.last_name_attribute);

  out << "\n[keycloak]\n";
  out << "url = " << quoted(a.keycloak_url) << "\n";
  out << "realm = " << quoted(a.realm) << "\n";
  key(out, "auth_realm", a.auth_realm, false, "master");
  if (!a.client_id.empty()) {
    out << "client_id = " << quoted(a.client_id) << "\n";
    out << "client_secret = " << quoted(a.keycloak_secret.reference()) << "\n";
  } else {
    out << "username = " << quoted(a.username) << "\n";
    out << "password = " << quoted(a.keycloak_secret.reference()) << "\n";
  }

  out << "\n[federation]\n";
  key(out, "preset", a.preset, false, "none");
  out << "edit_mode = " << quoted(a.edit_mode) << "\n";
  out << "import_users = " << (a.import_users ? "true" : "false") << "\n";
  key(out, "default_mappers", a.default_mappers, false, "adopt");

  if (!a.groups_dn.empty()) {
    out << "\n[[mappers]]\nname = \"groups\"\ntype = \"group\"\ngroups_dn = " << quoted(a.groups_dn) << "\n";
  }
  if (!a.restart_command.empty()) {
    out << "\n[restart]\ncommand = " << list(a.restart_command) << "\n";
    if (!a.restart_wait.empty()) out << "wait = " << list(a.restart_wait) << "\n";
  }
  return out.str();
}

Expected<Done, std::string> write_file_atomically(const std::string& path, const std::string& text, unsigned mode) {
  const auto slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
  std::string temporary = folder + "/.kcldap-setup-XXXXXX";
  // Ctrl-C (or a terminal hang-up) between the write and the rename must not leave a stray file.
  sigset_t blocked;
  sigset_t previous;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGINT);
  sigaddset(&blocked, SIGTERM);
  sigaddset(&blocked, SIGHUP);
  ::sigprocmask(SIG_BLOCK, &blocked, &previous);
  const auto restore = [&] { ::sigprocmask(SIG_SETMASK, &previous, nullptr); };
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) {
    restore();
    return unexpected("cannot create a file in " + folder + ": " + std::strerror(errno));
  }
  bool ok = ::fchmod(fd, static_cast<mode_t>(mode)) == 0;
  std::size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t wrote = ::write(fd, text.data() + done, text.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    ok = wrote > 0;
    if (ok) done += static_cast<std::size_t>(wrote);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved_errno = errno;
  ::close(fd);
  if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(ok ? errno : saved_errno);
    ::unlink(temporary.c_str());
    restore();
    return unexpected("cannot write " + path + ": " + why);
  }
  restore();
  return Done{};
}

std::optional<std::vector<std::string>> split_command(const std::string& line, std::string* error) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size()) {
        word.push_back(line[++i]);
      } else {
        word.push_back(c);
      }
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      word.push_back(line[++i]);
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (quote != 0) {
    if (error != nullptr) *error = std::string("the quote ") + quote + " is not closed";
    return std::nullopt;
  }
  if (in_word) words.push_back(word);
  return words;
}

}  // namespace kcldap::prompts
