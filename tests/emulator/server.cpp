#include "emulator/server.hpp"

#include <algorithm>
#include <regex>
#include <thread>

namespace kcldap::emulator {

using nlohmann::json;

namespace {

// Arrival order of the request this thread is handling: httplib runs the pre-routing handler and the
// logger of one request on the same thread.
thread_local long long current_arrival = 0;

Params params_of(const httplib::Request& request) {
  Params params;
  for (const auto& [key, value] : request.params) params.emplace(key, value);
  return params;
}

// A JSON body's fields as strings, the way Keycloak's representation classes read them.
Params json_fields(const std::string& body, bool* ok) {
  Params fields;
  const json parsed = json::parse(body, nullptr, false);
  *ok = parsed.is_object();
  if (!*ok) return fields;
  for (const auto& [key, value] : parsed.items()) {
    if (value.is_string()) fields[key] = value.get<std::string>();
    else if (!value.is_null()) fields[key] = value.dump();
  }
  return fields;
}

void send(httplib::Response& response, const Reply& reply) {
  response.status = reply.status;
  for (const auto& [name, value] : reply.headers) response.set_header(name, value);
  if (!reply.body.empty()) response.set_content(reply.body, reply.content_type.c_str());
}

bool is_test_only(const std::string& path) { return path.rfind("/__emulator/", 0) == 0; }

}  // namespace

std::optional<Fault> parse_fault(const std::string& spec, std::string* error) {
  static const std::regex pattern(R"(^([A-Z]*):([^:]+):([0-9]+):(status=[0-9]{3}|delay=[0-9]+|close)(?::([0-9]+))?$)");
  std::smatch match;
  if (!std::regex_match(spec, match, pattern)) {
    *error = "--fault " + spec + ": expected METHOD:PATH_PREFIX:NTH:status=CODE|delay=MS|close[:TIMES]";
    return std::nullopt;
  }
  Fault fault;
  fault.method = match[1];
  fault.path_prefix = match[2];
  fault.nth = std::stoi(match[3]);
  const std::string action = match[4];
  if (action.rfind("status=", 0) == 0) fault.status = std::stoi(action.substr(7));
  if (action.rfind("delay=", 0) == 0) fault.delay_ms = std::stoi(action.substr(6));
  fault.close = action == "close";
  if (match[5].matched) fault.times = std::stoi(match[5]);
  return fault;
}

HttpServer::HttpServer(State& state) : state_(state), emulator_(state) { routes(); }

int HttpServer::bind(const std::string& host, int port) {
  const int bound = port == 0 ? server_.bind_to_any_port(host) : (server_.bind_to_port(host, port) ? port : -1);
  if (bound > 0) base_url_ = "http://" + host + ":" + std::to_string(bound);
  return bound;
}

void HttpServer::run() { server_.listen_after_bind(); }
void HttpServer::stop() { server_.stop(); }

Fault* HttpServer::firing_fault(const httplib::Request& request) {
  for (auto& fault : state_.faults) {
    if (!fault.method.empty() && fault.method != request.method) continue;
    if (request.path.rfind(fault.path_prefix, 0) != 0) continue;
    ++fault.seen;
    if (fault.seen >= fault.nth && fault.seen < fault.nth + fault.times) return &fault;
  }
  return nullptr;
}

void HttpServer::routes() {
  const std::string p = state_.context_path;
  const std::string realm_path = p + "/admin/realms/([^/]+)";

  server_.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response& response) {
    std::unique_lock lock(state_.mutex);
    current_arrival = ++state_.arrivals;
    if (is_test_only(request.path)) return httplib::Server::HandlerResponse::Unhandled;
    ++state_.answered;
    Fault* fault = firing_fault(request);
    if (fault == nullptr) return httplib::Server::HandlerResponse::Unhandled;
    const Fault fired = *fault;
    lock.unlock();
    if (fired.delay_ms > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(fired.delay_ms));
      return httplib::Server::HandlerResponse::Unhandled;
    }
    if (fired.close) {
      // Headers go out, then the connection closes mid-body: the client sees a broken connection.
      response.set_content_provider(1024, "application/json",
                                    [](size_t, size_t, httplib::DataSink&) { return false; });
      return httplib::Server::HandlerResponse::Handled;
    }
    response.status = fired.status;
    response.set_content(json{{"error", "injected fault"}}.dump(), "application/json");
    return httplib::Server::HandlerResponse::Handled;
  });
  server_.set_logger([this](const httplib::Request& request, const httplib::Response& response) {
    if (is_test_only(request.path)) return;
    std::lock_guard lock(state_.mutex);
    LogEntry entry{current_arrival, request.method, request.path, response.status};
    const auto after = std::upper_bound(state_.log.begin(), state_.log.end(), entry,
                                        [](const LogEntry& a, const LogEntry& b) { return a.arrival < b.arrival; });
    state_.log.insert(after, entry);
    ++state_.logged;
    state_.log_written.notify_all();
  });

  // Authenticated admin calls: the token is checked against the realm in the path before the handler runs.
  using AdminHandler = std::function<Reply(const Caller&, const httplib::Request&)>;
  const auto admin = [this](AdminHandler handler, bool realm_scoped) {
    return [this, handler, realm_scoped](const httplib::Request& request, httplib::Response& response) {
      std::lock_guard lock(state_.mutex);
      Reply refusal;
      const std::string realm = realm_scoped ? std::string(request.matches[1]) : "";
      auto caller = emulator_.authenticate(request.get_header_value("Authorization"), realm, refusal);
      send(response, caller ? handler(*caller, request) : refusal);
    };
  };
  const auto realm_of = [](const httplib::Request& r) { return std::string(r.matches[1]); };

  server_.Post(p + "/realms/([^/]+)/protocol/openid-connect/token", [this](const httplib::Request& r, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    send(res, emulator_.token(r.matches[1], params_of(r), r.get_header_value("Authorization")));
  });
  server_.Get(p + "/realms/([^/]+)/\\.well-known/openid-configuration", [this](const httplib::Request& r, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    send(res, emulator_.well_known(r.matches[1], base_url_ + state_.context_path));
  });
  server_.Get(p + "/realms/([^/]+)", [this](const httplib::Request& r, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    const std::string name = r.matches[1];
    send(res, state_.realm(name) == nullptr ? Reply::error(404, "Realm does not exist")
                                            : Reply::json(200, {{"realm", name}, {"token-service", base_url_ + state_.context_path + "/realms/" + name + "/protocol/openid-connect"}}));
  });
  server_.Get(p + "/admin/serverinfo", admin([this](const Caller& c, const httplib::Request&) { return emulator_.serverinfo(c); }, false));
  server_.Get(realm_path, admin([this, realm_of](const Caller& c, const httplib::Request& r) { return emulator_.get_realm(c, realm_of(r)); }, true));
  server_.Get(realm_path + "/components", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.list_components(c, realm_of(r), params_of(r));
  }, true));
  server_.Post(realm_path + "/components", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.create_component(c, realm_of(r), r.body, base_url_ + r.path);
  }, true));
  server_.Get(realm_path + "/components/([^/]+)/sub-component-types", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.sub_component_types(c, realm_of(r), r.matches[2], params_of(r));
  }, true));
  server_.Get(realm_path + "/components/([^/]+)", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.get_component(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Put(realm_path + "/components/([^/]+)", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.update_component(c, realm_of(r), r.matches[2], r.body);
  }, true));
  server_.Delete(realm_path + "/components/([^/]+)", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.delete_component(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Post(realm_path + "/testLDAPConnection", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    const bool json_body = r.get_header_value("Content-Type").find("application/json") != std::string::npos;
    bool ok = true;
    const Params fields = json_body ? json_fields(r.body, &ok) : params_of(r);
    if (!ok) return Reply::error(400, "HTTP 400 Bad Request");
    return emulator_.test_ldap_connection(c, realm_of(r), fields, json_body);
  }, true));
  server_.Post(realm_path + "/ldap-server-capabilities", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    bool ok = true;
    const Params fields = json_fields(r.body, &ok);
    if (!ok) return Reply::error(400, "HTTP 400 Bad Request");
    return emulator_.ldap_capabilities(c, realm_of(r), fields);
  }, true));
  server_.Post(realm_path + "/user-storage/([^/]+)/sync", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.sync(c, realm_of(r), r.matches[2], params_of(r));
  }, true));
  server_.Post(realm_path + "/user-storage/([^/]+)/mappers/([^/]+)/sync", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.sync_mapper(c, realm_of(r), r.matches[2], r.matches[3], params_of(r));
  }, true));
  server_.Get(realm_path + "/user-storage/([^/]+)/name", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.storage_name(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Get(realm_path + "/clients", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.list_clients(c, realm_of(r), params_of(r));
  }, true));
  server_.Post(realm_path + "/clients", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.create_client(c, realm_of(r), r.body, base_url_ + r.path);
  }, true));
  server_.Get(realm_path + "/clients/([^/]+)", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.get_client(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Put(realm_path + "/clients/([^/]+)", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.update_client(c, realm_of(r), r.matches[2], r.body);
  }, true));
  server_.Delete(realm_path + "/clients/([^/]+)", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.delete_client(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Get(realm_path + "/clients/([^/]+)/client-secret", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.get_client_secret(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Post(realm_path + "/clients/([^/]+)/client-secret", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.regenerate_client_secret(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Get(realm_path + "/clients/([^/]+)/service-account-user", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.service_account_user(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Get(realm_path + "/clients/([^/]+)/roles", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.list_client_roles(c, realm_of(r), r.matches[2]);
  }, true));
  server_.Get(realm_path + "/users/([^/]+)/role-mappings/clients/([^/]+)/composite", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.client_role_mappings(c, realm_of(r), r.matches[2], r.matches[3], true);
  }, true));
  server_.Get(realm_path + "/users/([^/]+)/role-mappings/clients/([^/]+)", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.client_role_mappings(c, realm_of(r), r.matches[2], r.matches[3], false);
  }, true));
  server_.Post(realm_path + "/users/([^/]+)/role-mappings/clients/([^/]+)", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.add_client_role_mappings(c, realm_of(r), r.matches[2], r.matches[3], r.body);
  }, true));
  server_.Get(realm_path + "/users/count", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.count_users(c, realm_of(r), params_of(r));
  }, true));
  server_.Get(realm_path + "/users", admin([this, realm_of](const Caller& c, const httplib::Request& r) {
    return emulator_.list_users(c, realm_of(r), params_of(r));
  }, true));

  // Test-only endpoints: never part of Keycloak, hence the obvious prefix.
  server_.Get("/__emulator/log", [this](const httplib::Request&, httplib::Response& res) {
    std::unique_lock lock(state_.mutex);
    // A client reads the log right after its last answer; that answer's entry may still be on its way.
    state_.log_written.wait_for(lock, std::chrono::seconds(2), [this] { return state_.logged >= state_.answered; });
    json log = json::array();
    for (const auto& entry : state_.log) log.push_back({{"method", entry.method}, {"path", entry.path}, {"status", entry.status}});
    res.set_content(log.dump(), "application/json");
  });
  server_.Delete("/__emulator/log", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    state_.log.clear();
    res.status = 204;
  });
  server_.Post("/__emulator/faults", [this](const httplib::Request& r, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    std::string error;
    auto fault = parse_fault(r.body, &error);
    if (!fault) {
      res.status = 400;
      res.set_content(json{{"error", error}}.dump(), "application/json");
      return;
    }
    state_.faults.push_back(*fault);
    res.status = 204;
  });
  server_.Delete("/__emulator/faults", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    state_.faults.clear();
    res.status = 204;
  });
  server_.Get("/__emulator/state", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    res.set_content(emulator_.dump_state().dump(), "application/json");
  });
  server_.Post("/__emulator/expire-tokens", [this](const httplib::Request&, httplib::Response& res) {
    std::lock_guard lock(state_.mutex);
    for (auto& [unused, token] : state_.tokens) token.expires = std::chrono::steady_clock::now() - std::chrono::seconds(1);
    res.status = 204;
  });
}

}  // namespace kcldap::emulator
