// Keycloak emulator (test-only): the HTTP server: a table routing the emulated Keycloak endpoints onto
// Emulator handlers (server.cpp), under an optional context path (/auth for the legacy layout), fault
// injection and the request log, plus the test-only endpoints under /__emulator/ (test_only.cpp) that
// real Keycloak does not have.
#pragma once
#include <httplib.h>

#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "emulator/emulator.hpp"

namespace kcldap::emulator {

class HttpServer {
 public:
  explicit HttpServer(State& state);
  int bind(const std::string& host, int port);  // returns the bound port, or -1
  void run();                                   // blocks until stop()
  void stop();
  bool running() const { return server_.is_running(); }

 private:
  void routes();
  void hooks();             // fault injection before routing, the request log after answering
  void test_only_routes();  // /__emulator/...
  Fault* firing_fault(const httplib::Request& request);

  State& state_;
  Emulator emulator_;
  std::vector<std::pair<std::string, std::regex>> route_patterns_;  // method, full path pattern
  httplib::Server server_;
  std::string base_url_;
};

// Parses "METHOD:PATH_PREFIX:NTH:ACTION[:TIMES]", ACTION being status=CODE, delay=MS or close.
std::optional<Fault> parse_fault(const std::string& spec, std::string* error);

}  // namespace kcldap::emulator
