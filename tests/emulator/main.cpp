// kc-emulator: a test-only emulator of the Keycloak Admin REST API that kcldap uses, faithful to
// ../shared/reference/keycloak-ldap-facts.md and talking to the real directory for LDAP operations.
//   kc-emulator --port 0 --version 26.4 [--context-path /auth] [--realm NAME]... [--client REALM:ID:SECRET:ROLE,...]
// The first line of stdout is KC_EMULATOR_URL=http://127.0.0.1:PORT. SIGTERM or SIGINT stops it cleanly.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <pthread.h>
#include <chrono>
#include <random>
#include <sstream>
#include <thread>

#include "emulator/server.hpp"
#include "emulator/util.hpp"

using namespace kcldap::emulator;

namespace {

// Unlike split_trimmed, keeps empty fields: in REALM:ID:SECRET:ROLES each position matters.
std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream stream(text);
  while (std::getline(stream, part, separator)) parts.push_back(part);
  return parts;
}

}  // namespace

int main(int argc, char** argv) {
  ::setenv("LDAPNOINIT", "1", 1);
  CLI::App app{"kc-emulator: test-only emulator of the Keycloak Admin REST API"};
  int port = 0;
  std::string host = "127.0.0.1";
  std::string version = "26.4";
  std::string context_path;
  std::vector<std::string> realms;
  std::string admin_user = "admin";
  std::string admin_password = "admin";
  std::vector<std::string> clients;
  std::vector<std::string> users;
  std::vector<std::string> faults;
  int token_lifespan = 60;
  std::string truststore;
  bool lightweight_tokens = false;
  std::vector<std::string> unreachable;
  app.add_option("--port", port, "port to listen on (0: a free one)");
  app.add_option("--host", host, "address to listen on (loopback by default)");
  app.add_option("--version", version, "Keycloak version to emulate, e.g. 21.1, 24.0, 26.4");
  app.add_option("--context-path", context_path, "serve under this path, e.g. /auth (legacy layout)");
  app.add_option("--realm", realms, "realm to create besides master (repeatable)");
  app.add_option("--admin-user", admin_user, "master realm admin user");
  app.add_option("--admin-password", admin_password, "master realm admin password");
  app.add_option("--client", clients, "REALM:ID:SECRET:ROLE[,ROLE...]: a confidential client with a service account");
  app.add_option("--user", users, "REALM:USERNAME:PASSWORD[:EMAIL]: a local (non-federated) user");
  app.add_option("--token-lifespan", token_lifespan, "access token lifespan in seconds (default 60)");
  app.add_option("--fault", faults, "METHOD:PATH_PREFIX:NTH:status=CODE|delay=MS|close|html|garbage|huge=BYTES[:TIMES]");
  app.add_option("--truststore", truststore, "PEM CA file Keycloak's truststore SPI trusts for LDAPS/StartTLS");
  app.add_flag("--lightweight-tokens", lightweight_tokens, "issue access tokens without realm_access/resource_access claims");
  app.add_option("--ldap-unreachable", unreachable, "HOST:PORT the emulated Keycloak cannot reach (its network position)");
  CLI11_PARSE(app, argc, argv);

  State state;
  const auto parsed = kcldap::keycloak::parse_version(version);
  if (!parsed) {
    std::cerr << "kc-emulator: --version " << version << " is not a version\n";
    return 2;
  }
  state.profile.version = *parsed;
  if (!context_path.empty() && context_path.front() != '/') context_path = "/" + context_path;
  if (!context_path.empty() && context_path.back() == '/') context_path.pop_back();
  state.context_path = context_path;
  state.token_lifespan_s = token_lifespan;
  state.truststore = truststore;
  state.lightweight_tokens = lightweight_tokens;
  state.unreachable.insert(unreachable.begin(), unreachable.end());
  Realm& master = install_realm(state, "master");
  User admin;
  admin.id = random_uuid();
  admin.username = admin_user;
  admin.password = admin_password;
  admin.realm_roles = {"admin"};
  master.users.push_back(admin);
  for (const auto& name : realms) install_realm(state, name);
  for (const auto& spec : clients) {
    const auto parts = split(spec, ':');
    if (parts.size() < 3 || state.realm(parts[0]) == nullptr) {
      std::cerr << "kc-emulator: --client " << spec << ": expected REALM:ID:SECRET:ROLE,... with a known realm\n";
      return 2;
    }
    Client client;
    client.client_id = parts[1];
    client.secret = parts[2];
    client.service_accounts = true;
    client.id = random_uuid();
    client.standard_flow = false;
    client.service_account_user_id = random_uuid();
    if (parts.size() > 3) {
      for (const auto& role : split(parts[3], ',')) {
        if (!role.empty()) client.service_account_roles.insert(role);
      }
    }
    state.realm(parts[0])->clients.push_back(client);
  }
  for (const auto& spec : users) {
    const auto parts = split(spec, ':');
    if (parts.size() < 3 || state.realm(parts[0]) == nullptr) {
      std::cerr << "kc-emulator: --user " << spec << ": expected REALM:USERNAME:PASSWORD[:EMAIL] with a known realm\n";
      return 2;
    }
    User user;
    user.id = random_uuid();
    user.username = parts[1];
    user.password = parts[2];
    if (parts.size() > 3) user.email = parts[3];
    state.realm(parts[0])->users.push_back(user);
  }
  for (const auto& spec : faults) {
    std::string error;
    auto fault = parse_fault(spec, &error);
    if (!fault) {
      std::cerr << "kc-emulator: " << error << "\n";
      return 2;
    }
    state.faults.push_back(*fault);
  }

  // Block the stop signals in every thread; the main thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  HttpServer server(state);
  const int bound = server.bind(host, port);
  if (bound < 0) {
    std::cerr << "kc-emulator: cannot listen on " << host << ":" << port << "\n";
    return 1;
  }
  std::thread serving([&] { server.run(); });
  // Announce the URL only once the listen loop runs: a stop() before that would be lost.
  while (!server.running()) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  std::cout << "KC_EMULATOR_URL=http://" << host << ":" << bound << context_path << std::endl;
  int received = 0;
  sigwait(&stop_signals, &received);
  server.stop();
  serving.join();
  return 0;
}
