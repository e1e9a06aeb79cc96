// Test support: runs kc-emulator as a child process (RAII: SIGTERM and wait on destruction), reads its
// KC_EMULATOR_URL line, and offers a small HTTP client with admin-token helpers for contract tests.
#pragma once
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/fixture_env.hpp"

namespace kcldap::test {

class EmulatorProcess {
 public:
  explicit EmulatorProcess(std::vector<std::string> arguments) {
    int out[2];
    if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ == 0) {
      // If the test process dies (a crash, a sanitizer abort), the emulator goes with it instead of
      // lingering and holding ctest's output pipe open.
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      static std::string binary = required_env("KC_EMULATOR_BIN");
      argv.push_back(binary.data());
      for (auto& argument : arguments) argv.push_back(argument.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    std::string line;
    char c = 0;
    while (::read(out[0], &c, 1) == 1 && c != '\n') line.push_back(c);
    ::close(out[0]);
    const std::string prefix = "KC_EMULATOR_URL=";
    if (line.rfind(prefix, 0) != 0) throw std::runtime_error("kc-emulator did not start: '" + line + "'");
    url_ = line.substr(prefix.size());
    const auto slash = url_.find('/', 7);
    host_url_ = slash == std::string::npos ? url_ : url_.substr(0, slash);
    context_ = slash == std::string::npos ? "" : url_.substr(slash);
  }
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;
  ~EmulatorProcess() { stop(); }

  // Sends SIGTERM and returns the exit status (-1 if it had to be killed).
  int stop() {
    if (pid_ <= 0) return exit_status_;
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 100; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        return exit_status_;
      }
      ::usleep(50000);
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    return -1;
  }

  const std::string& url() const { return url_; }          // with the context path
  const std::string& context() const { return context_; }  // "" or "/auth"
  httplib::Client client() const {
    httplib::Client client(host_url_);
    client.set_read_timeout(20, 0);
    return client;
  }

  std::string token(const std::string& realm, const std::string& user, const std::string& password) const {
    auto response = client().Post(context_ + "/realms/" + realm + "/protocol/openid-connect/token",
                                  httplib::Params{{"grant_type", "password"}, {"client_id", "admin-cli"},
                                                  {"username", user}, {"password", password}});
    if (!response || response->status != 200) throw std::runtime_error("password grant failed for " + user);
    return nlohmann::json::parse(response->body)["access_token"];
  }
  std::string admin_token() const { return token("master", "admin", "admin"); }
  std::string client_token(const std::string& realm, const std::string& id, const std::string& secret) const {
    auto response = client().Post(context_ + "/realms/" + realm + "/protocol/openid-connect/token",
                                  httplib::Params{{"grant_type", "client_credentials"}, {"client_id", id}, {"client_secret", secret}});
    if (!response || response->status != 200) throw std::runtime_error("client credentials grant failed for " + id);
    return nlohmann::json::parse(response->body)["access_token"];
  }

  httplib::Result get(const std::string& path, const std::string& token) const {
    return client().Get(context_ + path, {{"Authorization", "Bearer " + token}});
  }
  httplib::Result post_json(const std::string& path, const std::string& token, const nlohmann::json& body) const {
    return client().Post(context_ + path, {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  }
  httplib::Result post_form(const std::string& path, const std::string& token, const httplib::Params& form) const {
    return client().Post(context_ + path, {{"Authorization", "Bearer " + token}}, form);
  }
  httplib::Result post_empty(const std::string& path, const std::string& token) const {
    return client().Post(context_ + path, {{"Authorization", "Bearer " + token}}, "", "application/json");
  }
  httplib::Result put_json(const std::string& path, const std::string& token, const nlohmann::json& body) const {
    return client().Put(context_ + path, {{"Authorization", "Bearer " + token}}, body.dump(), "application/json");
  }
  httplib::Result del(const std::string& path, const std::string& token) const {
    return client().Delete(context_ + path, {{"Authorization", "Bearer " + token}});
  }
  nlohmann::json state() const { return nlohmann::json::parse(client().Get("/__emulator/state")->body); }
  nlohmann::json log() const { return nlohmann::json::parse(client().Get("/__emulator/log")->body); }

 private:
  pid_t pid_ = -1;
  int exit_status_ = -1;
  std::string url_;
  std::string host_url_;
  std::string context_;
};

}  // namespace kcldap::test
