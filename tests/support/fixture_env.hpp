// Test support: reads the env file that fixtures/slapd/start.sh writes (KEY='value' lines), and runs the
// kcldap binary capturing its stdout, stderr and exit code.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace kcldap::test {

inline std::map<std::string, std::string> read_env_file(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("fixture env file " + path + " is missing: was the slapd fixture started?");
  std::map<std::string, std::string> values;
  std::string line;
  while (std::getline(file, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') value = value.substr(1, value.size() - 2);
    values[line.substr(0, eq)] = value;
  }
  return values;
}

inline std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) throw std::runtime_error(std::string("environment variable ") + name + " is not set (run the tests through ctest)");
  return value;
}

inline const std::map<std::string, std::string>& slapd() {
  static const auto values = read_env_file(required_env("KCLDAP_SLAPD_ENV"));
  return values;
}

inline const std::map<std::string, std::string>& plain_slapd() {
  static const auto values = read_env_file(required_env("KCLDAP_SLAPD_PLAIN_ENV"));
  return values;
}

inline const std::map<std::string, std::string>& expiring_slapd() {
  static const auto values = read_env_file(required_env("KCLDAP_SLAPD_EXPIRING_ENV"));
  return values;
}

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream file(path);
  std::stringstream content;
  content << file.rdbuf();
  return content.str();
}

// Runs `arguments` (already shell-quoted) through /bin/sh with `environment` prefixed (e.g. "PW=x").
inline CommandResult run_kcldap(const std::string& arguments, const std::string& environment = "") {
  static int counter = 0;
  // The process id keeps suites that ctest runs at the same time from writing each other's files.
  const std::string base = required_env("KCLDAP_TEST_TMP") + "/cmd-" + std::to_string(::getpid()) + "-" + std::to_string(++counter);
  const std::string command = "env " + environment + " NO_COLOR=1 " + required_env("KCLDAP_BIN") + " " + arguments +
                              " >" + base + ".out 2>" + base + ".err </dev/null";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(base + ".out");
  result.err = slurp(base + ".err");
  return result;
}

// What a shell command prints on stdout; for tools the tests use as a second opinion (samba-tool, ldapsearch).
inline std::string command_output(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
    ::pclose(pipe);
  }
  return out;
}

inline std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace kcldap::test
