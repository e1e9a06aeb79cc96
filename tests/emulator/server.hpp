// Keycloak emulator (test-only): HTTP routing of the emulated Admin REST API onto Emulator handlers,
// under an optional context path (/auth for the legacy layout), plus the test-only endpoints under
// /__emulator/ (request log, fault injection, state dump) that real Keycloak does not have.
#pragma once
#include <httplib.h>

#include <memory>
#include <string>

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
  Fault* firing_fault(const httplib::Request& request);

  State& state_;
  Emulator emulator_;
  httplib::Server server_;
  std::string base_url_;
};

// Parses "METHOD:PATH_PREFIX:NTH:ACTION[:TIMES]", ACTION being status=CODE, delay=MS or close.
std::optional<Fault> parse_fault(const std::string& spec, std::string* error);

}  // namespace kcldap::emulator
